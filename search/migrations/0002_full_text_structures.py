"""Vendor-specific full-text structures beside site_search_searchdocument (see search/models.py)."""

from django.db import migrations

LOCALES = ("en", "fr", "es", "ar", "zh-hans", "ru")
TABLE = "site_search_searchdocument"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        # porter + unicode61: English stems, accents folded; CJK arrives pre-split into bigrams.
        schema_editor.execute(
            "CREATE VIRTUAL TABLE site_search_fts USING fts5("
            "title, keywords, summary, body, tokenize='porter unicode61 remove_diacritics 2')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector, ADD COLUMN rank_vector tsvector")
        for locale in LOCALES:
            name = locale.replace("-", "_")
            # One partial GIN index per locale: a search reads only its own language's postings.
            schema_editor.execute(
                f"CREATE INDEX site_search_vector_{name} ON {TABLE} USING gin (search_vector) WHERE locale = '{locale}'"
            )
        schema_editor.execute(f"CREATE INDEX site_search_facet_keys ON {TABLE} USING gin (facet_keys)")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS site_search_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS site_search_facet_keys")
        for locale in LOCALES:
            schema_editor.execute(f"DROP INDEX IF EXISTS site_search_vector_{locale.replace('-', '_')}")
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN search_vector, DROP COLUMN rank_vector")


class Migration(migrations.Migration):
    dependencies = [("site_search", "0001_search_documents")]

    operations = [migrations.RunPython(create, drop)]
