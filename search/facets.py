"""What each facet may hold and how its values are called in each language.

Values are contract codes (slugs, ISO codes, years); labels come from the taxonomies in the
visitor's locale, falling back to the default locale, then to the code itself. Both lists are
small and cached for a few minutes: a renamed term shows its new name without a re-index.
"""

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from hub.models import ConventionArticle, Country, Pillar, Region, ResourceType, ThematicArea
from hub.models.languages import UN_LANGUAGES
from library.models import LibraryCollection
from partners.models import Organisation

from .params import FACETS, KINDS, PROVENANCES, YEAR_MAX, YEAR_MIN

CACHE_SECONDS = 300

FACET_TITLES = {
    "kind": _("Content"),
    "type": _("Resource type"),
    "pillar": _("Pillar"),
    "area": _("Thematic area"),
    "article": _("Convention article"),
    "language": _("Language"),
    "country": _("Country"),
    "region": _("Region"),
    "partner": _("Partner"),
    "collection": _("Collection"),
    "year": _("Year"),
    "provenance": _("Contributed by"),
}
KIND_LABELS = {
    "resource": _("Library resources"),
    "topic": _("Topics"),
    "thematic-area": _("Thematic areas"),
    "country": _("Party profiles"),
    "meeting": _("Meetings"),
    "event": _("Events"),
    "news": _("News"),
    "partner": _("Partners"),
}
# Who contributed a resource: the secretariat's own library, a Party's government, another partner.
PROVENANCE_LABELS = {
    "secretariat": _("Secretariat"),
    "party": _("Parties (national records)"),
    "partner": _("Partners"),
}
TAXONOMIES = {
    "type": (ResourceType, "slug"),
    "pillar": (Pillar, "slug"),
    "area": (ThematicArea, "slug"),
    "article": (ConventionArticle, "number"),
    "country": (Country, "iso3"),
    "region": (Region, "slug"),
    "collection": (LibraryCollection, "slug"),
}


def known_values():
    """facet -> set of codes a URL may select (years are checked by range instead)."""
    values = cache.get("site-search:known-values")
    if values is None:
        values = {facet: set(model.objects.values_list(code, flat=True)) for facet, (model, code) in TAXONOMIES.items()}
        values["kind"] = set(KINDS)
        values["provenance"] = set(PROVENANCES)
        values["language"] = {code for code, _label in UN_LANGUAGES}
        values["partner"] = set(Organisation.objects.default_locale().values_list("slug", flat=True))
        cache.set("site-search:known-values", values, CACHE_SECONDS)
    return values


def vocabulary(facet):
    if facet == "year":
        return _YearRange()
    return known_values().get(facet, set())


class _YearRange:
    def __contains__(self, value):
        return value.isascii() and value.isdecimal() and YEAR_MIN <= int(value) <= YEAR_MAX


def labels(locale_code):
    """facet -> {code: label} in this locale."""
    key = f"site-search:labels:{locale_code}"
    found = cache.get(key)
    if found is not None:
        return found
    found = {}
    default = Locale.get_default()
    wanted = Locale.objects.filter(language_code=locale_code).first()
    for facet, (model, code) in TAXONOMIES.items():
        names = {}
        for locale in filter(None, [default, wanted]):
            rows = model.objects.filter(locale=locale).values_list(code, "name", "translation_key")
            for value, name, _key in rows:
                names[value] = name
        if facet == "article":
            names = {value: _article_label(value, name) for value, name in names.items()}
        found[facet] = names
    partners = {}
    for locale in filter(None, [default, wanted]):  # the visitor's language where translated
        for slug, name, acronym in Organisation.objects.filter(locale=locale).values_list("slug", "name", "acronym"):
            partners[slug] = f"{name} ({acronym})" if acronym and acronym not in name else name
    found["partner"] = partners
    with translation.override(locale_code):
        found["kind"] = {value: str(label) for value, label in KIND_LABELS.items()}
        found["provenance"] = {value: str(label) for value, label in PROVENANCE_LABELS.items()}
        found["language"] = {code: str(label) for code, label in UN_LANGUAGES}
        found["titles"] = {facet: str(title) for facet, title in FACET_TITLES.items()}
    cache.set(key, found, CACHE_SECONDS)
    return found


def _article_label(number, name):
    return name if number in name else f"{number}. {name}"


def facet_sort_key(facet, value, count, label):
    if facet == "year":
        return (0, -int(value) if value.isdecimal() else 0, "")
    if facet == "article":
        return (0, int(value) if value.isdecimal() else 100 + ord(value[0]), "")
    if facet == "kind":
        return (0, KINDS.index(value) if value in KINDS else 99, "")
    if facet == "provenance":
        return (0, PROVENANCES.index(value) if value in PROVENANCES else 99, "")
    return (-count, 0, label.casefold())


__all__ = ["FACETS", "known_values", "vocabulary", "labels", "facet_sort_key"]
