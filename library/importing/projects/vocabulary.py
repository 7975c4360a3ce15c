"""The countries (by code or name) and thematic areas a project row may name."""

import re
import unicodedata
from dataclasses import dataclass

from hub.cldr import territory_name
from hub.models import Country, ThematicArea

from .columns import COUNTRY_ALIASES


def _name_key(name):
    """Names compared without case, accents or punctuation ("Côte d’Ivoire" = "cote d'ivoire")."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@dataclass
class Vocabulary:
    countries: dict  # ISO alpha-3 → Country (source locale)
    names: dict  # _name_key(name) → Country
    areas: dict  # slug → ThematicArea (source locale)

    @classmethod
    def load(cls):
        countries = {country.iso3.upper(): country for country in Country.objects.default_locale()}
        names = {}
        for alias, iso3 in COUNTRY_ALIASES.items():
            if iso3 in countries:
                names[_name_key(alias)] = countries[iso3]
        for country in countries.values():
            # CLDR's English names ("Türkiye", "Myanmar (Burma)"), then ours, which win a clash.
            for language in ("en", "en_001"):
                cldr = territory_name(country.iso2, language) if country.iso2 else ""
                if cldr:
                    names[_name_key(cldr)] = country
            names[_name_key(country.name)] = country
        areas = {area.slug: area for area in ThematicArea.objects.default_locale()}
        return cls(countries=countries, names=names, areas=areas)

    def country_named(self, name):
        return self.names.get(_name_key(name))
