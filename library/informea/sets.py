"""The five entity sets InforMEA harvests, declared once (contracts §6).

Each `EntitySet` names its entity type, its properties (type, whether InforMEA requires it, how
it sorts and filters), the records it holds and the function that writes one record. The views
answer from these declarations and metadata.py writes the EDMX from them, so the document and
the JSON cannot disagree.

Records are source-locale (English) pages, not aliases, live and public (no view restriction on
them or above them): one record per translation group, `id` its `translation_key`. Multilingual
values list the source and its real translations (live, public, not aliases: an alias repeats
the English text and is no language of the record, hub/content_language.py). Files are the
source's (they are synchronised to its translations), public ones only (hub/privacy.py).

`updated` is the latest change among those versions: the resource's own `updated`, or a
meeting's last publication, so a translation published later brings the record back to an
incremental harvest. A record that cannot have a field InforMEA requires is left out of its set:
a meeting with no host city or country (held online only), a decision with no symbol or no date
(its own, or its meeting's last day), a report or plan with no country that has an ISO alpha-2
code, any record with no publication time at all. A report's or plan's `submission` is its
publication date, or else the day the platform first published it.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import DateField, Exists, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, TruncDate

from wagtail.documents import get_document_model
from wagtail.models import Locale

from hub.localization import default_language_code
from hub.models import Country, MeetingPage
from hub.models.countries import NATIONAL_ACTION_PLAN, NATIONAL_REPORT
from hub.models.languages import UN_LANGUAGE_CODES
from hub.privacy import open_to_anyone
from library.models import ResourceFile, ResourcePage

NAMESPACE = "informea"
TREATY = "minamata"
DECISION = "decision"

# Property types as the EDMX writes them.
STRING = "Edm.String"
DATETIME = "Edm.DateTime"
STRINGS = "Collection(Edm.String)"
LOCALIZED = f"Collection({NAMESPACE}.LocalizedString)"
FILES = f"Collection({NAMESPACE}.File)"

# The complex types of multilingual values and files: (name, [(property, type, required)]).
COMPLEX_TYPES = [
    ("LocalizedString", [("language", STRING, True), ("value", STRING, True)]),
    (
        "File",
        [("url", STRING, True), ("mimeType", STRING, True), ("language", STRING, True), ("filename", STRING, True)],
    ),
]

UPDATED = "informea_updated"  # the annotation every set's queryset carries (see `_latest_version_stamp`)
PUBLISHED = "informea_published"


@dataclass(frozen=True)
class Property:
    name: str
    type: str = STRING
    required: bool = False
    sort: str | None = None  # the database expression $orderby and $filter use; None: neither
    date_only: bool = False  # a date (compared as midnight UTC) rather than a date and time
    filterable: bool = False

    @property
    def expandable(self):
        """Multilingual values and files: always inline, and accepted in $expand."""
        return self.type in (LOCALIZED, FILES)


@dataclass(frozen=True)
class EntitySet:
    name: str
    entity_type: str
    properties: tuple
    records: object  # () -> QuerySet of the set's pages, annotated with UPDATED
    serialise: object  # (page, Batch) -> {property: value}
    translated: tuple = ()  # model fields the multilingual values are read from
    has_files: bool = False
    select_related: tuple = ()
    prefetch: object = None  # () -> a Prefetch, made per query
    # Other names $orderby and $filter accept: `published` on the report sets is their submission
    # date, so one harvester query works on every resource set.
    aliases: dict = field(default_factory=dict)

    @property
    def type_name(self):
        return f"{NAMESPACE}.{self.entity_type}"

    def _with_aliases(self, found):
        return found | {alias: found[name] for alias, name in self.aliases.items() if name in found}

    @property
    def sortable(self):
        """{name: Property} of what $orderby accepts."""
        return self._with_aliases({p.name: p for p in self.properties if p.sort})

    @property
    def filterable(self):
        """{name: Property} of what $filter accepts."""
        return self._with_aliases({p.name: p for p in self.properties if p.filterable})

    @property
    def expandable(self):
        return tuple(p.name for p in self.properties if p.expandable)

    def get_records(self):
        records = self.records().select_related(*self.select_related)
        return records.prefetch_related(self.prefetch()) if self.prefetch else records


# --- values in OData v2 JSON form ------------------------------------------------------------


def odata_datetime(value):
    """`/Date(<ms since the epoch, UTC>)/`; a date counts from midnight UTC; None stays None."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(0), tzinfo=datetime.UTC)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    return f"/Date({(value - epoch) // datetime.timedelta(milliseconds=1)})/"


def language_of(locale_code):
    """A site locale's code as InforMEA writes languages (ISO 639-1): zh-hans → zh."""
    return locale_code.split("-")[0].lower()


def body_text(value):
    """The plain text of a StreamField value (as search indexes it), paragraphs apart."""
    if not value:
        return ""
    parts = value.stream_block.get_searchable_content(value)
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


# --- the records of a page of results, loaded together -----------------------------------------


class Batch:
    """What a page of records needs besides the pages themselves, each in one query or a few:
    their translations, public files and public meetings, and the request for absolute URLs."""

    def __init__(self, entity_set, pages, request, service_root):
        self.request = request
        self.service_root = service_root
        self.locales = dict(Locale.objects.values_list("pk", "language_code"))
        self.translations = self._translations(entity_set, pages)
        self.files = self._files(pages) if entity_set.has_files else {}
        self.public_meetings = self._public_meetings(pages)

    def _translations(self, entity_set, pages):
        if not pages or not entity_set.translated:
            return {}
        model = type(pages[0])
        versions = (
            model.objects.live()
            .public()
            .filter(translation_key__in=[page.translation_key for page in pages], alias_of__isnull=True)
            .exclude(pk__in=[page.pk for page in pages])
            .only("translation_key", "locale_id", *entity_set.translated)
        )
        found = {}
        for version in versions:
            found.setdefault(version.translation_key, []).append(version)
        return found

    def _files(self, pages):
        documents = open_to_anyone(get_document_model().objects.all())
        rows = (
            ResourceFile.objects.select_related(None)
            .select_related("document")
            .filter(page__in=[page.pk for page in pages], document__in=documents)
            .order_by("page_id", "sort_order", "pk")
        )
        found = {}
        for row in rows:
            found.setdefault(row.page_id, []).append(row)
        return found

    def _public_meetings(self, pages):
        ids = {page.meeting_id for page in pages if getattr(page, "meeting_id", None)}
        if not ids:
            return set()
        return set(MeetingPage.objects.live().public().filter(pk__in=ids).values_list("pk", flat=True))

    def absolute(self, url):
        return self.request.build_absolute_uri(url) if url else None

    def versions(self, page):
        """The page, then its real translations in the UN languages' order."""
        order = {code: position for position, code in enumerate(UN_LANGUAGE_CODES)}
        others = self.translations.get(page.translation_key, [])
        others = sorted(others, key=lambda v: order.get(language_of(self.locales.get(v.locale_id, "")), 99))
        return [page, *others]

    def localized(self, page, field_name, text=None):
        """[{"language", "value"}] of one field in every language the record has (empty ones left out)."""
        values = []
        for version in self.versions(page):
            value = getattr(version, field_name)
            value = text(value) if text else (value or "").strip()
            if value:
                values.append({"language": language_of(self.locales.get(version.locale_id, "")), "value": value})
        return values

    def files_of(self, page):
        return [
            {
                "url": self.absolute(row.document.url),
                "mimeType": row.document.content_type,
                "language": row.language,
                "filename": row.document.filename,
            }
            for row in self.files.get(page.pk, [])
        ]

    def meeting_id(self, page):
        return str(page.meeting.translation_key) if page.meeting_id in self.public_meetings else None

    def meeting_title(self, page):
        return page.meeting.title if page.meeting_id in self.public_meetings else None

    def common(self, entity_set, page):
        """`__metadata`, `id` and `url`, as every record has them."""
        key = str(page.translation_key)
        return {
            "__metadata": {"uri": f"{self.service_root}{entity_set.name}('{key}')", "type": entity_set.type_name},
            "id": key,
            "url": page.get_full_url(self.request),
        }


# --- the records of each set ---------------------------------------------------------------------


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


# --- the declarations ----------------------------------------------------------------------------


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
