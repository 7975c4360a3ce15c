"""Charts drawn from the site's own records: what they count, and where each bar goes.

Every chart is a `BarChart` (categories × series of numbers) filled by one function below with
a few aggregate queries, and drawn by templates/hub/includes/bar_chart.html as an SVG with the
same numbers in a table. The geometry is computed here (`BarChart.layout`), so the template
only prints coordinates; numbers are written with hub/cldr.py in the visitor's language.

Counts are made on source-locale pages (they carry the tags; hub/localization.py), so every
language shows the same numbers; labels are the terms' names in the active language.
Hub must not import the library: its ResourcePage is looked up by name (`_resource_model`).
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.apps import apps
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.models import Locale

from hub import cldr
from hub.localization import source_selection

# Series fills, in order. Each has at least 4.5:1 contrast on white and on the paper tint
# (WCAG 1.4.11 asks 3:1 for graphics), and each series also gets its own pattern (PATTERNS), so
# colour is never the only cue; white strokes separate stacked segments.
PALETTE = ["#0b5563", "#a34a12", "#5b3f8c", "#2f6b2f", "#1f5f9e", "#b0306a"]
OTHER_COLOUR = "#4b5a64"
# White marks drawn over the fill in an 8×8 tile (empty: solid). Round caps turn "h0" into dots.
PATTERNS = [
    "",
    "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4",
    "M2,2 h0 M6,6 h0",
    "M0,2 h8 M0,6 h8",
    "M0,0 l8,8 M8,0 l-8,8",
    "M2,0 v8 M6,0 v8",
]
OTHER_PATTERN = "M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4"

# At most this many series are drawn; the smallest of the rest are added up as "other".
MAX_SERIES = 6
# At most this many bars in a chart of names (agencies): the rest add up to one "other" bar.
MAX_NAMED_CATEGORIES = 12

# SVG user units (the SVG scales to its container's width).
WIDTH = 720
FONT = 13


@dataclass(frozen=True)
class Category:
    key: str
    label: str


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    values: tuple
    colour: str = PALETTE[0]
    pattern: str = ""


@dataclass
class BarChart:
    """Stacked bars: one bar per category, one segment per series, with its numbers in a table.

    `key` is unique on the page (HTML ids derive from it). Vertical charts suit years; horizontal
    ones (`orientation="horizontal"`) suit names, written above their bars so they never clip.
    """

    key: str
    title: str
    categories: list
    series: list
    category_heading: str
    unit: str = ""
    orientation: str = "vertical"
    money: bool = False
    note: str = ""
    empty_message: str = ""
    total_label: str = field(default_factory=lambda: _("Total"))

    # Numbers -------------------------------------------------------------------------------
    @property
    def totals(self):
        return [sum(series.values[index] for series in self.series) for index in range(len(self.categories))]

    @property
    def grand_total(self):
        return sum(self.totals)

    @property
    def format_grand_total(self):
        return self.format(self.grand_total)

    @property
    def is_empty(self):
        return not self.categories or not any(self.totals)

    @property
    def stacked(self):
        return len(self.series) > 1

    def format(self, value):
        if self.money:
            return cldr.format_money(value)
        return cldr.format_number(value)

    def format_tick(self, value):
        """Axis labels: short money amounts ("US$2M", "2 M $US"), counts as they are."""
        if not self.money:
            return cldr.format_number(value)
        from babel import numbers as babel_numbers

        return babel_numbers.format_compact_currency(
            value, "USD", locale=cldr.babel_locale(), fraction_digits=1, numbering_system=cldr.NUMBERING_SYSTEM
        )

    @property
    def rows(self):
        """The table: (category, [(series, value, text)], total, total text) per category."""
        result = []
        for index, category in enumerate(self.categories):
            cells = [(series, series.values[index], self.format(series.values[index])) for series in self.series]
            total = sum(value for _series, value, _text in cells)
            result.append((category, cells, total, self.format(total)))
        return result

    @property
    def series_totals(self):
        return [(series, sum(series.values), self.format(sum(series.values))) for series in self.series]

    @property
    def description(self):
        """The SVG's <desc>: what is shown, the largest bar, and where every number is."""
        if self.is_empty:
            return self.empty_message
        totals = self.totals
        largest = max(range(len(totals)), key=lambda index: totals[index])
        return _(
            "%(heading)s: %(count)s bars. The largest is %(category)s with %(value)s. "
            "The table below gives every number."
        ) % {
            "count": cldr.format_number(len(self.categories)),
            "heading": self.category_heading,
            "category": self.categories[largest].label,
            "value": self.format(totals[largest]),
        }

    # Geometry ------------------------------------------------------------------------------
    @cached_property
    def layout(self):
        if self.is_empty:
            return None
        if self.orientation == "horizontal":
            return _horizontal_layout(self)
        return _vertical_layout(self)


