"""OAI-PMH 2.0 at /oai/ (contracts §6): every verb, every error, paging, sets, dates, deletions
(privacy, moves, set departures and identifier changes: test_oai_deletions.py).

Every response these tests receive is validated against the official OAI-PMH.xsd and
oai_dc.xsd (tests/fixtures/oai/, see its README) before anything else is asserted.
"""

import datetime
import re
from pathlib import Path
from urllib.parse import urlencode

from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Locale

import pytest
import xmlschema
from lxml import etree

from library.factories import ResourcePageFactory
from library.models import DeletedResource, LibraryCollection, ResourceAuthor, ResourceFile, ResourcePage
from library.oai import tokens
from partners.models import Organisation

from .builders import build_tree

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "oai"
NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "id": "http://www.openarchives.org/OAI/2.0/oai-identifier",
}
# The oai-identifier rules (OAI "Specification for an OAI Identifier Format", section 2.1).
REPOSITORY_IDENTIFIER = r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+"
SAMPLE_IDENTIFIER = rf"oai:{REPOSITORY_IDENTIFIER}:[a-zA-Z0-9\-_\.!~\*'\(\);/\?:@&=\+$,%]+"
UTC = datetime.UTC
_schema = None


def oai_schema():
    global _schema  # built once: parsing the three schemas takes a moment
    if _schema is None:
        _schema = xmlschema.XMLSchema(
            str(FIXTURES / "OAI-PMH.xsd"),
            locations={NS["oai_dc"]: str(FIXTURES / "oai_dc.xsd"), NS["dc"]: str(FIXTURES / "simpledc20021212.xsd")},
            allow="local",  # never fetch a schema from the network
        )
    return _schema


def assert_valid_oai(content):
    """Parse and validate an OAI-PMH response; returns its root element.

    No copy of the official oai-identifier.xsd could be found offline, so Identify's
    <description> is checked against the identifier rules here and validated without it.
    """
    root = etree.fromstring(content)
    checked = etree.fromstring(content)
    for description in checked.findall("oai:Identify/oai:description", NS):
        oai_id = description.find("id:oai-identifier", NS)
        assert [child.tag.split("}")[1] for child in oai_id] == [
            "scheme",
            "repositoryIdentifier",
            "delimiter",
            "sampleIdentifier",
        ]
        assert oai_id.findtext("id:scheme", namespaces=NS) == "oai"
        assert re.fullmatch(REPOSITORY_IDENTIFIER, oai_id.findtext("id:repositoryIdentifier", namespaces=NS))
        assert oai_id.findtext("id:delimiter", namespaces=NS) == ":"
        assert re.fullmatch(SAMPLE_IDENTIFIER, oai_id.findtext("id:sampleIdentifier", namespaces=NS))
        description.getparent().remove(description)
    oai_schema().validate(checked, use_location_hints=False)
    return root


def get(client, query, method="get"):
    """One OAI-PMH request (`query`: a dict, or a raw query string to repeat arguments)."""
    if method == "post":
        body = query if isinstance(query, str) else urlencode(query)
        response = client.post("/oai/", body, content_type="application/x-www-form-urlencoded")
    else:
        response = client.get("/oai/?" + (query if isinstance(query, str) else urlencode(query)))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return assert_valid_oai(response.content)


def error_of(root):
    errors = root.findall("oai:error", NS)
    return errors[0].get("code") if errors else None


def request_attributes(root):
    return dict(root.find("oai:request", NS).attrib)


def identifiers(root, path=".//oai:header/oai:identifier"):
    return [element.text for element in root.findall(path, NS)]


def token_of(root):
    return root.find(".//oai:resumptionToken", NS)


def oai_id(identifier):
    from library.oai.repository import oai_identifier

    return oai_identifier(identifier)


def stamp(*parts):
    return datetime.datetime(*parts, tzinfo=UTC)


