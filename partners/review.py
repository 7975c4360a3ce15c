"""The review conversation of a contribution, written from Wagtail's workflow signals.

Every submission to a ContributionReviewTask and every reviewer decision becomes a ReviewNote
(the partner's note to the reviewers, the reviewer's comment), and the people on the other side
get an e-mail carrying it (partners/notifications.py). Wagtail's own moderation e-mails stay as
they are for every other workflow; for contributions ours replace them, so nobody gets two.

A partner's note travels with the page instance the edit form saved (partners/admin/panels.py
`ContributionPageForm`): the revision saved from that instance records it before the workflow
starts, so the reviewers' e-mail, sent when the task starts, can carry it.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from wagtail.admin import signal_handlers as wagtail_mail
from wagtail.models import Page, Revision, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_cancelled, workflow_rejected, workflow_submitted

from . import notifications
from .models import ContributionReviewTask, ReviewNote

# The attribute ContributionPageForm sets on the page it saves when the editor submits with a note.
PENDING_NOTE_ATTR = "_contribution_submission_note"


class ReviewOptionalCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the contributor and shown in the review conversation."),
    )


class ReviewCommentForm(ReviewOptionalCommentForm):
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required: tell the contributor why, and what to change. Sent by e-mail."),
    )


def is_contribution_review(workflow_state):
    """Whether this workflow state runs (or ran) the contribution review task."""
    task_state = workflow_state.current_task_state
    if task_state is not None:
        return isinstance(task_state.task.specific, ContributionReviewTask)
    return ContributionReviewTask.objects.filter(workflow_tasks__workflow_id=workflow_state.workflow_id).exists()


@transaction.atomic
def decline(task_state, user, comment):
    """A final no: the task state is rejected with the reason and the workflow cancelled; the page stays a draft."""
    workflow_state = task_state.workflow_state
    task_state.reject(user=user, update=False, comment=comment)
    workflow_state.refresh_from_db()
    # Read by the workflow_cancelled receiver below, which sees this very instance.
    workflow_state.declined_by_reviewer = True
    workflow_state.cancel(user=user)


def _note(workflow_state, kind, task_state=None, author=None, text=""):
    return ReviewNote.objects.create(
        page_id=int(workflow_state.object_id),
        revision=task_state.revision if task_state else None,
        workflow_state=workflow_state,
        kind=kind,
        author=author,
        text=text or "",
    )


# --- Notes ------------------------------------------------------------------------------------


@receiver(post_save, sender=Revision, dispatch_uid="partners_pending_submission_note")
def record_pending_note(sender, instance, created, raw=False, **kwargs):
    # Only revisions saved from an instance (the edit view's), never a database read of one.
    if raw or not created or not Revision.content_object.is_cached(instance):
        return
    text = getattr(instance.content_object, PENDING_NOTE_ATTR, "")
    if text:
        ReviewNote.objects.create(
            page_id=int(instance.object_id),
            revision=instance,
            kind=ReviewNote.Kind.SUBMITTED,
            author=instance.user,
            text=text,
        )
        setattr(instance.content_object, PENDING_NOTE_ATTR, "")


@receiver(task_submitted, sender=TaskState, dispatch_uid="partners_contribution_submitted")
def on_submitted(sender, instance, user=None, **kwargs):
    if not isinstance(instance.task.specific, ContributionReviewTask):
        return
    workflow_state = instance.workflow_state
    note = (
        ReviewNote.objects.filter(
            page_id=int(workflow_state.object_id),
            kind=ReviewNote.Kind.SUBMITTED,
            workflow_state__isnull=True,
            revision=instance.revision,
        )
        .order_by("-pk")
        .first()
    )
    if note is not None:
        note.workflow_state = workflow_state
        note.save(update_fields=["workflow_state"])
    else:
        # A submission without a note (a resubmission, an import) is still a step of the conversation.
        note = _note(workflow_state, ReviewNote.Kind.SUBMITTED, instance, author=user)
    notifications.contribution_submitted(instance=instance, user=user, note=note)


def _decision(workflow_state, kind, user, notifier):
    task_state = workflow_state.current_task_state
    note = _note(workflow_state, kind, task_state, author=task_state.finished_by or user, text=task_state.comment)
    notifier(instance=workflow_state, user=user, note=note)


@receiver(workflow_approved, sender=WorkflowState, dispatch_uid="partners_contribution_approved")
def on_approved(sender, instance, user=None, **kwargs):
    if is_contribution_review(instance):
        _decision(instance, ReviewNote.Kind.APPROVED, user, notifications.contribution_approved)


@receiver(workflow_rejected, sender=WorkflowState, dispatch_uid="partners_contribution_changes_requested")
def on_changes_requested(sender, instance, user=None, **kwargs):
    if is_contribution_review(instance):
        _decision(instance, ReviewNote.Kind.CHANGES_REQUESTED, user, notifications.contribution_changes_requested)


@receiver(workflow_cancelled, sender=WorkflowState, dispatch_uid="partners_contribution_declined")
def on_cancelled(sender, instance, user=None, **kwargs):
    # A cancellation by the submitter, or by publishing over a workflow, is not a decision.
    if getattr(instance, "declined_by_reviewer", False) and is_contribution_review(instance):
        _decision(instance, ReviewNote.Kind.DECLINED, user, notifications.contribution_declined)


# --- Wagtail's own moderation e-mails, minus contributions -----------------------------------


def _without_contributions(notifier_class):
    class Notifier(notifier_class):
        def can_handle(self, instance, **kwargs):
            if not super().can_handle(instance, **kwargs):
                return False
            if isinstance(instance, TaskState):
                return not isinstance(instance.task.specific, ContributionReviewTask)
            return not is_contribution_review(instance)

    Notifier.__name__ = notifier_class.__name__
    return Notifier()


# The same dispatch_uid as Wagtail's: whichever app is ready first, only this version stays connected
# (Django ignores a second receiver under one uid; the disconnect removes Wagtail's if it came first).
for _signal, _sender, _uid, _notifier in (
    (
        task_submitted,
        TaskState,
        "group_approval_task_submitted_email_notification",
        wagtail_mail.task_submission_email_notifier,
    ),
    (
        workflow_submitted,
        WorkflowState,
        "workflow_state_submitted_email_notification",
        wagtail_mail.workflow_submission_email_notifier,
    ),
    (
        workflow_rejected,
        WorkflowState,
        "workflow_state_rejected_email_notification",
        wagtail_mail.workflow_rejection_email_notifier,
    ),
    (
        workflow_approved,
        WorkflowState,
        "workflow_state_approved_email_notification",
        wagtail_mail.workflow_approval_email_notifier,
    ),
):
    _signal.disconnect(sender=_sender, dispatch_uid=_uid)
    _signal.connect(_without_contributions(type(_notifier)), sender=_sender, dispatch_uid=_uid, weak=False)


# --- Where each contribution stands (the partner's dashboard) -----------------------------------


class ContributionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in-review", _("In review")
    CHANGES_REQUESTED = "changes-requested", _("Changes requested")
    DECLINED = "declined", _("Declined")
    PUBLISHED = "published", _("Published")
    PUBLISHED_CHANGE_IN_REVIEW = "published-change-in-review", _("Published — change in review")


REVIEWER_KINDS = (ReviewNote.Kind.APPROVED, ReviewNote.Kind.CHANGES_REQUESTED, ReviewNote.Kind.DECLINED)


def status_of(page, workflow_state, declined):
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return ContributionStatus.CHANGES_REQUESTED
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        return ContributionStatus.PUBLISHED_CHANGE_IN_REVIEW if page.live else ContributionStatus.IN_REVIEW
    if page.live:
        return ContributionStatus.PUBLISHED
    return ContributionStatus.DECLINED if declined else ContributionStatus.DRAFT


def review_summaries(pages):
    """Per page id: (status, latest reviewer note or None), in three queries whatever the number of pages."""
    pages = list(pages)
    ids = [page.pk for page in pages]
    latest_state = {}
    for workflow_state in WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id__in=[str(pk) for pk in ids]
    ).order_by("created_at", "pk"):
        latest_state[int(workflow_state.object_id)] = workflow_state
    declined = set(
        ReviewNote.objects.filter(
            workflow_state__in=[state.pk for state in latest_state.values()], kind=ReviewNote.Kind.DECLINED
        ).values_list("workflow_state_id", flat=True)
    )
    latest_note = {}
    reviewer_notes = ReviewNote.objects.filter(page_id__in=ids, kind__in=REVIEWER_KINDS).select_related("author")
    for note in reviewer_notes.order_by("created_at", "pk"):
        latest_note[note.page_id] = note
    summaries = {}
    for page in pages:
        state = latest_state.get(page.pk)
        is_declined_state = (
            state is not None and state.status == WorkflowState.STATUS_CANCELLED and state.pk in declined
        )
        summaries[page.pk] = (status_of(page, state, is_declined_state), latest_note.get(page.pk))
    return summaries
