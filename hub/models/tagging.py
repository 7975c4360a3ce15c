"""Automatic sections: content tagged with a term, found through reverse relations.

Lower layers list content from higher ones (a thematic area's resources) through the
reverse accessors Django adds for TaxonomyFields, so hub never imports library. Pages are
tagged with source-locale terms on their source-locale version (a translation's tags may lag
behind): the selection is made there and mapped to the locale shown (hub/localization.py).
"""

from datetime import date

from django.db.models import Q

from hub.localization import TIEBREAK, in_locale
from hub.ordering import undated_last

DECISION_AND_DOCUMENT_TYPES = ("decision", "meeting-document")


def tagged(term, accessor, locale=None):
    """Live, public pages of one model tagged with `term`, in `locale` (None: the active language).

    `accessor` is the reverse accessor on the term, e.g. "eventpage_set"; a model that is
    not installed yet simply contributes nothing (None). The term may be given in any
    locale: its source term is the one pages are tagged with.
    """
    if term is None:
        return None
    manager = getattr(term.source_term, accessor, None)
    if manager is None:
        return None
    return in_locale(manager.all(), locale)


def live_resources_for(term, limit=None, locale=None, types=None, exclude_types=None):
    """Library resources tagged with a term, in `locale`, newest first (empty before the library exists)."""
    resources = tagged(term, "resourcepage_set", locale)
    if resources is None:
        return []
    if types:
        resources = resources.filter(resource_type__slug__in=types)
    if exclude_types:
        resources = resources.exclude(resource_type__slug__in=exclude_types)
    resources = resources.select_related("resource_type")
    resources = resources.order_by(*undated_last("-publication_date"), "title", TIEBREAK)
    return list(resources[:limit] if limit else resources)


def split_events(events, today=None):
    """(upcoming soonest first, past latest first) from an EventPage queryset."""
    today = today or date.today()
    is_upcoming = Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today)
    upcoming = events.filter(is_upcoming).order_by(*undated_last("start_date", "start_time"), TIEBREAK)
    past = events.exclude(is_upcoming).order_by(*undated_last("-start_date", "-start_time"), TIEBREAK)
    return upcoming, past
