"""The search app in Wagtail's admin: Reports → Search terms, and its permission for groups."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import REPORT_PERMISSION, SearchTermsReportView, permission_policy

# Wagtail's own report of the same name (search promotions) counts hits without languages or
# zero results and only for superusers; ours replaces it in the menu. Its URL still works.
WAGTAIL_SEARCH_TERMS_MENU_ITEM = "search-terms"


class SearchTermsMenuItem(MenuItem):
    def is_shown(self, request):
        return permission_policy.user_has_permission(request.user, REPORT_PERMISSION)


@hooks.register("register_admin_urls")
def register_search_terms_report_urls():
    return [
        path("site-search/terms/", SearchTermsReportView.as_view(), name="site_search_terms_report"),
    ]


@hooks.register("register_reports_menu_item")
def register_search_terms_menu_item():
    return SearchTermsMenuItem(
        _("Search terms"),
        reverse("site_search_terms_report"),
        name="site-search-terms",
        icon_name="search",
        order=1310,
    )


@hooks.register("construct_reports_menu")
def hide_wagtail_search_terms_report(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name != WAGTAIL_SEARCH_TERMS_MENU_ITEM]


@hooks.register("register_permissions")
def register_search_terms_permission():
    # Lets administrators give the report to a group (Settings → Groups) without making it superusers.
    return Permission.objects.filter(content_type__app_label="site_search", codename="view_searchquerystat")
