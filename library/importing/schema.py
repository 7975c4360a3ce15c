"""The library import schema (CONTRACTS.md §4): its columns and which of them hold lists."""

REQUIRED = ("identifier", "title", "resource_type")
SCALAR = ("publication_date", "summary", "url", "file", "publisher", "symbol", "meeting", "license")
LISTS = (
    "languages",
    "authors",
    "pillars",
    "thematic_areas",
    "gmp_areas",
    "countries",
    "articles",
    "collections",
    "tags",
)
# Every column, in the contract's order (exports write them in this order, so they re-import).
COLUMNS = (
    "identifier",
    "title",
    "resource_type",
    "publication_date",
    "summary",
    "languages",
    "url",
    "file",
    "publisher",
    "authors",
    "pillars",
    "thematic_areas",
    "gmp_areas",
    "countries",
    "articles",
    "collections",
    "tags",
    "symbol",
    "meeting",
    "license",
)
assert set(COLUMNS) == set(REQUIRED + SCALAR + LISTS)  # noqa: S101 - a guard on this module's own constants
# In CSV cells, list values are separated by this character.
# Written by exports after the columns above, never read by imports: they follow from where a
# resource is stored (a partner's contribution space), so a re-imported export skips them quietly.
DERIVED_COLUMNS = ("provenance", "contributed_by")

LIST_SEPARATOR = ";"
DEFAULT_LANGUAGE = "en"
DEFAULT_COLLECTION = "minamata"
