"""Partner A's user never reaches partner B's space, drafts or titles (issue 10 "Security", contracts §7).

The rows (two organisations with spaces, a contributor of each, a knowledge manager, B's draft,
B's live resource with a pending change, B's document, a French draft translation of it) are built
once per module: tests/test_partner_isolation_admin.py and tests/test_partner_isolation_public.py use
`shared_partners` from here. This module also checks what A may write itself: uploads into A's own
collection and A's own account. Every refusal test asserts the answer, that no marker of B's reaches A, and that nothing
changed; the knowledge manager's tests show the same requests do reveal B (so the others can fail).
"""

import copy

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, PageLogEntry, Revision
from wagtail_localize.models import Translation, TranslationSource

import pytest

from library import factories as lf
from partners import spaces

from .builders import SMALL_PDF, add_two_partners, clear_caches, rolled_back

DRAFT_MARKER = "B-SECRET-DRAFT"
PENDING_MARKER = "B-PENDING-CHANGE"
LIVE_MARKER = "B-LIVE-TITLE"
DOCUMENT_MARKER = "B-SECRET-DOC"
# What A must not see of B in the admin. The live title is public on the site, not in A's admin.
ADMIN_MARKERS = (DRAFT_MARKER, PENDING_MARKER, LIVE_MARKER, DOCUMENT_MARKER)
# What nobody but B and the reviewers may see anywhere.
PRIVATE_MARKERS = (DRAFT_MARKER, PENDING_MARKER, DOCUMENT_MARKER)


def build_partners(t):

    add_two_partners(t)
    kind = t.resource.resource_type

    t.own = lf.ResourcePageFactory(parent=t.space_a, title="Alpha own resource", slug="alpha-own", resource_type=kind)
    t.own.save_revision(user=t.alice)

    # B's draft, submitted for review (so the workflow reports and dashboards have it).
    t.draft = lf.ResourcePageFactory(
        parent=t.space_b, title=f"{DRAFT_MARKER} mercury report", slug="b-draft", live=False, resource_type=kind
    )
    t.draft.save_revision(user=t.bob)
    spaces.review_workflow().start(t.draft, t.bob)
    # B's live resource with a pending change under review of its title, locked by B.
    t.live = lf.ResourcePageFactory(
        parent=t.space_b, title=f"{LIVE_MARKER} mercury report", slug="b-live", resource_type=kind
    )
    t.live.save_revision(user=t.bob).publish()
    t.live.title = f"{PENDING_MARKER} mercury report"
    t.live.save_revision(user=t.bob, log_action=True)
    t.live.locked, t.live.locked_by = True, t.bob
    t.live.save(update_fields=["locked", "locked_by"])
    PageLogEntry.objects.log_action(t.live, "wagtail.edit", user=t.bob)

    t.collection_a, t.collection_b = spaces.collection_of(t.org_a), spaces.collection_of(t.org_b)
    document = get_document_model()(title=f"{DOCUMENT_MARKER} annex", collection=t.collection_b)
    document.file.save("b-annex.pdf", ContentFile(SMALL_PDF), save=False)
    document.file_size = len(SMALL_PDF)
    document.save()
    t.document = document
    # A translation of B's resource under way (wagtail-localize's report and editor name it).
    t.source, _created = TranslationSource.get_or_create_from_instance(Page.objects.get(pk=t.live.pk).specific)
    t.translation = Translation.objects.create(source=t.source, target_locale=Locale.objects.get(language_code="fr"))
    # Its French draft exists, so wagtail-localize's preview and PO download reach their permission check.
    t.translation.save_target(user=t.bob, publish=False)
    t.target = t.translation.get_target_instance()
    clear_caches()
    return t


@pytest.fixture(scope="module")
def shared_partners(shared_tree, django_db_blocker):
    with rolled_back(django_db_blocker):
        yield copy.deepcopy(build_partners(copy.deepcopy(shared_tree)))


@pytest.fixture
def world(shared_partners, tree):
    return tree  # the copy of `shared_partners` (tests/conftest.py)


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


@pytest.fixture
def manager(client, world):
    client.force_login(world.manager)
    return client


def body_of(response):
    # A streamed body (exports, feeds) can be read once: keep it for the next assertion.
    if response.streaming and not hasattr(response, "read_body"):
        response.read_body = b"".join(response.streaming_content)
    content = response.read_body if response.streaming else response.content
    return content.decode("utf-8", "replace")


def state(world):
    """What a refused request must leave unchanged: B's pages, revisions, documents, A's groups."""
    pages = Page.objects.filter(path__startswith=world.space_b.path)
    return {
        "pages": sorted(
            pages.values_list("pk", "path", "title", "draft_title", "live", "locked", "has_unpublished_changes")
        ),
        "revisions": Revision.objects.count(),
        "documents": sorted(get_document_model().objects.values_list("pk", "title", "collection_id")),
        "alice_groups": sorted(world.alice.groups.values_list("name", flat=True)),
        "alice_flags": (world.alice.is_staff, world.alice.is_superuser),
        "pages_total": Page.objects.count(),
    }


def assert_refused(response, *, markers=ADMIN_MARKERS):
    assert response.status_code in (302, 403, 404), response.status_code
    if response.status_code == 302:
        assert "/login/" in response["Location"] or response["Location"].rstrip("/").endswith("/admin"), response[
            "Location"
        ]
    assert_hidden(response, markers=markers)


def assert_hidden(response, *, markers=ADMIN_MARKERS):
    body = body_of(response)
    for marker in markers:
        assert marker not in body, marker


