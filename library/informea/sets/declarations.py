"""The five entity sets declared, with the function that writes one record of each."""

from django.db.models import Prefetch

from hub.models import Country, MeetingPage
from hub.models.countries import NATIONAL_ACTION_PLAN, NATIONAL_REPORT

from .records import decision_records, document_records, meeting_records, report_records
from .schema import (
    DATETIME,
    DECISION,
    FILES,
    LOCALIZED,
    PUBLISHED,
    STRINGS,
    TREATY,
    UPDATED,
    EntitySet,
    Property,
)
from .values import body_text, odata_datetime


def _country_code(page):
    """The alpha-2 code of the first country (by name) the report is about that has one."""
    codes = [country.iso2.upper() for country in page.countries.all() if country.iso2]
    return codes[0] if codes else None


def serialise_meeting(page, batch):
    return {
        **batch.common(MEETINGS, page),
        "treaty": TREATY,
        "title": batch.localized(page, "title"),
        "description": batch.localized(page, "summary"),
        "start": odata_datetime(page.start_date),
        "end": odata_datetime(page.end_date),
        "city": page.city,
        "country": page.country.iso2.upper(),
        "location": page.venue or None,
        "kind": page.meeting_kind,
        "type": str(MeetingPage.Kind(page.meeting_kind).label) if page.meeting_kind else None,
        "updated": odata_datetime(getattr(page, UPDATED)),
    }


def serialise_decision(page, batch):
    return {
        **batch.common(DECISIONS, page),
        "treaty": TREATY,
        "title": batch.localized(page, "title"),
        "summary": batch.localized(page, "summary"),
        "content": batch.localized(page, "body", text=body_text),
        "type": DECISION,
        "status": "adopted",
        "number": page.symbol,
        "published": odata_datetime(getattr(page, PUBLISHED)),
        "meetingId": batch.meeting_id(page),
        "meetingTitle": batch.meeting_title(page),
        "files": batch.files_of(page),
        "updated": odata_datetime(getattr(page, UPDATED)),
    }


def serialise_document(page, batch):
    return {
        **batch.common(DOCUMENTS, page),
        "treaty": TREATY,
        "titles": batch.localized(page, "title"),
        "types": [page.resource_type.slug],
        "symbol": page.symbol or None,
        "meetingId": batch.meeting_id(page),
        "published": odata_datetime(getattr(page, PUBLISHED)),
        "files": batch.files_of(page),
        "updated": odata_datetime(getattr(page, UPDATED)),
    }


def serialise_report(entity_set, extra=None):
    def serialise(page, batch):
        return {
            **batch.common(entity_set(), page),
            "treaty": TREATY,
            "country": _country_code(page),
            **(extra or {}),
            "title": batch.localized(page, "title"),
            "files": batch.files_of(page),
            "submission": odata_datetime(getattr(page, PUBLISHED)),
            "updated": odata_datetime(getattr(page, UPDATED)),
        }

    return serialise


def _key_and_url():
    return (Property("id", required=True, sort="translation_key"), Property("url"))


def _updated():
    return Property("updated", DATETIME, required=True, sort=UPDATED, filterable=True)


def _countries_with_iso2():
    return Prefetch("countries", queryset=Country.objects.exclude(iso2="").order_by("name"))


MEETINGS = EntitySet(
    name="Meetings",
    entity_type="Meeting",
    properties=(
        *_key_and_url(),
        Property("treaty", required=True),
        Property("title", LOCALIZED, required=True),
        Property("description", LOCALIZED),
        Property("start", DATETIME, required=True, sort="start_date", date_only=True, filterable=True),
        Property("end", DATETIME, required=True),
        Property("city", required=True),
        Property("country", required=True),
        Property("location"),
        Property("kind"),
        Property("type"),
        _updated(),
    ),
    records=meeting_records,
    serialise=serialise_meeting,
    translated=("title", "summary"),
    select_related=("country",),
)

DECISIONS = EntitySet(
    name="Decisions",
    entity_type="Decision",
    properties=(
        *_key_and_url(),
        Property("treaty", required=True),
        Property("title", LOCALIZED, required=True),
        Property("summary", LOCALIZED),
        Property("content", LOCALIZED),
        Property("type", required=True),
        Property("status", required=True),
        Property("number", required=True),
        Property("published", DATETIME, required=True, sort=PUBLISHED, date_only=True, filterable=True),
        # Required by InforMEA, yet null for a decision no public meeting issued (contracts §6).
        Property("meetingId", required=True),
        Property("meetingTitle"),
        Property("files", FILES, required=True),
        _updated(),
    ),
    records=decision_records,
    serialise=serialise_decision,
    translated=("title", "summary", "body"),
    has_files=True,
    select_related=("meeting",),
)

DOCUMENTS = EntitySet(
    name="Documents",
    entity_type="Document",
    properties=(
        *_key_and_url(),
        Property("treaty", required=True),
        Property("titles", LOCALIZED, required=True),
        Property("types", STRINGS, required=True),
        Property("symbol"),
        Property("meetingId"),
        Property("published", DATETIME, sort=PUBLISHED, date_only=True, filterable=True),
        Property("files", FILES, required=True),
        _updated(),
    ),
    records=document_records,
    serialise=serialise_document,
    translated=("title",),
    has_files=True,
    select_related=("resource_type", "meeting"),
)


def _report_properties(extra=()):
    return (
        *_key_and_url(),
        Property("treaty", required=True),
        Property("country", required=True),
        *extra,
        Property("title", LOCALIZED, required=True),
        Property("files", FILES, required=True),
        # `published` is accepted as another name of the submission date, as on the other sets.
        Property("submission", DATETIME, required=True, sort=PUBLISHED, date_only=True, filterable=True),
        _updated(),
    )


COUNTRY_REPORTS = EntitySet(
    name="CountryReports",
    entity_type="CountryReport",
    properties=_report_properties(),
    records=report_records(NATIONAL_REPORT),
    serialise=serialise_report(lambda: COUNTRY_REPORTS),
    translated=("title",),
    has_files=True,
    prefetch=_countries_with_iso2,
    aliases={"published": "submission"},
)

NATIONAL_PLANS = EntitySet(
    name="NationalPlans",
    entity_type="NationalPlan",
    properties=_report_properties(extra=(Property("type", required=True),)),
    records=report_records(NATIONAL_ACTION_PLAN),
    serialise=serialise_report(lambda: NATIONAL_PLANS, extra={"type": "nap"}),
    translated=("title",),
    has_files=True,
    prefetch=_countries_with_iso2,
    aliases={"published": "submission"},
)

ENTITY_SETS = (MEETINGS, DECISIONS, DOCUMENTS, COUNTRY_REPORTS, NATIONAL_PLANS)
BY_NAME = {entity_set.name: entity_set for entity_set in ENTITY_SETS}
