"""Facet counts from the postings each process keeps (search/backends/database_facet_index.py):
the same rows as the SQL counting statement, used only while no document was written since they
were read (migration 0010's change record), and SQL whenever they cannot answer. SQLite and
PostgreSQL alike (run with DATABASE_URL set for the second)."""

import datetime
import itertools
import threading

from django.conf import settings
from django.db import connection

import pytest

from search.backends import database_facet_index as postings_module
from search.backends import database_postings_search as from_postings
from search.backends import database_queries, get_engine
from search.backends.database import DatabaseEngine
from search.backends.database_facet_index import facet_index, is_current, read_stamp
from search.backends.database_queries import SqlSearch
from search.documents import IndexedDocument
from search.params import SearchParams

pytestmark = pytest.mark.django_db

TYPES = ("report", "guidance", "toolkit")
REGIONS = ("africa", "asia")
COUNTRIES = ("GHA", "KEN", "NPL")


def _document(number, locale, kind_of, region, country, year):
    facets = {
        "kind": ["resource" if number % 4 else "page"],
        "type": [kind_of],
        "region": [region],
        "country": [country] + (["KEN"] if number % 5 == 0 and country != "KEN" else []),
        "collection": ["minamata"] if number % 2 else ["gmp"],
    }
    if year:
        facets["year"] = [str(year)]
    return IndexedDocument(
        key=f"test:postings-{locale}-{number}",
        locale=locale,
        kind=facets["kind"][0],
        title=f"Mercury note {number}" if number % 3 else f"Coal note {number} UNEP/MC/COP.{number}/1",
        url=f"/{locale}/library/postings{number}/",
        body="" if number % 3 else "Mercury in fish",
        date=datetime.date(year, 1, 1) if year else None,
        facets=facets,
    )


def _documents():
    documents = []
    combinations = itertools.product(TYPES, REGIONS, COUNTRIES)
    for number, (kind_of, region, country) in enumerate(combinations):
        year = None if number % 6 == 5 else 2000 + number % 7
        documents.append(_document(number, "en", kind_of, region, country, year))
        if number % 2:
            documents.append(_document(number, "fr", kind_of, region, country, year))
    return documents


@pytest.fixture
def engine(db):
    engine = get_engine()
    engine.index_documents(_documents())
    return engine


PARAMS = [
    {},
    {"filters": {"type": ("report",)}},
    {"filters": {"type": ("report", "toolkit"), "region": ("africa",)}},
    {"filters": {"region": ("asia",), "country": ("KEN",), "collection": ("gmp",)}},
    {"filters": {"country": ("ZZZ",)}},  # never indexed
    {"filters": {"year": ("2003", "2004")}},
    {"year_from": 2002, "year_to": 2005},
    {"year_to": 2003, "filters": {"type": ("guidance",)}},
    {"year_from": 2001, "filters": {"year": ("2001", "2006"), "kind": ("resource",)}},
    {"q": "mercury"},
    {"q": "mercury", "filters": {"type": ("guidance",), "region": ("asia",)}},
    {"q": "coal", "year_from": 2004},
    {"q": "UNEP/MC/COP.3/1"},  # an exact symbol
    {"q": "?!"},  # nothing to look for
    {"q": "absent"},
]


def _sql_rows(params):
    with connection.cursor() as cursor:
        query = SqlSearch(params, connection.vendor, DatabaseEngine()._key_ids(cursor, params))
        cursor.execute(*query.counts_sql())
        return sorted(cursor.fetchall())


def _postings_rows(params):
    with connection.cursor() as cursor:
        postings = facet_index.current(cursor, params.locale)
        assert postings is not None
        query = SqlSearch(params, connection.vendor, DatabaseEngine()._key_ids(cursor, params))
        return sorted(from_postings.counts(cursor, query, postings).rows)


@pytest.mark.parametrize("counting", ["chosen", "runs", "documents"])
@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("changes", PARAMS, ids=lambda changes: repr(changes))
def test_postings_count_every_facet_as_the_sql_statement_does(engine, monkeypatch, counting, locale, changes):
    # Each facet is counted by gathering at its keys' runs or from the documents' own keys,
    # whichever reads less ("chosen"); each way alone must give the same rows.
    if counting != "chosen":
        monkeypatch.setattr(postings_module, "BY_DOCUMENTS_BELOW", 0 if counting == "runs" else float("inf"))
    params = SearchParams(locale=locale, **changes)
    expected = _sql_rows(params)
    assert _postings_rows(params) == expected
    if changes in ({}, {"q": "mercury"}):
        assert expected  # the comparison is not between two empty answers


