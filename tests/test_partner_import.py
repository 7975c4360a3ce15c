"""Bulk contribution (issue 10 item 5, contracts §7): `import_resources PATH --partner ORG_SLUG` and a
partner user's upload in the admin put valid rows as drafts in that organisation's contribution space,
each submitted to the review workflow; none goes live; every bad row is reported; a row naming a
resource outside the space (the secretariat's, another organisation's) fails and changes nothing.
"""

import copy
import io
import json
import zipfile

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Page, Revision, WorkflowState

import pytest

from library.importing import ImportFileError, import_file
from library.models import ImportJob, ResourcePage
from partners import spaces
from partners.models import ContributionReviewTask, Organisation

from .builders import SMALL_PDF, add_two_partners, clear_caches, rolled_back
from .test_library_import import csv_file, run, upload

HEADER = "identifier,title,resource_type,collections"


def build_bulk(t):
    add_two_partners(t)
    # B's live contribution, whose identifier A's rows try to reuse.
    t.b_resource = ResourcePage(
        title="Beta live report", slug="beta-live", identifier="beta-1", resource_type=t.types["report"]
    )
    t.space_b.add_child(instance=t.b_resource)
    t.b_resource.save_revision(user=t.bob).publish()
    clear_caches()
    return t


@pytest.fixture(scope="module")
def shared_bulk(shared_tree, django_db_blocker):
    with rolled_back(django_db_blocker):
        yield copy.deepcopy(build_bulk(copy.deepcopy(shared_tree)))


@pytest.fixture
def world(shared_bulk, tree):
    return tree  # the copy of `shared_bulk` (tests/conftest.py)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def under(space):
    return ResourcePage.objects.filter(path__startswith=space.path, depth=space.depth + 1, locale=space.locale)


def snapshot():
    """Everything an import may write: pages, revisions, workflow states, documents, page rows."""
    return (
        Page.objects.count(),
        Revision.objects.count(),
        WorkflowState.objects.count(),
        get_document_model().objects.count(),
        sorted(
            ResourcePage.objects.values_list(
                "pk", "identifier", "title", "draft_title", "live", "path", "latest_revision_id", "contributed_by_id"
            )
        ),
    )


def assert_submitted_draft(page, space, requested_by):
    assert page.get_parent().pk == space.pk and page.contributed_by_id == space.organisation_id
    assert not page.live and page.live_revision_id is None and page.latest_revision_id is not None
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == requested_by
    assert state.workflow == spaces.review_workflow()
    assert isinstance(state.current_task_state.task.specific, ContributionReviewTask)
    # Its aliases in the other locales are not live either.
    assert not ResourcePage.objects.filter(translation_key=page.translation_key, live=True).exists()


# --- The command ----------------------------------------------------------------------------------


def test_partner_rows_become_drafts_in_the_space_each_submitted_for_review(world, tmp_path):
    path = csv_file(tmp_path, "a-1,Alpha first,report,", "a-2,Alpha second,guidance,", header=HEADER)
    status, out, err = run(path, "--partner", "alpha")
    assert (status, out) == (0, ["created 2, updated 0, unchanged 0, failed 0"])
    assert "row 1: a-1: created as a draft, not published" in err
    pages = under(world.space_a).order_by("identifier")
    assert [page.identifier for page in pages] == ["a-1", "a-2"]
    for page in pages:
        # An operator is not one of the partner's users: the workflow records no requester.
        assert_submitted_draft(page, world.space_a, requested_by=None)
    assert not ResourcePage.objects.filter(identifier__in=["a-1", "a-2"], depth=world.library.depth + 1).exists()
    assert not under(world.space_b).exclude(pk=world.b_resource.pk).exists()


def test_partner_drafts_are_not_in_search_or_the_api(world, client, tmp_path):
    run(csv_file(tmp_path, "ctl-1,Quicksilver secretariat control,report,", header=HEADER, name="ctl.csv"))
    run(csv_file(tmp_path, "a-1,Quicksilver partner draft,report,", header=HEADER), "--partner", "alpha")

    def titles(url):
        payload = client.get(url).json()
        return {item["title"] for item in payload.get("results", payload.get("items", []))}

    found = titles("/api/search/?q=quicksilver&lang=en")
    assert "Quicksilver secretariat control" in found and "Quicksilver partner draft" not in found
    api = titles("/api/v2/pages/?search=quicksilver")
    assert "Quicksilver secretariat control" in api and "Quicksilver partner draft" not in api
    draft = under(world.space_a).get(identifier="a-1")
    assert client.get(f"/api/v2/pages/{draft.pk}/", follow=True).status_code == 404


