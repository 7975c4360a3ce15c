"""Vocabularies and site texts per locale: translations as the seed writes them, labels reaching
the search facets, and the header, menus and footer in the visitor's language (issue #9, item 4).

The seeded site's own checks (every term in six languages, the seed's texts) are in
tests/seeded/test_vocabularies_seeded.py; these build what they need on the shared tree.
"""

import json
from types import SimpleNamespace

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale

import pytest
from lxml import html as lxml_html

from hub import factories as hf
from hub.models import ConventionArticle, Country, ResourceType, SiteTexts
from hub.seed import SeedContext, SeedDataError
from hub.seed.taxonomies import load_country_names, read_translations, translate_term

from .builders import clear_caches

pytestmark = pytest.mark.django_db


def locale(code):
    return Locale.objects.get(language_code=code)


def seed_context():
    context = SeedContext(verbosity=0)
    context.locale = Locale.get_default()
    return context


# The seed's translations ---------------------------------------------------------------------------
def test_a_translation_is_the_same_term_in_another_locale_and_the_sync_is_idempotent(tree):
    source = tree.types["guidance"]
    context = seed_context()
    french = translate_term(context, "T", source, locale("fr"), {"name": "Orientations"})
    assert (french.translation_key, french.slug, french.locale.language_code) == (
        source.translation_key,
        "guidance",
        "fr",
    )
    assert source.get_translation(locale("fr")).name == "Orientations"
    assert french.source_term == source
    again = seed_context()
    translate_term(again, "T", source, locale("fr"), {"name": "Orientations"})
    assert str(again.tally("T")) == "1 (0 created, 0 updated, 1 unchanged)"


def test_a_corrected_file_updates_the_seeds_own_translation_but_never_an_editors(tree):
    source = tree.article7
    translate_term(seed_context(), "T", source, locale("es"), {"name": "Extraccion de oro"})
    # The data file is corrected: nobody touched the term, so the sync takes the new name.
    context = seed_context()
    spanish = translate_term(
        context, "T", source, locale("es"), {"name": "Extracción de oro artesanal y en pequeña escala"}
    )
    assert spanish.name == "Extracción de oro artesanal y en pequeña escala"
    assert context.tally("T").updated == 1
    # An editor rewords it in the admin: the next sync keeps the editor's words.
    spanish.name = "Extracción artesanal de oro"
    spanish.save()
    context = seed_context()
    translate_term(context, "T", source, locale("es"), {"name": "Otra corrección"})
    spanish.refresh_from_db()
    assert spanish.name == "Extracción artesanal de oro"
    assert context.tally("T").kept == 1
    # Codes follow the source term in every locale.
    assert (spanish.number, spanish.kind) == (source.number, source.kind)


def test_country_names_are_cldrs_not_typed(tree):
    eu = hf.CountryFactory(name="European Union", iso3="EUU", iso2="", slug="euu", region=None)
    context = seed_context()
    load_country_names(context, SimpleNamespace(countries={"KEN": tree.kenya, "EUU": eu}))
    names = dict(Country.objects.filter(iso3="KEN").values_list("locale__language_code", "name"))
    assert names == {"en": "Kenya", "fr": "Kenya", "es": "Kenia", "ar": "كينيا", "zh-hans": "肯尼亚", "ru": "Кения"}
    assert Country.objects.get(iso3="EUU", locale=locale("fr")).name == "Union européenne"
    # Codes and the (source-locale) region are the same in every locale.
    arabic = Country.objects.get(iso3="KEN", locale=locale("ar"))
    assert (arabic.slug, arabic.iso2, arabic.region_id, arabic.translation_key) == (
        "ken",
        "KE",
        tree.africa.pk,
        tree.kenya.translation_key,
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"no-such-slug": {"fr": {"name": "X"}}}, "no-such-slug: is not a slug of this vocabulary"),
        ({"guidance": {"de": {"name": "Leitfaden"}}}, "'de' is not one of"),
        ({"guidance": {"fr": {"name": " "}}}, "fr: needs a name"),
        ({"guidance": {"fr": {"name": "Orientations", "colour": "blue"}}}, "fr: unknown fields colour"),
        (["guidance"], "must be an object keyed by slug"),
    ],
)
def test_a_malformed_translations_file_is_refused_naming_the_file_and_the_term(tmp_path, content, message):
    path = tmp_path / "resource_types.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(SeedDataError) as error:
        read_translations(path, {"guidance"}, {"name"}, {"fr", "es"})
    assert "resource_types.json" in str(error.value)
    assert message in str(error.value)


