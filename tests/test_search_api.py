"""The JSON search API and the autocomplete (contracts §3): exact shape, languages, errors, and a
property test that no input, however hostile, gets a 500 or raw markup back."""

import json
from urllib.parse import urlencode

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.params import clean_query_text

CONTRACT_KEYS = {"query", "count", "page", "pages", "per_page", "results", "facets", "ignored"}
RESULT_KEYS = {"kind", "title", "url", "summary", "type", "year", "languages", "highlight"}
FACET_NAMES = {
    "kind",
    "type",
    "pillar",
    "area",
    "article",
    "language",
    "country",
    "region",
    "partner",
    "collection",
    "year",
    "provenance",
}


def get(client, path, params=()):
    """GET with a query string built as given: repeated names, any characters."""
    items = list(params.items()) if isinstance(params, dict) else list(params)
    return client.get(f"{path}?{urlencode(items, doseq=True)}" if items else path)


def assert_highlights_mark_only(data):
    """Highlights are HTML a client inserts as is: only <mark> tags, everything else escaped.

    (The raw JSON never holds a `<` at all, whatever the content: json_response writes \\u003c.
    So the decoded values are what can go wrong.)"""
    for hit in data.get("results", []) + data.get("promoted", []):
        rest = hit["highlight"].replace("<mark>", "").replace("</mark>", "")
        assert "<" not in rest and ">" not in rest, hit["highlight"]
        assert hit["highlight"].count("<mark>") == hit["highlight"].count("</mark>"), hit["highlight"]


# --- Shape -----------------------------------------------------------------------------------


