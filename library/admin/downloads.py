"""Reports → Most downloaded resources: downloads per resource in a period, as CSV or XLSX too.

Counts come from library.DownloadCount (document, day, count) and nothing else. A resource's
downloads are those of the documents on its Files tab. The resource's Files tab links here
with `?resource=<page id>` (URL name `library_downloads_report`).

Scope: an editor sees only the resources in the page trees they may explore (Wagtail's
`explorable_instances`), in the page and in the CSV/XLSX exports; superusers see all.
"""

import datetime

from django import forms
from django.db.models import F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, LocaleColumn, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

import django_filters

from hub.spreadsheets import SafeSpreadsheetExportMixin
from library.models import DownloadCount, ResourceFile, ResourcePage

REPORT_PERMISSIONS = ["add", "change", "publish"]
PERIOD_DAYS = {"7": 7, "30": 30, "365": 365}


def explorable_resources(request=None):
    """The resources in the page trees the user may explore (resources are leaves: no ancestors match)."""
    if request is None:
        return ResourcePage.objects.none()
    explorable = PagePermissionPolicy().explorable_instances(request.user)
    return ResourcePage.objects.filter(pk__in=explorable.values("pk"))


class PeriodChoiceFilter(django_filters.ChoiceFilter):
    """Chooses the counting window; the rows are filtered by the view's annotation, not here."""

    def filter(self, qs, value):
        return qs


class DayRangeFilter(django_filters.DateFromToRangeFilter):
    def filter(self, qs, value):
        return qs


class DownloadsReportFilterSet(WagtailFilterSet):
    period = PeriodChoiceFilter(
        label=_("Period"),
        choices=[("7", _("Last 7 days")), ("30", _("Last 30 days")), ("365", _("Last 12 months"))],
        empty_label=_("All time"),
        widget=forms.RadioSelect,
    )
    days = DayRangeFilter(label=_("Or between these days"), widget=DateRangePickerWidget)
    resource = django_filters.ModelChoiceFilter(
        label=_("Resource"),
        queryset=explorable_resources,  # another tree's resource is an invalid choice, its title never shown
        field_name="pk",
        widget=forms.HiddenInput,  # set by the link on a resource's Files tab, shown as an active filter
    )

    class Meta:
        model = ResourcePage
        fields = []


class MostDownloadedResourcesView(SafeSpreadsheetExportMixin, ReportView):
    page_title = _("Most downloaded resources")
    header_icon = "download"
    results_template_name = "library/admin/downloads_report_results.html"
    index_url_name = "library_downloads_report"
    index_results_url_name = "library_downloads_report_results"
    filterset_class = DownloadsReportFilterSet
    any_permission_required = REPORT_PERMISSIONS
    model = ResourcePage
    verbose_name_plural = _("downloaded resources")
    columns = [
        TitleColumn(
            "title", label=_("Resource"), get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk])
        ),
        Column("identifier", label=_("Identifier")),
        Column("resource_type", label=_("Type")),
        LocaleColumn(),
        NumberColumn("downloads", label=_("Downloads in the period"), sort_key="downloads"),
    ]
    default_ordering = "-downloads"
    list_export = ["title", "identifier", "resource_type.name", "locale.language_code", "full_url", "downloads"]
    export_headings = {
        "title": _("Resource"),
        "identifier": _("Identifier"),
        "resource_type.name": _("Type"),
        "locale.language_code": _("Language"),
        "full_url": _("Address"),
        "downloads": _("Downloads"),
    }

    @cached_property
    def permission_policy(self):
        # Editors who may work on pages may see how their resources are used.
        return policy_registry.get_by_type(Page)

    def get_filename(self):
        return f"most-downloaded-resources-{timezone.localdate():%Y-%m-%d}"

    @cached_property
    def period(self):
        """(first day, last day) counted; None where open."""
        data = self.filters.form.cleaned_data if self.filters and self.filters.is_valid() else {}
        days = data.get("days")
        if days and (days.start or days.stop):
            return days.start, days.stop
        if data.get("period") in PERIOD_DAYS:
            today = timezone.localdate()
            return today - datetime.timedelta(days=PERIOD_DAYS[data["period"]] - 1), today
        return None, None

    def get_base_queryset(self):
        first, last = self.period
        counted = DownloadCount.objects.filter(
            document_id__in=ResourceFile.objects.filter(page_id=OuterRef(OuterRef("pk"))).values("document_id")
        )
        if first:
            counted = counted.filter(day__gte=first)
        if last:
            counted = counted.filter(day__lte=last)
        # One SUM over the subquery's rows: Func is not an aggregate, so no GROUP BY is added.
        total = counted.order_by().annotate(total=Func(F("count"), function="SUM")).values("total")[:1]
        resources = explorable_resources(self.request).select_related("resource_type", "locale")
        if not (self.filters and self.filters.is_valid() and self.filters.form.cleaned_data.get("resource")):
            # Alias copies in other locales' trees share the files; count each resource once.
            resources = resources.filter(alias_of__isnull=True)
        return resources.annotate(downloads=Coalesce(Subquery(total, output_field=IntegerField()), 0)).filter(
            downloads__gt=0
        )

    def filter_queryset(self, queryset):
        if self.filters and not self.filters.is_valid():
            return queryset.none()  # e.g. ?resource=<not a resource>: show nothing rather than everything
        return super().filter_queryset(queryset)

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        return queryset.order_by(ordering, "title", "pk")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["period"] = self.period
        return context


class DownloadsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(request.user, REPORT_PERMISSIONS)


@hooks.register("register_admin_urls")
def register_downloads_report_urls():
    return [
        path("library/downloads/", MostDownloadedResourcesView.as_view(), name="library_downloads_report"),
        path(
            "library/downloads/results/",
            MostDownloadedResourcesView.as_view(results_only=True),
            name="library_downloads_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_downloads_report_menu_item():
    return DownloadsReportMenuItem(
        _("Most downloaded resources"),
        reverse("library_downloads_report"),
        name="most-downloaded-resources",
        icon_name="download",
        order=1300,
    )
