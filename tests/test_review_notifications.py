"""E-mails of the contribution review (partners/notifications.py): reviewers hear of each submission
with the partner's note, the partner hears of each decision with the reviewer's comment, in their
own language; Wagtail's generic moderation e-mails are not sent twice for contributions."""

from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask
from wagtail.users.models import UserProfile

import pytest

from .test_review_workflow import act, add_draft, shared_review, submit  # noqa: F401  (module fixture)


@pytest.fixture
def review(shared_review, tree):  # noqa: F811  (the module fixture imported above)
    return tree


@pytest.fixture
def draft(review):
    return add_draft(review.space_a, review.partner_a, "Mercury-free dental care", "zmwg-1")


def test_reviewers_get_one_mail_each_with_the_partners_note(client, review, draft, superuser, mailoutbox):
    submit(client, review.partner_a, draft, note="Please check the licence.")
    assert sorted(address for mail in mailoutbox for address in mail.to) == ["editor@example.org", "kim@example.org"]
    mail = next(mail for mail in mailoutbox if mail.to == ["kim@example.org"])
    assert mail.subject == 'Contribution to review: "Mercury-free dental care"'
    assert "Please check the licence." in mail.body
    assert "Zero Mercury Working Group" in mail.body and "Zoe" in mail.body
    assert f"/admin/pages/{draft.pk}/edit/" in mail.body
    # Neither the partner nor another organisation's contributor is told.
    assert not {"zoe@example.org", "bo@example.org"} & {address for mail in mailoutbox for address in mail.to}


def test_a_resubmission_tells_the_reviewers_again(client, review, draft, mailoutbox):
    submit(client, review.partner_a, draft)
    act(client, review.km, draft, "reject", comment="Add the French PDF.")
    mailoutbox.clear()
    submit(client, review.partner_a, draft, note="Added.")
    assert [mail.to for mail in mailoutbox] == [["kim@example.org"]]
    assert "Added." in mailoutbox[0].body


@pytest.mark.parametrize(
    ("action", "comment", "subject"),
    [
        ("reject", "Add the French PDF.", 'Changes requested to your contribution "Mercury-free dental care"'),
        ("approve", "Thank you, well documented.", 'Your contribution "Mercury-free dental care" has been approved'),
        ("decline", "Outside the platform's scope.", 'Your contribution "Mercury-free dental care" has been declined'),
    ],
)
def test_the_partner_hears_of_each_decision_with_the_comment(
    client, review, draft, mailoutbox, action, comment, subject
):
    submit(client, review.partner_a, draft)
    mailoutbox.clear()
    act(client, review.km, draft, action, comment=comment)
    assert [mail.to for mail in mailoutbox] == [["zoe@example.org"]]
    assert mailoutbox[0].subject == subject
    assert comment in mailoutbox[0].body and "Kim" in mailoutbox[0].body


def test_the_mail_is_in_the_recipients_language(client, review, draft, mailoutbox):
    profile = UserProfile.get_for_user(review.partner_a)
    profile.preferred_language = "fr"
    profile.save()
    submit(client, review.partner_a, draft)
    mailoutbox.clear()
    act(client, review.km, draft, "reject", comment="Ajoutez le PDF.")
    # Wagtail's greeting is translated already; ours follow when the catalogues are.
    assert mailoutbox[0].body.startswith("Salut Zoe,")


def test_a_partner_who_turned_off_rejection_mails_gets_none(client, review, draft, mailoutbox):
    profile = UserProfile.get_for_user(review.partner_a)
    profile.rejected_notifications = False
    profile.save()
    submit(client, review.partner_a, draft)
    mailoutbox.clear()
    act(client, review.km, draft, "reject", comment="Add the French PDF.")
    assert mailoutbox == []


def test_other_workflows_keep_wagtails_own_mails(review, mailoutbox, superuser):
    workflow = Workflow.objects.create(name="Secretariat review")
    task = GroupApprovalTask.objects.create(name="Secretariat check")
    task.groups.add(review.km.groups.get())
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=review.library)
    page = review.resource
    page.save_revision(user=superuser)
    workflow.start(page, superuser)
    # Wagtail's two mails: the task's group, and superusers for the workflow (even the one who submitted).
    by_recipient = {mail.to[0]: mail.subject for mail in mailoutbox}
    assert "has been submitted for approval" in by_recipient["kim@example.org"]
    assert "has been submitted to workflow" in by_recipient["editor@example.org"]
    assert len(mailoutbox) == 2