def test_bad_rows_are_reported_with_their_numbers_and_create_nothing(world, tmp_path):
    rows = ("a-1,Good,report,", "a-2,,report,", "a-3,Unknown type,no-such-type,", "a-4,Good too,guidance,")
    path = csv_file(tmp_path, *rows, header=HEADER)
    status, out, _err = run(path, "--partner", "alpha")
    assert status == 1
    assert out[0] == "created 2, updated 0, unchanged 0, failed 2"
    assert [line.split(":")[0] for line in out[1:]] == ["row 2", "row 3"]
    assert out[1].startswith("row 2: title:") and out[2].startswith("row 3: resource_type:")
    assert sorted(under(world.space_a).values_list("identifier", flat=True)) == ["a-1", "a-4"]
    assert not ResourcePage.objects.filter(identifier__in=["a-2", "a-3"]).exists()


@pytest.mark.parametrize("slug", ["no-such-org", "beta-inactive"])
def test_an_unknown_or_inactive_organisation_imports_nothing(world, tmp_path, slug):
    Organisation.objects.filter(pk=world.org_b.pk).update(slug="beta-inactive", active=False)
    path = csv_file(tmp_path, "x-1,Anything,report,", header=HEADER)
    before = snapshot()
    status, out, err = run(path, "--partner", slug)
    assert (status, out) == (1, [])
    assert "Nothing was imported" in err and slug in err
    assert snapshot() == before


def test_a_dry_run_with_partner_reports_the_same_and_leaves_nothing(world, tmp_path):
    path = csv_file(tmp_path, "a-1,First,report,", "a-2,,report,", header=HEADER)
    before = snapshot()
    status, out, _err = run(path, "--partner", "alpha", "--dry-run")
    assert (status, out[0]) == (1, "created 1, updated 0, unchanged 0, failed 1")
    assert snapshot() == before


def test_reimporting_the_same_file_changes_nothing(world, tmp_path):
    path = csv_file(tmp_path, "a-1,First,report,", "a-2,Second,guidance,", header=HEADER)
    assert run(path, "--partner", "alpha")[0] == 0
    before = snapshot()
    assert run(path, "--partner", "alpha")[:2] == (0, ["created 0, updated 0, unchanged 2, failed 0"])
    assert snapshot() == before


def test_a_row_naming_a_resource_outside_the_space_fails_and_leaves_it_alone(world, tmp_path):
    secretariat = world.resource.identifier
    path = csv_file(
        tmp_path,
        f"{secretariat},Hijacked title,report,",
        "beta-1,Hijacked too,report,",
        "a-1,Own,report,",
        header=HEADER,
    )
    before = sorted(
        ResourcePage.objects.exclude(path__startswith=world.space_a.path).values_list(
            "pk", "title", "draft_title", "path", "live", "latest_revision_id", "has_unpublished_changes"
        )
    )
    status, out, _err = run(path, "--partner", "alpha")
    assert status == 1 and out[0] == "created 1, updated 0, unchanged 0, failed 2"
    assert out[1] == (
        f"row 1: identifier: '{secretariat}' is the identifier of a resource outside this contribution space; "
        "give your record another identifier"
    )
    assert out[2].startswith("row 2: identifier: 'beta-1' is the identifier of a resource outside")
    after = ResourcePage.objects.exclude(path__startswith=world.space_a.path).values_list(
        "pk", "title", "draft_title", "path", "live", "latest_revision_id", "has_unpublished_changes"
    )
    assert sorted(after) == before
    assert not WorkflowState.objects.filter(object_id__in=[str(world.resource.pk), str(world.b_resource.pk)]).exists()


