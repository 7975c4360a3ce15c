"""Untranslated pages say so, correctly (issue #9, item 2), and locale URLs take bad input.

An alias (wagtail-localize's untranslated copy) shows the visitor's interface around text in the
source language: the text carries its own lang/dir, a notice names the language and links to the
real translations, canonical names the source, hreflang and the sitemap list real translations.
"""

import re

from django.utils import translation

from wagtail.models import Locale

import pytest
from lxml import etree, html

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated(tree):
    """The topic translated into French (a real page) and aliased into Arabic."""
    arabic = Locale.objects.get(language_code="ar")
    french = Locale.objects.get(language_code="fr")
    home_ar = tree.home.copy_for_translation(arabic, alias=True)
    home_fr = tree.home.copy_for_translation(french, alias=True)
    parent = tree.topic.get_parent()
    if parent.pk != tree.home.pk:
        parent.copy_for_translation(arabic, alias=True)
        parent.copy_for_translation(french, alias=True)
    alias = tree.topic.copy_for_translation(arabic, alias=True)
    french_page = tree.topic.copy_for_translation(french)
    french_page.title = "Page en français"
    french_page.save_revision().publish()
    return {"source": tree.topic, "alias": alias, "french": french_page, "homes": (home_ar, home_fr)}


def _doc(response):
    assert response.status_code == 200, response.status_code
    return html.fromstring(response.content.decode())


def test_alias_marks_its_text_and_points_at_the_source(client, translated):
    alias = translated["alias"]
    doc = _doc(client.get(alias.url))

    # The interface is Arabic, right to left ...
    root = doc.getroottree().getroot()
    assert root.get("lang") == "ar" and root.get("dir") == "rtl"
    # ... the page's own text says it is English, left to right.
    heading = doc.xpath("//main//h1")[0]
    assert heading.get("lang") == "en" and heading.get("dir") == "ltr"
    assert heading.text_content().strip() == translated["source"].title
    for prose in doc.xpath("//main//*[contains(concat(' ', @class, ' '), ' prose ')]"):
        assert prose.get("lang") == "en" and prose.get("dir") == "ltr"

    # A notice names the language and links to the real translations (not to aliases).
    notice = doc.xpath("//main//*[contains(@class, 'notice--language')]")
    assert notice, "an alias shows the untranslated notice"
    links = {a.get("hreflang"): a.get("href") for a in notice[0].xpath(".//a")}
    assert links == {"en": translated["source"].url, "fr": translated["french"].url}

    # canonical names the source; hreflang lists the real translations and x-default only.
    canonical = doc.xpath("//link[@rel='canonical']")[0].get("href")
    assert canonical.endswith(translated["source"].url)
    alternates = {link.get("hreflang"): link.get("href") for link in doc.xpath("//link[@rel='alternate'][@hreflang]")}
    assert set(alternates) == {"en", "fr", "x-default"}
    assert alternates["x-default"] == alternates["en"]
    assert not any("/ar/" in url for url in alternates.values())


def test_translation_is_its_own_canonical_without_notice(client, translated):
    french = translated["french"]
    doc = _doc(client.get(french.url))
    assert doc.getroottree().getroot().get("lang") == "fr"
    heading = doc.xpath("//main//h1")[0]
    assert heading.get("lang") is None and heading.text_content().strip() == "Page en français"
    assert not doc.xpath("//main//*[contains(@class, 'notice--language')]")
    assert doc.xpath("//link[@rel='canonical']")[0].get("href").endswith(french.url)
    alternates = {link.get("hreflang") for link in doc.xpath("//link[@rel='alternate'][@hreflang]")}
    assert alternates == {"en", "fr", "x-default"}


def test_source_page_has_no_notice_and_lists_translations(client, translated):
    doc = _doc(client.get(translated["source"].url))
    assert not doc.xpath("//main//*[contains(@class, 'notice--language')]")
    assert doc.xpath("//main//h1")[0].get("lang") is None
    alternates = {link.get("hreflang") for link in doc.xpath("//link[@rel='alternate'][@hreflang]")}
    assert alternates == {"en", "fr", "x-default"}


def test_untranslated_page_without_translations_has_no_alternates(client, tree):
    doc = _doc(client.get(tree.topic.url))
    assert not doc.xpath("//link[@rel='alternate'][@hreflang]")


def test_sitemap_agrees_with_canonical_and_hreflang(client, translated):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = etree.fromstring(response.content)
    locations = [loc.text for loc in tree.findall("s:url/s:loc", ns)]
    assert not any(loc.endswith(translated["alias"].url) for loc in locations), "aliases are not listed"
    by_location = {
        url.find("s:loc", ns).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        for url in tree.findall("s:url", ns)
    }
    source = next(loc for loc in locations if loc.endswith(translated["source"].url))
    french = next(loc for loc in locations if loc.endswith(translated["french"].url))
    assert by_location[source] == by_location[french]
    assert set(by_location[source]) == {"en", "fr", "x-default"}
    assert by_location[source]["fr"] == french and by_location[source]["x-default"] == source
    # The page's own hreflang links say the same.
    doc = _doc(client.get(translated["source"].url))
    page_links = {link.get("hreflang"): link.get("href") for link in doc.xpath("//link[@rel='alternate'][@hreflang]")}
    assert page_links == by_location[source]