@dataclass
class Layout:
    width: int
    height: int
    bars: list = field(default_factory=list)
    gridlines: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    baseline: tuple = (0, 0, 0, 0)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: Series
    series_index: int
    category: Category
    value: object
    text: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"
    kind: str = "category"


@dataclass(frozen=True)
class Gridline:
    x1: float
    y1: float
    x2: float
    y2: float


def nice_ticks(maximum, target=5, whole=True):
    """Axis ticks from 0 past `maximum` in steps of 1, 2 or 5 × 10ⁿ (whole numbers for counts)."""
    maximum = float(maximum)
    if maximum <= 0:
        return [0, 1]
    raw = maximum / target
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1, round(step))
    count = math.ceil(maximum / step)
    return [step * index for index in range(count + 1)]


def _r(value):
    return round(value, 1)


def _segments(chart, index, scale):
    """(series index, series, value, length) of one category's non-zero segments, in order."""
    for series_index, series in enumerate(chart.series):
        value = series.values[index]
        if value:
            yield series_index, series, value, float(value) * scale


def _bar_title(chart, series, category, value):
    if chart.stacked:
        return f"{category.label}, {series.label}: {chart.format(value)}"
    return f"{category.label}: {chart.format(value)}"


def _vertical_layout(chart):
    ticks = nice_ticks(max(chart.totals), whole=not chart.money)
    tick_texts = [chart.format_tick(tick) for tick in ticks]
    left = max(len(text) for text in tick_texts) * 8 + 12
    top, bottom, height = 24, 32, 300
    plot_width, plot_height = WIDTH - left - 8, height - top - bottom
    scale = plot_height / float(ticks[-1])
    count = len(chart.categories)
    band = plot_width / count
    bar_width = min(band * 0.7, 56)
    layout = Layout(width=WIDTH, height=height, baseline=(left, top + plot_height, WIDTH - 8, top + plot_height))
    for tick, text in zip(ticks, tick_texts, strict=True):
        y = _r(top + plot_height - float(tick) * scale)
        layout.gridlines.append(Gridline(left, y, WIDTH - 8, y))
        layout.labels.append(Label(left - 6, _r(y + FONT / 3), text, "end", "tick"))
    # Every n-th category label, so that labels never overlap (the table lists every one).
    widest = max(len(category.label) for category in chart.categories) * 7.5 + 6
    every = max(1, math.ceil(widest / band))
    show_totals = band >= max(len(chart.format(total)) for total in chart.totals) * 7 + 4
    for index, (category, total) in enumerate(zip(chart.categories, chart.totals, strict=True)):
        x = left + band * index + (band - bar_width) / 2
        y = top + plot_height
        for series_index, series, value, length in _segments(chart, index, scale):
            y -= length
            layout.bars.append(
                Bar(
                    _r(x),
                    _r(y),
                    _r(bar_width),
                    _r(length),
                    series,
                    series_index,
                    category,
                    value,
                    _bar_title(chart, series, category, value),
                )
            )
        centre = _r(x + bar_width / 2)
        if index % every == 0:
            layout.labels.append(Label(centre, top + plot_height + FONT + 6, category.label))
        if total and show_totals:
            layout.labels.append(Label(centre, _r(y - 5), chart.format(total), "middle", "total"))
    return layout


