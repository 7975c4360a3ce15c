"""The database engine's "did you mean" reads a vocabulary the database keeps in step with the
search documents (migration site_search 0008: pg_trgm on PostgreSQL, an FTS5 vocabulary table
on SQLite), whatever writes the documents: the indexer, a raw INSERT … SELECT copy (the locale
aliases' clone), an UPDATE, a delete. Run the module with DATABASE_URL set for PostgreSQL.
"""

import datetime
import importlib

from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

import pytest

from search.backends import get_engine
from search.backends.database import DatabaseEngine
from search.backends.database_spelling import closest, edit_distance
from search.documents import IndexedDocument
from search.models import SearchDocument

pytestmark = pytest.mark.django_db

TABLE = SearchDocument._meta.db_table
vocabulary_migration = importlib.import_module("search.migrations.0008_spelling_vocabulary")


def document(number, locale, title, *, keywords="", text_locale=""):
    return IndexedDocument(
        key=f"spell:{number}",
        locale=locale,
        kind="resource",
        title=title,
        url=f"/{locale}/library/spell-{number}/",
        keywords=keywords,
        summary="A summary whose words are not in the vocabulary: zanzibarian.",
        date=datetime.date(2020, 1, 1),
        facets={"kind": ["resource"], "year": ["2020"]},
        text_locale=text_locale or locale,
    )


DOCUMENTS = [
    document(1, "en", "Mercury emissions from coal combustion"),
    document(2, "en", "Guidance on mercury waste", keywords="artisanal gold mining"),
    document(3, "en", "Mercury in fish"),
    document(4, "en", "The mercure family of compounds"),  # rarer than "mercury", as close to "mercurx"
    document(5, "fr", "Le mercure dans les produits"),
    document(6, "es", "Guía para los mineros artesanales"),
    document(7, "ru", "Выбросы ртути от угольных электростанций"),
    document(8, "zh-hans", "2023年汞排放报告"),
    document(9, "en", "Minamata Convention on Mercury", keywords="Zanzibar"),
]


@pytest.fixture
def engine(db):
    engine = get_engine()
    assert isinstance(engine, DatabaseEngine)
    engine.index_documents(DOCUMENTS)
    return engine


def copy_row(source_key, key, locale):
    """The document `source_key` copied in one INSERT … SELECT, as the locale aliases' clone does:
    every column of the source's row but the key and locale (PostgreSQL's vectors included)."""
    with connection.cursor() as cursor:
        columns = [
            column.name
            for column in connection.introspection.get_table_description(cursor, TABLE)
            if column.name not in {"id", "key", "locale"}
        ]
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        cursor.execute(
            f"INSERT INTO {TABLE} (key, locale, {names}) SELECT %s, %s, {names} FROM {TABLE} WHERE key = %s",  # noqa: S608
            [key, locale, source_key],
        )
        assert cursor.rowcount == 1


# --- Corrections from the index ---------------------------------------------------------------


def test_a_misspelt_word_is_corrected_from_the_locale_vocabulary(engine):
    assert engine.spelling_suggestion("mercuyr emisions", "en") == "mercury emissions"
    assert engine.spelling_suggestion("artisenal", "en") == "artisanal"  # a keyword's word
    assert engine.spelling_suggestion("mercuyr 2023", "en") == "mercury 2023"  # numbers kept
    assert engine.spelling_suggestion("Выбросы рути", "ru") == "выбросы ртути"


@pytest.mark.parametrize(
    "typed",
    [
        "mercuyr",  # two letters swapped
        "mercry",  # one missing
        "merrcury",  # one too many
        "mircury",  # the second letter wrong: only the first-letter range finds it on SQLite
        "emrcury",  # the first two swapped
        "xmercury",  # one letter too many at the start
    ],
)
def test_slips_anywhere_but_the_first_letter_are_corrected(engine, typed):
    assert engine.spelling_suggestion(typed, "en") == "mercury"


def test_a_slip_in_the_first_letter_is_corrected_by_trigrams_only(engine):
    # SQLite reads its vocabulary by ranges of the first letters; PostgreSQL's trigrams see all.
    assert engine.spelling_suggestion("nercury", "en") == ("mercury" if connection.vendor == "postgresql" else "")


def test_the_word_in_more_documents_wins_over_one_as_close(engine):
    # "mercurx" is one edit from "mercury" (three documents) and from "mercure" (one in English).
    assert engine.spelling_suggestion("mercurx", "en") == "mercury"


def test_nothing_is_suggested_for_known_words_nor_for_nothing_close(engine):
    assert engine.spelling_suggestion("mercury", "en") == ""
    assert engine.spelling_suggestion("Mercury emissions", "en") == ""
    assert engine.spelling_suggestion("qwxzvb", "en") == ""
    assert engine.spelling_suggestion("zanzibarian", "en") == ""  # a summary's word is not in the vocabulary
    assert engine.spelling_suggestion("on of", "en") == ""  # words under three letters are kept as typed
    assert engine.spelling_suggestion("", "en") == ""


def test_chinese_gets_no_suggestion(engine):
    assert engine.spelling_suggestion("汞排放", "zh-hans") == ""
    assert engine.spelling_suggestion("汞 mercuyr", "zh-hans") == ""


