"""Reports → Search terms: what visitors searched for in a period, and what found nothing.

Read from SearchQueryStat (search/models/querylog.py), which holds daily counts per language
and query text and nothing about the visitors. Two tables on one page: the top queries (with
the share of their searches that found nothing) and the zero-result queries, each paginated
on its own (`p`, `pz`) and downloadable as CSV or XLSX through Wagtail's report export
(`?export=csv&table=top|zero`). Only superusers and holders of
`site_search.view_searchquerystat` may open it.

Scope: an editor sees the searches made in the languages of the page trees they may explore
(Wagtail's `explorable_instances`), in the page, the form's language choices and both exports;
superusers see every language. The report names no pages, so it reveals no page titles.
"""

import datetime

from django import forms
from django.db.models import FloatField, Max, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, NumberColumn, Table
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from hub.spreadsheets import SafeSpreadsheetExportMixin

from .models import SearchQueryStat

DEFAULT_PERIOD_DAYS = 30
PER_PAGE = 25
TABLES = ("top", "zero")
REPORT_PERMISSION = "view"  # site_search.view_searchquerystat

permission_policy = ModelPermissionPolicy(SearchQueryStat)


def default_period(last=None):
    """The last 30 days up to `last` (today by default), both days included."""
    last = last or timezone.localdate()
    try:
        return last - datetime.timedelta(days=DEFAULT_PERIOD_DAYS - 1), last
    except OverflowError:
        return datetime.date.min, last


def explorable_locale_codes(user):
    """Language codes of the page trees the user may explore; None for every language (superusers)."""
    if user.is_superuser:
        return None
    pages = PagePermissionPolicy().explorable_instances(user).filter(depth__gt=1)  # not the tree root
    return set(Locale.objects.filter(pk__in=pages.values("locale_id")).values_list("language_code", flat=True))


class SearchTermsPeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=AdminDateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=AdminDateInput)
    locale = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, locale_codes=None, **kwargs):
        super().__init__(*args, **kwargs)
        locales = Locale.objects.order_by("pk")
        if locale_codes is not None:
            locales = locales.filter(language_code__in=locale_codes)
        self.fields["locale"].choices = [("", _("All languages"))] + [
            (locale.language_code, locale.get_display_name() or locale.language_code) for locale in locales
        ]

    @classmethod
    def from_query(cls, data, locale_codes=None):
        """Bound to the request's parameters; a first visit gets the last 30 days, visibly."""
        if not any(name in data for name in cls.base_fields):
            first, last = default_period()
            data = {"date_from": first.isoformat(), "date_to": last.isoformat(), "locale": ""}
        return cls(data, locale_codes=locale_codes)

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        last = cleaned_data.get("date_to")
        first = cleaned_data.get("date_from")
        default_first, default_last = default_period(last)
        last = last or default_last
        first = first or default_first
        if first > last:
            self.add_error("date_to", _("The end date comes before the start date."))
        cleaned_data["period"] = (first, last)
        return cleaned_data


def _share_accessor(row):
    return f"{row['zero_share']:.0f} %"


def _day_accessor(row):
    return date_format(row["last_day"], "DATE_FORMAT")


