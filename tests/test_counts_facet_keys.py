"""The database engine's counting statement against counts made by hand (SQLite and PostgreSQL
alike; run the module with DATABASE_URL set for the second), and on PostgreSQL the facet key
vocabulary the rows' integer ids come from (migration 0009).

Disjunctive counts: a facet's values are counted over the documents passing every other
selection, whatever its own; the total over those passing every selection.
"""

import datetime
import itertools

from django.db import connection

import pytest

from search.backends import get_engine
from search.documents import IndexedDocument
from search.params import SearchParams

pytestmark = pytest.mark.django_db

TYPES = ("report", "guidance", "toolkit")
REGIONS = ("africa", "asia", "europe")
COUNTRIES = ("GHA", "KEN", "NPL", "FRA")


def _documents():
    documents = []
    for number, (kind_of, region, country) in enumerate(itertools.product(TYPES, REGIONS, COUNTRIES)):
        year = 2000 + number % 7
        facets = {
            "kind": ["resource"],
            "type": [kind_of],
            "region": [region],
            "country": [country] + (["KEN"] if number % 5 == 0 and country != "KEN" else []),
            "year": [str(year)],
        }
        documents.append(
            IndexedDocument(
                key=f"test:count{number}",
                locale="en",
                kind="resource",
                title=f"Mercury note {number}" if number % 3 else f"Coal note {number}",
                url=f"/en/library/count{number}/",
                date=datetime.date(year, 1, 1),
                facets=facets,
            )
        )
    return documents


DOCUMENTS = _documents()


@pytest.fixture
def engine(db):
    engine = get_engine()
    engine.index_documents(DOCUMENTS)
    return engine


def _by_hand(filters, word=None):
    def passes(document, facet):
        chosen = filters.get(facet)
        return not chosen or bool(set(chosen) & set(document.facets.get(facet, ())))

    found = [d for d in DOCUMENTS if word is None or word in d.title.lower()]
    counts = {}
    for document in found:
        for facet, values in document.facets.items():
            if all(passes(document, other) for other in filters if other != facet):
                for value in values:
                    counts.setdefault(facet, {}).setdefault(value, 0)
                    counts[facet][value] += 1
    total = sum(1 for d in found if all(passes(d, facet) for facet in filters))
    return total, counts


SELECTIONS = [
    {},
    {"type": ("report",)},
    {"type": ("report", "toolkit"), "region": ("africa",)},
    {"region": ("asia",), "country": ("KEN",)},
    {"type": ("guidance",), "region": ("europe", "asia"), "country": ("NPL", "GHA")},
]


@pytest.mark.parametrize("filters", SELECTIONS)
@pytest.mark.parametrize("q", ["", "mercury"])
def test_the_counts_are_the_disjunctive_counts_made_by_hand(engine, filters, q):
    answer = engine.search(SearchParams(q=q, locale="en", filters=filters, per_page=100))
    total, counts = _by_hand(filters, q or None)
    assert answer.count == total
    assert answer.facet_counts == counts
    assert len(answer.hits) == total


def test_a_value_never_indexed_is_selected_without_error_and_finds_nothing(engine):
    answer = engine.search(SearchParams(locale="en", filters={"country": ("ZZZ",)}))
    assert answer.count == 0
    assert answer.hits == []
    # The country facet itself is still counted over every document (its own selection aside).
    assert answer.facet_counts["country"] == _by_hand({"country": ("ZZZ",)})[1]["country"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the facet key vocabulary is PostgreSQL's")
def test_indexing_again_adds_no_key_and_spends_no_id(engine):
    def vocabulary():
        with connection.cursor() as cursor:
            cursor.execute("SELECT key, id FROM site_search_facet_key")
            keys = dict(cursor.fetchall())
            cursor.execute("SELECT last_value FROM pg_sequences WHERE sequencename LIKE 'site_search_facet_key%%'")
            return keys, cursor.fetchone()[0]

    keys, last = vocabulary()
    assert {
        key for d in DOCUMENTS for facet, values in d.facets.items() for key in (f"{facet}:{v}" for v in values)
    } <= set(keys)
    engine.index_documents(DOCUMENTS)
    assert vocabulary() == (keys, last)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT site_search_facet_keys_of(facet_array), site_search_facet_keys_of(f_country) "
            "FROM site_search_searchdocument WHERE key = %s",
            ["test:count0"],
        )
        assert cursor.fetchone() == (
            ["country:GHA", "country:KEN", "kind:resource", "region:africa", "type:report", "year:2000"],
            ["country:GHA", "country:KEN"],
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the facet key vocabulary is PostgreSQL's")
def test_each_row_holds_the_sorted_distinct_ids_of_its_keys(engine):
    # The indexer writes the ids it read back as constants (database_writing.py); they must be
    # what the vocabulary's own function gives for the row's keys, a repeated value once.
    repeated = IndexedDocument(
        key="test:repeated",
        locale="en",
        kind="resource",
        title="Repeated country",
        url="/en/library/repeated/",
        facets={"kind": ["resource"], "country": ["GHA", "FRA", "GHA"]},
    )
    engine.index_documents([repeated])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT key, facet_array = site_search_facet_key_ids(ARRAY(SELECT jsonb_array_elements_text(facet_keys))), "
            "f_country = site_search_facet_key_ids(ARRAY(SELECT k FROM jsonb_array_elements_text(facet_keys) k "
            "WHERE k LIKE 'country:%%')), cardinality(f_country) "
            "FROM site_search_searchdocument WHERE key LIKE 'test:%%'"
        )
        rows = {key: (same_array, same_country, countries) for key, same_array, same_country, countries in cursor}
    assert len(rows) == len(DOCUMENTS) + 1
    assert all(same_array and same_country for same_array, same_country, _n in rows.values())
    assert rows["test:repeated"][2] == 2
