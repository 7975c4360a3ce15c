"""The review workflow of contributions (partners/review.py, ContributionReviewTask): each transition
through the admin's own views, who may act, the review conversation, the partner's dashboard, provenance,
and a change to a published contribution that stays unpublished until approved.

The setup and helpers at the top are shared with tests/test_review_notifications.py."""

import copy

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from wagtail.models import TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from library.models import ResourcePage
from partners import spaces
from partners.models import ContributionReviewTask, Organisation, ReviewNote
from partners.review import ContributionStatus, review_summaries

from .builders import partner_user, rolled_back


def build_review(tree):
    users = get_user_model()
    t = tree
    t.org_a = Organisation.objects.create(name="Zero Mercury Working Group", slug="zmwg", acronym="ZMWG", kind="ngo")
    t.org_b = Organisation.objects.create(name="IPEN", slug="ipen", acronym="IPEN", kind="ngo")
    t.space_a, t.space_b = spaces.space_of(t.org_a), spaces.space_of(t.org_b)
    t.km = users.objects.create_user("kim", "kim@example.org", "pw", first_name="Kim")
    t.km.groups.add(spaces.knowledge_managers_group())
    t.partner_a = _contributor(t.org_a, "zoe", "zoe@example.org")
    t.partner_b = _contributor(t.org_b, "bo", "bo@example.org")
    t.draft_b = add_draft(t.space_b, t.partner_b, "Mercury in skin-lightening creams", "ipen-1")
    return t


def _contributor(organisation, username, email):
    return partner_user(organisation, username, email, first_name=username.title())


def add_draft(space, user, title, identifier):
    """A draft contribution as its author leaves it after "Save draft"."""
    from hub.models import ResourceType

    page = ResourcePage(
        title=title,
        slug=identifier,
        identifier=identifier,
        resource_type=ResourceType.objects.order_by("pk").first(),
        owner=user,
        live=False,
    )
    space.add_child(instance=page)
    page.save_revision(user=user)
    return ResourcePage.objects.get(pk=page.pk)


@pytest.fixture(scope="module")
def shared_review(shared_tree, django_db_blocker):
    with rolled_back(django_db_blocker):
        yield copy.deepcopy(build_review(copy.deepcopy(shared_tree)))


def edit_data(page, action="action-submit", note="", **fields):
    """The edit form as the browser posts it for `page`'s latest draft, with one of the action buttons."""
    page = page.get_latest_revision_as_object()
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "body": streamfield([]),
        "cover_image": "",
        "identifier": page.identifier,
        "resource_type": page.resource_type_id,
        "publication_date": "",
        "date_precision": page.date_precision,
        "publisher": "",
        "publisher_name": "",
        "isbn": "",
        "doi": "",
        "handle": "",
        "licence": "",
        "symbol": "",
        "meeting": "",
        "languages": list(page.languages or ["en"]),
        "external_url": "",
        "tags": "",
        "seo_title": "",
        "search_description": "",
        "listing_title": "",
        "listing_summary": "",
        "listing_image": "",
        "go_live_at": "",
        "expire_at": "",
        "submission_note": note,
        "comments": inline_formset([]),
        "authors": inline_formset([]),
        "files": inline_formset([]),
        "related_resources": inline_formset([]),
        action: "1",
    }
    data.update(fields)
    return nested_form_data(data)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def action_url(page, action):
    page = ResourcePage.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def submit(client, user, page, note=""):
    """`user` submits `page` from its edit view; returns the response."""
    client.force_login(user)
    return client.post(edit_url(page), edit_data(page, note=note))


def act(client, user, page, action, comment=""):
    """`user` takes a review action from the workflow action modal (posted without JavaScript)."""
    client.force_login(user)
    return client.post(action_url(page, action), {"comment": comment})


def fresh(page):
    return ResourcePage.objects.get(pk=page.pk)


@pytest.fixture
def review(shared_review, tree):
    return tree


@pytest.fixture
def draft(review):
    return add_draft(review.space_a, review.partner_a, "Mercury-free dental care", "zmwg-1")


def notes(page):
    return list(ReviewNote.objects.filter(page_id=page.pk).order_by("created_at", "pk").values_list("kind", "text"))


def workflow_status(page):
    return WorkflowState.objects.for_instance(fresh(page)).order_by("-created_at", "-pk").first().status


# --- Transitions ---------------------------------------------------------------------------------


