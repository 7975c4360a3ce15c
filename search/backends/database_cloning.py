"""Locale aliases' search documents, copied from their source page's inside the database.

A locale alias (wagtail-localize's untranslated copy of a page in another locale) shows its
source page's text, taxonomy and dates: its search document differs from the source's only in
its key, locale, URL, page id and publication stamp. Building it in Python would read the page
and its relations again and stem the same text again; five of every six pages of a synchronised
library are aliases. So each is written with one INSERT … SELECT per batch from the source's
row, every other column copied as it is: the stemmed full-text columns of PostgreSQL
(`search_vector`, `rank_vector`) and the facet key columns included, and on SQLite the source's
FTS5 row. A column added to the table later is copied without a change here.

`tests/test_alias_document_cloning.py` checks that a cloned document equals the one Python
builds for the alias, column for column.
"""

from django.db import connection, transaction

from hub.bulk_sql import execute_bound, values_cte
from search.models import SearchDocument

TABLE = SearchDocument._meta.db_table
PAIR_COLUMNS = [
    ("source_id", "integer"),
    ("alias_id", "integer"),
    ("locale", "text"),
    ("url", "text"),
    ("published_at", "timestamp with time zone"),
]
BATCH = 1000  # alias pairs per statement (five parameters each)


def _columns():
    """The table's columns as the database has them (the vendor's own full-text columns too)."""
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, TABLE)
    return [column.name for column in description if column.name != "id"]


def clone_documents(engine, clones):
    """Write each alias's document as a copy of its source's.

    `clones`: [(source page id, alias page id, alias locale code, alias URL, alias
    last_published_at)]. An alias whose source has no document gets none here. Returns the set
    of alias page ids that have a document afterwards.
    """
    clones = list(clones)
    if not clones:
        return set()
    quote = connection.ops.quote_name
    columns = _columns()
    stamp_field = SearchDocument._meta.get_field("published_at")
    postgres = connection.vendor == "postgresql"
    stamp = "CAST(pairs.published_at AS timestamp with time zone)" if postgres else "pairs.published_at"
    key = "'page:' || CAST(pairs.alias_id AS text)" if postgres else "'page:' || pairs.alias_id"
    values = {"key": key, "locale": "pairs.locale", "url": "pairs.url", "page_id": "pairs.alias_id"}
    values["published_at"] = stamp
    select = [values.get(column) or f"s.{quote(column)}" for column in columns]
    cloned = set()
    with transaction.atomic():
        engine.delete_documents([f"page:{alias_id}" for _source, alias_id, *_rest in clones])
        with connection.cursor() as cursor:
            for start in range(0, len(clones), BATCH):
                batch = clones[start : start + BATCH]
                rows = [
                    (source_id, alias_id, locale, url, stamp_field.get_db_prep_save(published_at, connection))
                    for source_id, alias_id, locale, url, published_at in batch
                ]
                pairs, params = values_cte(connection, "pairs", PAIR_COLUMNS, rows)
                # Only the table's own (quoted) column names are interpolated; values are parameters.
                written = execute_bound(
                    connection,
                    f"{pairs}INSERT INTO {TABLE} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
                    f"SELECT {', '.join(select)} FROM {TABLE} s JOIN pairs ON s.page_id = pairs.source_id "
                    "RETURNING page_id",
                    params,
                    fetch=True,
                )
                cloned.update(page_id for (page_id,) in written)
                if not postgres:
                    # FTS5 rows are keyed by the document's rowid: the alias's row gets the source's
                    # stemmed columns.
                    cursor.execute(
                        f"{pairs}INSERT INTO site_search_fts (rowid, title, keywords, summary, body) "  # noqa: S608
                        f"SELECT d.id, f.title, f.keywords, f.summary, f.body FROM pairs "
                        f"JOIN {TABLE} d ON d.page_id = pairs.alias_id "
                        f"JOIN {TABLE} s ON s.page_id = pairs.source_id "
                        f"JOIN site_search_fts f ON f.rowid = s.id",
                        params,
                    )
    return cloned
