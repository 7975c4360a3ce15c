"""One behavioural suite for every search engine, on the real seed content.

It runs against the database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL) and,
when ELASTICSEARCH_URL is set, against Elasticsearch too (`engine` is parametrised; without
the variable the Elasticsearch half is reported as skipped, never as passed).

The facet counts and result lists are checked against the slow, obvious computation: the
search documents built straight from the live pages, filtered and counted in Python. Which
documents a text query matches is computed here too, with the oracle's own tokenising (see
`oracle_words`), never by asking the engine.
"""

import math
import re

from django.http import QueryDict

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page

import pytest

from search import service
from search.documents import build_page_document, build_partner_documents, configured_locales
from search.indexing import searchable_pages
from search.params import FACETS, SearchParams
from search.service import params_from_query, run_search

from ..builders import clear_caches

PER_PAGE_MAX = 100


@pytest.fixture(scope="module")
def documents(seeded, django_db_blocker):
    with django_db_blocker.unblock():
        return _documents_from_pages()


def _documents_from_pages():
    """Every search document, built from the live public pages and partners (not read from any index)."""
    from django.apps import apps

    from partners.models import Organisation

    documents = []
    for model in apps.get_models():
        if issubclass(model, Page) and getattr(model, "search_kind", None):
            documents += [doc for page in searchable_pages(model) if (doc := build_page_document(page))]
    for organisation in Organisation.objects.select_related("country__region"):
        documents += list(build_partner_documents(organisation, configured_locales()))
    return documents


@pytest.fixture(scope="module", params=["database", "elasticsearch"])
def engine(request, documents):
    if request.param == "database":
        from search.backends.database import DatabaseEngine

        yield DatabaseEngine()
        return
    from ..elasticsearch_support import live_elasticsearch_engine

    live, cleanup = live_elasticsearch_engine()  # skips, saying why, when ELASTICSEARCH_URL is unset
    try:
        live.index_documents(documents)  # refreshed before it returns
        yield live
    finally:
        cleanup()


@pytest.fixture
def search(engine, monkeypatch, db):
    monkeypatch.setattr(service, "get_engine", lambda: engine)

    def run(query="", locale="en", **options):
        params = params_from_query(QueryDict(query), locale)
        return run_search(params, log=options.get("log", False))

    return run


def all_results(search, query, locale="en"):
    outcome = search(f"{query}&per_page={PER_PAGE_MAX}", locale)
    hits = list(outcome.results)
    for page in range(2, outcome.pages + 1):
        hits += search(f"{query}&per_page={PER_PAGE_MAX}&page={page}", locale).results
    return outcome, hits


def expected(documents, keys, params):
    """The obvious computation: filter the documents in Python, count each facet without its own selection."""
    candidates = [doc for doc in documents if doc.locale == params.locale and (keys is None or doc.key in keys)]

    def matches(doc, facet):
        if facet == "year":
            year = doc.year
            if params.selected("year") and str(year) not in params.selected("year"):
                return False
            if params.year_from is not None and (year is None or year < params.year_from):
                return False
            return not (params.year_to is not None and (year is None or year > params.year_to))
        chosen = params.selected(facet)
        return not chosen or bool(set(chosen) & set(doc.facets.get(facet, ())))

    matched = [doc for doc in candidates if all(matches(doc, facet) for facet in FACETS)]
    counts = {}
    for facet in FACETS:
        pool = [doc for doc in candidates if all(matches(doc, other) for other in FACETS if other != facet)]
        for doc in pool:
            for value in doc.facets.get(facet, ()):
                counts.setdefault(facet, {}).setdefault(value, 0)
                counts[facet][value] += 1
    return matched, counts


def shown_counts(outcome):
    counts = {facet: {v.value: v.count for v in values if v.count} for facet, values in outcome.facets.items()}
    return {facet: values for facet, values in counts.items() if values}


# --- the oracle's own text matching ---------------------------------------------------------
# Words are lower-cased runs of letters (anything else splits them), and each loses one English
# plural ending: a final "s", unless it is "ss" or the word is short ("emissions" -> "emission",
# "gas" stays). Every engine stems English words (SQLite's Snowball stemmers, PostgreSQL's
# `english` configuration, Elasticsearch's `english` analyzer) and does more than that ("mining"
# and "mine" are one stem there, not here); the query words of these tests are ones whose forms
# in the seed differ only by that plural "s", so the two computations must agree, and the tests
# check that they do (a word the stemmers treat differently would show up as a failure here).
_LETTERS = re.compile(r"[^\W\d_]+")
TEXT_QUERIES = ["mercury", "emissions", "waste", "national action plan"]


def oracle_words(text):
    words = set()
    for word in _LETTERS.findall(text.casefold()):
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return words


@pytest.fixture(scope="module")
def words_of(documents):
    """Each document's words, from everything the engines search: title, keywords, symbols, summary, body."""
    return {
        doc.key: oracle_words(" ".join([doc.title, doc.keywords, " ".join(doc.symbols), doc.summary, doc.body]))
        for doc in documents
    }


