"""Visitors and partner A on the public side: B's drafts and pending changes never appear.

Rows: `shared_partners` (tests/test_partner_isolation.py), here with the search index built once
for the module after B's draft and pending change exist, so a draft that leaked into it would be
found. Each listing is checked against B's live title too (it must be there), so the absence of
the private markers means something.
"""

import copy

from django.core.management import call_command

import pytest

from library.oai.repository import oai_identifier

from . import test_partner_isolation as base
from .builders import clear_caches, rolled_back
from .test_partner_isolation import LIVE_MARKER, PRIVATE_MARKERS, assert_hidden, body_of, state

world = base.world


@pytest.fixture(scope="module")
def shared_partners(shared_tree, django_db_blocker):
    """The partners' rows plus the public search index over them, once per module."""
    with rolled_back(django_db_blocker):
        built = base.build_partners(copy.deepcopy(shared_tree))
        call_command("update_index", verbosity=0)
        clear_caches()
        yield copy.deepcopy(built)


# Every public listing, export, feed and harvest that could carry a resource: never B's private markers.
PUBLIC = [
    "/api/v2/pages/?search=mercury",
    "/api/v2/pages/?type=library.ResourcePage&fields=title",
    "/en/search/?q=mercury",
    "/en/search/?q=report",
    "/api/search/?q=mercury",
    "/api/search/?q=report&lang=en",
    "/api/search/suggest/?q=B-SEC&lang=en",
    "/api/search/suggest/?q=mercury&lang=en",
    "/en/search/export/?format=csv&q=mercury",
    "/en/search/export/?format=json&q=report",
    "/en/search/feed/?q=mercury",
    "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
    "/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc",
    "/en/library/",
    "/en/library/export/?format=csv",
    "/en/library/export/?format=json",
    "/en/library/feed/",
    "/en/library/{space_b_slug}/",
    "/fr/library/{space_b_slug}/",
]

# The same places show B's live resource (title only: OAI identifiers carry no title).
SHOWS_LIVE = [url for url in PUBLIC if "suggest" not in url and "ListIdentifiers" not in url and "/fr/" not in url]

NOT_FOUND = [
    "/api/v2/pages/{draft}/",
    "/api/v2/pages/{target}/",
    "/en/library/{space_b_slug}/b-draft/",
    "/fr/library/{space_b_slug}/b-live/",  # the French translation is a draft
]


def fill(url, world):
    return url.format(draft=world.draft.pk, target=world.target.pk, space_b_slug=world.space_b.slug)


@pytest.mark.parametrize("as_partner", [False, True], ids=["anonymous", "partner"])
def test_public_listings_never_show_drafts_or_pending_changes(world, client, as_partner, subtests):
    if as_partner:
        client.force_login(world.alice)
    before = state(world)
    for url in PUBLIC:
        with subtests.test(url=url):
            response = client.get(fill(url, world))
            assert response.status_code == 200
            assert_hidden(response, markers=PRIVATE_MARKERS)
            if url in SHOWS_LIVE:
                assert LIVE_MARKER in body_of(response)
    assert state(world) == before


@pytest.mark.parametrize("as_partner", [False, True], ids=["anonymous", "partner"])
def test_a_draft_by_address_or_id_is_not_found(world, client, as_partner, subtests):
    if as_partner:
        client.force_login(world.alice)
    for url in NOT_FOUND:
        with subtests.test(url=url):
            response = client.get(fill(url, world), follow=True)  # /api/… 404s come back via /<lang>/…
            assert response.status_code == 404
            assert_hidden(response, markers=PRIVATE_MARKERS)


def test_the_live_version_is_public_and_its_pending_change_is_not(world, client):
    response = client.get(f"/en/library/{world.space_b.slug}/b-live/")
    assert response.status_code == 200
    assert LIVE_MARKER in body_of(response)
    assert_hidden(response, markers=PRIVATE_MARKERS)


@pytest.mark.parametrize("url", ["/admin/pages/{draft}/view_draft/", "/admin/pages/{draft}/edit/preview/"])
def test_anonymous_visitors_get_the_login_page_for_drafts_and_previews(world, client, url):
    response = client.get(fill(url, world))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert_hidden(response, markers=PRIVATE_MARKERS)


def test_oai_get_record_of_a_draft_answers_id_does_not_exist(world, client):
    ask = "/oai/?verb=GetRecord&metadataPrefix=oai_dc&identifier="
    response = client.get(ask + oai_identifier(world.draft.identifier))
    assert response.status_code == 200
    assert 'code="idDoesNotExist"' in body_of(response)
    assert_hidden(response, markers=PRIVATE_MARKERS)
    # The control: the same request names B's live resource.
    live = client.get(ask + oai_identifier(world.live.identifier))
    assert LIVE_MARKER in body_of(live) and "idDoesNotExist" not in body_of(live)
    assert_hidden(live, markers=PRIVATE_MARKERS)
