"""Charts drawn from the site's own records: what they count, and where each bar goes.

Every chart is a `BarChart` (categories × series of numbers) filled by one function of this package with
a few aggregate queries, and drawn by templates/hub/includes/bar_chart.html as an SVG with the
same numbers in a table. The geometry is computed here (`BarChart.layout`), so the template
only prints coordinates; numbers are written with hub/cldr.py in the visitor's language.

Counts are made on source-locale pages (they carry the tags; hub/localization.py), so every
language shows the same numbers; labels are the terms' names in the active language.
Hub must not import the library: its ResourcePage is looked up by name (`_resource_model`).
"""

from hub.charts.chart import (
    FONT,
    MAX_NAMED_CATEGORIES,
    MAX_SERIES,
    OTHER_COLOUR,
    OTHER_PATTERN,
    PALETTE,
    PATTERNS,
    WIDTH,
    Bar,
    BarChart,
    Category,
    Gridline,
    Label,
    Layout,
    Series,
    nice_ticks,
)
from hub.charts.helpers import _grid, _localized_names, _other_series, _series, _year_categories
from hub.charts.library import _resource_model, _type_names, area_resources_by_type, library_growth
from hub.charts.parties import _no_region_label, _parties, _regions, parties_by_ratification_year, parties_by_region
from hub.charts.projects import (
    FundingCharts,
    _programme_series,
    _programmes,
    _project_model,
    _project_queryset,
    party_funding,
    projects_by_agency,
    projects_by_programme,
    projects_by_region,
)

__all__ = [
    "PALETTE",
    "OTHER_COLOUR",
    "PATTERNS",
    "OTHER_PATTERN",
    "MAX_SERIES",
    "MAX_NAMED_CATEGORIES",
    "WIDTH",
    "FONT",
    "Category",
    "Series",
    "BarChart",
    "Layout",
    "Bar",
    "Label",
    "Gridline",
    "nice_ticks",
    "_series",
    "_other_series",
    "_grid",
    "_year_categories",
    "_localized_names",
    "_parties",
    "_regions",
    "_no_region_label",
    "parties_by_region",
    "parties_by_ratification_year",
    "_project_model",
    "_programmes",
    "_programme_series",
    "_project_queryset",
    "FundingCharts",
    "party_funding",
    "projects_by_programme",
    "projects_by_agency",
    "projects_by_region",
    "_resource_model",
    "_type_names",
    "library_growth",
    "area_resources_by_type",
    "data_page_charts",
]


def data_page_charts():
    """Every chart of the facts-and-figures page, grouped by what they are about."""
    return {
        "party_charts": [parties_by_region(), parties_by_ratification_year()],
        "project_funding": party_funding(_project_model().objects.all(), key="all-projects"),
        "project_charts": [projects_by_programme(), projects_by_agency(), projects_by_region()],
        "library_charts": [library_growth()],
    }