def text_matches(documents, words_of, query, locale="en"):
    """Keys of the documents of `locale` that hold every word of `query`."""
    wanted = oracle_words(query)
    return {doc.key for doc in documents if doc.locale == locale and wanted <= words_of[doc.key]}


def test_oracle_words_split_fold_and_drop_plural_s():
    assert oracle_words("Mercury-added PRODUCTS; UNEP/MC/COP.1/7 emissions gas glass") == {
        "mercury", "added", "product", "unep", "mc", "cop", "emission", "gas", "glass",
    }  # fmt: skip


# --- facets ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "",
        "type=decision",
        "type=decision&type=meeting-document",
        "kind=resource&area=emissions",
        "region=africa&kind=country",
        "article=8&pillar=technical",
        "collection=gmp&language=en",
        "year_from=2017&year_to=2019",
        "year=2018&type=decision&area=asgm",
        "partner=unep&kind=resource",
    ],
)
def test_browse_facets_and_totals_equal_the_obvious_computation(search, documents, query):
    outcome, hits = all_results(search, query)
    matched, counts = expected(documents, None, outcome.params)
    assert outcome.count == len(matched)
    assert sorted(hit.key for hit in hits) == sorted(doc.key for doc in matched)
    assert shown_counts(outcome) == {facet: values for facet, values in counts.items() if values}


@pytest.mark.parametrize(
    "text, filters",
    [("mercury", "type=report&type=guidance&region=africa"), ("emissions", "kind=resource"), ("waste", "")],
)
def test_text_search_facets_equal_the_obvious_computation(search, documents, words_of, text, filters):
    keys = text_matches(documents, words_of, text)
    assert keys, f"the seed has documents about {text!r}"
    outcome = search(f"q={text}&{filters}")
    matched, counts = expected(documents, keys, outcome.params)
    assert outcome.count == len(matched)
    assert shown_counts(outcome) == {facet: values for facet, values in counts.items() if values}


def test_each_facet_narrows_to_documents_carrying_the_value(search, documents):
    browse = search("")
    for facet in FACETS:
        assert browse.facets[facet], f"the seed gives facet {facet!r} values"
        top = browse.facets[facet][0]
        outcome, hits = all_results(search, f"{facet}={top.value}")
        assert outcome.count == top.count == len(hits)
        by_key = {doc.key: doc for doc in documents}
        assert all(top.value in by_key[hit.key].facets.get(facet, ()) for hit in hits)
        chosen = next(v for v in outcome.facets[facet] if v.value == top.value)
        assert chosen.selected


def test_a_facet_counts_without_its_own_selection(search):
    browse = search("kind=resource")
    narrowed = search("kind=resource&type=decision")
    # The type facet still offers every type with its full count, so a visitor can widen the choice.
    assert [(v.value, v.count) for v in narrowed.facets["type"]] == [(v.value, v.count) for v in browse.facets["type"]]
    assert narrowed.count == next(v.count for v in browse.facets["type"] if v.value == "decision")
    # Other facets count only decisions.
    assert sum(v.count for v in narrowed.facets["collection"]) <= narrowed.count * 2
    assert narrowed.count < browse.count


def test_or_within_a_facet_and_across_facets(search):
    decisions = search("type=decision").count
    documents = search("type=meeting-document").count
    assert search("type=decision&type=meeting-document").count == decisions + documents
    both = search("type=decision&area=emissions")
    assert both.count <= min(decisions, search("area=emissions").count)


def test_labels_come_in_the_visitors_language(search):
    from hub.models import ResourceType

    english = ResourceType.objects.get(slug="decision", locale__language_code="en")
    french_locale = Locale.objects.get(language_code="fr")
    french = ResourceType.objects.filter(translation_key=english.translation_key, locale=french_locale).first()
    if french is None:
        french = english.copy_for_translation(french_locale)
    french.name = "Décision"
    french.save()
    # The seed translates every type: without its French row, "report" falls back to English.
    ResourceType.objects.filter(slug="report", locale=french_locale).delete()
    clear_caches()
    labels = {v.value: v.label for v in search("", "fr").facets["type"]}
    assert labels["decision"] == "Décision"
    assert labels["report"] == "Report"  # untranslated terms fall back to the default locale's name
    assert {v.value: v.label for v in search("", "en").facets["type"]}["decision"] == "Decision"


def test_zero_count_values_are_hidden_unless_selected(search):
    outcome = search("kind=partner&type=decision")
    assert outcome.count == 0
    assert [v.value for v in outcome.facets["type"]] == ["decision"] or all(v.count for v in outcome.facets["type"])
    assert all(v.count or v.selected for values in outcome.facets.values() for v in values)


def test_all_values_are_available_no_cap(search):
    countries = search("kind=country").facets["country"]
    assert len(countries) > 100


def test_unknown_values_are_ignored_and_listed(search):
    outcome = search("area=no-such-area&type=decision&colour=blue")
    assert outcome.params.ignored == ("area=no-such-area",)
    assert outcome.count == search("type=decision").count


