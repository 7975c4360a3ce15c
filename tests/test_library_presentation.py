"""How a resource is presented: its page, download buttons, citation, meta tags and JSON-LD."""

import copy
import datetime
import io
import json
import re
from urllib.parse import urlsplit

from django.utils import translation

from wagtail.models import Locale

import pytest
from lxml import html as lxml_html
from pypdf import PdfWriter

from hub import factories as hf
from library import factories as lf
from library.citation import Author, BibRecord, FileRecord, bibliographic_record, citation_text, json_ld
from library.models import LibraryCollection, RelatedResource, ResourceAuthor, ResourceFile
from partners.models import Organisation

from .builders import build_gmp_site, clear_caches, make_document, rolled_back

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE_TITLE = '</script><script>alert("x")</script> Mercury & "gold" <b>bold</b>'


# --- Building content ----------------------------------------------------------------------


def pdf_bytes(text="Mercury"):
    """A small, real, one-page PDF."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def collections():
    english = Locale.get_default()
    minamata, _ = LibraryCollection.objects.get_or_create(
        slug="minamata", locale=english, defaults={"name": "Minamata Convention library"}
    )
    gmp, _ = LibraryCollection.objects.get_or_create(
        slug="gmp", locale=english, defaults={"name": "Global Mercury Partnership"}
    )
    return minamata, gmp


def add_files(resource, files):
    for position, (language, name, content) in enumerate(files):
        ResourceFile.objects.create(
            page=resource, document=make_document(name, content), language=language, sort_order=position
        )


def add_authors(resource, authors):
    for position, (name, kind) in enumerate(authors):
        ResourceAuthor.objects.create(page=resource, name=name, kind=kind, sort_order=position)


def build_rich_resource(t):
    """A resource with every part filled in, beside the tree's resources."""
    t.minamata, t.gmp = collections()
    t.unep = Organisation.objects.create(
        name="United Nations Environment Programme", slug="unep", acronym="UNEP", website="https://www.unep.org/"
    )
    t.gmp_area = hf.GMPAreaFactory(name="Chlor-alkali production", slug="chlor-alkali")
    t.rich = lf.ResourcePageFactory(
        parent=t.library,
        title="Guidance on mercury in artisanal gold mining: a toolkit",
        slug="asgm-toolkit",
        identifier="10.5555/asgm-toolkit",
        resource_type=t.types["report"],
        summary="How to reduce mercury use in artisanal gold mining.",
        publication_date=datetime.date(2019, 5, 1),
        date_precision="day",
        publisher=t.unep,
        publisher_name="",
        symbol="UNEP/MC/COP.3/INF/5",
        meeting=t.meeting,
        isbn="978-92-807-3753-0",
        doi="10.5555/asgm-toolkit",
        handle="20.500.11822/12345",
        licence="CC-BY-4.0",
        external_url="https://www.unep.org/asgm-toolkit",
        languages=["en", "fr"],
        thematic_areas=[t.asgm],
        articles=[t.article7],
        gmp_areas=[t.gmp_area],
        countries=[t.kenya],
        collections=[t.minamata, t.gmp],
    )
    t.rich.tags.add("gold", "amalgam")
    t.rich.save()
    add_authors(
        t.rich,
        [("Doe, Jane Anne", "person"), ("Dupont, Jean-Paul", "person"), ("World Health Organization", "organisation")],
    )
    add_files(
        t.rich,
        [("fr", "guide-fr.pdf", pdf_bytes("Guide")), ("en", "guide-en.pdf", pdf_bytes("Guide") + b"\n" * 900)],
    )
    RelatedResource.objects.create(page=t.rich, resource=t.resource, sort_order=0)
    clear_caches()
    return t


@pytest.fixture(scope="module")
def shared_lib(shared_tree, django_db_blocker):
    """The rich resource beside the tree, built once for the module (see docs/testing.md)."""
    with rolled_back(django_db_blocker):
        yield copy.deepcopy(build_rich_resource(copy.deepcopy(shared_tree)))


@pytest.fixture
def lib(shared_lib, tree):
    return tree  # the copy of `shared_lib` (tests/conftest.py)


