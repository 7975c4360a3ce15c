"""Reference data: the taxonomies and countries every page and record is tagged with.

Names and descriptions are written when a term is created and belong to editors afterwards
(contracts §4c); codes, links and order follow the data, merged with editors' changes
(hub/seed/ledger.py). Article and annex headings are facts, merged the same way.
"""

from types import SimpleNamespace

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
    context.report(
        "Pillars",
        "GMP partnership areas",
        "Convention articles and annexes",
        "Thematic areas",
        "Regions",
        "Countries (Parties and signatories)",
        "Other countries",
        "Resource types",
    )
    return terms
