"""Native-language search on the database engine (SQLite and PostgreSQL alike; run the module
with DATABASE_URL set for the second): stemming per language, alias text read as English,
numbered names however they are written, mixed scripts, and the relaxed search that leaves
words out when all of them find nothing (docs/search.md, "Languages").

Most tests index search documents directly (search/documents.IndexedDocument), so each case is
about the engine and nothing else; the last ones go through pages, the page and the API.
"""

import datetime

import pytest

from search.backends import get_engine
from search.documents import IndexedDocument, build_page_document
from search.models import SearchDocument
from search.params import SearchParams
from search.service import run_search
from search.text import ParsedQuery, prepare, tokens

pytestmark = pytest.mark.django_db


def document(number, locale, title, *, text_locale="", summary="", body="", symbols=(), kind="resource", year=2020):
    return IndexedDocument(
        key=f"test:{number}",
        locale=locale,
        kind=kind,
        title=title,
        url=f"/{locale}/library/doc-{number}/",
        summary=summary,
        body=body,
        symbols=list(symbols),
        date=datetime.date(year, 1, 1),
        facets={"kind": [kind], "year": [str(year)]},
        languages=["en", "fr"] if kind == "resource" else [],
        text_locale=text_locale or locale,
    )


DOCUMENTS = [
    document(1, "ru", "Выбросы ртути от угольных электростанций"),
    document(2, "ru", "Ртуть в рыбе"),
    document(3, "fr", "Le mercure dans les produits"),
    document(4, "es", "Guía para los mineros artesanales"),
    document(5, "ar", "تقرير عن الزئبق في المنتجات"),
    document(6, "ar", "زئبق النفايات"),
    document(7, "en", "Mercury emissions from coal combustion"),
    document(8, "en", "Key Issues at Stake at COP1 on the Minamata Convention"),
    document(9, "en", "Report of the COP-2 meeting", summary="Paragraph 1 of the agenda."),
    document(10, "en", "Decision MC-4/3 on mercury wastes", symbols=["MC-4/3"]),
    document(11, "en", "Rules of procedure", symbols=["UNEP/MC/COP.1/17"]),
    # A French-locale alias: the English page's text, shown under /fr/ until it is translated.
    document(12, "fr", "Guidance on storing mercury wastes", text_locale="en"),
    document(13, "ar", "مقرر MC-4/3 بشأن نفايات الزئبق", symbols=["MC-4/3"]),
    document(14, "zh-hans", "2023年汞排放报告"),
    document(15, "zh-hans", "Mercury emissions inventory 2023", text_locale="en"),
    document(16, "es", "Los mineros y el mercurio", text_locale="es", kind="news"),
]


@pytest.fixture
def indexed_documents(db):
    engine = get_engine()
    engine.index_documents(DOCUMENTS)
    return engine


def titles(q, locale, **options):
    outcome = run_search(SearchParams(q=q, locale=locale, sort="relevance", **options), log=False, promotions=False)
    assert outcome.error == ""
    return [hit.title for hit in outcome.results]


# --- Stemming per language -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "q", "expected"),
    [
        # Russian: ртути (genitive) and ртуть (nominative) are one word.
        ("ru", "ртуть", {"Выбросы ртути от угольных электростанций", "Ртуть в рыбе"}),
        ("ru", "ртути", {"Выбросы ртути от угольных электростанций", "Ртуть в рыбе"}),
        ("ru", "выброс", {"Выбросы ртути от угольных электростанций"}),
        # French: the plural finds the singular.
        ("fr", "mercures", {"Le mercure dans les produits"}),
        ("fr", "produit", {"Le mercure dans les produits"}),
        # Spanish: minero finds mineros.
        ("es", "minero", {"Guía para los mineros artesanales", "Los mineros y el mercurio"}),
        ("es", "artesanal", {"Guía para los mineros artesanales"}),
        # Arabic: with and without the article ال.
        ("ar", "الزئبق", {"تقرير عن الزئبق في المنتجات", "زئبق النفايات", "مقرر MC-4/3 بشأن نفايات الزئبق"}),
        ("ar", "زئبق", {"تقرير عن الزئبق في المنتجات", "زئبق النفايات", "مقرر MC-4/3 بشأن نفايات الزئبق"}),
        ("ar", "المنتجات", {"تقرير عن الزئبق في المنتجات"}),
        ("ar", "منتج", {"تقرير عن الزئبق في المنتجات"}),  # the singular, without ال, finds the plural with it
        # English.
        ("en", "emission", {"Mercury emissions from coal combustion"}),
        ("en", "combusting", {"Mercury emissions from coal combustion"}),
    ],
)
def test_words_are_stemmed_in_the_language_of_the_locale(indexed_documents, locale, q, expected):
    assert set(titles(q, locale)) == expected


