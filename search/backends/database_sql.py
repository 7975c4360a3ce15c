"""Constant fragments the database engine's statements share (database_queries.py, the
bounded page's parts, writing): table and column names, weights, the newest-first order."""

from search.models import SearchDocument

TABLE = SearchDocument._meta.db_table
# PostgreSQL: facet keys are stored as ids in this vocabulary (migration 0009); statements name
# keys through it, and the counts are read back as keys.
FACET_KEYS = "site_search_facet_key"
BM25_WEIGHTS = "10.0, 5.0, 2.0, 1.0"  # title, keywords, summary, body
PG_RANK_WEIGHTS = "'{0.0, 0.2, 0.4, 1.0}'"  # D (unused in rank_vector), C summary, B keywords, A title
RESULT_COLUMNS = (
    "d.id, d.key, d.kind, d.title, d.url, d.summary, d.resource_type, d.year, d.date, d.languages, d.page_id, "
    "d.text_locale"
)

NEWEST = "d.date DESC NULLS LAST, d.sort_title, d.id"
