"""Charts of Parties: per UN region and per year of ratification."""

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from hub.charts.chart import BarChart, Category
from hub.charts.helpers import _localized_names, _series, _year_categories
from hub.localization import source_selection


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
