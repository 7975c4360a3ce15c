"""PostgreSQL: facet keys as plain text arrays on the row, long texts out of the main heap.

Counting and filtering read every matching row. With the body, summary, keywords, JSON facet
list and search vector stored out of line (TOAST, a low toast_tuple_target), a row is a few
hundred bytes, so scanning a locale's rows reads megabytes, not hundreds of them.
`facet_array` holds every "facet:value" key (GIN-indexed, for filtering); `f_<facet>` holds one
facet's keys, so a document that fails one selection unnests only that facet's keys when the
counts are made (search/backends/database.py). They are stored PLAIN (never compressed) because
every count reads them; `rank_vector` stays in line because relevance reads it.
SQLite needs none of this.
"""

from django.db import migrations

TABLE = "site_search_searchdocument"
OUT_OF_LINE = ("body", "summary", "keywords", "facet_keys", "search_vector")
FACETS = ("kind", "type", "pillar", "area", "article", "language", "country", "region", "partner", "collection", "year")


def narrow_rows(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS site_search_facet_keys")
    schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN facet_array text[] NOT NULL DEFAULT '{{}}'")
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN facet_array SET STORAGE PLAIN")
    schema_editor.execute(f"CREATE INDEX site_search_facet_array ON {TABLE} USING gin (facet_array)")
    for facet in FACETS:
        schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN f_{facet} text[] NOT NULL DEFAULT '{{}}'")
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN f_{facet} SET STORAGE PLAIN")
    schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 256)")
    for column in OUT_OF_LINE:
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN {column} SET STORAGE EXTERNAL")
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN rank_vector SET STORAGE MAIN")
    # "newest", the order of browsing, reads its first page straight off this index.
    schema_editor.execute(
        f"CREATE INDEX site_search_newest ON {TABLE} (locale, date DESC NULLS LAST, sort_title, id)"
    )


def widen_rows(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS site_search_newest")
    schema_editor.execute("DROP INDEX IF EXISTS site_search_facet_array")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN facet_array")
    for facet in FACETS:
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN f_{facet}")
    schema_editor.execute(f"ALTER TABLE {TABLE} RESET (toast_tuple_target)")
    schema_editor.execute(f"CREATE INDEX site_search_facet_keys ON {TABLE} USING gin (facet_keys)")


class Migration(migrations.Migration):
    dependencies = [("site_search", "0003_search_query_stats")]

    operations = [migrations.RunPython(narrow_rows, widen_rows)]