def set_updated(page, moment):
    # auto_now would overwrite a model save; a queryset update pins the datestamp.
    ResourcePage.objects.filter(pk=page.pk).update(updated=moment)


@pytest.fixture
def library(home):
    return build_library(home)


def build_library(home):
    """The factory tree plus collections, a richly described resource and fixed datestamps."""
    t = build_tree(home)
    t.minamata = LibraryCollection.objects.create(name="Minamata Convention library", slug="minamata")
    t.gmp = LibraryCollection.objects.create(name="Global Mercury Partnership", slug="gmp", description="GMP hub")
    unep = Organisation.objects.create(name="United Nations Environment Programme", slug="unep", acronym="UNEP")
    document = get_document_model().objects.create(
        title="Guide (French)", file=ContentFile(b"%PDF-1.4 test", name="guide-fr.pdf")
    )
    rich = t.resource
    rich.identifier = "UNEP/MC/COP.1/17 rév%1"  # space, accent and a literal % must survive quoting
    rich.title = "Guide <script>alert(1)</script> & notes\x0b"
    rich.summary = "A summary with a vertical tab\x0b and a form feed\x0c removed."
    rich.symbol = "UNEP/MC/COP.1/17"
    rich.doi, rich.handle, rich.isbn = "10.1234/mercury.2019", "20.500.11822/1234", "9789280737882"
    rich.licence = "CC-BY-4.0"
    rich.publisher = unep
    rich.date_precision = ResourcePage.DatePrecision.MONTH
    rich.meeting = t.meeting
    rich.collections.set([t.minamata, t.gmp])
    rich.articles.set([t.article7])
    rich.tags.add("gold mining")
    rich.authors.add(ResourceAuthor(name="Doe, Jane"), ResourceAuthor(name="UNEP", kind="organisation"))
    rich.files.add(ResourceFile(document=document, language="fr"))
    rich.save_revision().publish()
    t.decision.collections.set([t.minamata])
    t.decision.save()
    t.national_report.collections.set([t.gmp])
    t.national_report.save()
    set_updated(t.resource, stamp(2024, 3, 1, 9, 0, 0, 250000))
    set_updated(t.decision, stamp(2024, 3, 2, 12, 30, 0))
    set_updated(t.national_report, stamp(2024, 3, 2, 23, 59, 59, 900000))
    for page in (t.resource, t.decision, t.national_report):
        page.refresh_from_db()
    # Renaming the live resource above tombstoned its factory identifier: start with no history.
    DeletedResource.objects.all().delete()
    return t


# --- Identify, formats, sets ---------------------------------------------------------------


