"""The record source: which resources an OAI-PMH harvester sees, their sets and their tombstones.

One record per resource: the live, public ResourcePage of the default locale (translations
and aliases share its identifier and are not records of their own). Deleted and unpublished
resources live on as DeletedResource tombstones (deletedRecord "persistent"); a record that
left a set is answered as deleted in that set's harvests through its SetDeparture (tombstones.py
writes both).

Records, tombstones and departures form one list ordered by (datestamp, kind, pk), kind 0 for
records, 1 for tombstones and 2 for departures. Pages are cut by keyset on that key, never by
offset, so an item changed or deleted during a harvest moves to the end instead of shifting the
pages after it.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import quote, unquote

from django.conf import settings
from django.db.models import Exists, Min, OuterRef, Prefetch, Q

from wagtail.models import Locale

from hub.models import MeetingPage, ResourceType, ThematicArea
from library.models import (
    DeletedResource,
    LibraryCollection,
    ResourceAuthor,
    ResourceFile,
    ResourcePage,
    ResourceTag,
    SetDeparture,
)

from .protocol import SET_SPEC_RE
from .tokens import Position

# Characters the oai-identifier scheme allows in a local identifier besides letters and digits
# ("%" is kept for escapes, so a literal "%" is quoted too and unquoting is exact).
LOCAL_IDENTIFIER_SAFE = "-_.!~*'();/?:@&=+$,"
RECORD, TOMBSTONE, DEPARTURE = 0, 1, 2  # the kinds of item, in their order at one datestamp
SET_KINDS = {
    "collection": "Library collections",
    "type": "Resource types",
    "area": "Thematic areas",
}


def identifier_prefix():
    return f"oai:{settings.OAI_IDENTIFIER_NAMESPACE}:"


def oai_identifier(local_identifier):
    return identifier_prefix() + quote(local_identifier, safe=LOCAL_IDENTIFIER_SAFE)


def local_identifier(identifier):
    """The resource identifier an OAI identifier names, or None when it is not one of ours."""
    prefix = identifier_prefix()
    if not identifier.startswith(prefix) or len(identifier) == len(prefix):
        return None
    try:
        return unquote(identifier[len(prefix) :], errors="strict")
    except UnicodeDecodeError:
        return None


def set_specs_for(resource):
    """The sets a resource belongs to (uses prefetched collections and areas when present)."""
    specs = [f"collection:{slug}" for slug in sorted(c.slug for c in resource.collections.all())]
    if resource.resource_type_id:
        specs.append(f"type:{resource.resource_type.slug}")
    specs += [f"area:{slug}" for slug in sorted(a.slug for a in resource.thematic_areas.all())]
    return specs


def is_harvested(page):
    """True for the pages that are OAI records: the default locale's own pages, not aliases."""
    return page.alias_of_id is None and page.locale_id == Locale.get_default().pk


@dataclass(frozen=True)
class SetInfo:
    spec: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Criteria:
    """What a list request selects: `start`/`end` are DateBounds or None, `set_spec` a string or None."""

    start: object = None
    end: object = None
    set_spec: str | None = None


@dataclass
class Item:
    """One entry of a list: a live record (with its resource) or a tombstone."""

    identifier: str  # the resource identifier, not yet in oai: form
    datestamp: datetime.datetime
    deleted: bool
    set_specs: list
    pk: int
    resource: ResourcePage | None = None
    kind: int = RECORD

    @classmethod
    def record(cls, resource):
        return cls(resource.identifier, resource.updated, False, set_specs_for(resource), resource.pk, resource)

    @classmethod
    def departure(cls, departure):
        return cls(
            departure.identifier, departure.departed_at, True, [departure.set_spec], departure.pk, kind=DEPARTURE
        )

    @classmethod
    def tombstone(cls, tombstone):
        # Stored JSON: keep only well-formed specs so a hand-edited row cannot break the XML schema.
        specs = [spec for spec in tombstone.set_specs or [] if isinstance(spec, str) and SET_SPEC_RE.fullmatch(spec)]
        return cls(tombstone.identifier, tombstone.deleted_at, True, specs, tombstone.pk, kind=TOMBSTONE)

    @property
    def position(self):
        return Position(self.datestamp, self.kind, self.pk)

    @property
    def oai_identifier(self):
        return oai_identifier(self.identifier)


