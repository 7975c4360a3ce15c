"""The review of partners' contributions: a Wagtail workflow task and the conversation around it."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.models import AbstractGroupApprovalTask


class ContributionReviewTask(AbstractGroupApprovalTask):
    """Knowledge managers approve, request changes (with a comment) or decline a contribution.

    Wagtail's group approval task offers approve and request changes; declining (a final no,
    with the reason) is what a partner needs to hear instead of a silent reject.
    Declining rejects the task state (recording who, when and why) and cancels the workflow, so
    the contribution stays an unpublished draft; partners/review.py writes the note and e-mail.
    """

    DECLINE = "decline"
    COMMENT_REQUIRED = ("reject", DECLINE)

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
                (self.DECLINE, _("Decline"), True),
            ]
        return []

    def get_form_for_action(self, action):
        from partners.review import ReviewCommentForm, ReviewOptionalCommentForm

        return ReviewCommentForm if action in self.COMMENT_REQUIRED else ReviewOptionalCommentForm

    def on_action(self, task_state, user, action_name, **kwargs):
        from partners.review import decline

        # The edit view's "workflow-action-extra-data" can bypass the modal form: a partner must
        # never hear "changes requested" or "declined" without being told why.
        if action_name in self.COMMENT_REQUIRED and not (kwargs.get("comment") or "").strip():
            raise PermissionDenied(_("A comment is required."))
        if action_name == self.DECLINE:
            return decline(task_state, user, comment=kwargs["comment"])
        return super().on_action(task_state, user, action_name, **kwargs)

    class Meta:
        verbose_name = _("contribution review task")
        verbose_name_plural = _("contribution review tasks")


class ReviewNote(models.Model):
    """One message of a contribution's review: the partner's note on submitting, a reviewer's answer."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", pgettext_lazy("review decision", "Approved")
        CHANGES_REQUESTED = "changes-requested", _("Changes requested")
        DECLINED = "declined", _("Declined")

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="review_notes", verbose_name=_("page")
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revision"),
    )
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("workflow state"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.page_id}"
