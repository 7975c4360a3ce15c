"""Harvesting /oai/ over HTTP with a real OAI-PMH client (oaipmh-scythe) against the live server.

Each response the client receives is also validated against the official schemas.
"""

import datetime

from django.utils import timezone

import pytest
from oaipmh_scythe import Scythe
from oaipmh_scythe.config import HTTPConfig
from oaipmh_scythe.exceptions import BadResumptionToken, IdDoesNotExist, NoRecordsMatch
from oaipmh_scythe.iterator import OAIResponseIterator

from library.models import DeletedResource, ResourcePage

from .builders import build_home_site, restrict_to_participants
from .test_oai import NS, assert_valid_oai, build_library, oai_id


@pytest.fixture
def harvest(live_server, settings):
    """The test library served live, two items a page, one resource already deleted."""
    settings.OAI_PAGE_SIZE = 2
    t = build_library(build_home_site().root_page.specific)
    ResourcePage.objects.get(pk=t.decision.pk).unpublish()  # leaves a tombstone
    t.url = live_server.url + "/oai/"
    return t


def scythe(url, method="GET"):
    return Scythe(url, http_config=HTTPConfig(http_method=method, timeout=30))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_full_harvest_over_several_pages(harvest, method):
    with scythe(harvest.url, method) as client:
        identify = client.identify()
        assert identify.deletedRecord == "persistent"
        assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
        assert identify.repositoryName

        records = list(client.list_records(metadata_prefix="oai_dc"))
        assert [r.header.identifier for r in records] == [
            oai_id(harvest.resource.identifier),
            oai_id("nr-ken-2021"),
            oai_id("MC-5/1"),  # unpublished last, so its tombstone is the newest item
        ]
        assert [r.deleted for r in records] == [False, False, True]
        assert records[0].metadata["title"] == ["Guide <script>alert(1)</script> & notes"]
        assert records[0].metadata["language"] == ["en", "fr"]
        assert records[1].metadata["type"] == ["National report", "Text"]
        assert [r.header.identifier for r in client.list_records(ignore_deleted=True)] == [
            r.header.identifier for r in records[:2]
        ]

        # The raw pages: cursor and completeListSize as the protocol asks, each page schema-valid.
        pages = list(scythe_pages(harvest.url, method, {"metadata_prefix": "oai_dc"}))
        tokens = [page.find(".//oai:resumptionToken", NS) for page in pages]
        assert [(t.get("cursor"), t.get("completeListSize"), bool(t.text)) for t in tokens] == [
            ("0", "3", True),
            ("2", "3", False),
        ]


def scythe_pages(url, method, query):
    client = Scythe(url, iterator=OAIResponseIterator, http_config=HTTPConfig(http_method=method, timeout=30))
    with client:
        for response in client.list_records(**query):
            yield assert_valid_oai(response.raw.encode("utf-8"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_get_record_sets_and_selective_harvest(harvest):
    with scythe(harvest.url) as client:
        record = client.get_record(identifier=oai_id(harvest.resource.identifier))
        assert record.metadata["identifier"][1:3] == ["UNEP/MC/COP.1/17", "https://doi.org/10.1234/mercury.2019"]
        assert client.get_record(identifier=oai_id("MC-5/1")).deleted

        sets = {s.setSpec: s.setName for s in client.list_sets()}
        assert sets["collection:gmp"] == "Global Mercury Partnership"
        assert "type:decision" in sets and "area:asgm" in sets

        gmp = [h.identifier for h in client.list_identifiers(set_="collection:gmp")]
        assert gmp == [oai_id(harvest.resource.identifier), oai_id("nr-ken-2021")]
        decisions = list(client.list_identifiers(set_="type:decision"))
        assert [(h.identifier, h.deleted) for h in decisions] == [(oai_id("MC-5/1"), True)]

        with pytest.raises(IdDoesNotExist):
            client.get_record(identifier=oai_id("no-such-resource"))
        with pytest.raises(NoRecordsMatch):
            list(client.list_records(from_="2999-01-01"))
        with pytest.raises(BadResumptionToken):
            list(client.list_records(resumption_token="forged.token:value"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_harvester_learns_of_privacy_and_set_departures(harvest):
    # The fixture's unpublishing happened this very second: date it earlier so `from` leaves it out.
    DeletedResource.objects.update(deleted_at=timezone.now() - datetime.timedelta(minutes=5))
    since = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    restrict_to_participants(harvest.national_report)
    rich = ResourcePage.objects.get(pk=harvest.resource.pk)
    rich.collections = [harvest.minamata]
    rich.save_revision().publish()
    with scythe(harvest.url) as client:
        changed = {h.identifier: h.deleted for h in client.list_identifiers(from_=since)}
        assert changed == {oai_id("nr-ken-2021"): True, oai_id(harvest.resource.identifier): False}
        gmp = {h.identifier: h.deleted for h in client.list_identifiers(set_="collection:gmp")}
        assert gmp == {oai_id("nr-ken-2021"): True, oai_id(harvest.resource.identifier): True}
        assert client.get_record(identifier=oai_id("nr-ken-2021")).deleted
        assert not client.get_record(identifier=oai_id(harvest.resource.identifier)).deleted