def path_of(page):
    return urlsplit(page.get_full_url()).path


def get_html(client, page, host="localhost"):
    response = client.get(path_of(page), headers={"host": host})
    assert response.status_code == 200, page.url
    return response.content.decode()


def metas(document, name):
    return [element.get("content") for element in document.xpath(f'//meta[@name="{name}"]')]


def json_ld_of(document):
    scripts = document.xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def text_of(element):
    return re.sub(r"\s+", " ", element.text_content().replace("\xa0", " ")).strip()


# --- The resource page -----------------------------------------------------------------------


@pytest.mark.django_db
def test_resource_page_shows_every_part(lib, client):
    build_gmp_site(lib)  # gives the GMP area a page to link to
    page = lxml_html.fromstring(get_html(client, lib.rich))
    main = text_of(page.xpath("//main")[0])
    for text in (
        lib.rich.title,
        "Report",
        "1 May 2019",
        "Doe, Jane Anne",
        "World Health Organization",
        "United Nations Environment Programme",
        "UNEP/MC/COP.3/INF/5",
        lib.rich.summary,
        "9789280737530",
        "Creative Commons Attribution 4.0",
        "English and French",  # listed as English lists (CLDR)
        "gold",
    ):
        assert text in main, text
    hrefs = {a.get("href") for a in page.xpath("//main//a")}
    assert path_of(lib.meeting) in hrefs
    assert "https://doi.org/10.5555/asgm-toolkit" in hrefs
    assert "https://hdl.handle.net/20.500.11822/12345" in hrefs
    assert "https://creativecommons.org/licenses/by/4.0/" in hrefs
    assert "https://www.unep.org/asgm-toolkit" in hrefs
    assert path_of(lib.resource) in hrefs  # related resource
    assert path_of(lib.area_page) in hrefs  # thematic area page
    assert path_of(lib.party) in hrefs  # country profile
    assert lib.gmp_area_page.get_full_url() in hrefs  # GMP area page, on the GMP site
    rich = path_of(lib.rich)
    assert f"{rich}cite/ris/" in hrefs and f"{rich}cite/bibtex/" in hrefs


@pytest.mark.django_db
def test_download_buttons_per_language_with_format_and_size(lib, client):
    page = lxml_html.fromstring(get_html(client, lib.rich))
    rows = page.xpath('//li[@class="download"]')
    assert [row.xpath(".//span[@lang]")[0].get("lang") for row in rows] == ["en", "fr"]  # UN order
    french = rows[1]
    assert french.xpath(".//span[@lang]")[0].text == "Français"
    link = french.xpath(".//a")[0]
    document = lib.rich.files.get(language="fr").document
    assert link.get("href") == document.url
    assert link.get("hreflang") == "fr"
    assert link.get("type") == "application/pdf"
    size = len(pdf_bytes("Guide"))
    assert text_of(link) == f"Download (French, PDF, {size} bytes)"
    english = text_of(rows[0].xpath(".//a")[0])
    assert re.fullmatch(r"Download \(English, PDF, \d\.\d kB\)", english), english  # CLDR: kB


@pytest.mark.django_db
def test_cite_box_has_selectable_text_and_copy_button_only_for_javascript(lib, client):
    page = lxml_html.fromstring(get_html(client, lib.rich))
    quote = page.xpath('//blockquote[@id="citation-text"]')[0]
    expected = citation_text(bibliographic_record(lib.rich))
    assert text_of(quote) == expected
    assert expected.startswith("Doe, J. A., Dupont, J.-P., & World Health Organization. (2019, May 1).")
    assert f"Retrieved from {lib.rich.get_full_url()}" in expected
    button = page.xpath("//button[@data-copy-citation]")[0]
    assert button.get("hidden") is not None  # no JavaScript, no button
    assert button.get("data-copy-citation") == "citation-text"


