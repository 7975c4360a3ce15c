"""Reference data: the taxonomies and countries every page and record is tagged with, in six languages.

Names and descriptions are written when a term is created and belong to editors afterwards
(contracts §4c); codes, links and order follow the data, merged with editors' changes
(hub/seed/ledger.py). Article and annex headings are facts, merged the same way.

Translations: every term also exists in fr, es, ar, zh-hans and ru, as a TranslatableMixin
translation of the English term (same translation_key and slug, its own locale), the way
wagtail-localize stores translated snippets.
- Vocabularies (pillars, thematic areas, articles and annexes, GMP areas, regions, resource
  types): names and descriptions are the project's own translations, read from
  hub/seed/content/translations/<vocabulary>.json (slug -> language -> fields). Written by the
  reference sync and recorded in each term's history (hub/seed/ledger.py), so a corrected file
  updates a term nobody touched, and a translation an editor changed in the admin is kept.
- Countries: names come from the Unicode CLDR through Babel (hub/cldr.py), by ISO alpha-2 code;
  never typed by hand.
"""

import json
from pathlib import Path
from types import SimpleNamespace

from wagtail.models import Locale

from hub import cldr
from hub.models import (
    ConventionArticle,
    Country,
    GMPArea,
    Pillar,
    Region,
    ResourceType,
    ThematicArea,
)

from . import prose
from .datafiles import SeedDataError

CONTENT_DIR = Path(__file__).resolve().parent / "content"
# `--data-dir` replaces these as `<dir>/translations/<file>`, apart from the data files of the same name.
TRANSLATIONS_DIR = CONTENT_DIR / "translations"
# Vocabulary file -> (section in the report, fields a translation may carry).
VOCABULARY_FILES = {
    "pillars.json": ("pillars", {"name", "description"}),
    "thematic_areas.json": ("areas", {"name", "description"}),
    "articles.json": ("articles", {"name"}),
    "gmp_areas.json": ("gmp_areas", {"name", "description", "short_name"}),
    "regions.json": ("regions", {"name"}),
    "resource_types.json": ("resource_types", {"name"}),
}
# Fields a translation copies from its source term (wagtail-localize's synchronised fields).
SYNCHRONISED = {
    "ConventionArticle": ("sort_order", "kind", "number", "official_text_url"),
    "Country": ("sort_order", "iso3", "iso2", "region"),
}


def load_taxonomies(context, data):
    locale = context.locale
    terms = SimpleNamespace()

    def term(section, model, slug, name, values=None, m2m=None, name_is_fact=False):
        # Names and descriptions belong to editors once created (contracts §4c: "editors may
        # rename, slugs stay"); codes, links and order follow the data.
        values = dict(values or {})
        defaults = {}
        (values if name_is_fact else defaults)["name"] = name
        if "description" in values and not name_is_fact:
            defaults["description"] = values.pop("description")
        return context.upsert(
            section,
            model,
            {"slug": slug, "locale": locale},
            values=values,
            defaults=defaults,
            m2m=m2m,
            label=slug,
            reference=True,
        )

    terms.pillars = {}
    for position, pillar in enumerate(prose.PILLARS, start=1):
        terms.pillars[pillar["slug"]] = term(
            "Pillars",
            Pillar,
            pillar["slug"],
            pillar["name"],
            {"description": pillar["description"], "sort_order": position},
        )
    terms.gmp_areas = {}
    for area in data.gmp_areas:
        terms.gmp_areas[area.slug] = term(
            "GMP partnership areas",
            GMPArea,
            area.slug,
            area.name,
            {"description": area.description, "short_name": area.short_name, "sort_order": area.sort_order},
        )
    terms.articles = {}
    for article in data.articles:
        terms.articles[article.slug] = term(
            "Convention articles and annexes",
            ConventionArticle,
            article.slug,
            article.name,
            {
                "kind": article.kind,
                "number": article.number,
                "official_text_url": article.official_text_url,
                "sort_order": article.sort_order,
            },
            name_is_fact=True,
        )
    terms.areas = {}
    for area in data.areas:
        terms.areas[area.slug] = term(
            "Thematic areas",
            ThematicArea,
            area.slug,
            area.name,
            {"description": area.description, "sort_order": area.sort_order},
            m2m={
                "articles": [terms.articles[slug] for slug in area.articles],
                "gmp_areas": [terms.gmp_areas[slug] for slug in area.gmp_areas],
            },
        )
    terms.regions = {}
    for position, (slug, name, _data_name) in enumerate(prose.REGIONS, start=1):
        terms.regions[slug] = term("Regions", Region, slug, name, {"sort_order": position})
    terms.countries = {}
    for section, countries in (
        ("Countries (Parties and signatories)", data.parties),
        ("Other countries", data.extra_countries),
    ):
        for country in countries:
            terms.countries[country.iso3] = term(
                section,
                Country,
                country.slug,
                country.name,
                {
                    "iso3": country.iso3,
                    "iso2": country.iso2,
                    "region": terms.regions[country.region] if country.region else None,
                },
            )
    terms.resource_types = {}
    for position, (slug, name) in enumerate(prose.RESOURCE_TYPES, start=1):
        terms.resource_types[slug] = term("Resource types", ResourceType, slug, name, {"sort_order": position})
    load_vocabulary_translations(context, terms)
    load_country_names(context, terms)
    context.report(
        "Pillars",
        "GMP partnership areas",
        "Convention articles and annexes",
        "Thematic areas",
        "Regions",
        "Countries (Parties and signatories)",
        "Other countries",
        "Resource types",
        "Vocabulary translations",
        "Country names (CLDR)",
    )
    return terms


