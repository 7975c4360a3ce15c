"""Automatic sections: content tagged with a term, found through reverse relations.

Lower layers list content from higher ones (a thematic area's resources) through the
reverse accessors Django adds for TaxonomyFields, so hub never imports library.
"""

from datetime import date

from django.db.models import Q

from hub.ordering import undated_last

DECISION_AND_DOCUMENT_TYPES = ("decision", "meeting-document")


def _live(queryset, locale=None):
    queryset = queryset.live().public()
    if locale is not None:
        queryset = queryset.filter(locale=locale)
    return queryset


def tagged(term, accessor, locale=None):
    """Live, public pages of one model tagged with `term` (its source-locale version).

    `accessor` is the reverse accessor on the term, e.g. "eventpage_set"; a model that is
    not installed yet simply contributes nothing.
    """
    if term is None:
        return None
    manager = getattr(term.source_term, accessor, None)
    if manager is None:
        return None
    return _live(manager.all(), locale)


def live_resources_for(term, limit=None, locale=None, types=None, exclude_types=None):
    """Library resources tagged with a term, newest first (empty before the library exists)."""
    resources = tagged(term, "resourcepage_set", locale)
    if resources is None:
        return []
    if types:
        resources = resources.filter(resource_type__slug__in=types)
    if exclude_types:
        resources = resources.exclude(resource_type__slug__in=exclude_types)
    resources = resources.select_related("resource_type").order_by(*undated_last("-publication_date"), "title")
    return list(resources[:limit] if limit else resources)


def split_events(events, today=None):
    """(upcoming soonest first, past latest first) from an EventPage queryset."""
    today = today or date.today()
    is_upcoming = Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today)
    upcoming = events.filter(is_upcoming).order_by(*undated_last("start_date", "start_time"))
    past = events.exclude(is_upcoming).order_by(*undated_last("-start_date", "-start_time"))
    return upcoming, past