@pytest.mark.django_db
def test_highwire_and_dublin_core_meta(lib, client):
    page = lxml_html.fromstring(get_html(client, lib.rich))
    assert metas(page, "citation_title") == [lib.rich.title]
    assert metas(page, "citation_author") == ["Doe, Jane Anne", "Dupont, Jean-Paul", "World Health Organization"]
    assert metas(page, "citation_publication_date") == ["2019/05/01"]
    assert metas(page, "citation_publisher") == ["United Nations Environment Programme"]
    assert metas(page, "citation_technical_report_number") == ["UNEP/MC/COP.3/INF/5"]
    assert metas(page, "citation_doi") == ["10.5555/asgm-toolkit"]
    assert metas(page, "citation_language") == ["en", "fr"]
    pdf_url = metas(page, "citation_pdf_url")[0]
    assert pdf_url == "http://localhost" + lib.rich.files.get(language="en").document.url  # first PDF, UN order
    assert page.xpath('//link[@rel="schema.DC"]/@href') == ["http://purl.org/dc/elements/1.1/"]
    assert metas(page, "DC.title") == [lib.rich.title]
    assert metas(page, "DC.creator")[0] == "Doe, Jane Anne"
    assert metas(page, "DC.date") == ["2019-05-01"]
    assert metas(page, "DC.language") == ["en", "fr"]
    assert lib.rich.get_full_url() in metas(page, "DC.identifier")
    assert metas(page, "DC.rights") == ["https://creativecommons.org/licenses/by/4.0/"]


@pytest.mark.django_db
def test_publication_date_meta_follows_its_precision(lib, client):
    lib.resource.publication_date, lib.resource.date_precision = datetime.date(2021, 1, 1), "year"
    lib.resource.save()
    page = lxml_html.fromstring(get_html(client, lib.resource))
    assert metas(page, "citation_publication_date") == ["2021"]
    assert json_ld_of(page)["datePublished"] == "2021"


@pytest.mark.django_db
def test_json_ld_describes_the_resource(lib, client):
    page = lxml_html.fromstring(get_html(client, lib.rich))
    data = json_ld_of(page)
    canonical = page.xpath('//link[@rel="canonical"]/@href')[0]
    assert canonical == lib.rich.get_full_url() == data["url"] == data["@id"]
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Report"
    assert data["name"] == lib.rich.title
    assert data["description"] == lib.rich.summary
    assert data["datePublished"] == "2019-05-01"
    assert data["inLanguage"] == ["en", "fr"]
    assert data["reportNumber"] == "UNEP/MC/COP.3/INF/5"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["author"][0] == {
        "@type": "Person",
        "name": "Jane Anne Doe",
        "familyName": "Doe",
        "givenName": "Jane Anne",
    }
    assert data["author"][2] == {"@type": "Organization", "name": "World Health Organization"}
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "United Nations Environment Programme",
        "url": "https://www.unep.org/",
    }
    identifiers = {item["propertyID"]: item["value"] for item in data["identifier"]}
    assert identifiers["DOI"] == "10.5555/asgm-toolkit"
    assert identifiers["ISBN"] == "9789280737530"  # the model normalises ISBNs
    assert identifiers["handle"] == "20.500.11822/12345"
    french = next(item for item in data["encoding"] if item["inLanguage"] == "fr")
    assert french["contentUrl"] == "http://localhost" + lib.rich.files.get(language="fr").document.url
    assert french["encodingFormat"] == "application/pdf"
    assert french["contentSize"] == f"{len(pdf_bytes('Guide'))} bytes"


SCHEMA_TYPES = [
    ("decision", "Legislation"),
    ("meeting-document", "DigitalDocument"),
    ("report", "Report"),
    ("video", "VideoObject"),
    ("webinar-recording", "VideoObject"),
    ("dataset", "Dataset"),
    ("scientific-article", "ScholarlyArticle"),
    ("training-material", "LearningResource"),
    ("presentation", "PresentationDigitalDocument"),
    ("tool", "CreativeWork"),
    ("other", "CreativeWork"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "schema_type"), SCHEMA_TYPES)
def test_json_ld_type_follows_the_resource_type(tree, client, slug, schema_type):
    resource = lf.ResourcePageFactory(
        parent=tree.library,
        title=f"A {slug}",
        resource_type=hf.ResourceTypeFactory(slug=slug),
        symbol="MC-1/1" if slug in ("decision", "meeting-document") else "",
    )
    data = json_ld_of(lxml_html.fromstring(get_html(client, resource)))
    assert data["@type"] == schema_type
    assert data["name"] == f"A {slug}"
    if schema_type == "VideoObject":
        assert data["uploadDate"] == resource.publication_date.isoformat()


