"""What editors see of a contribution's review in the page editor.

- `ContributionPageForm`: a resource's edit form, plus "Note to the reviewers" for pages in a
  contribution space (the note is stored when the page is submitted, see partners/review.py).
- `ReviewConversationPanel`: the notes of the review so far, read-only, for partner and reviewer.
- `ProvenancePanel`: who contributed the resource, who created and submitted it, who reviewed it.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import Panel
from wagtail.models import Revision, TaskState, WorkflowState

from ..models import ContributionSpacePage, ReviewNote

# The edit and create views' buttons that send a page to its workflow.
SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


class ContributionPageForm(WagtailAdminPageForm):
    submission_note = forms.CharField(
        label=_("Note to the reviewers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Sent to the knowledge managers with your submission: what this resource is, what changed, "
            "anything they should check. Kept with the review conversation."
        ),
    )

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if not (parent_page and isinstance(parent_page.specific, ContributionSpacePage)):
            del self.fields["submission_note"]

    def save(self, commit=True):
        page = super().save(commit=commit)
        note = (self.cleaned_data.get("submission_note") or "").strip()
        if note and any(self.data.get(action) for action in SUBMIT_ACTIONS):
            from ..review import PENDING_NOTE_ATTR

            # The revision saved next from this instance records it (partners/review.py).
            setattr(page, PENDING_NOTE_ATTR, note)
        return page


class ReviewConversationPanel(Panel):
    """The partner's notes and the reviewers' answers, oldest first; hidden while there are none."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "partners/admin/review_conversation_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.notes = []
            if self.instance is not None and self.instance.pk:
                self.notes = list(
                    ReviewNote.objects.filter(page_id=self.instance.pk)
                    .select_related("author")
                    .order_by("created_at", "pk")
                )

        def is_shown(self):
            return bool(self.notes)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["notes"] = self.notes
            return context


def provenance_of(page):
    """Who contributed, created, submitted and reviewed `page`, from its revisions and workflow states."""
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).select_related("user")
    first_revision = revisions.order_by("created_at", "pk").first()
    workflow_states = WorkflowState.objects.for_instance(page).select_related("requested_by")
    submitted = workflow_states.order_by("-created_at", "-pk").first()
    approved = (
        TaskState.objects.for_instance(page)
        .filter(status=TaskState.STATUS_APPROVED)
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )
    return {
        "organisation": getattr(page, "contributed_by", None),
        "provenance": getattr(page, "provenance", ""),
        "owner": page.owner,
        "created_at": first_revision.created_at if first_revision else page.first_published_at,
        "submitted": submitted,
        "approved": approved,
    }


class ProvenancePanel(Panel):
    """Read-only: where a resource comes from and who let it through."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "partners/admin/provenance_panel.html"

        def is_shown(self):
            return self.instance is not None and bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(provenance_of(self.instance))
            return context
