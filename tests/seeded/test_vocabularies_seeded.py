"""The seeded site in six languages: every vocabulary term translated, country names from CLDR,
site texts per locale, and facet labels in the visitor's language (issue #9, item 4)."""

import io
import json
import re

from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from wagtail.models import Locale, Site

import pytest
from lxml import html as lxml_html

from hub import cldr
from hub.models import (
    ConventionArticle,
    Country,
    GMPArea,
    Pillar,
    Region,
    ResourceType,
    SiteTexts,
    ThematicArea,
)

from ..builders import clear_caches

pytestmark = pytest.mark.django_db
LANGUAGES = ["en", "fr", "es", "ar", "zh-hans", "ru"]
VOCABULARIES = {Pillar: 4, ThematicArea: 12, ConventionArticle: 40, GMPArea: 8, Region: 5, ResourceType: 20}


def run(*args):
    output = io.StringIO()
    call_command(*args, stdout=output)
    return output.getvalue()


@pytest.mark.parametrize("model", [*VOCABULARIES, Country], ids=lambda model: model.__name__)
def test_every_term_exists_in_all_six_locales_as_a_translation_of_the_english_one(seeded, model):
    english = {term.translation_key: term for term in model.objects.filter(locale__language_code="en")}
    if model in VOCABULARIES:
        assert len(english) == VOCABULARIES[model]
    for code in LANGUAGES[1:]:
        translated = {term.translation_key: term for term in model.objects.filter(locale__language_code=code)}
        assert set(translated) == set(english), (model.__name__, code)
        for key, term in translated.items():
            assert term.slug == english[key].slug
            assert term.name.strip()
            if code in ("ar", "zh-hans", "ru") and model is not Country:
                assert term.name != english[key].name, (code, term.slug)  # really translated, not copied


def test_convention_terms_use_the_conventions_official_wording(seeded):
    names = dict(ConventionArticle.objects.filter(slug="article-7").values_list("locale__language_code", "name"))
    assert names == {
        "en": "Artisanal and small-scale gold mining",
        "fr": "Extraction minière artisanale et à petite échelle d'or",
        "es": "Extracción de oro artesanal y en pequeña escala",
        "ar": "تعدين الذهب الحرفي والضيق النطاق",
        "zh-hans": "手工和小规模采金",
        "ru": "Кустарная и мелкомасштабная золотодобыча",
    }
    # A thematic area is named like its article, and described in the language too.
    area = ThematicArea.objects.get(slug="asgm", locale__language_code="ru")
    assert area.name == names["ru"]
    english = ThematicArea.objects.get(slug="asgm", locale__language_code="en")
    assert area.description and area.description != english.description


def test_country_names_come_from_cldr(seeded):
    kenya = dict(Country.objects.filter(iso3="KEN").values_list("locale__language_code", "name"))
    assert (kenya["ar"], kenya["zh-hans"], kenya["ru"], kenya["es"]) == ("كينيا", "肯尼亚", "Кения", "Kenia")
    for code in LANGUAGES[1:]:
        for country in Country.objects.filter(locale__language_code=code):
            assert country.name == cldr.territory_name(country.iso2 or country.iso3, code), (code, country.iso3)
    assert Country.objects.get(iso3="EUU", locale__language_code="fr").name == "Union européenne"


def test_a_second_sync_changes_nothing_and_keeps_an_editors_translation(seeded):
    french = ThematicArea.objects.get(slug="asgm", locale__language_code="fr")
    french.name = "EMAPE (nom choisi par la rédaction)"
    french.save()
    output = run("sync_reference_data")
    assert re.search(r"Vocabulary translations: 445 \(0 created, 0 updated, 444 unchanged, 1 kept as edited\)", output)
    assert re.search(r"Country names \(CLDR\): \d+ \(0 created, 0 updated, \d+ unchanged\)", output)
    french.refresh_from_db()
    assert french.name == "EMAPE (nom choisi par la rédaction)"


def test_every_site_has_its_texts_in_six_languages(seeded):
    for site in Site.objects.all():
        codes = set(SiteTexts.objects.filter(site=site).values_list("locale__language_code", flat=True))
        assert codes == set(LANGUAGES), site
    gmp = SiteTexts.objects.get(site__hostname="gmp.localhost", locale__language_code="zh-hans")
    assert gmp.site_title == "全球汞伙伴关系"