def test_the_shipped_translation_files_cover_every_term_in_every_language():
    from hub.seed import prose
    from hub.seed.taxonomies import TRANSLATIONS_DIR, VOCABULARY_FILES

    articles = [f"article-{number}" for number in range(1, 36)] + [f"annex-{letter}" for letter in "abcde"]
    vocabularies = {
        "pillars.json": [pillar["slug"] for pillar in prose.PILLARS],
        "thematic_areas.json": [area["slug"] for area in prose.THEMATIC_AREAS],
        "articles.json": articles,
        "gmp_areas.json": [slug for slug, _name, _description in prose.GMP_AREAS],
        "regions.json": [slug for slug, _name, _data_name in prose.REGIONS],
        "resource_types.json": [slug for slug, _name in prose.RESOURCE_TYPES],
    }
    languages = {"fr", "es", "ar", "zh-hans", "ru"}
    for filename, (_attribute, fields) in VOCABULARY_FILES.items():
        data = read_translations(TRANSLATIONS_DIR / filename, set(vocabularies[filename]), fields, languages)
        assert set(data) == set(vocabularies[filename]), filename
        for slug, by_language in data.items():
            assert set(by_language) == languages, (filename, slug)
            if "description" in fields:
                assert all(values.get("description") for values in by_language.values()), (filename, slug)
    assert len(vocabularies["articles.json"]) == 40 and len(vocabularies["resource_types.json"]) == 20


# Facet labels --------------------------------------------------------------------------------------
def translate_terms(indexed):
    """French names for a few terms, and French aliases of the library, indexed (search is per locale)."""
    from django.core.management import call_command

    fr = locale("fr")
    for term, name in (
        (indexed.types["guidance"], "Orientations"),
        (indexed.asgm, "Extraction minière artisanale et à petite échelle d'or"),
        (indexed.emissions, "Émissions"),
        (indexed.africa, "Afrique"),
        (indexed.kenya, "Kenya (fr)"),
    ):
        translation = term.copy_for_translation(fr)
        translation.name = name
        translation.save()
    for page in (indexed.resource, indexed.mercury_guidance, indexed.decision):
        page.copy_for_translation(fr, copy_parents=True, alias=True)
    call_command("update_index", backend_name="site", verbosity=0)
    cache.clear()
    clear_caches()


def test_a_translated_term_labels_the_facets_of_the_json_api(client, indexed):
    translate_terms(indexed)
    data = client.get("/api/search/?lang=fr&q=").json()
    labels = {facet: {value["value"]: value["label"] for value in values} for facet, values in data["facets"].items()}
    assert labels["type"]["guidance"] == "Orientations"
    assert labels["type"]["decision"] == "Decision"  # untranslated: the default locale's name
    assert labels["area"]["asgm"] == "Extraction minière artisanale et à petite échelle d'or"
    assert labels["country"]["KEN"] == "Kenya (fr)"
    assert labels["language"]["en"] == "Anglais"  # language names from CLDR
    english = client.get("/api/search/?lang=en&q=").json()
    assert {value["value"]: value["label"] for value in english["facets"]["type"]}["guidance"] == "Guidance"


