"""E-mails of the contribution review, built on Wagtail's own moderation notifiers.

Wagtail already knows the recipients (the task's groups plus superusers on submission, the
submitter on a decision), honours each user's notification preferences and renders each message
in the recipient's preferred admin language (UserProfile). What it lacks is the conversation:
the partner's note reaches the reviewers, the reviewer's comment reaches the partner (also on
approval), and "declined" exists. partners/review.py calls these with the ReviewNote to carry.
"""

from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier, BaseWorkflowStateEmailNotifier

from .models import ContributionReviewTask

TEMPLATES = "partners/emails/"


class _ContributionTemplates:
    template_name = ""

    def get_template_set(self, instance, **kwargs):
        base = TEMPLATES + self.template_name
        # Plain text only: this project leaves WAGTAILADMIN_NOTIFICATION_USE_HTML off.
        return {"subject": f"{base}_subject.txt", "text": f"{base}.txt"}

    def get_context(self, instance, **kwargs):
        context = super().get_context(instance, **kwargs)
        context["note"] = kwargs.get("note")
        context["organisation"] = getattr(context.get("page"), "contributed_by", None)
        return context


class ContributionSubmittedNotifier(_ContributionTemplates, BaseGroupApprovalTaskStateEmailNotifier):
    """To the reviewers (the task's groups and superusers, never the submitter), with the partner's note."""

    notification = "submitted"  # the UserProfile preference Wagtail checks
    template_name = "contribution_submitted"

    def can_handle(self, instance, **kwargs):
        return super().can_handle(instance, **kwargs) and isinstance(instance.task.specific, ContributionReviewTask)

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        context["requested_by"] = task_state.workflow_state.requested_by
        return context


class _DecisionNotifier(_ContributionTemplates, BaseWorkflowStateEmailNotifier):
    """To the person who submitted (unless they decided themselves), with the reviewer's comment."""

    def get_recipient_users(self, workflow_state, **kwargs):
        requested_by = workflow_state.requested_by
        if requested_by is None or requested_by == kwargs.get("user"):
            return set()
        return {requested_by}

    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        task_state = workflow_state.current_task_state
        context["task_state"] = task_state
        context["reviewer"] = task_state.finished_by if task_state else None
        return context


class ContributionApprovedNotifier(_DecisionNotifier):
    notification = "approved"
    template_name = "contribution_approved"


class ContributionChangesRequestedNotifier(_DecisionNotifier):
    notification = "rejected"
    template_name = "contribution_changes_requested"


class ContributionDeclinedNotifier(_DecisionNotifier):
    notification = "rejected"
    template_name = "contribution_declined"


contribution_submitted = ContributionSubmittedNotifier()
contribution_approved = ContributionApprovedNotifier()
contribution_changes_requested = ContributionChangesRequestedNotifier()
contribution_declined = ContributionDeclinedNotifier()