@pytest.mark.django_db
def test_identify_describes_the_repository(client, library, settings):
    settings.OAI_REPOSITORY_NAME = "Minamata test library"
    settings.OAI_ADMIN_EMAIL = "oai@mercury.example.org"
    root = get(client, {"verb": "Identify"})
    identify = root.find("oai:Identify", NS)
    assert identify.findtext("oai:repositoryName", namespaces=NS) == "Minamata test library"
    assert identify.findtext("oai:baseURL", namespaces=NS) == "http://testserver/oai/"
    assert identify.findtext("oai:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("oai:adminEmail", namespaces=NS) == "oai@mercury.example.org"
    assert identify.findtext("oai:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    # The oldest datestamp in the data, truncated to the declared granularity.
    assert identify.findtext("oai:earliestDatestamp", namespaces=NS) == "2024-03-01T09:00:00Z"
    sample = identify.findtext(".//id:sampleIdentifier", namespaces=NS)
    assert sample.startswith("oai:exchange.example.org:")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", root.findtext("oai:responseDate", namespaces=NS))
    assert request_attributes(root) == {"verb": "Identify"}


@pytest.mark.django_db
def test_earliest_datestamp_counts_tombstones(client, library):
    specs = ["type:report", "not a spec", 3]  # hand-edited JSON must not break the schema
    DeletedResource.objects.create(identifier="gone", deleted_at=stamp(2020, 1, 5, 8, 0, 0), set_specs=specs)
    root = get(client, {"verb": "Identify"})
    assert root.findtext(".//oai:earliestDatestamp", namespaces=NS) == "2020-01-05T08:00:00Z"
    root = get(client, {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": oai_id("gone")})
    assert [e.text for e in root.findall(".//oai:setSpec", NS)] == ["type:report"]


@pytest.mark.django_db
def test_post_is_accepted_without_csrf_token(library):
    client = Client(enforce_csrf_checks=True)
    root = get(client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}, method="post")
    assert len(identifiers(root)) == 3


@pytest.mark.django_db
def test_list_metadata_formats(client, library):
    for query in ({"verb": "ListMetadataFormats"}, {"verb": "ListMetadataFormats", "identifier": oai_id("MC-5/1")}):
        root = get(client, query)
        assert [e.text for e in root.findall(".//oai:metadataPrefix", NS)] == ["oai_dc"]
        assert root.findtext(".//oai:metadataNamespace", namespaces=NS) == NS["oai_dc"]


@pytest.mark.django_db
def test_list_sets_names_collections_types_and_areas(client, library):
    root = get(client, {"verb": "ListSets"})
    names = {s.findtext("oai:setSpec", namespaces=NS): s.findtext("oai:setName", namespaces=NS) for s in root.iter()
             if s.tag == f"{{{NS['oai']}}}set"}  # fmt: skip
    assert names["collection:minamata"] == "Minamata Convention library"
    assert names["collection:gmp"] == "Global Mercury Partnership"
    assert names["type:decision"] == "Decision"
    assert names["area:asgm"] == "Artisanal and small-scale gold mining"
    assert {"collection", "type", "area"} <= set(names)
    assert root.findtext(".//oai:setDescription/oai_dc:dc/dc:description", namespaces=NS) == "GMP hub"


# --- Errors ----------------------------------------------------------------------------------

BAD_VERB = ["", "verb=", "verb=Explain", "verb=Identify&verb=Identify", "verb=identify"]
BAD_ARGUMENT = [
    "verb=Identify&metadataPrefix=oai_dc",
    "verb=Identify&foo=bar",
    "verb=ListRecords",
    "verb=GetRecord&metadataPrefix=oai_dc",
    "verb=GetRecord&identifier=oai:exchange.example.org:MC-5/1",
    "verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc",
    "verb=ListIdentifiers&metadataPrefix=oai_dc&set=type:report&set=type:guidance",
    "verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc",
    "verb=ListRecords&metadataPrefix=",
    "verb=ListRecords&metadataPrefix=oai dc",
    "verb=ListRecords&metadataPrefix=oai_dc&set=type%20report",
    "verb=ListRecords&metadataPrefix=oai_dc&from=2024-13-01",
    "verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-30",
    "verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01T10:00:00",
    "verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01T10:00:00.5Z",
    "verb=ListRecords&metadataPrefix=oai_dc&until=2024-01-01T10:00:00%2B01:00",
    "verb=ListRecords&metadataPrefix=oai_dc&until=yesterday",
    "verb=ListRecords&metadataPrefix=oai_dc&from=2024-1-1",
    "verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-02-01T00:00:00Z",
    "verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-02&until=2024-02-01",
    "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-02-01T10:00:01Z&until=2024-02-01T10:00:00Z",
    "verb=ListMetadataFormats&identifier=oai:exchange.example.org:a%20b&identifier=x",
    "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:exchange.example.org:a b",
    "verb=ListSets&set=collection",
]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    ("query", "code"), [(q, "badVerb") for q in BAD_VERB] + [(q, "badArgument") for q in BAD_ARGUMENT]
)
def test_malformed_requests_get_their_error_and_no_echo(client, query, code, method):
    root = get(client, query, method)
    assert error_of(root) == code
    assert request_attributes(root) == {}, "after badVerb/badArgument <request> carries the base URL only"
    assert root.findtext("oai:request", namespaces=NS) == "http://testserver/oai/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "mods"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "metadataPrefix": "marc21", "identifier": "oai:exchange.example.org:MC-5/1"},
            "cannotDisseminateFormat",
        ),  # fmt: skip
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:exchange.example.org:nope"},
            "idDoesNotExist",
        ),  # fmt: skip
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:elsewhere.org:MC-5/1"}, "idDoesNotExist"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "MC-5/1"}, "idDoesNotExist"),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:exchange.example.org:%FF"},
            "idDoesNotExist",
        ),  # fmt: skip
        ({"verb": "ListMetadataFormats", "identifier": "oai:exchange.example.org:nope"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "until": "2001-01-01T00:00:00Z"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "type:no-such-type"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "colour:blue"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "resumptionToken": "not-a-token"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "anything"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": ""}, "badResumptionToken"),
        ({"verb": "ListIdentifiers", "resumptionToken": ""}, "badResumptionToken"),
    ],
)
def test_error_conditions_echo_the_request(client, library, query, code):
    root = get(client, query)
    assert error_of(root) == code
    assert request_attributes(root) == query


