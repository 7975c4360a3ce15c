"""Shared helpers of the chart functions: series fills, grids of values, years and term names."""

from wagtail.models import Locale

from hub.charts.chart import OTHER_COLOUR, OTHER_PATTERN, PALETTE, PATTERNS, Category, Series


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
