"""Charts of the library: resources by year of publication and type, and by thematic area."""

from django.apps import apps
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hub import cldr
from hub.charts.chart import MAX_SERIES, BarChart, Category
from hub.charts.helpers import _grid, _localized_names, _other_series, _series, _year_categories
from hub.localization import source_selection


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
