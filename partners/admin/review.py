"""The partner's dashboard: their organisation's contributions and where each stands.

Knowledge managers need nothing of ours here: Wagtail's own "Awaiting your review" panel lists
every in-progress task state they may moderate (ContributionReviewTask inherits
`get_task_states_user_can_moderate` from the group approval task), across all spaces.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page

from ..review import review_summaries
from ..spaces import is_partner_user, organisation_of, space_of

# The dashboard shows the most recently edited; the space's explorer lists them all.
DASHBOARD_ROWS = 25


class ContributionsPanel(Component):
    name = "partner_contributions"
    order = 50  # above Wagtail's own panels (100 and up)
    template_name = "partners/admin/contributions_panel.html"

    def __init__(self, organisation, space):
        self.organisation = organisation
        self.space = space

    def get_context_data(self, parent_context=None):
        pages = list(
            Page.objects.child_of(self.space).order_by("-latest_revision_created_at", "-pk")[: DASHBOARD_ROWS + 1]
        )
        more, pages = len(pages) > DASHBOARD_ROWS, pages[:DASHBOARD_ROWS]
        summaries = review_summaries(pages)
        rows = [
            {
                "page": page,
                "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                "status": summaries[page.pk][0],
                "note": summaries[page.pk][1],
                "date": page.latest_revision_created_at or page.last_published_at,
            }
            for page in pages
        ]
        return {
            "organisation": self.organisation,
            "rows": rows,
            "more": more,
            "heading": _("Your organisation's contributions"),
            "explore_url": reverse("wagtailadmin_explore", args=[self.space.pk]),
            "add_url": reverse("wagtailadmin_pages:add_subpage", args=[self.space.pk]),
        }


@hooks.register("construct_homepage_panels")
def add_contributions_panel(request, panels):
    if not is_partner_user(request.user):
        return
    organisation = organisation_of(request.user)
    space = space_of(organisation)
    if space is not None:
        panels.append(ContributionsPanel(organisation, space))