def chrome(html):
    page = lxml_html.fromstring(html)

    def texts(xpath):
        return [" ".join(node.text_content().split()) for node in page.xpath(xpath)]

    return {
        "menu": texts("//nav[@class='main-nav']//a"),
        "footer": texts("//nav[@class='footer-nav']//a"),
        "org": texts("//p[@class='footer-org']"),
        "tagline": texts("//span[@class='brand-tag']"),
    }


def test_header_menus_and_footer_follow_the_locale(seeded):
    client = Client()
    expected = {
        "en": (["Thematic areas", "Library", "Parties"], ["About the platform", "Contact", "Terms of use"]),
        "fr": (["Domaines thématiques", "Bibliothèque", "Parties"], ["À propos de la plateforme", "Contact"]),
        "ar": (["المجالات المواضيعية", "المكتبة", "الأطراف"], ["حول المنصة", "اتصل بنا", "شروط الاستخدام"]),
        "zh-hans": (["专题领域", "资料库", "缔约方"], ["关于平台", "联系我们", "使用条款"]),
    }
    for code, (menu, footer) in expected.items():
        response = client.get(f"/{code}/")
        assert response.status_code == 200, code
        seen = chrome(response.content)
        assert seen["menu"][: len(menu)] == menu, code
        assert seen["footer"][: len(footer)] == footer, code
        assert seen["org"] == [
            SiteTexts.objects.get(site__is_default_site=True, locale__language_code=code).organisation_name
        ]
    assert chrome(client.get("/ru/").content)["tagline"] == ["Центр знаний Минаматской конвенции о ртути"]


def test_a_locale_without_texts_falls_back_to_english(seeded):
    SiteTexts.objects.filter(locale__language_code="es").delete()
    clear_caches()
    seen = chrome(Client().get("/es/").content)
    assert seen["org"] == ["Secretariat of the Minamata Convention on Mercury"]
    assert seen["tagline"] == ["The knowledge hub of the Minamata Convention on Mercury"]
    # English labels are not shown to a Spanish visitor: each page's title in Spanish (or its alias's).
    english = SiteTexts.objects.get(site__is_default_site=True, locale=Locale.get_default())
    spanish = Locale.objects.get(language_code="es")
    titles = [block.value["page"].get_translation(spanish).title for block in english.main_menu]
    assert seen["menu"][: len(titles)] == titles


def test_facet_labels_are_in_the_requested_locale(seeded):
    cache.clear()
    client = Client()
    data = client.get("/api/search/?lang=fr&q=").json()
    labels = {facet: {value["value"]: value["label"] for value in values} for facet, values in data["facets"].items()}
    assert labels["type"]["decision"] == "Décision"
    assert labels["area"]["asgm"] == "Extraction minière artisanale et à petite échelle d'or"
    assert labels["region"]["africa"] == "Afrique"
    assert labels["country"]["KEN"] == "Kenya" and labels["country"]["USA"] == "États-Unis"
    assert labels["language"]["en"] == "Anglais"
    chinese = client.get("/api/search/?lang=zh-hans&q=").json()["facets"]
    assert {value["value"]: value["label"] for value in chinese["pillar"]}["legal"] == "法律"
    page = lxml_html.fromstring(client.get("/ar/search/?q=").content)
    shown = " ".join(page.xpath("//li[@class='facet-value']/label//text()"))
    assert "مقرر" in shown and "أفريقيا" in shown


def test_a_corrected_translations_file_reaches_terms_nobody_edited(seeded, tmp_path):
    from hub.seed.taxonomies import TRANSLATIONS_DIR

    regions = json.loads((TRANSLATIONS_DIR / "regions.json").read_text(encoding="utf-8"))
    regions["africa"]["fr"]["name"] = "Afrique (groupe des États d'Afrique)"
    (tmp_path / "translations").mkdir()
    (tmp_path / "translations" / "regions.json").write_text(json.dumps(regions), encoding="utf-8")
    output = run("sync_reference_data", "--data-dir", str(tmp_path))
    assert re.search(r"Vocabulary translations: 445 \(0 created, 1 updated, 444 unchanged\)", output)
    assert Region.objects.get(slug="africa", locale__language_code="fr").name == "Afrique (groupe des États d'Afrique)"