# --- The fixture is what the other modules assume ---------------------------------------------


def test_the_world_is_as_the_isolation_tests_assume(world):
    assert spaces.is_partner_user(world.alice) and spaces.is_partner_user(world.bob)
    assert not spaces.is_partner_user(world.manager)
    assert world.draft.get_parent().pk == world.space_b.pk and not world.draft.live
    live = Page.objects.get(pk=world.live.pk)
    assert live.live and live.title.startswith(LIVE_MARKER) and live.draft_title.startswith(PENDING_MARKER)
    assert world.document.collection == world.collection_b != world.collection_a
    assert not world.space_b.permissions_for_user(world.alice).can_add_subpage()


# --- Uploads: only allowed files, only into A's own collection -----------------------------------

# name: (content, why it is refused). Wagtail checks the extension (WAGTAILDOCS_EXTENSIONS),
# library/forms.py SafeDocumentForm what the content really is.
UNSAFE_FILES = {
    "program.exe": (b"MZ\x90\x00\x03\x00\x00\x00 a Windows executable", "is not allowed"),
    "page.html": (b"<!doctype html><html><body><script>alert(1)</script></body></html>", "is not allowed"),
    "drawing.svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "is not allowed"),
    "report.pdf": (b"<html><body><script>alert(1)</script></body></html>", "is not a PDF file"),
    "notes.txt": (b"Plain notes, then <script>alert(1)</script>", "may not contain HTML"),
}


def upload(client, url, name, data, collection=None):
    """POST a file as Wagtail's single and multiple upload forms do (the latter answers JSON)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    fields = {"title": name} if collection is None else {"title": name, "collection": collection.pk}
    key = "files[]" if "multiple" in url else "file"
    return client.post(url, {**fields, key: SimpleUploadedFile(name, data)})


def stored_files():
    from django.conf import settings

    return sorted(path.name for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())


def upload_refusal(response):
    """The file field's error, from the add form (200) or the multiple upload's JSON answer."""
    if response["Content-Type"].startswith("application/json"):
        answer = response.json()
        assert answer["success"] is False, answer
        return answer["error_message"]
    assert response.status_code == 200, response.status_code
    return " ".join(response.context["form"].errors["file"])


@pytest.mark.parametrize("url", ["/admin/documents/add/", "/admin/documents/multiple/add/"])
@pytest.mark.parametrize("name", sorted(UNSAFE_FILES))
def test_a_partner_cannot_upload_an_unsafe_file_into_its_own_collection(world, alice, url, name):
    before, files = state(world), stored_files()
    content, reason = UNSAFE_FILES[name]
    response = upload(alice, url, name, content)
    assert reason in upload_refusal(response)
    assert state(world) == before and stored_files() == files


@pytest.mark.parametrize("url", ["/admin/documents/add/", "/admin/documents/multiple/add/"])
def test_a_safe_upload_lands_in_the_partners_own_collection(world, alice, url):
    # The control for the refusals above, and for B's collection id below: Wagtail gives a user
    # with one collection no choice, so a forged `collection` is ignored, never honoured.
    before = state(world)
    response = upload(alice, url, "annex.pdf", SMALL_PDF, collection=world.collection_b)
    assert response.status_code in (200, 302)
    if url.endswith("multiple/add/"):
        assert response.json()["success"] is True
    stored = get_document_model().objects.get(title="annex.pdf")
    assert stored.collection == world.collection_a
    assert state(world)["documents"] == sorted([*before["documents"], (stored.pk, "annex.pdf", world.collection_a.pk)])


# --- A's own account: no way to more rights --------------------------------------------------------


def test_a_partner_cannot_grant_itself_groups_permissions_or_superuser(world, alice):
    from django.contrib.auth.models import Group, Permission

    manager_group = spaces.knowledge_managers_group()
    before = state(world), sorted(world.alice.user_permissions.values_list("pk", flat=True))
    escalation = {
        "groups": [manager_group.pk],
        "user_permissions": list(Permission.objects.values_list("pk", flat=True)[:5]),
        "is_superuser": "on",
        "is_staff": "on",
        "is_active": "on",
    }
    # Every settings panel of /admin/account/ posts in one form, each with its own prefix.
    panels = ("name_email", "notifications", "locale", "theme", "avatar", "password")
    fields = {f"{panel}-{key}": value for panel in panels for key, value in escalation.items()}
    fields.update({"name_email-first_name": "Alice", "name_email-last_name": "A", "name_email-email": "a@example.org"})
    fields.update({"theme-theme": "system", "theme-contrast": "system", "theme-density": "default"})
    response = alice.post("/admin/account/", {**escalation, **fields})
    assert response.status_code == 302 and response["Location"] == "/admin/account/"
    world.alice.refresh_from_db()
    assert world.alice.first_name == "Alice"  # the form was accepted; only the escalation was dropped
    assert (state(world), sorted(world.alice.user_permissions.values_list("pk", flat=True))) == before
    assert not world.alice.has_perm("wagtailcore.publish_page")
    # Wagtail's user and group editors refuse her outright.
    for url, data in [
        (f"/admin/users/edit/{world.alice.pk}/", {"username": "alice", "is_superuser": "on", **escalation}),
        (f"/admin/groups/edit/{spaces.contributors_group(world.org_a).pk}/", {"name": "x", **escalation}),
        ("/admin/groups/add/", {"name": "Alpha admins", **escalation}),
    ]:
        response = alice.post(url, data)
        assert response.status_code in (302, 403), url
        assert state(world) == before[0]
        assert not Group.objects.filter(name="Alpha admins").exists()
