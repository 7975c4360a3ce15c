"""Partner A in Wagtail's admin: every route that could name or change B's pages or files refuses or hides them.

Rows: `shared_partners` (tests/test_partner_isolation.py). The manager's tests are the positive control.
"""

from django.contrib.messages import get_messages

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from . import test_partner_isolation as base
from .test_partner_isolation import (
    DOCUMENT_MARKER,
    DRAFT_MARKER,
    LIVE_MARKER,
    PENDING_MARKER,
    assert_hidden,
    assert_refused,
    body_of,
    state,
)

# The shared rows and clients (fixtures) of tests/test_partner_isolation.py.
alice = base.alice
manager = base.manager
shared_partners = base.shared_partners
world = base.world

# Routes naming one of B's pages or B's document: A is refused (403, 404 or a redirect away).
REFUSED = [
    "/admin/pages/{draft}/edit/",
    "/admin/pages/{live}/edit/",
    "/admin/pages/{draft}/edit/preview/",
    "/admin/pages/{draft}/view_draft/",
    "/admin/pages/{live}/view_draft/",
    "/admin/pages/{live}/revisions/",
    "/admin/pages/{live}/revisions/{revision}/view/",
    "/admin/pages/{live}/revisions/compare/live...{revision}/",
    "/admin/pages/{draft}/history/",
    "/admin/pages/{draft}/history/results/",
    "/admin/pages/{draft}/workflow_history/",
    "/admin/pages/{live}/usage/",
    "/admin/pages/{draft}/move/",
    "/admin/pages/{draft}/copy/",
    "/admin/pages/{draft}/delete/",
    "/admin/pages/{live}/unpublish/",
    "/admin/pages/{space_b}/edit/",
    "/admin/pages/{space_b}/add_subpage/",
    "/admin/pages/add/library/resourcepage/{space_b}/",
    "/admin/pages/{draft}/privacy/",
    "/admin/pages/workflow/preview/{draft}/{task}/",
    "/admin/pages/workflow/preview/{live}/{task}/",
    "/admin/choose-page/{space_b}/",
    "/admin/documents/edit/{document}/",
    "/admin/documents/usage/{document}/",
    "/admin/documents/delete/{document}/",
    "/admin/reports/locked/",
    "/admin/reports/page-types-usage/",
    "/admin/localize/reports/translations/",
    "/admin/localize/reports/translations/results/",
    "/admin/localize/update/{source}/",
    "/admin/localize/submit/page/{live}/",
    "/admin/localize/translate/{translation}/preview/",
    "/admin/localize/translate/{translation}/pofile/download/",
    "/admin/pages/{target}/edit/",
    "/admin/pages/{target}/view_draft/",
    "/admin/reports/machine-translations/",
    "/admin/bulk/wagtailcore/page/delete/?id={draft}",
    "/admin/bulk/wagtailcore/page/move/?id={draft}",
    "/admin/bulk/wagtailcore/page/publish/?id={draft}",
    "/admin/bulk/wagtailcore/page/unpublish/?id={live}",
    "/admin/users/",
    "/admin/users/edit/{alice_id}/",
    "/admin/groups/",
    "/admin/snippets/partners/organisation/",
    "/admin/workflows/list/",
    "/admin/collections/",
    "/admin/site-search/terms/",
]

# Listings and searches A may open: they answer, without a trace of B.
LISTED = [
    "/admin/",
    "/admin/pages/search/?q=mercury",
    "/admin/pages/search/results/?q=report",
    "/admin/pages/usage/library/resourcepage/",
    "/admin/choose-page/",
    "/admin/choose-page/{library}/",
    "/admin/choose-page/search/?q=mercury",
    "/admin/choose-page/search/?q=report",
    "/admin/reports/site-history/",
    "/admin/reports/workflow/",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/aging-pages/",
    "/admin/library/downloads/",
    "/admin/documents/",
    "/admin/documents/?q=B-SECRET",
    "/admin/documents/chooser/",
    "/admin/documents/chooser/results/?q=B-SECRET",
    "/admin/images/",
    "/admin/images/chooser/",
    "/admin/bulk/wagtaildocs/document/delete/?id={document}",
    "/admin/bulk/wagtaildocs/document/add_tags/?id={document}",
    "/admin/api/main/pages/?search=mercury",
    "/admin/api/main/pages/?descendant_of={library}",
    "/admin/api/main/pages/?type=library.ResourcePage&fields=title",
    "/admin/account/",
]

