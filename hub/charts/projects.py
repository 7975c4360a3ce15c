"""Charts of projects: counts and funding by year, programme, agency and UN region."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hub import cldr
from hub.charts.chart import MAX_NAMED_CATEGORIES, BarChart, Category
from hub.charts.helpers import _grid, _series, _year_categories
from hub.charts.parties import _no_region_label, _regions


# Projects --------------------------------------------------------------------------------------
def _project_model():
    from hub.models import Project

    return Project


def _programmes():
    Project = _project_model()
    return [(value, str(label)) for value, label in Project.Programme.choices]


def _programme_series(grid):
    """One series per programme, each with the same fill on every chart; a programme with no
    project at all is left out of the stack and the legend (unless none has any)."""
    series = [_series(value, label, grid[value], index) for index, (value, label) in enumerate(_programmes())]
    return [item for item in series if any(item.values)] or series


def _project_queryset(projects):
    """Projects given as a QuerySet or any iterable of Project rows, as one QuerySet."""
    Project = _project_model()
    if hasattr(projects, "query") and getattr(projects, "model", None) is Project:
        if not projects.query.is_sliced:
            return projects.order_by()
        projects = list(projects)
    return Project.objects.filter(pk__in=[project.pk for project in projects])


@dataclass
class FundingCharts:
    """A set of projects by approval year and programme: how many, and the US dollars recorded."""

    projects: BarChart
    funding: BarChart
    project_count: int
    undated: int
    amounts_missing: int

    @property
    def is_empty(self):
        return self.project_count == 0

    @property
    def amounts_recorded(self):
        return not self.funding.is_empty


def party_funding(projects, key="projects"):
    """Projects and funding by approval year and programme (a Party's projects, or any set).

    Counts are stacked by programme; the second chart adds up the grants in US dollars where an
    amount is recorded, and says how many projects it leaves out.
    """
    queryset = _project_queryset(projects)
    rows = list(
        queryset.values_list("approval_year", "programme")
        .annotate(n=Count("pk"), known=Count("amount_usd"), usd=Sum("amount_usd"))
        .values_list("approval_year", "programme", "n", "known", "usd")
    )
    total = sum(row[2] for row in rows)
    undated = sum(row[2] for row in rows if row[0] is None)
    amounts_missing = sum(row[2] - row[3] for row in rows)
    categories = _year_categories({row[0] for row in rows})
    keys = [int(category.key) for category in categories]
    programme_keys = [value for value, _label in _programmes()]
    counts = _grid({(year, programme): n for year, programme, n, _k, _u in rows}, keys, programme_keys)
    amounts = _grid(
        {(year, programme): usd or Decimal(0) for year, programme, _n, _k, usd in rows},
        keys,
        programme_keys,
        zero=Decimal(0),
    )
    notes = []
    if undated:
        notes.append(
            ngettext(
                "%(count)s project has no approval year and is not shown.",
                "%(count)s projects have no approval year and are not shown.",
                undated,
            )
            % {"count": cldr.format_number(undated)}
        )
    funding_notes = list(notes)
    if amounts_missing:
        funding_notes.append(
            ngettext(
                "The amount of %(count)s project is not recorded and is not included.",
                "The amounts of %(count)s projects are not recorded and are not included.",
                amounts_missing,
            )
            % {"count": cldr.format_number(amounts_missing)}
        )
    count_chart = BarChart(
        key=f"{key}-by-year",
        title=_("Projects by year of approval and programme"),
        categories=categories,
        series=_programme_series(counts),
        category_heading=_("Year"),
        unit=_("Projects"),
        note=" ".join(notes),
        empty_message=_("No projects are recorded yet."),
    )
    funding_chart = BarChart(
        key=f"{key}-funding-by-year",
        title=_("Funding approved by year and programme (US dollars)"),
        categories=categories,
        series=_programme_series(amounts),
        category_heading=_("Year"),
        unit=_("US dollars"),
        money=True,
        note=" ".join(funding_notes),
        empty_message=(
            _("Amounts not recorded: no project here has a recorded grant amount yet.")
            if total
            else _("No projects are recorded yet.")
        ),
    )
    return FundingCharts(count_chart, funding_chart, total, undated, amounts_missing)


def projects_by_programme():
    counts = dict(
        _project_model().objects.values_list("programme").annotate(n=Count("pk")).values_list("programme", "n")
    )
    programmes = _programmes()
    return BarChart(
        key="projects-by-programme",
        title=_("Projects by programme"),
        categories=[Category(value, label) for value, label in programmes],
        series=[_series("projects", _("Projects"), [counts.get(value, 0) for value, _l in programmes], 0)],
        category_heading=_("Programme"),
        unit=_("Projects"),
        orientation="horizontal",
        empty_message=_("No projects are recorded yet."),
    )


def projects_by_agency():
    """Projects per implementing agency, stacked by programme; past a dozen agencies, "Other agencies"."""
    rows = {}
    for agency, programme, n in (
        _project_model().objects.order_by().values_list("agency", "programme").annotate(n=Count("pk"))
    ):
        agency = (agency or "").strip()
        rows[(agency, programme)] = rows.get((agency, programme), 0) + n
    totals = {}
    for (agency, _programme), n in rows.items():
        totals[agency] = totals.get(agency, 0) + n
    ordered = sorted(totals, key=lambda agency: (agency == "", -totals[agency], agency.casefold()))
    keep = ordered if len(ordered) <= MAX_NAMED_CATEGORIES else ordered[: MAX_NAMED_CATEGORIES - 1]
    others = [agency for agency in ordered if agency not in keep]
    categories = [Category(agency or "none", agency or _("Agency not recorded")) for agency in keep]
    keys = list(keep)
    merged = {}
    for (agency, programme), n in rows.items():
        bar = agency if agency in keep else "other"
        merged[(bar, programme)] = merged.get((bar, programme), 0) + n
    if others:
        categories.append(Category("other", _("Other agencies")))
        keys.append("other")
    grid = _grid(merged, keys, [value for value, _label in _programmes()])
    return BarChart(
        key="projects-by-agency",
        title=_("Projects by implementing agency and programme"),
        categories=categories,
        series=_programme_series(grid),
        category_heading=_("Implementing agency"),
        unit=_("Projects"),
        orientation="horizontal",
        empty_message=_("No projects are recorded yet."),
    )


def projects_by_region():
    """Projects per UN region of their countries, stacked by programme.

    A project in several countries counts once in each region it touches (and once only in a
    region where it has several countries), so the bars may add up to more than the projects.
    """
    Project = _project_model()
    rows = {
        (region, programme): n
        for region, programme, n in Project.objects.order_by()
        .filter(countries__isnull=False)
        .values_list("countries__region", "programme")
        .annotate(n=Count("pk", distinct=True))
    }
    without_country = Project.objects.filter(countries__isnull=True).count()
    regions, names = _regions()
    categories = [Category(region.slug, names[region.pk]) for region in regions]
    keys = [region.pk for region in regions]
    if any(region is None for region, _programme in rows):
        categories.append(Category("none", _no_region_label()))
        keys.append(None)
    grid = _grid(rows, keys, [value for value, _label in _programmes()])
    notes = [_("A project in several regions counts once in each region it covers.")]
    if without_country:
        notes.append(
            ngettext(
                "%(count)s project names no country and is not shown.",
                "%(count)s projects name no country and are not shown.",
                without_country,
            )
            % {"count": cldr.format_number(without_country)}
        )
    return BarChart(
        key="projects-by-region",
        title=_("Projects by UN region and programme"),
        categories=categories,
        series=_programme_series(grid),
        category_heading=_("UN region"),
        unit=_("Projects"),
        orientation="horizontal",
        note=" ".join(notes),
        empty_message=_("No projects are recorded yet."),
    )