def test_a_word_of_another_language_is_not_stemmed_as_if_it_were_this_one(indexed_documents):
    # "produits" is French; the English index does not have it, and Russian has no such word.
    assert titles("produits", "en") == []
    assert titles("ртути", "en") == []


def test_an_alias_holding_english_text_is_found_by_english_words_in_its_locale(indexed_documents):
    # "waste" is stemmed as English for the alias's English text ("wastes"), and "storing" too.
    assert titles("waste", "fr") == ["Guidance on storing mercury wastes"]
    assert titles("store mercury", "fr") == ["Guidance on storing mercury wastes"]
    # …while the French document is still found by French forms.
    assert titles("mercures", "fr") == ["Le mercure dans les produits"]
    # English text under the Chinese locale too.
    assert titles("emission", "zh-hans") == ["Mercury emissions inventory 2023"]


def test_the_row_records_the_language_of_its_text(indexed_documents):
    languages = dict(SearchDocument.objects.values_list("key", "text_locale"))
    assert languages["test:12"] == "en" and languages["test:3"] == "fr" and languages["test:15"] == "en"


# --- Numbered names and symbols ----------------------------------------------------------------


HELD_OUT = "Key Issues at Stake at COP1 on the Minamata Convention"


@pytest.mark.parametrize("q", ["key issues stake COP Minamata", "COP1 Minamata", "COP-1 issues", "cop.1 convention"])
def test_cop1_is_found_however_it_is_written(indexed_documents, q):
    assert titles(q, "en") == [HELD_OUT]


@pytest.mark.parametrize("q", ["COP1", "COP-1", "COP.1", "COP 1"])
def test_cop1_alone_ranks_the_title_first_and_finds_the_symbols_with_it(indexed_documents, q):
    found = titles(q, "en")
    assert found[0] == HELD_OUT
    assert "Rules of procedure" in found  # its symbol UNEP/MC/COP.1/17 holds COP.1


def test_a_number_written_with_its_name_must_follow_it(indexed_documents):
    # "COP1" is "cop" then "1": the COP-2 report, with a "1" elsewhere, is not COP 1.
    assert "Report of the COP-2 meeting" not in titles("COP1", "en")
    assert titles("COP2", "en") == ["Report of the COP-2 meeting"]


@pytest.mark.parametrize("q", ["MC-4/3", "MC 4/3", "mc-4/3", "MC4/3", "decision MC 4/3"])
def test_decision_numbers_are_found_however_they_are_written(indexed_documents, q):
    assert titles(q, "en") == ["Decision MC-4/3 on mercury wastes"]


@pytest.mark.parametrize("q", ["UNEP/MC/COP.1/17", "unep/mc/cop.1/17", "UNEP MC COP 1 17", "COP.1/17"])
def test_document_symbols_are_found_however_they_are_written(indexed_documents, q):
    assert titles(q, "en") == ["Rules of procedure"]


def test_both_sides_see_the_same_parts():
    for written in ("COP1", "COP-1", "COP 1", "COP.1", "cop1"):
        assert tokens(written) == ["cop", "1"], written
    for written in ("MC-4/3", "MC 4/3", "MC4/3"):
        assert tokens(written) == ["mc", "4", "3"], written
    assert prepare("Key Issues at Stake at COP1", "en") == "key issu at stake at cop 1"
    units = ParsedQuery("COP1 Minamata").units
    assert [(unit.words, unit.phrase) for unit in units] == [(("cop", "1"), True), (("minamata",), False)]


# --- Mixed scripts ------------------------------------------------------------------------------


def test_arabic_words_with_a_latin_decision_number(indexed_documents):
    assert titles("مقرر MC-4/3", "ar") == ["مقرر MC-4/3 بشأن نفايات الزئبق"]
    assert titles("نفايات MC 4/3", "ar") == ["مقرر MC-4/3 بشأن نفايات الزئبق"]


def test_chinese_with_digits(indexed_documents):
    assert titles("汞 2023", "zh-hans") == ["2023年汞排放报告"]
    assert titles("汞", "zh-hans") == ["2023年汞排放报告"]  # one character inside a longer run
    assert titles("2023年汞排放", "zh-hans") == ["2023年汞排放报告"]
    # Digits alone find both the Chinese document and the English alias.
    assert set(titles("2023", "zh-hans")) == {"2023年汞排放报告", "Mercury emissions inventory 2023"}


# --- When all the words find nothing -------------------------------------------------------------


def outcome_of(q, locale="en", **options):
    return run_search(SearchParams(q=q, locale=locale, sort="relevance", **options), log=False, relax=True)


def test_all_words_found_is_not_relaxed(indexed_documents):
    outcome = outcome_of("mercury emissions")
    assert outcome.relaxed is None and outcome.count == 1


