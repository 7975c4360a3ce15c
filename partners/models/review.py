"""The review of partners' contributions: a Wagtail workflow task and the conversation around it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import AbstractGroupApprovalTask


class ContributionReviewTask(AbstractGroupApprovalTask):
    """Knowledge managers approve, request changes (with a comment) or decline a contribution.

    Wagtail's group approval task offers approve and request changes; declining (a final no,
    with the reason) is what a partner needs to hear instead of a silent reject.
    """

    class Meta:
        verbose_name = _("contribution review task")
        verbose_name_plural = _("contribution review tasks")


class ReviewNote(models.Model):
    """One message of a contribution's review: the partner's note on submitting, a reviewer's answer."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
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
