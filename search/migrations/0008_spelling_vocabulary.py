"""The words of the documents' titles and keywords per locale, kept by the database itself, for
"did you mean" (search/backends/database_spelling.py).

Triggers on `site_search_searchdocument` keep the vocabulary in step with every insert, update
and delete of a document row, whatever writes it: the Python indexer, or SQL that copies rows
(locale aliases cloned with INSERT … SELECT). Words are unstemmed and lower-cased.

- PostgreSQL: the table `site_search_spelling_word` (locale, word, number of documents) with a
  trigram GIN index (`pg_trgm`) on the word. Statement-level triggers with transition tables add
  and subtract each statement's words in one aggregated write; a word whose count falls to zero
  stays, never offered (`documents > 0`). TRUNCATE of the documents empties it too.
- SQLite: per locale, a contentless FTS5 table `site_search_spelling_<locale>` (`zh_hans` for
  zh-hans) of its documents' titles and keywords, tokenized `unicode61` without diacritic
  folding (so "énergie" keeps its accent), and its `fts5vocab` table
  `site_search_spelling_<locale>_vocab` (term, documents). Row triggers insert and delete each
  document's entry in its locale's table.

Both are filled here from the documents already indexed. A new locale needs a migration adding
its tables on SQLite; PostgreSQL's table takes any locale.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TABLE = "site_search_searchdocument"
LOCALES = ("en", "fr", "es", "ar", "zh-hans", "ru")  # as in 0002; frozen here
KEYWORD_CHARS = 2000  # of a document's keywords read for words (authors, tags, taxonomy names)

# --- PostgreSQL ------------------------------------------------------------------------------

# The distinct words of a title and its keywords: the `simple` configuration lower-cases and
# does not stem; words with digits or punctuation (cop1, mercury-added, URLs), CJK runs and
# words under three letters are left out (they are never corrected). Arabic vowel marks and the
# tatweel go first, as search/text.py drops them from queries.
PG_WORDS_FUNCTION = rf"""
CREATE FUNCTION site_search_spelling_words(title text, keywords text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(word), '{{}}')
    FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, regexp_replace(
        coalesce(title, '') || ' ' || left(coalesce(keywords, ''), {KEYWORD_CHARS}),
        '[\u0640\u064b-\u065f\u0670]', '', 'g')))) AS word
    WHERE char_length(word) > 2
      AND word !~ '[0-9[:punct:]]'
      AND word !~ '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]'
