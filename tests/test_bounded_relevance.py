"""Bounded relevance on the database engine (SQLite and PostgreSQL alike; run the module with
DATABASE_URL set for the second): a search finding more than RELEVANCE_CANDIDATES documents
ranks only the newest title or keyword matches, then lists the rest newest first; a narrower
one ranks every match (search/backends/database_queries.py, docs/search.md "Ranking").

The bound is lowered here so a dozen documents are "broad"; the rule does not depend on it.
"""

import datetime

import pytest

from search.backends import database_queries, get_engine
from search.documents import IndexedDocument
from search.params import SearchParams
from search.service import run_search

pytestmark = pytest.mark.django_db


def document(name, year, title, keywords="", body="", symbols=()):
    return IndexedDocument(
        key=f"test:{name}",
        locale="en",
        kind="resource",
        title=title,
        url=f"/en/library/{name}/",
        keywords=keywords,
        body=body,
        symbols=list(symbols),
        date=datetime.date(year, 1, 1),
        facets={"kind": ["resource"], "year": [str(year)], "type": ["report" if year % 2 else "guidance"]},
    )


# Title matches (old and new), keyword-only matches, body-only matches: every text the same length.
TITLES = [document(f"t{year}", year, f"Mercury report {year}") for year in (2001, 2002, 2003, 2022, 2023)]
KEYWORDS = [document(f"k{year}", year, f"Inventory report {year}", keywords="mercury") for year in (2020, 2021)]
BODIES = [
    document(f"b{year}", year, f"Annual note {year}", body="Notes on mercury in fish")
    for year in (2010, 2011, 2012, 2013, 2024)
]
OTHER = [document("other", 2019, "Coal combustion", body="Nothing about it")]


@pytest.fixture
def engine(db):
    engine = get_engine()
    engine.index_documents(TITLES + KEYWORDS + BODIES + OTHER)
    return engine


@pytest.fixture
def bound(monkeypatch):
    def set_bound(number):
        monkeypatch.setattr(database_queries, "RELEVANCE_CANDIDATES", number)

    return set_bound


def search(q="mercury", **options):
    options.setdefault("per_page", 50)
    options.setdefault("sort", "relevance")
    outcome = run_search(SearchParams(q=q, locale="en", **options), log=False, promotions=False)
    assert outcome.error == ""
    return outcome


def names(outcome):
    return [hit.key.removeprefix("test:") for hit in outcome.results]


def test_a_search_within_the_bound_ranks_every_match(engine, bound):
    bound(100)
    # Titles first (equal scores: newest first), then keywords, then the body-only matches.
    assert names(search()) == [
        *["t2023", "t2022", "t2003", "t2002", "t2001"],
        *["k2021", "k2020"],
        *["b2024", "b2013", "b2012", "b2011", "b2010"],
    ]


def test_a_broad_search_ranks_only_the_newest_title_and_keyword_matches(engine, bound):
    bound(4)
    # The four newest title or keyword matches, by relevance; then everything else newest first,
    # so old title matches come after newer body-only ones.
    assert names(search()) == [
        *["t2023", "t2022", "k2021", "k2020"],
        *["b2024", "b2013", "b2012", "b2011", "b2010"],
        *["t2003", "t2002", "t2001"],
    ]


def test_the_bound_changes_neither_the_total_nor_the_facet_counts(engine, bound):
    bound(100)
    full = search(filters={"type": ("report",)})
    bound(2)
    bounded = search(filters={"type": ("report",)})
    assert bounded.count == full.count == 6
    assert bounded.facets == full.facets
    assert sorted(names(bounded)) == sorted(names(full))


def test_pages_of_a_broad_search_follow_each_other(engine, bound):
    bound(4)
    pages = [names(search(per_page=5, page=number)) for number in (1, 2, 3)]
    assert [name for page in pages for name in page] == names(search())
    assert names(search()) == names(search())  # deterministic


def test_the_export_walk_has_the_pages_order(engine, bound):
    bound(4)
    params = SearchParams(q="mercury", locale="en", sort="relevance", filters={"kind": ("resource",)})
    walk = engine.match_keys(params, 100)
    assert [match.key.removeprefix("test:") for match in walk.keys] == names(search())
    assert not walk.truncated


def test_other_sorts_are_not_bounded(engine, bound):
    bound(2)
    newest = names(search(sort="newest"))
    assert newest == sorted(newest, key=lambda name: -int(name[1:]))


def test_an_exact_symbol_still_comes_first_in_a_broad_search(engine, bound):
    engine.index_documents(
        [document(f"d{year}", year, f"Decision MC-4/3 on wastes {year}") for year in (2015, 2016, 2017)]
        + [document("rules", 1999, "Rules of procedure", symbols=["MC-4/3"])]
    )
    bound(2)
    found = names(search("MC-4/3"))
    assert found[0] == "rules"
    assert sorted(found[1:]) == ["d2015", "d2016", "d2017"]


def test_a_broad_page_leaves_out_excluded_keys_in_the_same_order(engine, bound):
    """The keys a page leaves out (promoted results shown above it) leave the bounded order as it is."""
    bound(4)
    full = names(search())
    params = SearchParams(q="mercury", locale="en", sort="relevance", per_page=5, page=1)
    excluded = ("test:k2021", "test:b2013")
    first = engine.search(params, exclude_keys=excluded)
    second = engine.search(params.with_changes(page=2), exclude_keys=excluded)
    found = [hit.key.removeprefix("test:") for hit in [*first.hits, *second.hits]]
    assert found == [name for name in full if f"test:{name}" not in excluded][:10]