def test_a_change_is_refused_under_review_and_reviewed_again_once_published(world, tmp_path):
    run(csv_file(tmp_path, "a-1,First title,report,", header=HEADER), "--partner", "alpha")
    page = under(world.space_a).get(identifier="a-1")
    changed = csv_file(tmp_path, "a-1,Second title,report,", header=HEADER, name="changed.csv")
    before = snapshot()
    status, out, _err = run(changed, "--partner", "alpha")
    assert (status, out[1]) == (
        1,
        "row 1: identifier: the resource 'a-1' is awaiting review; change it once it is reviewed",
    )
    assert snapshot() == before
    # A knowledge manager approves: it goes live. A later change is a draft, reviewed again.
    WorkflowState.objects.for_instance(page).get().current_task_state.approve(user=world.manager)
    page.refresh_from_db()
    assert page.live and page.title == "First title"
    assert run(changed, "--partner", "alpha")[:2] == (0, ["created 0, updated 1, unchanged 0, failed 0"])
    page.refresh_from_db()
    assert page.live and page.title == "First title" and page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "Second title"
    assert WorkflowState.objects.for_instance(page).filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 1


def test_a_partner_user_cannot_import_into_another_organisation(world, tmp_path):
    path = csv_file(tmp_path, "a-1,First,report,", header=HEADER)
    before = snapshot()
    with pytest.raises(ImportFileError):
        import_file(path, user=world.alice, organisation=world.org_b)
    assert snapshot() == before


# --- The admin ------------------------------------------------------------------------------------


def test_a_partner_user_may_open_the_import_page_which_names_their_space(world):
    response = client_for(world.alice).get(reverse("library_import"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-contribution-space" in html and world.space_a.title in html
    assert world.space_b.title not in html
    # Deactivating the organisation closes it at once (to the dashboard, or to the login page).
    Organisation.objects.filter(pk=world.org_a.pk).update(active=False)
    denied = client_for(get_user_model().objects.get(pk=world.alice.pk)).get(reverse("library_import"))
    assert denied.status_code == 302 and not denied.url.startswith(reverse("library_import"))


def test_a_partner_upload_puts_drafts_in_their_space_and_reports_every_bad_row(world):
    content = (
        f"{HEADER}\na-1,Alpha upload,report,\n,No identifier,report,\nbeta-1,Into B,report,\na-2,Alpha two,guidance,\n"
    ).encode()
    b_before = sorted(
        Page.objects.filter(path__startswith=world.space_b.path).values_list(
            "pk", "title", "draft_title", "live", "latest_revision_id"
        )
    )
    response = upload(client_for(world.alice), "rows.csv", content, dry_run=False)
    job = ImportJob.objects.get(user=world.alice)
    assert job.status == "done"
    html = response.content.decode()
    assert "created 2, updated 0, unchanged 0, failed 2" in html
    assert [error[0] for error in sorted(job.report["errors"])] == [2, 3]
    for page in under(world.space_a):
        assert_submitted_draft(page, world.space_a, requested_by=world.alice)
    assert sorted(under(world.space_a).values_list("identifier", flat=True)) == ["a-1", "a-2"]
    assert not ResourcePage.objects.filter(depth=world.library.depth + 1, identifier__in=["a-1", "a-2"]).exists()
    b_after = Page.objects.filter(path__startswith=world.space_b.path).values_list(
        "pk", "title", "draft_title", "live", "latest_revision_id"
    )
    assert sorted(b_after) == b_before
    # Bob never sees Alice's job.
    assert client_for(world.bob).get(reverse("library_import_job", args=[job.pk]), follow=True).status_code == 404


def test_a_partner_uploads_files_into_their_own_collection(world):
    archive = io.BytesIO()
    rows = [{"identifier": "a-1", "title": "With a file", "resource_type": "report", "file": "annex.pdf"}]
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("rows.json", json.dumps(rows))
        bundle.writestr("annex.pdf", SMALL_PDF)
    upload(client_for(world.alice), "rows.zip", archive.getvalue(), dry_run=False)
    page = under(world.space_a).get(identifier="a-1")
    document = page.get_latest_revision_as_object().files.get().document
    assert document.collection == spaces.collection_of(world.org_a)
    assert document.uploaded_by_user == world.alice


def test_a_knowledge_managers_upload_still_publishes_in_the_library(world):
    upload(client_for(world.manager), "rows.csv", f"{HEADER}\nkm-1,Manager upload,report,\n".encode(), dry_run=False)
    page = ResourcePage.objects.get(identifier="km-1")
    assert page.live and page.get_parent().pk == world.library.pk and page.contributed_by_id is None
    assert not WorkflowState.objects.for_instance(page).exists()
