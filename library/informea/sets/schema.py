"""The declaration types of the InforMEA entity sets: property types, `Property` and `EntitySet`."""

from dataclasses import dataclass, field

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