def _horizontal_layout(chart):
    ticks = nice_ticks(max(chart.totals), whole=not chart.money)
    tick_texts = [chart.format_tick(tick) for tick in ticks]
    right = max(len(chart.format(total)) for total in chart.totals) * 8 + 12
    top, row, bar_height = 28, 46, 20
    plot_width = WIDTH - right
    scale = plot_width / float(ticks[-1])
    height = top + row * len(chart.categories) + 4
    layout = Layout(width=WIDTH, height=height, baseline=(0, top, 0, height - 4))
    for tick, text in zip(ticks, tick_texts, strict=True):
        x = _r(float(tick) * scale)
        layout.gridlines.append(Gridline(x, top, x, height - 4))
        anchor = "start" if tick == ticks[0] else "end" if tick == ticks[-1] else "middle"
        layout.labels.append(Label(x, top - 10, text, anchor, "tick"))
    for index, (category, total) in enumerate(zip(chart.categories, chart.totals, strict=True)):
        label_y = top + row * index + FONT + 4
        bar_y = label_y + 6
        layout.labels.append(Label(0, label_y, category.label, "start"))
        x = 0.0
        for series_index, series, value, length in _segments(chart, index, scale):
            layout.bars.append(
                Bar(
                    _r(x),
                    bar_y,
                    _r(length),
                    bar_height,
                    series,
                    series_index,
                    category,
                    value,
                    _bar_title(chart, series, category, value),
                )
            )
            x += length
        layout.labels.append(Label(_r(x + 6), bar_y + bar_height - 5, chart.format(total), "start", "total"))
    return layout


# Series helpers -------------------------------------------------------------------------------
def _series(key, label, values, index):
    return Series(key, label, tuple(values), PALETTE[index % len(PALETTE)], PATTERNS[index % len(PATTERNS)])


def _other_series(label, values):
    return Series("other", label, tuple(values), OTHER_COLOUR, OTHER_PATTERN)


def _grid(rows, category_keys, series_keys, zero=0):
    """{(category, series): value} → {series: [value per category]}."""
    grid = {key: [zero] * len(category_keys) for key in series_keys}
    position = {key: index for index, key in enumerate(category_keys)}
    for (category, series), value in rows.items():
        if category in position and series in grid:
            grid[series][position[category]] += value
    return grid


def _year_categories(years):
    """Every year from the first to the last, so gaps show as empty years, not as nothing."""
    years = [year for year in years if year is not None]
    if not years:
        return []
    return [Category(str(year), str(year)) for year in range(min(years), max(years) + 1)]


def _localized_names(model, terms):
    """{source term pk: name in the active language} in one query (the source name if untranslated)."""
    terms = list(terms)
    names = {term.pk: term.name for term in terms}
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return names
    by_key = {term.translation_key: term.pk for term in terms}
    for translation_key, name in model.objects.filter(translation_key__in=by_key, locale=locale).values_list(
        "translation_key", "name"
    ):
        names[by_key[translation_key]] = name
    return names


# Parties ---------------------------------------------------------------------------------------
def _parties():
    from hub.models import CountryProfilePage

    profiles = CountryProfilePage.objects.live().public().filter(status=CountryProfilePage.Status.PARTY)
    return source_selection(profiles).order_by()


def _regions():
    from hub.models import Region

    regions = list(Region.objects.default_locale().order_by("sort_order", "name"))
    return regions, _localized_names(Region, regions)


def _no_region_label():
    return _("Regional economic integration organisations")


def parties_by_region():
    """Parties (live profiles with status "party") per UN region; a region with none shows 0."""
    counts = dict(_parties().values_list("country__region").annotate(n=Count("pk")).values_list("country__region", "n"))
    regions, names = _regions()
    categories = [Category(region.slug, names[region.pk]) for region in regions]
    values = [counts.get(region.pk, 0) for region in regions]
    if counts.get(None):
        categories.append(Category("none", _no_region_label()))
        values.append(counts[None])
    return BarChart(
        key="parties-by-region",
        title=_("Parties by UN region"),
        categories=categories,
        series=[_series("parties", _("Parties"), values, 0)],
        category_heading=_("UN region"),
        unit=_("Parties"),
        orientation="horizontal",
        empty_message=_("No Party profiles have been published yet."),
    )


