"""OAI-PMH deleted records (contracts §6, persistent): every way a record stops being public.

Unpublishing (one page, the admin's bulk action), privacy on the resource or an ancestor,
moving under a private section, leaving a set, changing the identifier, deleting. Each leaves a
`<header status="deleted">` with the moment as datestamp; a record that becomes public again
comes back with a new datestamp, so a harvest `from` that moment sees both kinds of change.
"""

import datetime

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from library.factories import LibraryIndexPageFactory, ResourcePageFactory
from library.models import DeletedResource, ResourcePage, SetDeparture

from .builders import build_gmp_site, restrict_to_participants
from .test_oai import NS, build_library, get, identifiers, oai_id


@pytest.fixture
def library(home):
    return build_library(home)


def headers(client, **query):
    """{identifier: (status, datestamp, [setSpec…])} of a ListIdentifiers answer (all pages)."""
    root = get(client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", **query})
    result = {}
    for header in root.findall(".//oai:header", NS):
        key = header.findtext("oai:identifier", namespaces=NS)
        assert key not in result, "an identifier comes once per list"
        specs = [element.text for element in header.findall("oai:setSpec", NS)]
        result[key] = (header.get("status"), header.findtext("oai:datestamp", namespaces=NS), specs)
    return result


def record_header(client, identifier):
    query = {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": oai_id(identifier)}
    root = get(client, query)
    return root.find(".//oai:header", NS), root.find(".//oai:metadata", NS)


def since(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fresh(page):
    return ResourcePage.objects.get(pk=page.pk)


@pytest.mark.django_db
def test_privacy_on_the_resource_deletes_it_and_lifting_it_brings_it_back(
    client, library, django_capture_on_commit_callbacks
):
    before = timezone.now().replace(microsecond=0)
    restriction = restrict_to_participants(library.national_report)
    header, metadata = record_header(client, "nr-ken-2021")
    assert header.get("status") == "deleted"
    assert metadata is None
    assert header.findtext("oai:datestamp", namespaces=NS) >= since(before)
    assert [e.text for e in header.findall("oai:setSpec", NS)] == ["collection:gmp", "type:national-report"]
    assert headers(client, **{"from": since(before)}) == {
        oai_id("nr-ken-2021"): ("deleted", header.findtext("oai:datestamp", namespaces=NS), header_specs(header))
    }

    lifted = timezone.now().replace(microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    header, metadata = record_header(client, "nr-ken-2021")
    assert header.get("status") is None
    assert metadata is not None
    assert header.findtext("oai:datestamp", namespaces=NS) >= since(lifted), "the datestamp moves"
    assert list(headers(client, **{"from": since(lifted)})) == [oai_id("nr-ken-2021")]
    assert not DeletedResource.objects.exists()


def header_specs(header):
    return [e.text for e in header.findall("oai:setSpec", NS)]


@pytest.mark.django_db
def test_privacy_on_an_ancestor_deletes_every_record_under_it(client, library, django_capture_on_commit_callbacks):
    restriction = restrict_to_participants(library.library)
    listed = headers(client)
    assert {status for status, _stamp, _specs in listed.values()} == {"deleted"}
    assert set(listed) == {oai_id(i) for i in (library.resource.identifier, "MC-5/1", "nr-ken-2021")}

    # A second restriction inside the private area changes nothing a harvester sees.
    stamps = dict(DeletedResource.objects.values_list("identifier", "deleted_at"))
    restrict_to_participants(library.decision)
    assert dict(DeletedResource.objects.values_list("identifier", "deleted_at")) == stamps

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    listed = headers(client)
    assert listed[oai_id("MC-5/1")][0] == "deleted", "still private through its own restriction"
    assert listed[oai_id("nr-ken-2021")][0] is None
    assert listed[oai_id(library.resource.identifier)][0] is None


@pytest.mark.django_db
def test_admin_bulk_unpublish_deletes_the_records(editor_client, library):
    url = f"/admin/bulk/wagtailcore/page/unpublish/?id={library.decision.pk}&id={library.national_report.pk}"
    response = editor_client.post(url, {"include_descendants": False})
    assert response.status_code == 302
    assert not fresh(library.decision).live
    listed = headers(editor_client)
    assert listed[oai_id("MC-5/1")][0] == "deleted"
    assert listed[oai_id("nr-ken-2021")][0] == "deleted"
    assert listed[oai_id(library.resource.identifier)][0] is None


@pytest.mark.django_db
def test_unpublishing_the_library_with_its_children_deletes_them(client, library):
    library.library.unpublish()
    for page in library.library.get_children().live():
        page.unpublish()
    assert {status for status, _stamp, _specs in headers(client).values()} == {"deleted"}


@pytest.mark.django_db
def test_moving_under_a_private_section_and_back(client, library, django_capture_on_commit_callbacks):
    build_gmp_site(library)
    # The GMP resource fixture is a record too; take it out of the picture.
    ResourcePage.objects.get(identifier="gmp-chlor-alkali-1").delete()
    private = LibraryIndexPageFactory(parent=library.gmp_home, title="Participants' library", slug="participants")
    restrict_to_participants(private)
    assert not DeletedResource.objects.exclude(identifier="gmp-chlor-alkali-1").exists()

    fresh(library.decision).move(private, pos="last-child")
    assert record_header(client, "MC-5/1")[0].get("status") == "deleted"

    moved_back = timezone.now().replace(microsecond=0)
    fresh(library.decision).move(library.library, pos="last-child")
    header = record_header(client, "MC-5/1")[0]
    assert header.get("status") is None
    assert header.findtext("oai:datestamp", namespaces=NS) >= since(moved_back)


@pytest.mark.django_db
def test_leaving_a_collection_is_a_deletion_in_that_set_only(client, library):
    before = timezone.now().replace(microsecond=0)
    rich = fresh(library.resource)
    rich.collections = [library.minamata]
    rich.save_revision().publish()
    identifier = oai_id(rich.identifier)

    gmp = headers(client, set="collection:gmp")
    assert gmp[identifier][0] == "deleted"
    assert gmp[identifier][1] >= since(before)
    assert gmp[identifier][2] == ["collection:gmp"]
    assert gmp[oai_id("nr-ken-2021")][0] is None
    assert headers(client, set="collection:minamata")[identifier][0] is None
    assert headers(client, set="collection")[identifier][0] is None, "still in another collection"
    assert headers(client)[identifier][0] is None
    assert record_header(client, rich.identifier)[0].get("status") is None
    assert list(headers(client, set="collection:gmp", **{"from": since(before)})) == [identifier]

    rich = fresh(rich)
    rich.collections = [library.minamata, library.gmp]
    rich.save_revision().publish()
    assert headers(client, set="collection:gmp")[identifier][0] is None
    assert not SetDeparture.objects.exists()


@pytest.mark.django_db
def test_leaving_every_thematic_area_is_a_deletion_in_the_parent_set(client, library):
    decision = fresh(library.decision)
    decision.thematic_areas = []
    decision.resource_type = library.types["meeting-document"]
    decision.save_revision().publish()
    assert headers(client, set="area")[oai_id("MC-5/1")][0] == "deleted"
    assert headers(client, set="area:asgm")[oai_id("MC-5/1")][0] == "deleted"
    assert headers(client, set="type:decision")[oai_id("MC-5/1")] == (
        "deleted",
        headers(client, set="type:decision")[oai_id("MC-5/1")][1],
        ["type:decision"],
    )
    assert headers(client, set="type")[oai_id("MC-5/1")][0] is None, "still has a type"

    # Unpublished later: one tombstone that names every set a harvester may hold it in.
    fresh(decision).unpublish()
    tombstone = DeletedResource.objects.get(identifier="MC-5/1")
    assert set(tombstone.set_specs) == {"collection:minamata", "type:meeting-document", "type:decision", "area:asgm"}
    assert not SetDeparture.objects.exists()
    assert headers(client, set="area:asgm")[oai_id("MC-5/1")][0] == "deleted"


@pytest.mark.django_db
def test_a_new_identifier_deletes_the_old_one(client, library):
    decision = fresh(library.decision)
    decision.identifier = "MC-5/1-rev"
    decision.save_revision().publish()
    listed = headers(client)
    assert listed[oai_id("MC-5/1")][0] == "deleted"
    assert listed[oai_id("MC-5/1-rev")][0] is None
    assert record_header(client, "MC-5/1")[0].get("status") == "deleted"

    # Back to the first identifier: it is a record again, the interim one is deleted.
    decision = fresh(decision)
    decision.identifier = "MC-5/1"
    decision.save_revision().publish()
    listed = headers(client)
    assert listed[oai_id("MC-5/1")][0] is None
    assert listed[oai_id("MC-5/1-rev")][0] == "deleted"


@pytest.mark.django_db
def test_a_draft_changes_nothing_until_published(client, library):
    decision = fresh(library.decision)
    decision.identifier = "MC-5/1-draft"
    decision.collections = []
    decision.save_revision()
    assert not DeletedResource.objects.exists()
    assert not SetDeparture.objects.exists()
    assert headers(client)[oai_id("MC-5/1")][0] is None


@pytest.mark.django_db
def test_publishing_into_a_private_area_reveals_no_identifier(client, library):
    restrict_to_participants(library.library)
    DeletedResource.objects.all().delete()  # the records already harvested; not this test's point
    secret = ResourcePageFactory(parent=library.library, identifier="UNEP/MC/COP.5/SECRET", live=False)
    secret.save_revision().publish()
    fresh(secret).unpublish()
    fresh(secret).delete()
    assert not DeletedResource.objects.filter(identifier="UNEP/MC/COP.5/SECRET").exists()


@pytest.mark.django_db
def test_deleting_a_private_section_keeps_its_tombstones(client, library, django_capture_on_commit_callbacks):
    restrict_to_participants(library.library)
    with django_capture_on_commit_callbacks(execute=True):
        library.library.delete()
    assert set(DeletedResource.objects.values_list("identifier", flat=True)) == {
        library.resource.identifier,
        "MC-5/1",
        "nr-ken-2021",
    }


@pytest.mark.django_db
def test_an_edited_restriction_changes_nothing(client, library):
    restriction = restrict_to_participants(library.decision)
    stamp = DeletedResource.objects.get(identifier="MC-5/1").deleted_at
    restriction.restriction_type = PageViewRestriction.LOGIN
    restriction.save()
    assert DeletedResource.objects.get(identifier="MC-5/1").deleted_at == stamp


@pytest.mark.django_db
def test_set_harvest_pages_through_records_tombstones_and_departures(client, library, settings):
    settings.OAI_PAGE_SIZE = 1
    rich = fresh(library.resource)
    rich.collections = [library.minamata]
    rich.save_revision().publish()
    fresh(library.national_report).unpublish()
    extra = ResourcePageFactory(parent=library.library, identifier="gmp-extra", resource_type=library.types["report"])
    extra.collections = [library.gmp]
    extra.save_revision().publish()
    seen, query = [], {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "collection:gmp"}
    while True:
        root = get(client, query)
        seen += identifiers(root)
        token = root.find(".//oai:resumptionToken", NS)
        if token is None or not token.text:
            break
        query = {"verb": "ListIdentifiers", "resumptionToken": token.text}
    assert sorted(seen) == sorted(oai_id(i) for i in (rich.identifier, "nr-ken-2021", "gmp-extra"))
    assert token.get("completeListSize") == "3"