def test_each_locale_is_suggested_its_own_documents_words(engine):
    assert engine.spelling_suggestion("artesanals", "es") == "artesanales"
    assert engine.spelling_suggestion("artesanals", "fr") == ""
    assert engine.spelling_suggestion("produts", "fr") == "produits"
    assert engine.spelling_suggestion("produts", "en") == ""
    assert engine.spelling_suggestion("emisions", "fr") == ""  # no English alias in French yet


# --- The vocabulary follows every write ---------------------------------------------------------


def test_a_word_only_in_a_deleted_document_is_no_longer_suggested(engine):
    assert engine.spelling_suggestion("zanzibr", "en") == "zanzibar"
    engine.delete_documents(["spell:9"])
    assert engine.spelling_suggestion("zanzibr", "en") == ""
    assert engine.spelling_suggestion("minamta", "en") == ""
    # A word another document still has stays.
    assert engine.spelling_suggestion("mercuyr", "en") == "mercury"


def test_a_document_copied_in_sql_brings_its_words_to_the_copy_locale(engine):
    assert engine.spelling_suggestion("minamta convension", "fr") == ""
    copy_row("spell:9", "spell:alias-9", "fr")  # an English page's alias under /fr/
    assert engine.spelling_suggestion("minamta convension", "fr") == "minamata convention"
    assert engine.spelling_suggestion("zanzibr", "fr") == "zanzibar"
    assert engine.spelling_suggestion("zanzibr", "es") == ""
    SearchDocument.objects.filter(key="spell:alias-9").delete()
    assert engine.spelling_suggestion("minamta", "fr") == ""
    assert engine.spelling_suggestion("minamta", "en") == "minamata"  # the source's words stay


def test_an_updated_title_changes_the_vocabulary(engine):
    SearchDocument.objects.filter(key="spell:9").update(title="Stockholm Convention")
    assert engine.spelling_suggestion("stokholm", "en") == "stockholm"
    assert engine.spelling_suggestion("minamta", "en") == ""
    SearchDocument.objects.filter(key="spell:9").update(date=datetime.date(2021, 1, 1))  # words untouched
    assert engine.spelling_suggestion("stokholm", "en") == "stockholm"


def test_a_cleared_index_suggests_nothing(engine):
    engine.clear()
    assert engine.spelling_suggestion("mercuyr", "en") == ""


def test_the_migration_fills_the_vocabulary_from_documents_already_indexed(engine):
    editor = _Editor()
    vocabulary_migration.drop(None, editor)
    vocabulary = "site_search_spelling_word" if connection.vendor == "postgresql" else "site_search_spelling_en_vocab"
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {vocabulary}")  # noqa: S608 - a constant
    engine.index_documents([document(10, "en", "Stockholm Convention")])  # no trigger: nothing kept
    vocabulary_migration.create(None, editor)
    assert engine.spelling_suggestion("mercuyr", "en") == "mercury"
    assert engine.spelling_suggestion("stokholm", "en") == "stockholm"
    engine.delete_documents(["spell:10"])  # and the triggers are back
    assert engine.spelling_suggestion("stokholm", "en") == ""


# --- The old loader is gone ----------------------------------------------------------------------


def test_a_suggestion_reads_the_vocabulary_in_a_few_statements_not_the_documents(engine):
    engine.index_documents([document(100 + n, "en", f"Report number {n} on mercury trade") for n in range(200)])
    assert not hasattr(engine, "_title_vocabulary")
    with CaptureQueriesContext(connection) as queries:
        assert engine.spelling_suggestion("mircury tradde reprot", "en") == "mercury trade report"
    statements = [query for query in queries.captured_queries if "SAVEPOINT" not in query["sql"]]
    assert 1 <= len(statements) <= 3
    for query in statements:
        assert TABLE not in query["sql"]  # the documents are never read
        assert "spelling" in query["sql"] or query["sql"].startswith("SET LOCAL pg_trgm")


# --- Ranking --------------------------------------------------------------------------------------


def test_edit_distance_counts_a_swap_as_one_edit():
    assert edit_distance("mercuyr", "mercury", 2) == 1
    assert edit_distance("mercry", "mercury", 2) == 1
    assert edit_distance("mrecuyr", "mercury", 2) == 2
    assert edit_distance("abcdef", "uvwxyz", 2) == 3  # past the ceiling: ceiling + 1


def test_closest_prefers_fewer_edits_then_more_documents():
    assert closest("mercurx", [("mercure", 1), ("mercury", 3)]) == "mercury"
    assert closest("mercurx", [("mercury", 3), ("mercurxy", 9)]) == "mercurxy"  # as close, more documents
    assert closest("mercurx", [("mercury", 3), ("mercuryes", 9)]) == "mercury"  # closer
    assert closest("mercury", [("mercure", 9), ("mercury", 1)]) is None
    assert closest("fish", [("fist", 0)]) is None  # a word without documents is never offered
    assert closest("fsh", [("fishes", 5)]) is None  # three letters: one edit at most


class _Editor:
    """What the migration's functions use of a schema editor, inside the test's transaction
    (SQLite's own schema editor refuses to open in one)."""

    connection = connection

    def execute(self, sql, params=None):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
