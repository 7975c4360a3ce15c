"""The facts-and-figures page on the real seed: at /<lang>/data/ in every locale, its charts
equal to the seeded records (issue #11, item 4)."""

from django.conf import settings
from django.test import Client

from wagtail.models import Locale

import pytest
from lxml import html

from hub.models import CountryProfilePage, DataPage, Region

pytestmark = pytest.mark.django_db


def _figure(doc, key):
    (figure,) = doc.xpath(f'//figure[@id="chart-{key}"]')
    return figure


def _values(figure, path):
    values = {}
    for element in figure.xpath(path):
        values[element.get("data-category")] = values.get(element.get("data-category"), 0) + int(
            element.get("data-value")
        )
    return values


def test_data_page_in_every_locale(seeded):
    client = Client()
    for code, _name in settings.LANGUAGES:
        assert DataPage.objects.filter(locale__language_code=code).live().exists(), code
        response = client.get(f"/{code}/data/")
        assert response.status_code == 200, code
        doc = html.fromstring(response.content.decode())
        assert doc.get("lang") == code
        # Every chart has bars: the seed has Parties, projects and resources.
        assert len(doc.xpath("//svg[contains(@class, 'chart-svg')]")) >= 7, code


def test_parties_by_region_equal_the_seeded_party_profiles(seeded):
    doc = html.fromstring(Client().get("/en/data/").content.decode())
    figure = _figure(doc, "parties-by-region")
    parties = CountryProfilePage.objects.live().filter(locale=Locale.get_default(), status="party")
    expected = {
        region.slug: parties.filter(country__region=region).count() for region in Region.objects.default_locale()
    }
    if parties.filter(country__region__isnull=True).exists():
        expected["none"] = parties.filter(country__region__isnull=True).count()
    assert all(expected.values()), "every UN region has Parties in the seed"
    assert _values(figure, ".//svg//rect[@data-value]") == expected
    assert _values(figure, ".//table//td[@data-value]") == expected
    assert sum(expected.values()) == parties.count()


def test_home_page_links_the_data_page(seeded):
    doc = html.fromstring(Client().get("/fr/").content.decode())
    assert doc.xpath("//a[@href='/fr/data/']")