class Repository:
    def __init__(self):
        self._records = None

    def records(self):
        if self._records is None:
            # Built once per request: public() reads every view restriction when it is called.
            self._records = (
                ResourcePage.objects.live().public().filter(locale=Locale.get_default(), alias_of__isnull=True)
            )
        return self._records.all()

    def tombstones(self):
        # A resource that is live again is a record, whatever tombstone an import left behind.
        return DeletedResource.objects.exclude(identifier__in=self.records().values("identifier"))

    # --- sets ------------------------------------------------------------------------------

    def sets(self):
        """Every set, a parent (`collection`, `type`, `area`) before its members."""
        terms = {
            "collection": LibraryCollection.objects.default_locale(),
            "type": ResourceType.objects.default_locale(),
            "area": ThematicArea.objects.default_locale(),
        }
        result = []
        for kind, name in SET_KINDS.items():
            result.append(SetInfo(kind, name))
            result += [SetInfo(f"{kind}:{term.slug}", term.name, term.description) for term in terms[kind]]
        return result

    def _filter_records_by_set(self, records, spec):
        kind, _colon, slug = spec.partition(":")
        if kind == "type":
            return records.filter(resource_type__slug=slug) if slug else records
        relation = {"collection": ("collections", "librarycollection"), "area": ("thematic_areas", "thematicarea")}
        if kind not in relation:
            return records.none()
        field, target = relation[kind]
        # A subquery, not a join: a resource in two collections must still come once.
        links = ResourcePage._meta.get_field(field).remote_field.through.objects.all()
        if slug:
            links = links.filter(**{f"{target}__slug": slug})
        return records.filter(pk__in=links.values("resourcepage_id"))

    def _departures_from_set(self, spec, records_in_set):
        """Departures a harvest of `spec` answers as deleted: one per record no longer in that set."""
        departures = SetDeparture.objects.filter(identifier__in=self.records().values("identifier"))
        departures = departures.exclude(identifier__in=records_in_set.values("identifier"))
        if ":" in spec:
            return departures.filter(set_spec=spec)
        # A parent set (e.g. `collection`): a record that left two of its members comes once, latest first.
        departures = departures.filter(set_spec__startswith=f"{spec}:")
        later = SetDeparture.objects.filter(identifier=OuterRef("identifier"), set_spec__startswith=f"{spec}:").filter(
            Q(departed_at__gt=OuterRef("departed_at")) | Q(departed_at=OuterRef("departed_at"), pk__gt=OuterRef("pk"))
        )
        return departures.exclude(Exists(later))

    def _filter_tombstones_by_set(self, tombstones, spec):
        # set_specs is a JSON list; matching its text works on SQLite and PostgreSQL alike.
        needle = f'"{spec}"' if ":" in spec else f'"{spec}:'
        return tombstones.filter(set_specs__icontains=needle)

    # --- lists -------------------------------------------------------------------------------

    def _select(self, criteria):
        """(records, tombstones, departures) querysets, each with its datestamp field's name."""
        records, tombstones = self.records(), self.tombstones()
        departures = SetDeparture.objects.none()
        if criteria.set_spec:
            records = self._filter_records_by_set(records, criteria.set_spec)
            tombstones = self._filter_tombstones_by_set(tombstones, criteria.set_spec)
            departures = self._departures_from_set(criteria.set_spec, records)
        sources = [(records, "updated"), (tombstones, "deleted_at"), (departures, "departed_at")]
        selected = []
        for queryset, field in sources:
            if criteria.start:
                queryset = queryset.filter(**{f"{field}__gte": criteria.start.start})
            if criteria.end:
                # `until` is inclusive at its own granularity: until=2024-05-01 takes the whole day.
                queryset = queryset.filter(**{f"{field}__lt": criteria.end.end})
            selected.append(queryset)
        return selected

    def count(self, criteria):
        return sum(queryset.count() for queryset in self._select(criteria))

    @staticmethod
    def _after(queryset, field, kind, after):
        """Keyset: the items of one kind that sort after position `after`."""
        if after is None:
            return queryset
        later = Q(**{f"{field}__gt": after.datestamp})
        if kind > after.kind:
            later |= Q(**{field: after.datestamp})
        elif kind == after.kind:
            later |= Q(**{field: after.datestamp, "pk__gt": after.pk})
        return queryset.filter(later)

    def page(self, criteria, after, size, metadata):
        """Up to `size` items after the keyset position `after` (None: from the start), and whether more follow."""
        records, tombstones, departures = self._select(criteria)
        records = self._after(records, "updated", RECORD, after).order_by("updated", "pk")
        tombstones = self._after(tombstones, "deleted_at", TOMBSTONE, after).order_by("deleted_at", "pk")
        departures = self._after(departures, "departed_at", DEPARTURE, after).order_by("departed_at", "pk")
        items = [Item.record(r) for r in self.with_related(records, metadata)[: size + 1]]
        items += [Item.tombstone(t) for t in tombstones[: size + 1]]
        items += [Item.departure(d) for d in departures[: size + 1]]
        items.sort(key=lambda item: item.position.key)
        return items[:size], len(items) > size

    def get(self, identifier, metadata=True):
        """The item with this resource identifier, live or deleted, or None."""
        resource = self.with_related(self.records().filter(identifier=identifier), metadata).first()
        if resource is not None:
            return Item.record(resource)
        tombstone = self.tombstones().filter(identifier=identifier).first()
        return Item.tombstone(tombstone) if tombstone else None

    def earliest_datestamp(self):
        """The oldest datestamp among records and tombstones; now when the repository is empty."""
        stamps = [
            self.records().aggregate(value=Min("updated"))["value"],
            self.tombstones().aggregate(value=Min("deleted_at"))["value"],
            SetDeparture.objects.aggregate(value=Min("departed_at"))["value"],
        ]
        stamps = [stamp for stamp in stamps if stamp is not None]
        return min(stamps) if stamps else datetime.datetime.now(tz=datetime.UTC)

    @staticmethod
    def with_related(records, metadata):
        """Fetch what a page of headers (or of full records) shows in a fixed number of queries."""
        records = records.select_related("resource_type").prefetch_related("collections", "thematic_areas")
        if not metadata:
            return records
        # The body and the files' extracted full text (FileText) can be large and oai_dc uses neither.
        files = ResourceFile.objects.select_related(None).select_related("document")
        # A meeting is only linked to (dc:relation), so only what its URL needs is loaded.
        meetings = MeetingPage.objects.only("id", "url_path")
        return (
            records.defer("body")
            .select_related("publisher")
            .prefetch_related(
                Prefetch("meeting", queryset=meetings),
                Prefetch("authors", queryset=ResourceAuthor.objects.order_by("sort_order", "pk")),
                Prefetch("files", queryset=files.order_by("sort_order", "pk")),
                "articles",
                "countries",
                # Through the tag links: prefetching the taggit manager costs a DISTINCT join.
                Prefetch("tagged_items", queryset=ResourceTag.objects.select_related("tag").order_by("pk")),
            )
        )