@pytest.mark.parametrize("text", TEXT_QUERIES)
def test_text_search_finds_exactly_the_documents_holding_every_word(search, documents, words_of, text):
    outcome, hits = all_results(search, f"q={text}")
    expected_keys = text_matches(documents, words_of, text)
    assert expected_keys, f"the seed has documents about {text!r}"
    found = {hit.key for hit in hits}
    assert found == expected_keys, {"engine only": found - expected_keys, "oracle only": expected_keys - found}
    assert outcome.count == len(expected_keys)


# --- sort and pagination ------------------------------------------------------------------------


def test_sorts(search):
    newest = search("kind=resource&per_page=100").results
    dates = [hit.date for hit in newest if hit.date]
    assert dates == sorted(dates, reverse=True)
    oldest = search("kind=resource&sort=oldest&per_page=100").results
    dates = [hit.date for hit in oldest if hit.date]
    assert dates == sorted(dates)
    titles = [hit.title.casefold() for hit in search("kind=meeting&sort=title").results]
    assert titles == sorted(titles)
    assert search("q=mercury").params.sort == "relevance"
    assert search("").params.sort == "newest"


def test_pagination_is_disjoint_and_complete(search):
    first = search("kind=resource&per_page=10")
    second = search("kind=resource&per_page=10&page=2")
    together = search("kind=resource&per_page=20")
    assert first.pages == math.ceil(first.count / 10)
    assert not {h.key for h in first.results} & {h.key for h in second.results}
    assert [h.key for h in first.results + second.results] == [h.key for h in together.results]
    beyond = search(f"kind=resource&per_page=10&page={first.pages + 5}")
    assert beyond.results == [] and beyond.count == first.count


# --- ranking and highlights ---------------------------------------------------------------------


@pytest.mark.parametrize("symbol", ["UNEP/MC/COP.1/7", "unep/mc/cop.1/7", "MC-4/3", " mc-1/14 "])
def test_an_exact_symbol_finds_its_record_first(search, documents, symbol):
    outcome = search(f"q={symbol}")
    assert outcome.results, symbol
    first = next(doc for doc in documents if doc.key == outcome.results[0].key)
    assert symbol.strip().upper() in first.symbols


def test_title_matches_outrank_body_matches(search, documents):
    outcome = search("q=emissions&kind=resource")
    titles = ["emission" in hit.title.casefold() for hit in outcome.results]
    assert titles[0]
    assert titles == sorted(titles, reverse=True), "every title match comes before the first body-only match"


def test_phrases_in_quotes(search):
    phrase = search('q="national action plan"')
    words = search("q=national action plan")
    assert 0 < phrase.count <= words.count


def test_highlights_mark_the_terms_and_escape_the_rest(search):
    outcome = search("q=mercury&kind=resource")
    marked = [hit.highlight for hit in outcome.results if hit.highlight]
    assert marked
    for snippet in marked:
        assert "<mark>" in snippet
        assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")


def test_did_you_mean(search):
    outcome = search("q=emisions")
    assert outcome.count == 0
    assert outcome.suggestion == "emissions"


# --- locale ------------------------------------------------------------------------------------------


def test_each_locale_searches_its_own_pages(search):
    english = search("kind=meeting", "en")
    french = search("kind=meeting", "fr")
    assert french.count == english.count > 0
    assert all("/fr/" in hit.url for hit in french.results)
    assert all("/en/" in hit.url for hit in english.results)
    chinese = search("q=mercury", "zh-hans")
    assert all("/zh-hans/" in hit.url for hit in chinese.results if hit.kind != "partner")


# --- promotions --------------------------------------------------------------------------------------


def test_promoted_results_come_first_and_only_once(search):
    from hub.models import ThematicAreaPage

    page = ThematicAreaPage.objects.live().get(locale=Locale.objects.get(language_code="en"), slug="emissions")
    SearchPromotion.objects.create(query=Query.get("mercury"), page=page, sort_order=0)
    outcome = search("q=mercury")
    assert [hit.key for hit in outcome.promoted] == [f"page:{page.pk}"]
    assert f"page:{page.pk}" not in [hit.key for hit in outcome.results]
    later = search("q=mercury&page=2")
    assert later.promoted == []


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "x" * 10_000,
        '"unbalanced',
        'AND OR NOT ( ) * : " \\ /',
        "'; DROP TABLE site_search_searchdocument; --",
        "<script>alert(1)</script>",
        "mercure ☿️ 🧪",
        "الزئبق",
        "汞排放",
        "nul\x00byte",
        "NEAR(mercury emissions) title:mercury",
    ],
)
def test_hostile_text_never_breaks_a_search(search, text):
    outcome = run_search(SearchParams(q=text[:500], locale="en"), log=False)
    assert outcome.error == ""
    assert outcome.count >= 0
    for hit in outcome.results:
        assert "<script" not in hit.highlight
