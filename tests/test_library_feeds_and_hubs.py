"""Syndication and the two hubs: Atom feeds, the library listing, and the GMP site's library."""

from wagtail.models import Locale

import pytest
from lxml import etree
from lxml import html as lxml_html

from hub.models import SiteSettings, SiteTexts
from library import factories as lf
from library.models import LibraryIndexPage

from .builders import GMP_HOST, build_gmp_site, clear_caches
from .test_library_presentation import build_rich_resource, get_html, json_ld_of, text_of

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def lib(tree):
    return build_rich_resource(tree)


# --- Feeds -----------------------------------------------------------------------------------


def atom(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = etree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    return root


@pytest.mark.django_db
def test_library_feed_is_valid_atom_with_complete_entries(lib, client):
    root = atom(client.get(f"{lib.library.url}feed/"))
    entries = root.findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert set(titles) == {lib.resource.title, lib.decision.title, lib.national_report.title, lib.rich.title}
    assert titles[0] == lib.rich.title  # newest first
    entry = entries[0]
    assert entry.find(f"{ATOM}link").get("href") == lib.rich.get_full_url()
    assert entry.findtext(f"{ATOM}id") == lib.rich.get_full_url()
    assert entry.findtext(f"{ATOM}summary") == lib.rich.summary
    assert entry.findtext(f"{ATOM}updated")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Doe, Jane Anne; Dupont, Jean-Paul; World Health Organization"
    categories = {category.get("term") for category in entry.findall(f"{ATOM}category")}
    assert {"Report", lib.asgm.name, "gold", "amalgam"} <= categories
    assert root.find(f"{ATOM}author/{ATOM}name") is not None  # entries without authors inherit it


@pytest.mark.django_db
def test_feed_filters_by_thematic_area(lib, client):
    root = atom(client.get(f"{lib.library.url}feed/", {"area": "emissions"}))
    assert root.findall(f"{ATOM}entry") == []
    root = atom(client.get(f"{lib.library.url}feed/", {"area": "asgm"}))
    titles = {entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")}
    assert titles == {lib.resource.title, lib.decision.title, lib.rich.title}
    assert "Artisanal and small-scale gold mining" in root.findtext(f"{ATOM}title")


@pytest.mark.django_db
def test_feed_of_unknown_area_is_not_found(lib, client):
    assert client.get(f"{lib.library.url}feed/", {"area": "no-such-area"}).status_code == 404


@pytest.mark.django_db
def test_feed_escapes_markup_in_summaries(lib, client):
    lib.rich.summary = "<script>alert(1)</script> & more"
    lib.rich.save()
    root = atom(client.get(f"{lib.library.url}feed/"))
    summary = root.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    # Readers unescape the HTML once and get text, not a script element.
    assert summary.text == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"


@pytest.mark.django_db
def test_library_and_thematic_area_pages_announce_their_feeds(lib, client):
    library = lxml_html.fromstring(get_html(client, lib.library))
    feeds = library.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]/@href')
    assert feeds == [f"{lib.library.url}feed/"]
    area = lxml_html.fromstring(get_html(client, lib.area_page))
    feeds = area.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]/@href')
    assert feeds == [f"{lib.library.url}feed/?area=asgm"]
    assert client.get(feeds[0]).status_code == 200


@pytest.mark.django_db
def test_library_index_offers_exports_and_paginates(lib, client, monkeypatch):
    page = lxml_html.fromstring(get_html(client, lib.library))
    exports = page.xpath('//nav[@class="export-links"]//a/@href')
    for fmt in ("csv", "json", "ris", "bibtex"):
        assert f"{lib.library.url}export/?format={fmt}" in exports
    monkeypatch.setattr(LibraryIndexPage, "per_page", 2)
    for extra in range(3):
        lf.ResourcePageFactory(parent=lib.library, title=f"Extra {extra}")
    response = client.get(lib.library.url, {"page": 2})
    assert response.status_code == 200
    assert len(response.context["resources"]) == 2
    assert lxml_html.fromstring(response.content).xpath('//nav[@class="pagination"]//a[@rel="next"]')
    assert client.get(lib.library.url, {"page": 99}).status_code == 404
    assert client.get(lib.library.url, {"page": "x"}).status_code == 404


