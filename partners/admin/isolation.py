"""Partner users see their own contribution space and nothing of any other organisation's.

Wagtail's admin is built for one trusted team: the page chooser lists the whole tree, bulk-action
confirmations and some reports name pages the user may not touch. For partner users
(`spaces.is_partner_user`; superusers and knowledge managers are unaffected) the hooks below hide
every other organisation's space, and refuse what a partner never does (move, copy elsewhere,
delete, unpublish, edit the space page itself). Wagtail's own permission checks stay in force;
these only narrow what it shows. Tests: tests/test_partner_isolation*.py.
"""

from django.core.exceptions import PermissionDenied
from django.db.models.functions import Substr
from django.http import Http404
from django.urls import path

from wagtail import hooks
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.documents.views.bulk_actions import (
    AddTagsBulkAction as DocumentAddTags,
)
from wagtail.documents.views.bulk_actions import (
    AddToCollectionBulkAction as DocumentAddToCollection,
)
from wagtail.documents.views.bulk_actions import (
    DeleteBulkAction as DocumentDelete,
)
from wagtail.images.views.bulk_actions import (
    AddTagsBulkAction as ImageAddTags,
)
from wagtail.images.views.bulk_actions import (
    AddToCollectionBulkAction as ImageAddToCollection,
)
from wagtail.images.views.bulk_actions import (
    DeleteBulkAction as ImageDelete,
)
from wagtail.models import Page

from ..models import ContributionSpacePage
from ..spaces import is_partner_user, organisation_of

# Page actions a partner never takes, whatever Wagtail's permissions would allow (e.g. deleting
# one's own draft): the knowledge managers own the tree.
REFUSED_BUTTONS = {"move", "copy", "delete", "unpublish", "lock", "unlock", "convert-alias", "sort"}
REFUSED_ACTION_MENU_ITEMS = {"action-unpublish", "action-delete", "action-lock", "action-unlock", "action-publish"}


def foreign_space_pages(user):
    """The pages (spaces and everything in them, every locale) of organisations other than the user's."""
    organisation = organisation_of(user)
    foreign = ContributionSpacePage.objects.exclude(organisation=organisation)
    hidden = Page.objects.none()
    # A space's pages share its path as a prefix; spaces sit at one depth or a few (per site).
    for depth in foreign.values_list("depth", flat=True).distinct().order_by("depth"):
        prefix = Substr("path", 1, depth * Page.steplen)
        at_depth = Page.objects.alias(space_path=prefix).filter(
            depth__gte=depth, space_path__in=foreign.filter(depth=depth).values("path")
        )
        hidden = hidden | at_depth
    return hidden


def confined(pages, user):
    """`pages` without other organisations' spaces for a partner user; unchanged for anyone else."""
    if not is_partner_user(user):
        return pages
    return pages.exclude(pk__in=foreign_space_pages(user).values("pk"))


def in_own_space(page, user):
    organisation = organisation_of(user)
    spaces = ContributionSpacePage.objects.filter(organisation=organisation)
    return any(page.path.startswith(space.path) and page.depth > space.depth for space in spaces)


def _refuse():
    raise PermissionDenied


# --- Listings and choosers --------------------------------------------------------------------