$$
"""  # noqa: S608 - constants only


# A statement's rows (`source`: a FROM clause giving locale, title, keywords) as (locale, word,
# documents), aggregated, so a bulk INSERT … SELECT of thousands of documents costs one write
# per distinct word, not one per word of each document.
def _counted(source):
    return (
        f"SELECT d.locale, word, count(*) AS documents FROM {source} "  # noqa: S608 - constant names
        "CROSS JOIN LATERAL unnest(site_search_spelling_words(d.title, d.keywords)) AS word "
        "GROUP BY d.locale, word"
    )


def _add(source):
    # In (locale, word) order, so concurrent indexers lock the rows they share in the same order.
    return (
        "INSERT INTO site_search_spelling_word AS w (locale, word, documents) "
        f"{_counted(source)} ORDER BY 1, 2 "
        "ON CONFLICT (locale, word) DO UPDATE SET documents = w.documents + EXCLUDED.documents;"
    )


def _subtract(source):
    # A word whose count reaches 0 keeps its row (it is never offered: `documents > 0`): deleting
    # it in the same statement would race with a concurrent insert of the word, and an update
    # that changes no indexed column stays a cheap heap-only one.
    return (
        "UPDATE site_search_spelling_word w SET documents = w.documents - g.documents "  # noqa: S608
        f"FROM ({_counted(source)}) g WHERE w.locale = g.locale AND w.word = g.word;"
    )


# Rows an UPDATE changed in a way the vocabulary sees (others, e.g. a new `published_at`, cost
# a join and nothing more).
_CHANGED = (
    "(SELECT {side}.locale, {side}.title, {side}.keywords FROM removed o JOIN added n ON n.id = o.id "
    "WHERE (o.locale, o.title, o.keywords) IS DISTINCT FROM (n.locale, n.title, n.keywords)) d"
)


def _function(name, body):
    return (
        f"CREATE FUNCTION site_search_spelling_{name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{body}\nRETURN NULL;\nEND $$"
    )


PG_FUNCTIONS = [
    PG_WORDS_FUNCTION,
    _function("add_words", _add("added d")),
    _function("remove_words", _subtract("removed d")),
    _function("change_words", _subtract(_CHANGED.format(side="o")) + "\n" + _add(_CHANGED.format(side="n"))),
    _function("empty", "TRUNCATE site_search_spelling_word;"),
]

PG_TRIGGERS = [
    f"CREATE TRIGGER site_search_spelling_insert AFTER INSERT ON {TABLE} REFERENCING NEW TABLE AS added "
    "FOR EACH STATEMENT EXECUTE FUNCTION site_search_spelling_add_words()",
    f"CREATE TRIGGER site_search_spelling_delete AFTER DELETE ON {TABLE} REFERENCING OLD TABLE AS removed "
    "FOR EACH STATEMENT EXECUTE FUNCTION site_search_spelling_remove_words()",
    f"CREATE TRIGGER site_search_spelling_update AFTER UPDATE ON {TABLE} "
    "REFERENCING OLD TABLE AS removed NEW TABLE AS added "
    "FOR EACH STATEMENT EXECUTE FUNCTION site_search_spelling_change_words()",
    f"CREATE TRIGGER site_search_spelling_truncate AFTER TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION site_search_spelling_empty()",
]


def _create_postgresql(schema_editor):
    schema_editor.execute(
        "CREATE TABLE site_search_spelling_word (locale varchar(10) NOT NULL, word text NOT NULL, "
        "documents integer NOT NULL, PRIMARY KEY (locale, word)) WITH (fillfactor = 70)"
    )
    schema_editor.execute(
        "CREATE INDEX site_search_spelling_word_trgm ON site_search_spelling_word USING gin (word gin_trgm_ops)"
    )
    for sql in PG_FUNCTIONS + PG_TRIGGERS:
        schema_editor.execute(sql)
    schema_editor.execute(_add(f"{TABLE} d"))


def _drop_postgresql(schema_editor):
    for trigger in ("insert", "delete", "update", "truncate"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS site_search_spelling_{trigger} ON {TABLE}")
    for function in ("add_words()", "remove_words()", "change_words()", "empty()", "words(text, text)"):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS site_search_spelling_{function}")
    schema_editor.execute("DROP TABLE IF EXISTS site_search_spelling_word")


# --- SQLite ----------------------------------------------------------------------------------

# One table per locale: a range of its vocabulary reads only that locale's postings (about five
# times faster than one table with a column per locale, whose postings hold every locale).
SUFFIXES = {locale: locale.replace("-", "_") for locale in LOCALES}
TEXT = "{row}.title || ' ' || substr({row}.keywords, 1, " + str(KEYWORD_CHARS) + ")"


def _sqlite_writes(row, delete):
    """Trigger statements writing a document row's (`new`, `old`) words to its locale's table.

    A contentless table stores no text: a delete hands it the text the row was indexed with,
    which the row itself still has."""
    statements = []
    for locale, suffix in SUFFIXES.items():
        table = f"site_search_spelling_{suffix}"
        command = f"'delete', {row}.id" if delete else f"{row}.id"
        columns = f"{table}, rowid, words" if delete else "rowid, words"
        statements.append(
            f"INSERT INTO {table} ({columns}) SELECT {command}, {TEXT.format(row=row)} "  # noqa: S608
            f"WHERE {row}.locale = '{locale}';"
        )
    return " ".join(statements)


def _sqlite_statements():
    statements = []
    for locale, suffix in SUFFIXES.items():
        table = f"site_search_spelling_{suffix}"
        statements += [
            # detail=none: postings without positions, all a document count needs. Mn (combining
            # marks) are word characters, so a mark does not split a word; the query side skips
            # words that carry one (search/backends/database_spelling.py).
            f"CREATE VIRTUAL TABLE {table} USING fts5(words, content='', detail=none, columnsize=0, "
            "tokenize=\"unicode61 remove_diacritics 0 categories 'L* N* Co Mn'\")",
            f"CREATE VIRTUAL TABLE {table}_vocab USING fts5vocab({table}, row)",
            f"INSERT INTO {table} (rowid, words) SELECT d.id, {TEXT.format(row='d')} "  # noqa: S608
            f"FROM {TABLE} d WHERE d.locale = '{locale}'",
        ]
    insert, delete = _sqlite_writes("new", delete=False), _sqlite_writes("old", delete=True)
    return [
        *statements,
        f"CREATE TRIGGER site_search_spelling_insert AFTER INSERT ON {TABLE} BEGIN {insert} END",
        f"CREATE TRIGGER site_search_spelling_delete AFTER DELETE ON {TABLE} BEGIN {delete} END",
        f"CREATE TRIGGER site_search_spelling_update AFTER UPDATE OF title, keywords, locale ON {TABLE} "
        f"BEGIN {delete} {insert} END",
    ]


def _create_sqlite(schema_editor):
    for sql in _sqlite_statements():
        schema_editor.execute(sql)


def _drop_sqlite(schema_editor):
    for trigger in ("insert", "delete", "update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS site_search_spelling_{trigger}")
    for suffix in SUFFIXES.values():
        schema_editor.execute(f"DROP TABLE IF EXISTS site_search_spelling_{suffix}_vocab")
        schema_editor.execute(f"DROP TABLE IF EXISTS site_search_spelling_{suffix}")


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _create_postgresql(schema_editor)
    elif vendor == "sqlite":
        _create_sqlite(schema_editor)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _drop_postgresql(schema_editor)
    elif vendor == "sqlite":
        _drop_sqlite(schema_editor)


class PostgresTrigramExtension(TrigramExtension):
    """pg_trgm on PostgreSQL and nothing elsewhere, both ways (Django's own reverse asks
    `pg_extension` whatever the database)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("site_search", "0007_index_freshness")]

    operations = [
        PostgresTrigramExtension(),  # a trusted extension since PostgreSQL 13: the database owner may create it
        migrations.RunPython(create, drop),
    ]