# --- Two hubs, one record --------------------------------------------------------------------


@pytest.fixture
def hubs(lib):
    t = build_gmp_site(lib)
    t.library.collection = t.minamata
    t.library.save()
    t.gmp_library = lf.LibraryIndexPageFactory(
        parent=t.gmp_home, title="GMP library", slug="library", collection=t.gmp, intro="The partnership's library."
    )
    settings = SiteSettings.for_site(t.gmp_site)
    settings.brand = "gmp"
    settings.save()
    SiteTexts.objects.create(
        site=t.gmp_site, locale=Locale.get_default(), site_title="Global Mercury Partnership knowledge hub"
    )
    # rich: both collections; resource, decision: Minamata only; gmp_resource: GMP only.
    for resource, chosen in ((t.resource, [t.minamata]), (t.decision, [t.minamata]), (t.gmp_resource, [t.gmp])):
        resource.collections.set(chosen)
        resource.save()  # ParentalManyToManyField writes on save
    clear_caches()
    return t


def listed(client, library, host):
    response = client.get(library.url if host == "localhost" else "/en/library/", headers={"host": host})
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    return {text_of(a): a.get("href") for a in page.xpath('//ul[@class="resource-list"]//h2/a')}


@pytest.mark.django_db
def test_gmp_library_lists_exactly_collection_gmp(hubs, client):
    gmp = listed(client, hubs.gmp_library, GMP_HOST)
    assert set(gmp) == {hubs.rich.title, hubs.gmp_resource.title}
    minamata = listed(client, hubs.library, "localhost")
    assert set(minamata) == {hubs.rich.title, hubs.resource.title, hubs.decision.title}


@pytest.mark.django_db
def test_resource_in_both_hubs_has_one_canonical_url(hubs, client):
    canonical = hubs.rich.get_full_url()
    assert canonical.startswith("http://localhost/")  # stored once, under the Minamata library
    gmp_link = listed(client, hubs.gmp_library, GMP_HOST)[hubs.rich.title]
    minamata_link = listed(client, hubs.library, "localhost")[hubs.rich.title]
    assert gmp_link == canonical  # absolute: the record lives on the other site
    assert "http://localhost" + minamata_link == canonical
    page = lxml_html.fromstring(client.get(minamata_link).content)
    assert page.xpath('//link[@rel="canonical"]/@href') == [canonical]
    assert json_ld_of(page)["url"] == canonical
    # The GMP hub does not serve a copy of its own.
    assert client.get(minamata_link, headers={"host": GMP_HOST}).status_code == 404


@pytest.mark.django_db
def test_gmp_site_has_its_own_branding(hubs, client):
    gmp_home = lxml_html.fromstring(get_html(client, hubs.gmp_home, host=GMP_HOST))
    assert "brand-gmp" in gmp_home.xpath("//body/@class")[0]
    assert gmp_home.xpath('//a[@class="brand"]//img/@src') == ["/static/img/gmp-logo.svg"]
    assert "Global Mercury Partnership knowledge hub" in text_of(gmp_home.xpath('//a[@class="brand"]')[0])
    assert hubs.gmp_area_page.title in text_of(gmp_home)
    assert hubs.rich.title in text_of(gmp_home)  # the latest of its library
    minamata_home = lxml_html.fromstring(get_html(client, hubs.home))
    assert "brand-gmp" not in minamata_home.xpath("//body/@class")[0]
    assert minamata_home.xpath('//a[@class="brand"]//img') == []
    assert "Minamata Exchange Platform" in text_of(minamata_home.xpath('//a[@class="brand"]')[0])


@pytest.mark.django_db
def test_gmp_area_page_lists_its_resources_with_canonical_links(hubs, client):
    hubs.gmp_area.thematic_areas.add(hubs.asgm)
    page = lxml_html.fromstring(get_html(client, hubs.gmp_area_page, host=GMP_HOST))
    links = {text_of(a): a.get("href") for a in page.xpath('//ul[@class="resource-list"]//a')}
    assert links[hubs.rich.title] == hubs.rich.get_full_url()
    assert hubs.area_page.get_full_url() in page.xpath("//a/@href")  # the priority area, on the other site