def test_answer_has_exactly_the_contract_keys_and_types(client, indexed):
    response = get(client, "/api/search/", {"q": "mercury", "lang": "en", "type": "guidance"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == CONTRACT_KEYS | {"promoted", "suggestion"}
    assert data["query"] == "mercury"
    assert data["count"] == 1 and data["page"] == 1 and data["pages"] == 1 and data["per_page"] == 20
    assert data["ignored"] == []
    (result,) = data["results"]
    assert set(result) == RESULT_KEYS
    assert result == {
        "kind": "resource",
        "title": "Guidance on mercury waste",
        "url": "http://testserver/en/library/mercury-waste-guidance/",
        "summary": "How to store mercury wastes safely, with checklists for customs officers.",
        "type": "guidance",
        "year": 2022,
        "languages": ["en", "fr"],
        "highlight": "How to store <mark>mercury</mark> wastes safely, with checklists for customs officers.",
    }
    assert set(data["facets"]) == FACET_NAMES
    for values in data["facets"].values():
        for value in values:
            assert set(value) == {"value", "label", "count", "selected"}
            assert isinstance(value["value"], str) and isinstance(value["label"], str)
            assert isinstance(value["count"], int) and isinstance(value["selected"], bool)
    assert {"value": "guidance", "label": "Guidance", "count": 1, "selected": True} in data["facets"]["type"]
    # Facet counts ignore the facet's own selection: the decision is still offered.
    assert {"value": "decision", "label": "Decision", "count": 1, "selected": False} in data["facets"]["type"]


def test_results_of_every_kind_have_absolute_urls_and_typed_fields(client, indexed):
    data = get(client, "/api/search/", {"lang": "en", "per_page": "100"}).json()
    assert data["count"] == len(data["results"]) > 10
    kinds = {result["kind"] for result in data["results"]}
    assert {"resource", "event", "news", "meeting", "topic", "country"} <= kinds
    for result in data["results"]:
        assert set(result) == RESULT_KEYS
        assert result["url"].startswith("http://testserver/en/")
        assert isinstance(result["title"], str) and isinstance(result["summary"], str)
        assert result["type"] is None or isinstance(result["type"], str)
        assert result["year"] is None or isinstance(result["year"], int)
        assert isinstance(result["languages"], list) and isinstance(result["highlight"], str)


def test_paging_and_sorting(client, indexed):
    data = get(client, "/api/search/", {"lang": "en", "per_page": "10", "page": "2", "sort": "title"}).json()
    assert data["page"] == 2 and data["per_page"] == 10 and data["pages"] == 2
    titles = [result["title"] for result in data["results"]]
    assert titles == sorted(titles, key=str.casefold)
    beyond = get(client, "/api/search/", {"lang": "en", "page": "9"}).json()
    assert beyond["results"] == [] and beyond["page"] == 9


def test_unknown_facet_values_are_listed_in_ignored(client, indexed):
    data = get(client, "/api/search/", [("q", "mercury"), ("area", "no-such-area"), ("type", "guidance")]).json()
    assert data["ignored"] == ["area=no-such-area"]
    assert data["count"] == 1


def test_promoted_and_suggestion_are_extra_keys(client, indexed):
    SearchPromotion.objects.create(query=Query.get("mercury"), page=indexed.standard, sort_order=0)
    data = get(client, "/api/search/", {"q": "mercury"}).json()
    assert [hit["url"] for hit in data["promoted"]] == ["http://testserver/en/about/"]
    assert "http://testserver/en/about/" not in [hit["url"] for hit in data["results"]]
    assert data["suggestion"] == ""
    assert get(client, "/api/search/", {"q": "mercuyr"}).json()["suggestion"] == "mercury"


def test_a_search_with_words_or_filters_is_never_cached(client, indexed):
    assert "no-store" in get(client, "/api/search/", {"q": "mercury"})["Cache-Control"]
    assert "no-store" in get(client, "/api/search/", {"kind": "event"})["Cache-Control"]


def test_markup_in_the_answer_is_escaped_in_the_raw_json(client, indexed):
    response = get(client, "/api/search/", {"q": "<script>alert(1)</script> mercury"})
    assert response.status_code == 200
    assert b"<script>" not in response.content
    assert b"\\u003cscript\\u003e" in response.content
    assert response.json()["query"] == "<script>alert(1)</script> mercury"


def test_markup_inside_content_is_escaped_around_the_marks(client, indexed):
    from django.core.management import call_command

    from library import factories as lf

    lf.ResourcePageFactory(
        parent=indexed.library,
        title="Quicksilver notes",
        slug="quicksilver-notes",
        identifier="quicksilver-notes",
        summary="Quicksilver <b>kept</b> where 1 < 2 & 3 > 2.",
    )
    call_command("update_index", backend_name="site", verbosity=0)
    data = get(client, "/api/search/", {"q": "quicksilver", "lang": "en"}).json()
    (hit,) = data["results"]
    assert hit["summary"] == "Quicksilver kept where 1 < 2 & 3 > 2."  # plain text: tags gone, signs kept
    assert hit["highlight"] == "<mark>Quicksilver</mark> kept where 1 &lt; 2 &amp; 3 &gt; 2."
    assert_highlights_mark_only(data)


# --- Languages ---------------------------------------------------------------------------------


def test_lang_chooses_the_locale_and_defaults_to_english(client, indexed):
    english = get(client, "/api/search/", {"q": "mercury"}).json()
    assert english["count"] == get(client, "/api/search/", {"q": "mercury", "lang": "en"}).json()["count"] > 0
    french = get(client, "/api/search/", {"q": "mercury", "lang": "fr"})
    assert french.status_code == 200 and french.json()["count"] == 0  # nothing is translated yet
    assert get(client, "/api/search/", {"lang": "zh-Hans"}).status_code == 200
    assert get(client, "/api/search/", {"lang": "ar"}).json()["facets"]["kind"] == []


@pytest.mark.parametrize("year", ["¹", "²⁰¹⁹", "٢٠١٩", "２０１９"])
def test_a_year_that_is_a_digit_only_to_unicode_is_ignored_not_a_500(client, indexed, year):
    # str.isdigit() accepts superscripts that int() refuses; other scripts' digits int() reads,
    # but no indexed year is written in them: all are unknown facet values.
    data = get(client, "/api/search/", {"lang": "en", "year": year}).json()
    assert f"year={year}" in data["ignored"]
    assert get(client, "/en/search/", {"year": year}).status_code == 200


@pytest.mark.parametrize("lang", ["xx", "english", "en-US", "<script>", "en\x00"])
def test_an_unknown_lang_is_a_400(client, indexed, lang):
    response = get(client, "/api/search/", {"q": "mercury", "lang": lang})
    assert response.status_code == 400
    assert set(response.json()) == {"errors"}
    assert "lang" in response.json()["errors"]


def test_the_last_of_repeated_lang_wins(client, indexed):
    assert get(client, "/api/search/", [("lang", "en"), ("lang", "xx")]).status_code == 400
    assert get(client, "/api/search/", [("lang", "xx"), ("lang", "en")]).status_code == 200


# --- Errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year_from": "abc"}, "year_from"),
        ({"year_to": "20x0"}, "year_to"),
        ({"year_from": "2020", "year_to": "2010"}, "year_to"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "999999"}, "page"),
        ({"per_page": "5"}, "per_page"),
        ({"per_page": "100000"}, "per_page"),
        ({"sort": "random"}, "sort"),
    ],
)
def test_malformed_numbers_are_a_400_naming_the_parameter(client, indexed, params, field):
    response = get(client, "/api/search/", {"q": "mercury", "lang": "en", **params})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors and isinstance(errors[field], str) and errors[field]