@pytest.mark.django_db
def test_tampered_foreign_and_cross_verb_tokens_are_refused(client, library, settings):
    settings.OAI_PAGE_SIZE = 1
    token = token_of(get(client, {"verb": "ListRecords", "metadataPrefix": "oai_dc"})).text
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for query in (
        {"verb": "ListRecords", "resumptionToken": tampered},
        {"verb": "ListIdentifiers", "resumptionToken": token},  # issued for ListRecords
    ):
        assert error_of(get(client, query)) == "badResumptionToken"
    settings.SECRET_KEY = "another-deployment"  # a token is only as good as the key that signed it
    assert error_of(get(client, {"verb": "ListRecords", "resumptionToken": token})) == "badResumptionToken"


@pytest.mark.django_db
def test_forged_payload_with_valid_signature_but_bad_content(client, library):
    from django.core import signing

    forged = signing.dumps({"verb": "ListRecords", "args": {}, "pos": ["x", 0, 1]}, salt=tokens.SALT, compress=True)
    assert error_of(get(client, {"verb": "ListRecords", "resumptionToken": forged})) == "badResumptionToken"


# --- Records ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_get_record_maps_the_resource_to_oai_dc(client, library):
    identifier = oai_id(library.resource.identifier)
    assert identifier == "oai:exchange.example.org:UNEP/MC/COP.1/17%20r%C3%A9v%251"
    root = get(client, {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": identifier})
    header = root.find(".//oai:header", NS)
    assert header.findtext("oai:identifier", namespaces=NS) == identifier
    assert header.findtext("oai:datestamp", namespaces=NS) == "2024-03-01T09:00:00Z"
    assert [e.text for e in header.findall("oai:setSpec", NS)] == [
        "collection:gmp",
        "collection:minamata",
        "type:guidance",
        "area:asgm",
    ]
    dc = {}
    for element in root.find(".//oai_dc:dc", NS):
        dc.setdefault(element.tag.split("}")[1], []).append(element.text)
    assert dc["title"] == ["Guide <script>alert(1)</script> & notes"]  # escaped text, control char gone
    assert dc["description"] == ["A summary with a vertical tab and a form feed removed."]
    assert dc["creator"] == ["Doe, Jane", "UNEP"]
    area = "Artisanal and small-scale gold mining"
    assert dc["subject"] == [area, f"Article 7: {area}", "gold mining"]
    assert dc["publisher"] == ["United Nations Environment Programme"]
    assert dc["date"] == ["2019-05"]
    assert dc["type"] == ["Guidance", "Text"]
    assert dc["format"] == ["application/pdf"]
    assert dc["identifier"] == [
        "http://localhost/en/library/nap-guidance/",
        "UNEP/MC/COP.1/17",
        "https://doi.org/10.1234/mercury.2019",
        "urn:isbn:9789280737882",
        "https://hdl.handle.net/20.500.11822/1234",
    ]
    assert dc["language"] == ["en", "fr"]
    assert dc["relation"] == ["http://localhost/en/meetings/cop-5/"]
    assert dc["rights"] == ["Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"]
    assert dc["coverage"] == ["Kenya"]
    assert b"<script>" not in etree.tostring(root)


@pytest.mark.django_db
def test_list_records_pages_with_cursor_and_complete_list_size(client, library, settings):
    settings.OAI_PAGE_SIZE = 2
    DeletedResource.objects.create(identifier="withdrawn", deleted_at=stamp(2024, 3, 2, 0, 0), set_specs=[])
    expected = [oai_id(i) for i in (library.resource.identifier, "withdrawn", "MC-5/1", "nr-ken-2021")]
    for verb in ("ListRecords", "ListIdentifiers"):
        seen, cursors, query = [], [], {"verb": verb, "metadataPrefix": "oai_dc"}
        while True:
            root = get(client, query)
            seen += identifiers(root)
            token = token_of(root)
            cursors.append((token.get("cursor"), token.get("completeListSize")))
            if not token.text:
                break
            again = get(client, {"verb": verb, "resumptionToken": token.text})  # tokens can be replayed
            query = {"verb": verb, "resumptionToken": token.text}
            assert identifiers(again) == identifiers(get(client, query))
        assert seen == expected
        assert cursors == [("0", "4"), ("2", "4")]


@pytest.mark.django_db
def test_one_page_needs_no_token(client, library):
    root = get(client, {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    assert len(root.findall(".//oai:record", NS)) == 3
    assert token_of(root) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        ({"from": "2024-03-02"}, ["MC-5/1", "nr-ken-2021"]),
        ({"until": "2024-03-01"}, ["rich"]),
        ({"from": "2024-03-02", "until": "2024-03-02"}, ["MC-5/1", "nr-ken-2021"]),
        ({"from": "2024-03-01T09:00:00Z", "until": "2024-03-01T09:00:00Z"}, ["rich"]),  # updated at 09:00:00.25
        ({"from": "2024-03-01T09:00:01Z", "until": "2024-03-02T12:30:00Z"}, ["MC-5/1"]),
        ({"from": "2024-03-02T23:59:59Z"}, ["nr-ken-2021"]),
    ],
)
def test_from_and_until_at_both_granularities(client, library, bounds, expected):
    root = get(client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", **bounds})
    names = {"rich": library.resource.identifier}
    assert identifiers(root) == [oai_id(names.get(key, key)) for key in expected]
    assert request_attributes(root) == {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", **bounds}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("spec", "count"),
    [
        ("collection:gmp", 2),
        ("collection:minamata", 2),
        ("collection", 3),
        ("type:decision", 1),
        ("type", 3),
        ("area:asgm", 2),
        ("area", 2),
    ],  # fmt: skip
)
def test_sets_select_their_records(client, library, spec, count):
    root = get(client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": spec})
    assert len(identifiers(root)) == count
    for header in root.findall(".//oai:header", NS):
        specs = [e.text for e in header.findall("oai:setSpec", NS)]
        assert any(s == spec or s.startswith(spec + ":") for s in specs)


# --- Deletions and locales ---------------------------------------------------------------------


@pytest.mark.django_db
def test_unpublish_delete_and_republish(client, library):
    decision = ResourcePage.objects.get(pk=library.decision.pk)
    decision.unpublish()
    tombstone = DeletedResource.objects.get(identifier="MC-5/1")
    assert tombstone.set_specs == ["collection:minamata", "type:decision", "area:asgm"]
    query = {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": oai_id("MC-5/1")}
    record = get(client, query).find(".//oai:record", NS)
    assert record.find("oai:header", NS).get("status") == "deleted"
    assert record.find("oai:metadata", NS) is None
    listing = get(client, {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "type:decision"})
    assert [h.get("status") for h in listing.findall(".//oai:header", NS)] == ["deleted"]
    today = timezone.now().strftime("%Y-%m-%d")
    recent = get(client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": today})
    assert identifiers(recent) == [oai_id("MC-5/1")]
    assert error_of(get(client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "type:report"})) == (
        "noRecordsMatch"
    )

    decision.save_revision().publish()
    assert not DeletedResource.objects.filter(identifier="MC-5/1").exists()
    assert get(client, query).find(".//oai:header", NS).get("status") is None

    report = ResourcePage.objects.get(pk=library.national_report.pk)
    report.delete()
    assert DeletedResource.objects.get(identifier="nr-ken-2021").set_specs == ["collection:gmp", "type:national-report"]
    root = get(client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "collection:gmp"})
    statuses = {h.findtext("oai:identifier", namespaces=NS): h.get("status") for h in root.findall(".//oai:header", NS)}
    assert statuses[oai_id("nr-ken-2021")] == "deleted"
    assert statuses[oai_id(library.resource.identifier)] is None


@pytest.mark.django_db
def test_deleting_the_library_leaves_a_tombstone_per_published_resource(client, library):
    library.library.delete()
    assert set(DeletedResource.objects.values_list("identifier", flat=True)) == {
        library.resource.identifier,
        "MC-5/1",
        "nr-ken-2021",
    }
    root = get(client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    assert [h.get("status") for h in root.findall(".//oai:header", NS)] == ["deleted"] * 3


@pytest.mark.django_db
def test_only_default_locale_resources_are_records(client, library):
    french = Locale.objects.get(language_code="fr")
    alias = library.decision.copy_for_translation(french, copy_parents=True, alias=True)
    translation = library.national_report.copy_for_translation(french, copy_parents=True)
    translation.save_revision().publish()
    assert ResourcePage.objects.live().filter(identifier="nr-ken-2021").count() == 2
    root = get(client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    assert sorted(identifiers(root)) == sorted(
        oai_id(i) for i in ("MC-5/1", "nr-ken-2021", library.resource.identifier)
    )

    translation.unpublish()
    ResourcePage.objects.get(pk=alias.pk).delete()
    assert not DeletedResource.objects.exists(), "translations and aliases are not records"


@pytest.mark.django_db
def test_queries_per_page_do_not_grow_with_the_page(client, library, settings, django_assert_max_num_queries):
    document = library.resource.files.first().document
    for n in range(12):
        page = ResourcePageFactory(
            parent=library.library, identifier=f"copy-{n}", resource_type=library.types["report"]
        )
        page.collections.set([library.minamata, library.gmp])
        page.thematic_areas.set([library.asgm, library.emissions])
        page.countries.set([library.kenya])
        page.articles.set([library.article7])
        page.tags.add(f"tag-{n}", "mercury")
        page.authors.add(ResourceAuthor(name=f"Author {n}"), ResourceAuthor(name="UNEP", kind="organisation"))
        page.files.add(ResourceFile(document=document, language="es"))
        page.meeting = library.meeting
        page.save()
        set_updated(page, stamp(2024, 4, 1, 0, 0, n))
    query = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    settings.OAI_PAGE_SIZE = 3
    get(client, query)  # warm the site root paths cache
    with django_assert_max_num_queries(14) as small:
        get(client, query)
    settings.OAI_PAGE_SIZE = 12
    with django_assert_max_num_queries(14) as large:
        root = get(client, query)
    assert len(root.findall(".//oai:record", NS)) == 12
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db
def test_other_http_methods_are_refused_plainly(client):
    assert client.put("/oai/?verb=Identify").status_code == 405
    assert client.head("/oai/?verb=Identify").status_code == 200
