"""PostgreSQL: the `provenance` facet gets its own key column, as every facet has (see 0004).

Documents indexed before it carry no provenance keys until `update_index` rewrites them.
"""

from django.db import migrations

TABLE = "site_search_searchdocument"


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN f_provenance text[] NOT NULL DEFAULT '{{}}'")
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN f_provenance SET STORAGE PLAIN")


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN f_provenance")


class Migration(migrations.Migration):
    dependencies = [("site_search", "0005_text_language")]

    operations = [migrations.RunPython(add_column, drop_column)]