def test_submitting_with_a_note_puts_it_in_review_and_records_the_note(client, review, draft):
    response = submit(client, review.partner_a, draft, note="First upload: please check the licence.")
    assert response.status_code == 302
    page = fresh(draft)
    assert page.workflow_in_progress and not page.live
    state = page.current_workflow_state
    assert state.requested_by == review.partner_a
    note = ReviewNote.objects.get(page_id=page.pk)
    assert (note.kind, note.text, note.author) == (
        "submitted",
        "First upload: please check the licence.",
        review.partner_a,
    )
    assert note.workflow_state == state and note.revision == state.current_task_state.revision


def test_saving_a_draft_with_a_note_sends_nothing_and_records_nothing(client, review, draft):
    client.force_login(review.partner_a)
    response = client.post(edit_url(draft), edit_data(draft, action="action-save", note="not yet"))
    assert response.status_code == 302
    assert not fresh(draft).workflow_in_progress and notes(draft) == []


def test_request_changes_then_resubmit_then_approve(client, review, draft):
    submit(client, review.partner_a, draft, note="Please review.")
    response = act(client, review.km, draft, "reject", comment="Add the French PDF.")
    assert response.status_code == 302
    assert workflow_status(draft) == WorkflowState.STATUS_NEEDS_CHANGES and not fresh(draft).live

    # The partner edits (not locked any more) and resubmits with an answer: the same workflow resumes.
    response = submit(client, review.partner_a, draft, note="French PDF added.")
    assert response.status_code == 302
    assert workflow_status(draft) == WorkflowState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.for_instance(fresh(draft)).count() == 1

    response = act(client, review.km, draft, "approve", comment="Thank you!")
    assert response.status_code == 302
    page = fresh(draft)
    assert page.live and not page.workflow_in_progress
    assert notes(draft) == [
        ("submitted", "Please review."),
        ("changes-requested", "Add the French PDF."),
        ("submitted", "French PDF added."),
        ("approved", "Thank you!"),
    ]
    assert ReviewNote.objects.get(page_id=page.pk, kind="approved").author == review.km


def test_request_changes_without_a_comment_is_refused(client, review, draft):
    submit(client, review.partner_a, draft)
    act(client, review.km, draft, "reject", comment="")
    assert workflow_status(draft) == WorkflowState.STATUS_IN_PROGRESS
    assert notes(draft) == [("submitted", "")]


def test_the_edit_view_cannot_bypass_the_required_comment(review, draft, client):
    submit(client, review.partner_a, draft)
    page = fresh(draft)
    with pytest.raises(PermissionDenied):
        page.current_workflow_task.on_action(page.current_workflow_task_state, review.km, "decline")
    assert workflow_status(draft) == WorkflowState.STATUS_IN_PROGRESS and len(notes(draft)) == 1


def test_decline_is_final_the_page_stays_an_unpublished_draft(client, review, draft):
    submit(client, review.partner_a, draft)
    response = act(client, review.km, draft, "decline", comment="Out of the platform's scope.")
    assert response.status_code == 302
    page = fresh(draft)
    assert not page.live and not page.workflow_in_progress and page.has_unpublished_changes
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_CANCELLED
    task_state = state.current_task_state
    assert (task_state.status, task_state.finished_by, task_state.comment) == (
        TaskState.STATUS_REJECTED,
        review.km,
        "Out of the platform's scope.",
    )
    assert notes(draft)[-1] == ("declined", "Out of the platform's scope.")
    assert review_summaries([page])[page.pk][0] == ContributionStatus.DECLINED


def test_the_submitter_cancelling_is_not_a_decline(client, review, draft):
    submit(client, review.partner_a, draft)
    fresh(draft).current_workflow_state.cancel(user=review.partner_a)
    assert [kind for kind, _text in notes(draft)] == ["submitted"]
    assert review_summaries([fresh(draft)])[draft.pk][0] == ContributionStatus.DRAFT


@pytest.mark.parametrize("action", ["approve", "reject", "decline"])
def test_a_partner_cannot_act_on_the_review(client, review, draft, action):
    submit(client, review.partner_a, draft)
    for user in (review.partner_a, review.partner_b):
        response = act(client, user, draft, action, comment="Looks fine to me")
        # Refused: a 403 (the partners' isolation hooks), or Wagtail's redirect to the dashboard with an error.
        if response.status_code == 302:
            assert response.url == reverse("wagtailadmin_home")
            assert "permission" in str(list(get_messages(response.wsgi_request))[-1])
        else:
            assert response.status_code == 403
    page = fresh(draft)
    assert not page.live and workflow_status(draft) == WorkflowState.STATUS_IN_PROGRESS
    assert page.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert notes(draft) == [("submitted", "")]