# Routes the knowledge manager gets, each showing B (so the refusals above can fail).
MANAGER_SEES = [
    ("/admin/pages/{draft}/edit/", DRAFT_MARKER),
    ("/admin/pages/{live}/view_draft/", PENDING_MARKER),
    ("/admin/pages/search/?q=mercury", DRAFT_MARKER),
    ("/admin/choose-page/search/?q=mercury", DRAFT_MARKER),
    ("/admin/choose-page/{space_b}/", PENDING_MARKER),
    ("/admin/reports/workflow/", DRAFT_MARKER),
    ("/admin/reports/site-history/", DRAFT_MARKER),
    ("/admin/reports/locked/", PENDING_MARKER),
    ("/admin/documents/?q=B-SECRET", DOCUMENT_MARKER),
    ("/admin/documents/chooser/results/?q=B-SECRET", DOCUMENT_MARKER),
    ("/admin/bulk/wagtailcore/page/delete/?id={draft}", DRAFT_MARKER),
    ("/admin/api/main/pages/?descendant_of={library}", DRAFT_MARKER),
    ("/admin/localize/translate/{translation}/preview/", LIVE_MARKER),
    ("/admin/localize/translate/{translation}/pofile/download/", "msgid"),
]


def fill(url, world):
    task = world.draft.current_workflow_task
    return url.format(
        draft=world.draft.pk,
        live=world.live.pk,
        space_b=world.space_b.pk,
        library=world.library.pk,
        revision=world.live.latest_revision_id,
        document=world.document.pk,
        source=world.source.pk,
        task=task.pk if task else 0,
        alice_id=world.alice.pk,
        translation=world.translation.pk,
        target=world.target.pk,
    )


def get_refused(client, url):
    response = client.get(url)
    # Follow redirects inside the admin (revisions → history; a 404 outside a language prefix comes
    # back as a redirect to /<lang>/…, LocaleMiddleware) until a refusal, the login or the dashboard.
    for _hop in range(3):
        location = response.get("Location", "")
        if response.status_code != 302 or "/login/" in location or location.rstrip("/").endswith("/admin"):
            break
        response = client.get(location)
    return response


# One test per list, one subtest per address: the rows and the login are set up once, and each
# address still fails on its own.


def test_a_partner_is_refused_every_route_to_another_space(world, alice, subtests):
    before = state(world)
    for url in REFUSED:
        with subtests.test(url=url):
            assert_refused(get_refused(alice, fill(url, world)))
            assert state(world) == before
    # Nor does a later page carry B in a message (Wagtail's workflow views name the page there).
    assert_hidden(alice.get("/admin/account/"))


def test_listings_and_searches_show_a_partner_nothing_of_another_space(world, alice, subtests):
    before = state(world)
    for url in LISTED:
        with subtests.test(url=url):
            response = alice.get(fill(url, world))
            assert response.status_code == 200
            assert_hidden(response)
            assert state(world) == before


def test_a_knowledge_manager_sees_every_space(world, manager, subtests):
    for url, marker in MANAGER_SEES:
        with subtests.test(url=url):
            response = manager.get(fill(url, world))
            assert response.status_code == 200
            assert marker in body_of(response)


def test_the_chooser_and_explorer_still_show_a_partner_its_own_space(world, alice):
    response = alice.get(fill("/admin/choose-page/search/?q=Alpha", world))
    assert world.own.title in body_of(response)
    assert world.own.title in body_of(alice.get(f"/admin/pages/{world.space_a.pk}/"))
    assert "Beta Mercury Network" not in body_of(alice.get(f"/admin/choose-page/{world.library.pk}/"))