class SearchTermsReportView(SafeSpreadsheetExportMixin, ReportView):
    page_title = _("Search terms")
    header_icon = "search"
    template_name = "site_search/admin/search_terms_report.html"
    index_url_name = "site_search_terms_report"
    paginate_by = PER_PAGE
    permission_policy = permission_policy
    permission_required = REPORT_PERMISSION
    # Each table has its own download links; the header's would not say which table they export.
    show_export_buttons = False
    columns = [
        Column("query", label=_("Search text")),
        NumberColumn("total_searches", label=_("Searches")),
        Column("zero_share", label=_("Found nothing"), accessor=_share_accessor),
        Column("last_day", label=_("Last searched"), accessor=_day_accessor),
    ]
    zero_columns = [
        Column("query", label=_("Search text")),
        NumberColumn("total_zero", label=_("Searches that found nothing")),
        NumberColumn("total_searches", label=_("All searches")),
        Column("last_day", label=_("Last searched"), accessor=_day_accessor),
    ]
    exports = {
        "top": ["query", "total_searches", "total_zero", "zero_share", "last_day"],
        "zero": ["query", "total_zero", "total_searches", "last_day"],
    }
    export_headings = {
        "query": _("Search text"),
        "total_searches": _("Searches"),
        "total_zero": _("Zero-result searches"),
        "zero_share": _("Zero-result share (%)"),
        "last_day": _("Last searched"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.custom_field_preprocess = {
            **self.custom_field_preprocess,
            "zero_share": {self.FORMAT_CSV: lambda value: f"{value:.1f}", self.FORMAT_XLSX: lambda v: round(v, 1)},
        }

    @cached_property
    def locale_codes(self):
        return explorable_locale_codes(self.request.user)

    @cached_property
    def form(self):
        return SearchTermsPeriodForm.from_query(self.request.GET, locale_codes=self.locale_codes)

    @cached_property
    def table_name(self):
        table = self.request.GET.get("table")
        return table if table in TABLES else "top"

    @property
    def list_export(self):
        return self.exports[self.table_name]

    @cached_property
    def locale_code(self):
        return self.form.cleaned_data["locale"] if self.form.is_valid() else ""

    def get_filename(self):
        first, last = self.form.cleaned_data["period"]
        language = self.locale_code or "all"
        return f"search-terms-{self.table_name}-{language}-{first:%Y-%m-%d}-{last:%Y-%m-%d}"

    def get(self, request, *args, **kwargs):
        if self.is_export and self.form.is_valid():
            queryset = self.top_queries() if self.table_name == "top" else self.zero_queries()
            return self.as_spreadsheet(queryset, request.GET["export"])
        self.is_export = False  # an invalid period: show the page with its errors, never a file
        return super().get(request, *args, **kwargs)

    def stats(self):
        if not self.form.is_valid():
            return SearchQueryStat.objects.none()
        first, last = self.form.cleaned_data["period"]
        rows = SearchQueryStat.objects.filter(day__gte=first, day__lte=last)
        if self.locale_codes is not None:
            rows = rows.filter(locale__in=self.locale_codes)
        if self.locale_code:
            rows = rows.filter(locale=self.locale_code)
        return rows

    def _per_query(self):
        return (
            self.stats()
            .values("query")
            .annotate(
                total_searches=Sum("searches"),
                total_zero=Sum("zero_result_searches"),
                last_day=Max("day"),
            )
            # Every row counts at least one search, so the divisor is never zero.
            .annotate(zero_share=Cast("total_zero", FloatField()) * 100.0 / Cast("total_searches", FloatField()))
        )

    def top_queries(self):
        return self._per_query().order_by("-total_searches", "query")

    def zero_queries(self):
        return self._per_query().filter(total_zero__gt=0).order_by("-total_zero", "-total_searches", "query")

    def get_base_queryset(self):
        return self.top_queries()

    def order_queryset(self, queryset):
        return queryset  # the two orders are fixed above

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        zero_page = self.get_paginator(self.zero_queries(), PER_PAGE).get_page(self.request.GET.get("pz"))
        zero_table = Table(self.zero_columns, zero_page.object_list)
        context.update(
            form=self.form,
            period=self.form.cleaned_data["period"] if self.form.is_valid() else None,
            locale_name=dict(self.form.fields["locale"].choices).get(self.locale_code, self.locale_code),
            zero_page=zero_page,
            zero_table=zero_table,
            zero_elided_page_range=zero_page.paginator.get_elided_page_range(zero_page.number),
            export_formats=self.FORMATS,
        )
        context["media"] += self.form.media + zero_table.media
        return context