@pytest.mark.parametrize("exclude", [(), ("test:postings-en-4", "test:postings-en-3")])
@pytest.mark.parametrize("bound", [5, 1000])
def test_ranked_pages_from_the_postings_are_the_ones_sql_orders(engine, monkeypatch, exclude, bound):
    # In Asia, 6 English documents hold "mercury" in the title and 3 in the body alone: with a
    # bound of 5 the search is broad (its newest title matches ranked), with 1,000 every match.
    monkeypatch.setattr(database_queries, "RELEVANCE_CANDIDATES", bound)
    ranked = []
    ranked_candidates_sql = SqlSearch.ranked_candidates_sql

    def recorded(*args):
        ranked.append(args)
        return ranked_candidates_sql(*args)

    monkeypatch.setattr(SqlSearch, "ranked_candidates_sql", recorded)
    seen = []
    for page in range(1, 11):
        params = SearchParams(
            locale="en", q="mercury", sort="relevance", filters={"region": ("asia",)}, per_page=4, page=page
        )
        with connection.cursor() as cursor:
            query = SqlSearch(params, connection.vendor, DatabaseEngine()._key_ids(cursor, params))
            cursor.execute(*query.page_sql(exclude, bounded=bound == 5))  # every match ordered in one statement
            expected = [row[1] for row in cursor.fetchall()]
        answer = engine.search(params, exclude_keys=exclude)
        assert [hit.key for hit in answer.hits] == expected
        seen += expected
    assert ranked  # ranked from the postings (later pages may lie past the candidates)
    assert len(seen) == 9 - len(exclude) and not set(seen) & set(exclude)


def test_a_search_counts_from_the_postings_while_they_are_current(engine, monkeypatch):
    params = SearchParams(locale="en", q="mercury", filters={"type": ("report",)})
    answer = engine.search(params)
    monkeypatch.setattr(SqlSearch, "counts_sql", _counting_in_sql_is_not_expected)
    assert engine.search(params).facet_counts == answer.facet_counts
    assert engine.search(params).count == answer.count > 0


def _counting_in_sql_is_not_expected(self):
    raise AssertionError("counted in SQL")


def test_a_written_document_makes_the_postings_stale_and_the_next_search_counts_it(engine):
    params = SearchParams(locale="en", filters={"region": ("asia",)})
    before = engine.search(params)
    with connection.cursor() as cursor:
        stamp = facet_index.current(cursor, "en").stamp
        assert is_current(cursor, stamp)
        engine.index_documents([_document(900, "en", "report", "asia", "NPL", 2010)])
        assert not is_current(cursor, stamp)
    after = engine.search(params)
    assert after.count == before.count + 1
    assert after.facet_counts["year"]["2010"] == before.facet_counts["year"].get("2010", 0) + 1
    engine.delete_documents(["test:postings-en-900"])
    assert engine.search(params).facet_counts == before.facet_counts


def test_a_match_missing_from_the_postings_is_counted_in_sql(engine, monkeypatch):
    params = SearchParams(locale="en", q="zinc")
    assert engine.search(params).count == 0  # postings read
    monkeypatch.setattr(postings_module, "is_current", lambda cursor, stamp: True)
    document = _document(901, "en", "report", "asia", "NPL", 2010)
    document.title = "Zinc and mercury"
    engine.index_documents([document])
    answer = engine.search(params)
    assert answer.count == 1
    assert answer.facet_counts["type"] == {"report": 1}


def test_off_counts_in_sql(engine, monkeypatch, settings):
    settings.SEARCH_FACET_INDEX = "off"
    with connection.cursor() as cursor:
        assert facet_index.current(cursor, "en") is None
    assert engine.search(SearchParams(locale="en")).count > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the change record's snapshots are PostgreSQL's")
def test_another_connections_commit_is_seen_only_once_committed():
    import psycopg

    database = settings.DATABASES["default"]
    other = psycopg.connect(
        dbname=connection.settings_dict["NAME"], host=database["HOST"], port=database["PORT"], user=database["USER"]
    )
    try:
        with other.cursor() as cursor:
            cursor.execute("INSERT INTO site_search_document_change DEFAULT VALUES")  # in progress
        with connection.cursor() as cursor:
            stamp = read_stamp(cursor)
            assert is_current(cursor, stamp)
            other.commit()  # committed after the stamp, with a smaller id than later changes
            assert not is_current(cursor, stamp)
            stamp = read_stamp(cursor)
            assert is_current(cursor, stamp)
            other.execute("INSERT INTO site_search_document_change DEFAULT VALUES")
            other.rollback()  # rolled back: nothing was written
            assert is_current(cursor, stamp)
    finally:
        other.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_the_background_a_thread_reads_the_postings_and_searches_count_in_sql_meanwhile(settings, monkeypatch):
    settings.SEARCH_FACET_INDEX = "background"
    engine = get_engine()
    engine.index_documents(_documents())
    try:
        params = SearchParams(locale="en", filters={"type": ("guidance",)})
        expected = _sql_rows(params)
        answered = []
        counts_from_postings = from_postings.counts

        def recorded(cursor, query, postings):
            answered.append(postings)
            return counts_from_postings(cursor, query, postings)

        monkeypatch.setattr(from_postings, "counts", recorded)
        answer = engine.search(params)  # none yet: counted in SQL while a thread reads them
        assert answered == []
        assert _as_rows(answer) == expected
        for _attempt in range(300):
            if not facet_index._reading:
                break
            threading.Event().wait(0.1)
        assert engine.search(params).facet_counts == answer.facet_counts
        assert len(answered) == 1 and answered[0].locale == "en"
    finally:
        engine.clear()


def _as_rows(answer):
    counts = answer.facet_counts
    return sorted((f"{facet}:{value}", n) for facet in counts for value, n in counts[facet].items())