def test_the_word_that_finds_nothing_is_left_out_and_named(indexed_documents):
    outcome = outcome_of("key issues stake COP Minamata zanzibar")
    assert [hit.title for hit in outcome.results] == [HELD_OUT]
    assert outcome.relaxed.dropped == ["zanzibar"]
    assert outcome.relaxed.query == "key issues stake COP Minamata"
    assert outcome.relaxed.words == [
        ("key", False),
        ("issues", False),
        ("stake", False),
        ("COP", False),
        ("Minamata", False),
        ("zanzibar", True),
    ]
    # Without relax (exports, feeds) nothing changes: no result has every word.
    plain = run_search(SearchParams(q="key issues stake COP Minamata zanzibar", locale="en"), log=False)
    assert plain.count == 0 and plain.relaxed is None


def test_the_fewest_words_are_left_out_and_the_drop_that_finds_most_wins(indexed_documents):
    # "mercury" alone finds two documents, "coal" one: leaving out "procedure" finds most.
    outcome = outcome_of("mercury procedure")
    assert outcome.relaxed.dropped == ["procedure"]
    assert outcome.count == 2
    # Two words that find nothing: both left out (at most two).
    outcome = outcome_of("mercury wastes zanzibar qwertyuiop")
    assert outcome.relaxed.dropped == ["zanzibar", "qwertyuiop"]
    assert [hit.title for hit in outcome.results] == ["Decision MC-4/3 on mercury wastes"]
    # Three that find nothing: past two, the rarest words go first, as many as it takes.
    outcome = outcome_of("mercury zanzibar qwertyuiop asdfghjkl")
    assert outcome.relaxed.dropped == ["zanzibar", "qwertyuiop", "asdfghjkl"]
    assert outcome.relaxed.query == "mercury" and outcome.count == 2
    # Words that each find something but never all together: the rarest go until the rest do.
    outcome = outcome_of("mercury wastes rules procedure emissions coal")
    assert outcome.relaxed is not None and outcome.count > 0
    kept = [word for word, dropped in outcome.relaxed.words if not dropped]
    assert len(kept) >= 1 and len(outcome.relaxed.dropped) >= 3
    # Nothing at all: still nothing, and not relaxed.
    assert outcome_of("zanzibar qwertyuiop asdfghjkl lkjhgfdsa").relaxed is None


def test_a_single_word_is_never_relaxed(indexed_documents):
    outcome = outcome_of("zanzibar")
    assert outcome.count == 0 and outcome.relaxed is None


def test_the_relaxed_search_keeps_every_filter(indexed_documents):
    # "mineros" with the kind news finds the news; "zanzibar" is left out, the filter stays.
    outcome = outcome_of("mineros zanzibar", "es", filters={"kind": ("news",)})
    assert [hit.title for hit in outcome.results] == ["Los mineros y el mercurio"]
    assert outcome.relaxed.dropped == ["zanzibar"]
    assert outcome_of("emissions zanzibar", "en", filters={"kind": ("news",)}).relaxed is None


def test_the_api_says_which_words_were_left_out(client, indexed_documents):
    response = client.get("/api/search/", {"q": "mercury emissions zanzibar", "lang": "en"})
    data = response.json()
    assert data["count"] == 1
    assert data["relaxed"] == {"query": "mercury emissions", "dropped": ["zanzibar"]}
    assert [result["title"] for result in data["results"]] == ["Mercury emissions from coal combustion"]
    assert "relaxed" not in client.get("/api/search/", {"q": "mercury emissions", "lang": "en"}).json()


def test_the_page_says_which_words_were_left_out_in_the_visitors_language(client, site, indexed_documents):
    page = client.get("/en/search/", {"q": "mercury emissions zanzibar"}).content.decode()
    assert "No results contain all your words; showing results for:" in page
    assert "<del><bdi>zanzibar</bdi></del>" in page
    assert "Mercury emissions from coal combustion" in page


# --- Languages of each result --------------------------------------------------------------------


def test_results_name_the_languages_of_their_files(client, site, indexed_documents):
    data = client.get("/api/search/", {"q": "mercury emissions", "lang": "en"}).json()
    assert data["results"][0]["languages"] == ["en", "fr"]
    page = client.get("/en/search/", {"q": "mercury emissions"}).content.decode()
    assert "English and French" in page


# --- Through pages: an alias's document is stemmed as its source's language -----------------------


def test_an_alias_page_is_indexed_as_english_text_and_found_in_its_locale(tree):
    from django.core.management import call_command

    from wagtail.models import Locale

    french = Locale.objects.get(language_code="fr")
    alias = tree.resource.copy_for_translation(french, copy_parents=True, alias=True)
    document_of_alias = build_page_document(alias)
    assert (document_of_alias.locale, document_of_alias.text_locale) == ("fr", "en")
    assert build_page_document(tree.resource).text_locale == "en"
    call_command("update_index", backend_name="site", verbosity=0)
    # "plans" and "mining" stemmed as English find the alias's English title in French search.
    hits = run_search(SearchParams(q="plan mining", locale="fr"), log=False).results
    assert [hit.url for hit in hits] == [alias.url]
