"""Names, dates and numbers per language come from CLDR (hub/cldr.py and the hub_tags filters)."""

import datetime

from django.template import Context, Template
from django.utils import translation

import pytest

from hub import cldr
from hub.models.languages import UN_LANGUAGES
from hub.templatetags import hub_tags

START, END = datetime.date(2023, 10, 30), datetime.date(2023, 11, 3)
LANGUAGES = ["en", "fr", "es", "ar", "zh-hans", "ru"]
ARABIC_INDIC_DIGITS = set("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")


def render(source, language, **context):
    with translation.override(language):
        return Template("{% load hub_tags %}" + source).render(Context(context))


def plain(text):
    """CLDR's no-break spaces as plain ones, for readable expectations of dates."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize(
    ("code", "identifier"),
    [("en", "en_001"), ("fr", "fr"), ("zh-hans", "zh_Hans"), ("zh", "zh_Hans"), ("ar", "ar"), ("xx-yy", "en_001")],
)
def test_django_codes_map_to_babel_locales(code, identifier):
    assert str(cldr.babel_locale(code)) == identifier


@pytest.mark.parametrize(
    ("language", "kenya", "eu"),
    [
        ("en", "Kenya", "European Union"),
        ("fr", "Kenya", "Union européenne"),
        ("es", "Kenia", "Unión Europea"),
        ("ar", "كينيا", "الاتحاد الأوروبي"),
        ("zh-hans", "肯尼亚", "欧盟"),
        ("ru", "Кения", "Европейский союз"),
    ],
)
def test_country_names_come_from_cldr_by_alpha2_and_the_eu_by_its_reserved_code(language, kenya, eu):
    assert cldr.territory_name("KE", language) == kenya
    assert cldr.territory_name("EUU", language) == eu  # our alpha-3 for the EU; CLDR calls it "EU"
    assert cldr.territory_name("QQ", language) == ""  # unknown: no name rather than a wrong one


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "30 October 2023"),  # as the UN writes English, not "October 30, 2023"
        ("fr", "30 octobre 2023"),
        ("es", "30 de octubre de 2023"),
        ("ar", "30 أكتوبر 2023"),
        ("zh-hans", "2023年10月30日"),
        ("ru", "30 октября 2023 г."),
    ],
)
def test_fulldate_in_each_language(language, expected):
    assert plain(render("{{ day|fulldate }}", language, day=START)) == expected


@pytest.mark.parametrize(
    ("language", "across_months", "same_month", "across_years"),
    [
        ("en", "30 October – 3 November 2023", "30–31 October 2023", "30 December 2023 – 3 January 2024"),
        ("fr", "30 octobre – 3 novembre 2023", "30–31 octobre 2023", "30 décembre 2023 – 3 janvier 2024"),
        ("es", "30 de octubre – 3 de noviembre de 2023", "30–31 de octubre de 2023", None),
        ("ru", "30 октября — 3 ноября 2023 г.", "30—31 октября 2023 г.", None),
        ("zh-hans", "2023年10月30日 – 11月3日", "2023年10月30日 – 31日", "2023年12月30日 – 2024年1月3日"),
        ("ar", "30 أكتوبر – 3 نوفمبر 2023", "30–31 أكتوبر 2023", None),
    ],
)
def test_daterange_shares_what_the_two_dates_share(language, across_months, same_month, across_years):
    assert plain(render("{% daterange a b %}", language, a=START, b=END)) == across_months
    assert plain(render("{% daterange a b %}", language, a=START, b=START + datetime.timedelta(days=1))) == same_month
    if across_years:
        pair = {"a": datetime.date(2023, 12, 30), "b": datetime.date(2024, 1, 3)}
        assert plain(render("{% daterange a b %}", language, **pair)) == across_years
    # One day, or no end: the full date.
    assert render("{% daterange a a %}", language, a=START) == render("{{ a|fulldate }}", language, a=START)
    assert render("{% daterange a %}", language, a=START) == render("{{ a|fulldate }}", language, a=START)


@pytest.mark.parametrize("language", LANGUAGES)
def test_times_are_24_hour_with_western_digits_everywhere(language):
    assert render("{{ t|shorttime }}", language, t=datetime.time(14, 5)) == "14:05"


def test_resource_date_keeps_the_known_precision():
    class Resource:
        publication_date = datetime.date(2019, 5, 1)
        date_precision = "month"

    with translation.override("fr"):
        assert hub_tags.resource_date(Resource()) == "mai 2019"
        Resource.date_precision = "year"
        assert hub_tags.resource_date(Resource()) == "2019"
        Resource.date_precision = "day"
        assert hub_tags.resource_date(Resource()) == "1 mai 2019"
    with translation.override("zh-hans"):
        Resource.date_precision = "month"
        assert hub_tags.resource_date(Resource()) == "2019年5月"


@pytest.mark.parametrize(
    ("language", "count", "money", "size"),
    [
        ("en", "1,234,567", "US$1,250,000", "1.2 MB"),
        ("fr", "1\u202f234\u202f567", "1\u202f250\u202f000\xa0$US", "1,2\u202fMo"),
        ("es", "1.234.567", "1.250.000\xa0US$", "1,2 MB"),
        ("ru", "1\xa0234\xa0567", "1\xa0250\xa0000\xa0$", "1,2 МБ"),
        ("zh-hans", "1,234,567", "US$1,250,000", "1.2 MB"),
    ],
)
def test_numbers_money_and_file_sizes_per_language(language, count, money, size):
    assert render("{{ n|number }}", language, n=1234567) == count
    assert render("{{ n|money }}", language, n=1250000) == money
    assert render("{{ n|filesize }}", language, n=1_300_000) == size


def test_arabic_keeps_western_digits_as_the_un_does():
    text = render(
        "{{ n|number }} {{ m|money }} {{ s|filesize }} {{ d|fulldate }}", "ar", n=1234567, m=5000, s=2048, d=END
    )
    assert "1,234,567" in text and "5,000" in text and "2.0" in text and "2023" in text
    assert not ARABIC_INDIC_DIGITS & set(text)


def test_number_filters_leave_what_is_not_a_number():
    assert render("{{ n|number }}|{{ n|money }}|{{ n|filesize }}", "en", n=None) == "||"
    assert render("{{ n|number }}", "en", n="abc") == "abc"
    assert render("{{ n|number:2 }}", "fr", n=3.14159) == "3,14"
    assert render("{{ n|filesize }}", "en", n=5) == "5 bytes"


def test_language_names_follow_the_visitor_and_the_switcher_shows_native_names():
    # Listed as each language lists (CLDR): no Latin comma inside Arabic or Chinese.
    assert render("{{ codes|language_names }}", "fr", codes=["en", "fr", "zh"]) == "anglais, français et chinois"
    assert render("{{ codes|language_names }}", "ar", codes=["en", "ru"]) == "الإنجليزية والروسية"
    assert render("{{ codes|language_names }}", "zh-hans", codes=["en", "fr", "ru"]) == "英语、法语和俄语"
    assert render("{{ codes|language_names }}", "en", codes=["xx"]) == "xx"  # unknown code: shown as is
    assert hub_tags.NATIVE_NAMES == {
        "en": "English",
        "fr": "Français",
        "es": "Español",
        "ar": "العربية",
        "zh-hans": "中文",
        "ru": "Русский",
    }


def test_un_language_choice_labels_are_cldr_names_in_the_active_language():
    labels = dict(UN_LANGUAGES)
    with translation.override("fr"):
        assert (str(labels["en"]), str(labels["zh"])) == ("Anglais", "Chinois")
    with translation.override("ru"):
        assert str(labels["ar"]) == "Арабский"
    with translation.override("en"):
        assert str(labels["es"]) == "Spanish"


def test_listed_joins_text_and_escapes_what_is_not_safe():
    from django.utils.safestring import mark_safe

    links = [mark_safe('<a href="/a/">A</a>'), "B & C"]
    assert render("{{ items|listed }}", "en", items=links) == '<a href="/a/">A</a> and B &amp; C'
    assert render("{{ items|listed }}", "ar", items=["أ", "ب", "ج"]) == "أ وب وج"
    assert render("{{ items|listed }}", "en", items=[]) == ""