def test_only_get_is_allowed(client, indexed):
    assert client.post("/api/search/", {"q": "mercury"}).status_code == 405
    assert client.post("/api/search/suggest/", {"q": "mercury"}).status_code == 405


# --- Suggest -----------------------------------------------------------------------------------


def test_suggest_answers_titles_with_absolute_urls(client, indexed):
    response = get(client, "/api/search/suggest/", {"q": "mer", "lang": "en"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"suggestions"}
    assert data["suggestions"]
    for suggestion in data["suggestions"]:
        assert set(suggestion) == {"title", "url"}
        assert suggestion["url"].startswith("http://testserver/en/")
    assert "Guidance on mercury waste" in [suggestion["title"] for suggestion in data["suggestions"]]


@pytest.mark.parametrize("params", [{"q": "m", "lang": "en"}, {"lang": "en"}, {"q": "   "}, {"q": "\x00\x00"}])
def test_suggest_needs_two_characters(client, indexed, params):
    response = get(client, "/api/search/suggest/", params)
    assert response.status_code == 200
    assert response.json() == {"suggestions": []}


def test_suggest_refuses_an_unknown_lang(client, indexed):
    response = get(client, "/api/search/suggest/", {"q": "mer", "lang": "klingon"})
    assert response.status_code == 400
    assert "lang" in response.json()["errors"]


# --- Hostile input -----------------------------------------------------------------------------

NASTY = [
    "x" * 10_000,
    '"mercury',
    'mercury"',
    '"""',
    'AND OR NOT ( ) * : " \\ /',
    "NOT",
    "mercury AND",
    "(mercury",
    "mercury*",
    "title:mercury",
    "{title} : mercury",
    "NEAR(mercury fish)",
    "^mercury",
    "'; DROP TABLE search_searchdocument; --",
    "1' OR '1'='1",
    "%",
    "_",
    "\\",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "&lt;script&gt;",
    "💧☿️🐟",
    "¹",  # a digit to str.isdigit() that int() refuses: once a 500 as a year value
    "٢٠١٩",  # Arabic-Indic digits: int() reads 2019, but no year facet is written so
    "زئبق",
    "\u202etxt.exe",
    "汞排放",
    "ртуть",
    "\x00",
    "mer\x00cury",
    "\x1b[31m",
    " ",
    "",
    "UNEP/MC/COP.1/17",
    "MC-4/3",
    "9" * 30,
    "-1",
    "0",
    "1e3",
    "２０２０",
    "2020.0",
    " 2020 ",
]
NAMES = [
    "q",
    "kind",
    "type",
    "pillar",
    "area",
    "article",
    "language",
    "country",
    "region",
    "partner",
    "collection",
    "year",
    "provenance",
    "year_from",
    "year_to",
    "sort",
    "page",
    "per_page",
    "lang",
    "format",
    "colour",
    "q[]",
    "",
]
values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)
query_items = st.lists(st.tuples(st.sampled_from(NAMES), values), max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=query_items)
def test_no_input_gets_a_500_or_raw_markup(client, indexed, items):
    for path in ("/api/search/", "/api/search/suggest/"):
        response = get(client, path, items)
        assert response.status_code in {200, 400}, (path, items, response.content[:300])
        data = json.loads(response.content)
        # `relaxed` joins when no result had every word and fewer words found some (search/service.py).
        assert set(data) - {"relaxed"} in ({"errors"}, {"suggestions"}, CONTRACT_KEYS | {"promoted", "suggestion"})
        assert_highlights_mark_only(data)
        if "query" in data:
            # The visitor's text comes back as data (decoded, as typed), never cut into markup.
            typed = [value for name, value in items if name == "q"]
            assert data["query"] == clean_query_text(typed[-1] if typed else "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=values, facet_values=st.lists(st.tuples(st.sampled_from(NAMES[1:12]), values), max_size=4))
def test_hostile_words_reach_the_engine_and_still_answer(client, indexed, q, facet_values):
    # Only free text and facet values: nothing here is a malformed number, so the answer is 200.
    for path in ("/api/search/", "/api/search/suggest/"):
        response = get(client, path, [("lang", "en"), ("q", q), *facet_values])
        assert response.status_code == 200, (path, q, facet_values, response.content[:300])
        data = json.loads(response.content)
        assert_highlights_mark_only(data)
        if path == "/api/search/":
            assert isinstance(data["count"], int) and isinstance(data["results"], list)
            assert data["query"] == clean_query_text(q)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.sampled_from(NASTY) | st.text(max_size=30))
def test_the_html_page_never_fails_on_hostile_words(client, indexed, q):
    response = get(client, "/en/search/", [("q", q), ("type", q), ("year", q)])
    assert response.status_code == 200
    assert b"<script>alert" not in response.content