def target_locales(context):
    """The locales terms are translated into: every locale but the source one."""
    return list(Locale.objects.exclude(pk=context.locale.pk).order_by("language_code"))


def read_translations(path, known_slugs, fields, languages):
    """A translations file: {slug: {language: {field: text}}}, checked against the vocabulary."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SeedDataError(path, f"cannot be read ({error})") from None
    if not isinstance(data, dict):
        raise SeedDataError(path, "must be an object keyed by slug")
    for slug, by_language in data.items():
        if slug not in known_slugs:
            raise SeedDataError(path, "is not a slug of this vocabulary", key=slug)
        if not isinstance(by_language, dict):
            raise SeedDataError(path, "must map language codes to translations", key=slug)
        for language, values in by_language.items():
            if language not in languages:
                raise SeedDataError(path, f"{language!r} is not one of {', '.join(sorted(languages))}", key=slug)
            if not isinstance(values, dict) or not isinstance(values.get("name"), str) or not values["name"].strip():
                raise SeedDataError(path, f"{language}: needs a name", key=slug)
            unknown = set(values) - fields
            if unknown:
                raise SeedDataError(path, f"{language}: unknown fields {', '.join(sorted(unknown))}", key=slug)
    return data


def translate_term(context, section, source, locale, values):
    """Create or merge the `locale` translation of a source term (same translation_key and slug)."""
    model = type(source)
    synced = {name: getattr(source, name) for name in SYNCHRONISED.get(model.__name__, ("sort_order",))}
    return context.upsert(
        section,
        model,
        {"slug": source.slug, "locale": locale},
        values={"translation_key": source.translation_key, **synced, **values},
        label=f"{source.slug} ({locale.language_code})",
        reference=True,
    )


def load_vocabulary_translations(context, terms):
    locales = {locale.language_code: locale for locale in target_locales(context)}
    for filename, (attribute, fields) in VOCABULARY_FILES.items():
        sources = getattr(terms, attribute)
        path = context.data_file(CONTENT_DIR, f"translations/{filename}")
        data = read_translations(path, set(sources), fields, set(locales))
        for slug, source in sources.items():
            for language, values in data.get(slug, {}).items():
                cleaned = {name: value.strip() for name, value in values.items()}
                translate_term(context, "Vocabulary translations", source, locales[language], cleaned)


def load_country_names(context, terms):
    """Each country in every other locale, named by CLDR from its alpha-2 code (the EU as "EU")."""
    for locale in target_locales(context):
        for country in terms.countries.values():
            name = cldr.territory_name(country.iso2 or country.iso3, locale.language_code)
            if name:
                translate_term(context, "Country names (CLDR)", country, locale, {"name": name})
