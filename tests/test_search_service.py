"""The search service itself, driven by hypothesis with hostile parameters (the API has its own test)."""

import re

from django.core.management import call_command
from django.http import QueryDict
from django.utils.http import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.params import FACETS, PER_PAGE_MAX, InvalidSearchParams, parse_search_params
from search.service import params_from_query, run_search

pytestmark = pytest.mark.django_db

NASTY = [
    "x" * 10_000,
    '"unbalanced',
    'AND OR NOT ( ) * : " \\ /',
    "' OR 1=1; --",
    "<img src=x onerror=alert(1)>",
    "☿ 🧪",
    "الزئبق",
    "汞排放",
    "a\x00b",
    "NEAR(a b)",
    "title:mercury",
    "-mercury",
    "mercury*",
    "UNEP/MC/COP.1/7",
]
NAMES = ["q", *FACETS, "year_from", "year_to", "sort", "page", "per_page", "colour"]
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(["guidance", "asgm", "KEN", "7", "en", "africa", "2019", "resource", "0", "-1", "999999"]),
    st.text(max_size=30),
    st.integers(min_value=-(10**9), max_value=10**9).map(str),
)


@pytest.fixture
def indexed(tree):
    call_command("update_index", backend_name="site", verbosity=0)
    return tree


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(st.tuples(st.sampled_from(NAMES), VALUES), max_size=8))
def test_any_parameters_give_a_clear_error_or_a_sound_answer(indexed, items):
    data = QueryDict(urlencode(items))
    try:
        params = params_from_query(data, "en")
    except InvalidSearchParams as error:
        assert error.errors and set(error.errors) <= {"page", "per_page", "year_from", "year_to", "sort"}
        assert all(str(message) for message in error.errors.values())
        return
    outcome = run_search(params, log=False)
    assert outcome.error == ""
    assert outcome.count >= 0 and len(outcome.results) <= params.per_page <= PER_PAGE_MAX
    assert set(outcome.facets) == set(FACETS)
    for facet, values in outcome.facets.items():
        assert all(value.count > 0 or value.selected for value in values), facet
    for hit in outcome.results:
        # Only <mark> is ever added; everything else in a snippet is escaped text.
        assert not re.search(r"<(?!/?mark>)", hit.highlight)


@settings(max_examples=200, deadline=None)
@given(items=st.lists(st.tuples(st.sampled_from(NAMES), VALUES), max_size=8))
def test_parsed_parameters_survive_a_round_trip(items):
    vocabulary = {"type": {"guidance", "report"}, "area": {"asgm"}, "country": {"KEN"}, "kind": {"resource"}}

    def known(facet):
        return vocabulary.get(facet, set()) if facet != "year" else {"2019", "2020"}

    try:
        params = parse_search_params(QueryDict(urlencode(items)), "en", known)
    except InvalidSearchParams:
        return
    again = parse_search_params(QueryDict(urlencode(params.to_query_items())), "en", known)
    assert again.filters == params.filters
    assert (again.q, again.sort, again.page, again.per_page) == (params.q, params.sort, params.page, params.per_page)
    assert (again.year_from, again.year_to) == (params.year_from, params.year_to)


@pytest.mark.parametrize(("raw", "year"), [("0\x1f", None), ("2020\x1c", 2020), ("\x1e 2019\x1f", 2019)])
def test_a_number_among_control_characters_is_read_or_refused_never_a_crash(raw, year):
    """Regex \\s and int() disagree on \\x1c-\\x1f: once such a value crashed the search (500)."""
    data = QueryDict(urlencode([("year_from", raw), ("page", raw)]))
    if year is None:
        with pytest.raises(InvalidSearchParams) as refused:
            parse_search_params(data, "en", lambda facet: set())
        assert set(refused.value.errors) == {"year_from", "page"}
    else:
        params = parse_search_params(data, "en", lambda facet: set())
        assert (params.year_from, params.page) == (year, year)
