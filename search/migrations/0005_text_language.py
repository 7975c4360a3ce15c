"""The language a document's text is written in, and SQLite's full text stemmed in it.

`text_locale` records it (a locale alias shows its source page's text: English text under /fr/).
SQLite's FTS5 table loses its `porter` tokenizer: words now arrive stemmed by Snowball in the
text's language (search/text.py), so French, Spanish, Russian and Arabic are stemmed too. The
table is rebuilt here from the rows, so searches keep working before the next `update_index`,
which also sets `text_locale` for aliases (until then a row counts as written in its locale's
language). PostgreSQL's vectors need no change to be searched; `update_index` rebuilds an
alias's with its source language's configuration.
"""

from django.db import migrations, models

FTS = "site_search_fts"
TABLE = "site_search_searchdocument"
CHUNK = 500


def _rebuild_fts(schema_editor, tokenize, stemmed):
    from search.text import prepare

    connection = schema_editor.connection
    schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {FTS} USING fts5(title, keywords, summary, body, tokenize='{tokenize}')"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {TABLE} ORDER BY id")  # noqa: S608 - constant names
        ids = [row[0] for row in cursor.fetchall()]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        placeholders = ", ".join(["%s"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, COALESCE(NULLIF(text_locale, ''), locale), title, keywords, symbols, summary, body "  # noqa: S608
                f"FROM {TABLE} WHERE id IN ({placeholders})",
                chunk,
            )
            rows = cursor.fetchall()
            values = []
            for document_id, locale, title, keywords, symbols, summary, body in rows:
                language = locale if stemmed else None
                values.append(
                    (
                        document_id,
                        prepare(title, language),
                        prepare(f"{keywords} {symbols}", language),
                        prepare(summary, language),
                        prepare(body, language),
                    )
                )
            cursor.executemany(
                f"INSERT INTO {FTS} (rowid, title, keywords, summary, body) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
                values,
            )


def stem_in_python(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _rebuild_fts(schema_editor, "unicode61 remove_diacritics 2", stemmed=True)


def stem_with_porter(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _rebuild_fts(schema_editor, "porter unicode61 remove_diacritics 2", stemmed=False)


class Migration(migrations.Migration):
    dependencies = [("site_search", "0004_narrow_rows")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="text_locale",
            field=models.CharField(blank=True, max_length=10),
        ),
        migrations.RunPython(stem_in_python, stem_with_porter),
    ]