def test_symbols_are_isolated_inside_arabic(client, tree):
    """A UN symbol keeps its left-to-right order inside Arabic text (<bdi>)."""
    resource = tree.decision
    assert resource.symbol
    arabic = Locale.objects.get(language_code="ar")
    tree.home.copy_for_translation(arabic, alias=True)
    for ancestor in resource.get_ancestors().filter(depth__gt=tree.home.depth):
        if not ancestor.get_translations().filter(locale=arabic).exists():
            ancestor.copy_for_translation(arabic, alias=True)
    alias = resource.copy_for_translation(arabic, alias=True)
    body = client.get(alias.url).content.decode()
    symbol = re.escape(resource.symbol.split("/")[0])
    assert re.search(rf"<bdi>{symbol}/", body), "the symbol is wrapped in <bdi>"


@pytest.mark.parametrize(
    ("header", "expected"),
    [("", "/en/"), ("fr-CH, fr;q=0.9", "/fr/"), (";;;q=abc,zz-ZZ-x", "/en/"), ("*", "/en/"), ("ar", "/ar/")],
)
def test_root_redirect_by_accept_language(client, site, header, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_unknown_locale_prefix_is_not_found_in_the_visitors_language(client, site):
    response = client.get("/de/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404, "answered where asked, not redirected to /fr/de/"
    doc = html.fromstring(response.content.decode())
    assert doc.getroottree().getroot().get("lang") == "fr"
    with translation.override("fr"):
        heading = translation.gettext("We could not find this page")
    assert heading != "We could not find this page", "the French catalogue is compiled"
    assert doc.xpath("//main//h1")[0].text_content().strip() == heading
    response = client.get("/pt-br/library/", HTTP_ACCEPT_LANGUAGE="garbage;;q=x")
    assert response.status_code == 404
    assert html.fromstring(response.content.decode()).getroottree().getroot().get("lang") == "en"
    # A path without any prefix still goes to the visitor's language.
    response = client.get("/library/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302 and response["Location"] == "/fr/library/"


def test_machine_interfaces_answer_their_own_404(client, site):
    """Under /api/ a 404 is the interface's own error body, never a redirect to /<language>/api/…."""
    response = client.get("/api/v2/pages/987654/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert response.json() == {"message": "No Page matches the given query."}
    response = client.get("/api/informea/Unknown", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert response.json()["error"]["message"]["lang"] == "en"


def test_page_missing_in_a_locale_never_fails(client, tree):
    """Under a locale with no tree yet, a page is served in its own language, marked and canonical to it."""
    path = tree.topic.url.replace("/en/", "/zh-hans/", 1)
    response = client.get(path)
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        doc = _doc(response)
        assert doc.getroottree().getroot().get("lang") == "zh-hans"
        assert doc.xpath("//main//h1")[0].get("lang") == "en"
        assert doc.xpath("//main//*[contains(@class, 'notice--language')]")
        assert doc.xpath("//link[@rel='canonical']")[0].get("href").endswith(tree.topic.url)
    assert client.get("/zh-hans/no-such-page/").status_code == 404


def test_search_results_mark_text_in_another_language(client, tree):
    """Under /ar/, an untranslated resource is found (English text) and its title says it is English."""
    from library.models import ResourcePage
    from search.indexing import index_pages

    arabic = Locale.objects.get(language_code="ar")
    tree.home.copy_for_translation(arabic, alias=True)
    tree.library.copy_for_translation(arabic, alias=True)
    alias = tree.decision.copy_for_translation(arabic, alias=True)
    index_pages(ResourcePage, [alias.pk, tree.decision.pk])

    doc = _doc(client.get("/ar/search/", {"q": "mercury-added products"}))
    titles = doc.xpath("//*[contains(@class, 'result-title')]")
    assert titles, "the alias is found by its English words under /ar/"
    assert {(title.get("lang"), title.get("dir")) for title in titles} == {("en", "ltr")}
    english = _doc(client.get("/en/search/", {"q": "mercury-added products"}))
    for title in english.xpath("//*[contains(@class, 'result-title')]"):
        assert title.get("lang") is None and title.get("dir") is None


def test_the_language_of_listed_aliases_costs_no_query_per_item(translated, django_assert_num_queries):
    """Listings ask content_language() for every item: once known, aliases and pages cost nothing."""
    from wagtail.models import Page

    from hub.content_language import content_language

    pages = list(Page.objects.filter(translation_key=translated["source"].translation_key))
    assert {content_language(page) for page in pages} == {"en", "fr"}  # the Arabic alias: English
    fresh = list(Page.objects.filter(translation_key=translated["source"].translation_key))
    with django_assert_num_queries(0):
        assert sorted(content_language(page) for page in fresh) == sorted(content_language(page) for page in pages)