@pytest.mark.django_db
def test_hostile_title_cannot_inject_markup(lib, client):
    lib.rich.title = HOSTILE_TITLE
    lib.rich.save()
    raw = get_html(client, lib.rich)
    assert '<script>alert("x")' not in raw
    assert "<b>bold</b>" not in raw
    page = lxml_html.fromstring(raw)
    assert json_ld_of(page)["name"] == HOSTILE_TITLE
    assert metas(page, "citation_title") == [HOSTILE_TITLE]
    assert page.xpath("//h1")[0].text_content() == HOSTILE_TITLE
    # Only our own scripts: the JSON-LD, the copy button's, the search box's and its catalogue.
    scripts = page.xpath("//script")
    assert len(scripts) == 4
    assert [s.get("src") for s in scripts if s.get("src")] == ["/en/jsi18n/", "/static/js/search.js"]


# --- The citation text, without the database -------------------------------------------------


@pytest.fixture(autouse=False)
def english():
    with translation.override("en"):
        yield


def record(**changes):
    values = {
        "identifier": "x",
        "title": "Global mercury assessment 2018",
        "type_slug": "report",
        "type_name": "Report",
        "url": "https://example.org/en/library/gma-2018/",
        "date": datetime.date(2019, 3, 4),
        "precision": "month",
        "publisher": "United Nations Environment Programme",
    }
    values.update(changes)
    return BibRecord(**values)


def test_citation_uses_the_publisher_as_corporate_author_when_no_one_is_named(english):
    assert citation_text(record()) == (
        "United Nations Environment Programme. (2019, March). Global mercury assessment 2018. "
        "Retrieved from https://example.org/en/library/gma-2018/"
    )


def test_citation_with_people_symbol_doi_and_publisher(english):
    text = citation_text(
        record(
            authors=[Author("Smith, Anna", True), Author("Lee, Kim-Ly", True)],
            symbol="UNEP/MC/COP.2/4",
            doi="10.1/x",
            precision="year",
        )
    )
    assert text == (
        "Smith, A., & Lee, K.-L. (2019). Global mercury assessment 2018 (UNEP/MC/COP.2/4). "
        "United Nations Environment Programme. https://doi.org/10.1/x "
        "Retrieved from https://example.org/en/library/gma-2018/"
    )


def test_citation_of_a_video_without_date_or_publisher(english):
    text = citation_text(record(type_slug="video", date=None, publisher="", authors=[Author("UNITAR", False)]))
    assert (
        text
        == "UNITAR. (n.d.). Global mercury assessment 2018 [Video]. Retrieved from https://example.org/en/library/gma-2018/"
    )


def test_json_ld_of_a_dataset_lists_its_files_as_distribution():
    data_file = FileRecord(
        url="https://example.org/d.csv", language="en", format="CSV", mime_type="text/csv", size=2048
    )
    data = json_ld(record(type_slug="dataset", files=[data_file]))
    assert data["@type"] == "Dataset"
    assert "encoding" not in data
    assert data["distribution"] == [
        {
            "@type": "DataDownload",
            "contentUrl": "https://example.org/d.csv",
            "encodingFormat": "text/csv",
            "inLanguage": "en",
            "contentSize": "2.0 KB",
        }
    ]
    assert "distribution" not in json_ld(record(type_slug="dataset"))  # no files, nothing invented


@pytest.mark.django_db
def test_arabic_resource_page_is_right_to_left(lib, client):
    arabic = Locale.objects.get(language_code="ar")
    alias = lib.rich.copy_for_translation(arabic, copy_parents=True, alias=True)
    clear_caches()
    assert alias.url.startswith("/ar/")
    page = lxml_html.fromstring(get_html(client, alias))
    assert page.xpath("//html/@dir") == ["rtl"] and page.xpath("//html/@lang") == ["ar"]
    assert [span.get("lang") for span in page.xpath('//li[@class="download"]/span')] == ["en", "fr"]
    assert json_ld_of(page)["url"] == alias.get_full_url()
