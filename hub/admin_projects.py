"""The Projects snippet in the admin: listing columns, filters, search and CSV/XLSX export.

The export's headings are the import's columns (CONTRACTS.md §5), so a downloaded file goes
back through `manage.py import_projects` unchanged; the columns the import does not read
(approval year, project type, executing partners, round, source) come after them and are
ignored there. Downloads go through hub/admin_exports.py's formula-injection guard.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column

import django_filters

from .admin_exports import SafeExportSnippetViewSet
from .models import Country, Project, ThematicArea


def _agencies(request=None):
    agencies = Project.objects.exclude(agency="").values_list("agency", flat=True).distinct().order_by("agency")
    return [(agency, agency) for agency in agencies]


def _years(request=None):
    years = (
        Project.objects.exclude(approval_year=None)
        .values_list("approval_year", flat=True)
        .distinct()
        .order_by("-approval_year")
    )
    return [(str(year), str(year)) for year in years]


class ProjectFilterSet(WagtailFilterSet):
    """Every filter is a choice among values that exist, so junk in the query string makes the
    form invalid (the listing is then shown unfiltered, with the error), never a server error."""

    programme = django_filters.ChoiceFilter(label=_("Programme"), choices=Project.Programme.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Project.Status.choices)
    agency = django_filters.ChoiceFilter(label=_("Implementing agency"), choices=_agencies)
    # Projects are tagged with source-locale terms, so the filters offer those only.
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        field_name="countries",
        queryset=lambda request: Country.objects.default_locale().filter(projects__isnull=False).distinct(),
    )
    thematic_area = django_filters.ModelChoiceFilter(
        label=_("Thematic area"),
        field_name="thematic_areas",
        queryset=lambda request: ThematicArea.objects.default_locale(),
    )
    approval_year = django_filters.ChoiceFilter(label=_("Approval year"), choices=_years, method="filter_approval_year")

    class Meta:
        model = Project
        fields = ["programme", "status", "agency", "country", "thematic_area", "approval_year"]

    def filter_approval_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(Q(approval_date__year=year) | Q(approval_date=None, approval_year=year))


class ProjectViewSet(SafeExportSnippetViewSet):
    model = Project
    icon = "clipboard-list"
    menu_label = _("Projects")
    menu_order = 260
    add_to_admin_menu = True
    # A plain database filter: exact on every backend, and the listing's other filters apply.
    search_backend_name = None
    search_fields = ["title", "project_id", "agency"]
    filterset_class = ProjectFilterSet
    list_display = [
        "display_title",
        Column("project_id", label=_("Project ID"), sort_key="project_id"),
        Column("programme", label=_("Programme"), accessor="get_programme_display", sort_key="programme"),
        Column("countries", label=_("Countries"), accessor="country_codes"),
        Column("agency", label=_("Implementing agency"), sort_key="agency"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("approval_year", label=_("Approval year"), sort_key="approval_year"),
        Column("amount_usd", label=_("Amount (USD)"), sort_key="amount_usd"),
    ]
    list_export = [
        "project_id",
        "programme",
        "title",
        "country_codes",
        "agency",
        "status",
        "approval_text",
        "amount_usd",
        "cofinancing_usd",
        "url",
        "thematic_area_slugs",
        "approval_year",
        "project_type",
        "executing_partners",
        "round",
        "source_url",
    ]
    export_headings = {
        "country_codes": "countries",
        "approval_text": "approval_date",
        "thematic_area_slugs": "thematic_areas",
        **{
            name: name
            for name in (
                "project_id",
                "programme",
                "title",
                "agency",
                "status",
                "amount_usd",
                "cofinancing_usd",
                "url",
                "approval_year",
                "project_type",
                "executing_partners",
                "round",
                "source_url",
            )
        },
    }
    export_filename = "projects"

    def get_queryset(self, request):
        return Project.objects.prefetch_related("countries", "thematic_areas")