def parties_by_ratification_year():
    """Parties per year in which they deposited their instrument."""
    counts = dict(
        _parties()
        .filter(ratification_date__isnull=False)
        .annotate(year=ExtractYear("ratification_date"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    categories = _year_categories(counts)
    values = [counts.get(int(category.key), 0) for category in categories]
    return BarChart(
        key="parties-by-year",
        title=_("Parties by year of ratification, acceptance, approval or accession"),
        categories=categories,
        series=[_series("parties", _("Parties"), values, 0)],
        category_heading=_("Year"),
        unit=_("Parties"),
        note=_("The year the Party deposited its instrument with the Depositary."),
        empty_message=_("No Party profiles with a deposit date have been published yet."),
    )


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


# Library ---------------------------------------------------------------------------------------
def _resource_model():
    """The library's ResourcePage, by name (hub never imports library); None without the library."""
    try:
        return apps.get_model("library", "ResourcePage")
    except LookupError:
        return None


def _type_names(type_ids):
    from hub.models import ResourceType

    types = list(ResourceType.objects.filter(pk__in=type_ids))
    names = _localized_names(ResourceType, types)
    return {term.pk: (term.slug, names[term.pk], term.sort_order) for term in types}


def library_growth():
    """Live library resources by publication year, stacked by resource type (the largest types;
    the rest as "Other types"). Undated resources are counted in the note."""
    model = _resource_model()
    empty = _("The library has no published resources yet.")
    title = _("Library resources by year of publication and type")
    if model is None:
        return BarChart("library-growth", title, [], [], _("Year"), empty_message=empty)
    resources = source_selection(model.objects.live().public()).order_by()
    undated = resources.filter(publication_date__isnull=True).count()
    rows = {
        (year, type_id): n
        for year, type_id, n in resources.filter(publication_date__isnull=False)
        .annotate(year=ExtractYear("publication_date"))
        .values_list("year", "resource_type")
        .annotate(n=Count("pk"))
        .values_list("year", "resource_type", "n")
    }
    by_type = {}
    for (_year, type_id), n in rows.items():
        by_type[type_id] = by_type.get(type_id, 0) + n
    names = _type_names(by_type)
    ordered = sorted(by_type, key=lambda type_id: (-by_type[type_id], names[type_id][2], names[type_id][1]))
    keep = ordered if len(ordered) <= MAX_SERIES else ordered[: MAX_SERIES - 1]
    merged = {}
    for (year, type_id), n in rows.items():
        series = type_id if type_id in keep else "other"
        merged[(year, series)] = merged.get((year, series), 0) + n
    categories = _year_categories({year for year, _type in rows})
    series_keys = keep + (["other"] if len(keep) < len(ordered) else [])
    grid = _grid(merged, [int(category.key) for category in categories], series_keys)
    series = [_series(names[type_id][0], names[type_id][1], grid[type_id], index) for index, type_id in enumerate(keep)]
    if "other" in grid:
        series.append(_other_series(_("Other types"), grid["other"]))
    note = ""
    if undated:
        note = ngettext(
            "%(count)s resource has no publication date and is not shown.",
            "%(count)s resources have no publication date and are not shown.",
            undated,
        ) % {"count": cldr.format_number(undated)}
    return BarChart(
        key="library-growth",
        title=title,
        categories=categories,
        series=series,
        category_heading=_("Year"),
        unit=_("Resources"),
        note=note,
        empty_message=empty,
    )


def area_resources_by_type(area, locale=None):
    """Live resources tagged with a thematic area, per resource type (the area page's own list)."""
    from hub.models.tagging import tagged

    title = _("Resources on this area by type")
    empty = _("No resources are tagged with this area yet.")
    resources = tagged(area, "resourcepage_set", locale)
    if resources is None:
        return BarChart("area-resources", title, [], [], _("Resource type"), empty_message=empty)
    counts = dict(
        resources.order_by().values_list("resource_type").annotate(n=Count("pk")).values_list("resource_type", "n")
    )
    names = _type_names(counts)
    ordered = sorted(counts, key=lambda type_id: (-counts[type_id], names[type_id][2], names[type_id][1]))
    return BarChart(
        key="area-resources",
        title=title,
        categories=[Category(names[type_id][0], names[type_id][1]) for type_id in ordered],
        series=[_series("resources", _("Resources"), [counts[type_id] for type_id in ordered], 0)],
        category_heading=_("Resource type"),
        unit=_("Resources"),
        orientation="horizontal",
        empty_message=empty,
    )


def data_page_charts():
    """Every chart of the facts-and-figures page, grouped by what they are about."""
    return {
        "party_charts": [parties_by_region(), parties_by_ratification_year()],
        "project_funding": party_funding(_project_model().objects.all(), key="all-projects"),
        "project_charts": [projects_by_programme(), projects_by_agency(), projects_by_region()],
        "library_charts": [library_growth()],
    }
