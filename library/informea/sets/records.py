"""The records of each set: querysets of live, public source pages annotated with `updated`."""

from django.db.models import DateField, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate

from hub.localization import default_language_code
from hub.models import MeetingPage
from hub.models.countries import NATIONAL_ACTION_PLAN, NATIONAL_REPORT
from library.models import ResourcePage

from .schema import DECISION, PUBLISHED, UPDATED


def _latest_version_stamp(model, stamp):
    """The latest `stamp` among a record's live versions that are not aliases (itself included)."""
    versions = model.objects.filter(translation_key=OuterRef("translation_key"), alias_of__isnull=True, live=True)
    versions = versions.annotate(stamp=stamp).order_by(F("stamp").desc(nulls_last=True))
    return Subquery(versions.values("stamp")[:1])


def _source_pages(model, stamp):
    """Live, public source-locale pages (no aliases) of `model`, with their `updated`."""
    pages = model.objects.live().public().filter(locale__language_code=default_language_code(), alias_of__isnull=True)
    pages = pages.annotate(**{UPDATED: _latest_version_stamp(model, stamp)})
    return pages.filter(**{f"{UPDATED}__isnull": False})


def _resources(*types, exclude=()):
    pages = _source_pages(ResourcePage, F("updated"))
    if types:
        pages = pages.filter(resource_type__slug__in=types)
    if exclude:
        pages = pages.exclude(resource_type__slug__in=exclude)
    return pages


def _with_iso2_country(pages):
    tagged = ResourcePage.countries.through.objects.filter(resourcepage_id=OuterRef("pk")).exclude(country__iso2="")
    return pages.filter(Exists(tagged))


def meeting_records():
    published = Coalesce("last_published_at", "first_published_at", "latest_revision_created_at")
    pages = _source_pages(MeetingPage, published)
    return pages.exclude(city="").filter(country__isnull=False).exclude(country__iso2="")


def decision_records():
    pages = _resources(DECISION).exclude(symbol="")
    pages = pages.annotate(**{PUBLISHED: Coalesce("publication_date", "meeting__end_date")})
    return pages.filter(**{f"{PUBLISHED}__isnull": False})


def document_records():
    return _resources(exclude=(DECISION, NATIONAL_REPORT, NATIONAL_ACTION_PLAN)).annotate(
        **{PUBLISHED: F("publication_date")}
    )


def report_records(kind):
    def records():
        # Submitted: the publication date, or else the day the platform first published it.
        submitted = Coalesce("publication_date", TruncDate("first_published_at"), output_field=DateField())
        pages = _with_iso2_country(_resources(kind)).annotate(**{PUBLISHED: submitted})
        return pages.filter(**{f"{PUBLISHED}__isnull": False})

    return records