@hooks.register("construct_page_chooser_queryset")
def confine_page_chooser(pages, request):
    # Browsing into another space would still name it in the chooser's header.
    parent_id = getattr(request.resolver_match, "kwargs", {}).get("parent_page_id")
    if parent_id and is_partner_user(request.user) and foreign_space_pages(request.user).filter(pk=parent_id).exists():
        raise Http404
    return confined(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def confine_explorer(parent_page, pages, request):
    return confined(pages, request.user)


@hooks.register("construct_page_listing_buttons")
def drop_refused_listing_buttons(buttons, page, user, context=None):
    if is_partner_user(user):
        buttons[:] = [button for button in buttons if getattr(button, "name", None) not in REFUSED_BUTTONS]


@hooks.register("construct_page_action_menu")
def drop_refused_action_menu_items(menu_items, request, context):
    if is_partner_user(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in REFUSED_ACTION_MENU_ITEMS]


# --- Page actions -----------------------------------------------------------------------------


@hooks.register("before_edit_page")
def refuse_editing_outside_own_space(request, page):
    # Wagtail grants "change" on the space page itself too; a partner edits only the resources in it.
    if is_partner_user(request.user) and not in_own_space(page, request.user):
        _refuse()


@hooks.register("before_create_page")
def refuse_creating_outside_own_space(request, parent_page, page_class):
    if is_partner_user(request.user) and not (
        in_own_space(parent_page, request.user) or _is_own_space(parent_page, request.user)
    ):
        _refuse()


def _is_own_space(page, user):
    return ContributionSpacePage.objects.filter(pk=page.pk, organisation=organisation_of(user)).exists()


@hooks.register("before_delete_page")
def refuse_deleting(request, page):
    if is_partner_user(request.user):
        _refuse()


@hooks.register("before_move_page")
def refuse_moving(request, page, destination):
    if is_partner_user(request.user):
        _refuse()


@hooks.register("before_copy_page")
def refuse_copying(request, page):
    if is_partner_user(request.user):
        _refuse()


@hooks.register("before_unpublish_page")
def refuse_unpublishing(request, page):
    if is_partner_user(request.user):
        _refuse()


# --- Bulk actions: a confirmation page lists every chosen item, titles included -------------------


class PartnerConfinedBulkAction:
    """Drops the items a partner may not see before the confirmation page names them."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        if is_partner_user(self.request.user):
            objects = [item for item in objects if self.visible_to_partner(item)]
            extra["items_with_no_access"] = [
                item for item in extra.get("items_with_no_access", []) if self.visible_to_partner(item)
            ]
        return objects, extra

    def visible_to_partner(self, item):
        if isinstance(item, Page):
            return in_own_space(item, self.request.user)
        # Documents and images: only the collections the partner's group holds.
        return self.permission_policy.user_has_any_permission_for_instance(
            self.request.user, ["change", "choose"], item
        )


class PartnerRefusedPageBulkAction(PartnerConfinedBulkAction):
    """Partners never delete, move, publish or unpublish pages in bulk."""

    def dispatch(self, request, *args, **kwargs):
        if is_partner_user(request.user):
            _refuse()
        return super().dispatch(request, *args, **kwargs)


_CONFINED = [
    (PartnerRefusedPageBulkAction, (DeleteBulkAction, MoveBulkAction, PublishBulkAction, UnpublishBulkAction)),
    (
        PartnerConfinedBulkAction,
        (DocumentAddTags, DocumentAddToCollection, DocumentDelete, ImageAddTags, ImageAddToCollection, ImageDelete),
    ),
]

for _mixin, _bases in _CONFINED:
    for _base in _bases:
        # Registered after Wagtail's (order=1): the registry keeps the last class per action type.
        hooks.register("register_bulk_action", type(_base.__name__, (_mixin, _base), {"__module__": __name__}), order=1)


# --- Reports that list pages without asking who may see them ----------------------------------


def refused_to_partners(view):
    def wrapped(request, *args, **kwargs):
        if is_partner_user(request.user):
            _refuse()
        return view(request, *args, **kwargs)

    return wrapped


@hooks.register("register_admin_urls", order=-1)
def shadow_unfiltered_reports():
    # Ahead of the apps' own patterns (order=-1), same addresses: partners are refused, others served.
    from wagtail_localize.views.report import TranslationsReportView

    from hub.localize.views import machine_translations_report

    return [
        path(
            "localize/reports/translations/",
            refused_to_partners(TranslationsReportView.as_view()),
            name="partners_translations_report",
        ),
        path(
            "localize/reports/translations/results/",
            refused_to_partners(TranslationsReportView.as_view(results_only=True)),
            name="partners_translations_report_results",
        ),
        path(
            "reports/machine-translations/",
            refused_to_partners(machine_translations_report),
            name="partners_machine_translations",
        ),
    ]


@hooks.register("construct_reports_menu")
def hide_refused_reports(request, menu_items):
    if is_partner_user(request.user):
        refused = {"translations", "machine-translations-to-review", "page-types-usage"}
        menu_items[:] = [item for item in menu_items if item.name not in refused]


# --- Views no hook reaches ------------------------------------------------------------------------


class PartnerBoundaryMiddleware:
    """Refuses a partner any admin URL naming a page of another space, and the reports no hook filters.

    Wagtail's workflow preview and action views put the page's draft title in an error message
    before checking permissions, and the page types usage report names each type's last edited
    page; neither has a hook. Goes after AuthenticationMiddleware in settings.MIDDLEWARE.
    """

    PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id")
    REFUSED_VIEWS = {"wagtailadmin_reports:page_types_usage", "wagtailadmin_reports:page_types_usage_results"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not match.view_name.startswith("wagtailadmin") or not is_partner_user(request.user):
            return None
        if match.view_name in self.REFUSED_VIEWS:
            raise PermissionDenied
        ids = [view_kwargs[name] for name in self.PAGE_KWARGS if name in view_kwargs]
        if ids and foreign_space_pages(request.user).filter(pk__in=ids).exists():
            raise PermissionDenied
        return None