def test_a_translated_term_labels_the_facets_of_the_html_page(client, indexed):
    translate_terms(indexed)
    page = lxml_html.fromstring(client.get("/fr/search/?q=").content)
    labels = {" ".join(label.text_content().split()) for label in page.xpath("//li[@class='facet-value']/label")}
    assert any(label.startswith("Orientations (") for label in labels), labels
    assert any(label.startswith("Émissions (") for label in labels), labels
    assert not any(label.startswith("Guidance (") for label in labels), labels


def test_article_labels_keep_the_number_in_every_language(tree):
    from search.facets import labels

    translation = tree.article7.copy_for_translation(locale("zh-hans"))
    translation.name = "手工和小规模采金"
    translation.save()
    cache.clear()
    assert labels("zh-hans")["article"]["7"] == "7. 手工和小规模采金"
    assert labels("en")["article"]["7"] == "7. Artisanal and small-scale gold mining"
    assert ConventionArticle.objects.filter(number="7").count() == 2


# Site texts ----------------------------------------------------------------------------------------
def menu_of(html):
    page = lxml_html.fromstring(html)
    return [" ".join(a.text_content().split()) for a in page.xpath("//div[@class='menu-panel']//nav//a")]


def footer_of(html):
    page = lxml_html.fromstring(html)
    return {
        "org": [p.text_content() for p in page.xpath("//p[@class='footer-org']")],
        "links": [a.text_content() for a in page.xpath("//nav[@class='footer-nav']//a")],
        "tagline": [span.text_content() for span in page.xpath("//span[@class='brand-tag']")],
    }


@pytest.fixture
def texts(tree):
    def menu(*items):
        return [{"type": "link", "value": {"page": page.pk, "url": "", "label": label}} for page, label in items]

    english = SiteTexts.objects.create(
        site=tree.site,
        locale=Locale.get_default(),
        site_title="Minamata Exchange Platform",
        tagline="The knowledge hub",
        organisation_name="Secretariat of the Minamata Convention on Mercury",
        main_menu=menu((tree.library, "Our library"), (tree.news_index, "")),
        footer_links=menu((tree.standard, "")),
    )
    french = SiteTexts.objects.create(
        site=tree.site,
        locale=locale("fr"),
        translation_key=english.translation_key,
        site_title="Plateforme d'échange de Minamata",
        tagline="La plateforme de connaissances",
        organisation_name="Secrétariat de la Convention de Minamata sur le mercure",
        main_menu=menu((tree.library, "Bibliothèque"), (tree.news_index, "Actualités")),
        footer_links=menu((tree.standard, "À propos")),
    )
    clear_caches()
    return SimpleNamespace(english=english, french=french)


def test_header_menu_and_footer_follow_the_locale(client, tree, texts):
    english = client.get("/en/search/").content
    assert menu_of(english)[:2] == ["Our library", tree.news_index.title]
    assert footer_of(english) == {
        "org": ["Secretariat of the Minamata Convention on Mercury"],
        "links": [tree.standard.title],
        "tagline": ["The knowledge hub"],
    }
    french = client.get("/fr/search/").content
    assert menu_of(french)[:2] == ["Bibliothèque", "Actualités"]
    assert footer_of(french) == {
        "org": ["Secrétariat de la Convention de Minamata sur le mercure"],
        "links": ["À propos"],
        "tagline": ["La plateforme de connaissances"],
    }


def translation_lookups(queries):
    return [query["sql"] for query in queries.captured_queries if '"translation_key" IN' in query["sql"]]


def test_a_menu_localizes_its_pages_in_one_query_whatever_its_length(client, tree, texts):
    with CaptureQueriesContext(connection) as queries:
        french = client.get("/fr/search/").content
    assert len(translation_lookups(queries)) == 2  # the main menu's and the footer's
    assert menu_of(french)[:2] == ["Bibliothèque", "Actualités"]