# Each POST with the answer it gets: 403 where PartnerBoundaryMiddleware or a page hook refuses (the
# URL names a page of B's space); "/admin/" where Wagtail's own permission check sends A to the
# dashboard ("Sorry, you do not have permission to access this area."); the bulk document
# confirmation redirects back to itself, B's document having been dropped from the chosen items.
DASHBOARD = "/admin/"
POSTS = [
    ("/admin/pages/{draft}/edit/", {"title": "Hijacked", "slug": "b-draft", "action-publish": "1"}, 403),
    ("/admin/pages/{live}/edit/", {"title": "Hijacked", "slug": "b-live", "action-submit": "1"}, 403),
    ("/admin/pages/{live}/unpublish/", {}, 403),
    ("/admin/pages/{draft}/delete/", {}, 403),
    ("/admin/pages/{live}/lock/", {}, 403),
    ("/admin/pages/{draft}/move/{space_a}/confirm/", {}, 403),
    ("/admin/pages/{draft}/copy/", {"new_title": "Copied", "new_slug": "copied", "new_parent_page": "{space_a}"}, 403),
    ("/admin/pages/{target}/edit/", {"title": "Hijacked", "slug": "b-live", "action-publish": "1"}, 403),
    ("/admin/bulk/wagtailcore/page/delete/?id={draft}", {}, DASHBOARD),
    ("/admin/bulk/wagtailcore/page/publish/?id={draft}", {}, DASHBOARD),
    ("/admin/localize/translate/{translation}/pofile/upload/", {}, DASHBOARD),
    ("/admin/documents/delete/{document}/", {}, DASHBOARD),
    ("/admin/documents/edit/{document}/", {"title": "Hijacked"}, DASHBOARD),
    ("/admin/bulk/wagtaildocs/document/delete/?id={document}", {}, "/admin/bulk/wagtaildocs/document/delete/"),
]


@pytest.mark.parametrize(("url", "data", "status"), POSTS, ids=[url for url, _data, _status in POSTS])
def test_posting_an_action_on_another_space_is_refused_and_changes_nothing(world, alice, url, data, status):
    before = state(world)
    fields = {key: value.format(space_a=world.space_a.pk) for key, value in data.items()}
    url = url.replace("{space_a}", str(world.space_a.pk))
    response = alice.post(fill(url, world), fields)
    if isinstance(status, int):
        assert response.status_code == status
    else:
        assert (response.status_code, response["Location"]) == (302, status)
    if status == DASHBOARD:
        told = [" ".join(str(message).split()) for message in get_messages(response.wsgi_request)]
        assert told == ["Sorry, you do not have permission to access this area."], told
    assert_hidden(response)
    assert state(world) == before


def test_a_partner_publishing_its_own_resource_only_saves_a_draft(world, alice):
    # Wagtail drops "publish" for a user without the permission and saves a draft instead (no 403):
    # the page stays as it was on the site, and the new revision waits for review.
    own = Page.objects.get(pk=world.own.pk)
    live_revision, revisions = own.live_revision_id, own.revisions.count()
    data = nested_form_data(
        {
            "title": "Alpha, published?",
            "slug": own.slug,
            "identifier": world.own.identifier,
            "resource_type": world.own.resource_type_id,
            "date_precision": world.own.date_precision,
            "body": streamfield([]),
            **{name: inline_formset([]) for name in ("comments", "authors", "files", "related_resources")},
            "action-publish": "1",
        }
    )
    response = alice.post(f"/admin/pages/{own.pk}/edit/", data)
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{own.pk}/edit/"
    own.refresh_from_db()
    assert (own.live_revision_id, own.title) == (live_revision, world.own.title)
    assert own.draft_title == "Alpha, published?" and own.revisions.count() == revisions + 1