def test_reviewers_are_offered_the_four_actions_and_partners_none(review):
    task = ContributionReviewTask.objects.get()
    assert [name for name, _label, _modal in task.get_actions(None, review.km)] == [
        "reject",
        "approve",
        "approve",
        "decline",
    ]
    assert task.get_actions(None, review.partner_a) == []


# --- A change to a published contribution ----------------------------------------------------------


def test_a_change_to_a_published_contribution_shows_only_once_approved(client, review, draft):
    submit(client, review.partner_a, draft)
    act(client, review.km, draft, "approve")
    live_url = fresh(draft).url
    assert client.get(live_url).status_code == 200

    client.force_login(review.partner_a)
    response = client.post(edit_url(draft), edit_data(draft, title="Mercury-free dentistry", note="New title"))
    assert response.status_code == 302
    page = fresh(draft)
    assert page.title == "Mercury-free dental care" and page.live and page.has_unpublished_changes
    assert review_summaries([page])[page.pk][0] == ContributionStatus.PUBLISHED_CHANGE_IN_REVIEW
    client.logout()
    assert b"Mercury-free dentistry" not in client.get(live_url).content

    act(client, review.km, draft, "approve")
    assert fresh(draft).title == "Mercury-free dentistry"


# --- Dashboard and edit view -----------------------------------------------------------------------


def test_the_partner_dashboard_lists_its_own_contributions_with_status_and_comment(client, review, draft):
    other = add_draft(review.space_a, review.partner_a, "Mercury in batteries", "zmwg-2")
    submit(client, review.partner_a, draft)
    act(client, review.km, draft, "reject", comment="Please add a summary.")
    client.force_login(review.partner_a)
    response = client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert response.status_code == 200 and "Your organisation&#x27;s contributions" in html
    assert "Mercury-free dental care" in html and "Mercury in batteries" in html
    assert 'data-status="changes-requested"' in html and "Please add a summary." in html
    assert 'data-status="draft"' in html and reverse("wagtailadmin_pages:edit", args=[other.pk]) in html
    assert review.draft_b.title not in html


def test_a_knowledge_manager_sees_contributions_awaiting_review_in_wagtails_own_panel(client, review, draft):
    submit(client, review.partner_b, review.draft_b)
    submit(client, review.partner_a, draft)
    client.force_login(review.km)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" in html
    assert "Mercury-free dental care" in html and review.draft_b.title in html
    assert "Your organisation&#x27;s contributions" not in html


def test_the_edit_view_shows_the_conversation_and_provenance(client, review, draft):
    submit(client, review.partner_a, draft, note="Is the licence right?")
    act(client, review.km, draft, "reject", comment="Use CC-BY-4.0.")
    client.force_login(review.partner_a)
    html = client.get(edit_url(draft)).content.decode()
    assert "Review conversation" in html and "Is the licence right?" in html and "Use CC-BY-4.0." in html
    assert 'name="submission_note"' in html

    submit(client, review.partner_a, draft)
    act(client, review.km, draft, "approve")
    client.force_login(review.km)
    html = client.get(edit_url(draft)).content.decode()
    assert "Contributed by" in html and "Zero Mercury Working Group" in html
    approved = TaskState.objects.for_instance(fresh(draft)).get(status=TaskState.STATUS_APPROVED)
    assert approved.finished_by == review.km and "Kim" in html


def test_no_note_field_outside_contribution_spaces(editor_client, review):
    html = editor_client.get(edit_url(review.resource)).content.decode()
    assert 'name="submission_note"' not in html and "Contributed by" in html


def test_the_dashboard_panel_costs_the_same_for_two_contributions_or_six(client, review, draft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partners.admin.review import ContributionsPanel

    def render():
        with CaptureQueriesContext(connection) as queries:
            html = ContributionsPanel(review.org_a, review.space_a).render_html({})
        return html, len(queries)

    submit(client, review.partner_a, draft)
    act(client, review.km, draft, "reject", comment="Please add a summary.")
    add_draft(review.space_a, review.partner_a, "Mercury in batteries", "zmwg-2")
    html, two = render()
    assert html.count("<tr>") == 3  # the header and two rows
    for number in range(3, 7):
        add_draft(review.space_a, review.partner_a, f"Resource {number}", f"zmwg-{number}")
    html, six = render()
    assert html.count("<tr>") == 7 and six == two