def test_menus_are_kept_until_a_page_or_the_site_texts_change(client, tree, texts):
    client.get("/fr/search/")
    with CaptureQueriesContext(connection) as queries:
        assert menu_of(client.get("/fr/search/").content)[:2] == ["Bibliothèque", "Actualités"]
    assert translation_lookups(queries) == []  # both menus from the cache
    # The library is marked as the current section on its own pages, from the cached entries.
    html = lxml_html.fromstring(client.get(tree.library.url).content)
    assert html.xpath("//div[@class='menu-panel']//nav//a[@aria-current]/text()") == ["Our library"]
    # An editor renames the news page and publishes it: the English menu shows the new title.
    tree.news_index.title = "Latest news"
    tree.news_index.save_revision().publish()
    assert menu_of(client.get("/en/search/").content)[:2] == ["Our library", "Latest news"]
    # An editor changes the French texts' label: shown at once.
    texts.french.main_menu = [
        {"type": "link", "value": {"page": tree.library.pk, "url": "", "label": "La bibliothèque"}}
    ]
    texts.french.save()
    assert menu_of(client.get("/fr/search/").content)[:1] == ["La bibliothèque"]
    # The page is unpublished: it leaves the menu.
    tree.library.unpublish()
    assert "La bibliothèque" not in menu_of(client.get("/fr/search/").content)


def site_lookups(queries):
    # Site.find_for_request's lookup, ordered by a CASE (not the site root paths Wagtail caches).
    return [
        query["sql"]
        for query in queries.captured_queries
        if 'FROM "wagtailcore_site"' in query["sql"] and "CASE" in query["sql"]
    ]


def test_the_requests_site_is_kept_until_a_site_changes(client, tree, texts):
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/search/")
    assert len(site_lookups(queries)) == 1
    with CaptureQueriesContext(connection) as queries:
        client.get("/fr/search/")
    assert site_lookups(queries) == []
    tree.site.site_name = "Renamed"
    tree.site.save()
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/search/")
    assert len(site_lookups(queries)) == 1


def test_a_language_without_texts_falls_back_to_the_default_locales(client, tree, texts):
    arabic = client.get("/ar/search/").content
    footer = footer_of(arabic)
    assert footer["org"] == ["Secretariat of the Minamata Convention on Mercury"]
    assert footer["tagline"] == ["The knowledge hub"]
    # The English menu label is not shown to an Arabic visitor: the page's own title is.
    assert menu_of(arabic)[:2] == [tree.library.title, tree.news_index.title]
    assert SiteTexts.for_site(tree.site, "ar") == texts.english
    assert SiteTexts.for_site(tree.site, "fr") == texts.french


def test_a_site_without_texts_still_renders(client, tree):
    SiteTexts.objects.all().delete()
    clear_caches()
    response = client.get("/fr/search/")
    assert response.status_code == 200
    assert footer_of(response.content)["org"] == []


def test_site_texts_declare_what_wagtail_localize_translates():
    from wagtail_localize.fields import SynchronizedField, TranslatableField

    kinds = {field.field_name: type(field) for field in SiteTexts.translatable_fields}
    assert kinds["site"] is SynchronizedField
    for name in ("site_title", "tagline", "organisation_name", "footer_text", "main_menu", "footer_links"):
        assert kinds[name] is TranslatableField, name
    assert ResourceType.translatable_fields  # vocabularies too (hub/models/taxonomy.py)


def test_site_texts_are_listed_and_edited_in_the_admin(editor_client, texts):
    from django.urls import reverse

    listing = editor_client.get(reverse("wagtailsnippets_hub_sitetexts:list"))
    assert listing.status_code == 200
    assert "La plateforme de connaissances" in listing.content.decode()
    edit = editor_client.get(reverse("wagtailsnippets_hub_sitetexts:edit", args=[texts.french.pk]))
    assert edit.status_code == 200
    assert 'value="La plateforme de connaissances"' in edit.content.decode()
