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
COLUMNS = REQUIRED + SCALAR + LISTS
# In CSV cells, list values are separated by this character.
LIST_SEPARATOR = ";"
DEFAULT_LANGUAGE = "en"
DEFAULT_COLLECTION = "minamata"
