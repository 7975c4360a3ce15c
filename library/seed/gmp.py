"""The Global Mercury Partnership's knowledge hub: a second Wagtail Site with its own root.

Tree: GMPHomePage (slug `gmp-home`, under the tree root) → one GMPAreaPage per partnership area
and a LibraryIndexPage showing collection `gmp`. Resources stay stored once, under the Minamata
library, with one canonical URL. The site answers for `gmp.localhost` in development; operators
set the real hostname on its Site record, and a later seed run keeps it (the Site is found by its
root page). The locale-tree step that follows (hub.seed) aliases this tree like the main one.
"""

from wagtail.models import Page, Site

from hub.models import GMPAreaPage, GMPHomePage, SiteSettings
from hub.seed.site_texts import load_site_texts
from library.models import LibraryIndexPage

HOSTNAME = "gmp.localhost"
SITE_NAME = "Global Mercury Partnership"
SECTION = "GMP hub pages"

HOME = {
    "title": "Global Mercury Partnership",
    "hero_heading": "Global Mercury Partnership",
    "hero_text": (
        "The Global Mercury Partnership brings together governments, intergovernmental and non-governmental "
        "organisations, industry and academia to protect human health and the environment from releases of "
        "mercury and its compounds. The United Nations Environment Programme (UNEP) hosts it. Its work is "
        "organised in eight partnership areas."
    ),
}
LIBRARY = {
    "title": "Library",
    "intro": (
        "Guidance, reports, fact sheets, tools and meeting documents of the Global Mercury Partnership and its "
        "partners. Each resource is catalogued once in the Minamata Convention's library and listed here too."
    ),
}
# One or two plain sentences on what each area works on.
AREA_SUMMARIES = {
    "asgm": (
        "Works to reduce, and where feasible eliminate, the use of mercury in artisanal and small-scale gold "
        "mining, and the emissions, releases and exposure that come with it."
    ),
    "coal-combustion": (
        "Works on reducing mercury emissions from burning coal in power plants and industry, through "
        "information on emission sources and on the techniques that control them."
    ),
    "chlor-alkali": (
        "Works on reducing mercury use and releases in chlor-alkali production, including the conversion of "
        "mercury-cell plants to mercury-free processes."
    ),
    "products": (
        "Works on phasing out mercury in products such as thermometers, measuring devices, lamps, batteries and "
        "dental amalgam, and on mercury-free alternatives."
    ),
    "air-transport-and-fate": (
        "Brings together research on how mercury is emitted to, transported through and deposited from the "
        "atmosphere, the science behind assessments such as UNEP's Global Mercury Assessments."
    ),
    "waste-management": (
        "Works on the environmentally sound management of mercury wastes: their collection, storage, treatment "
        "and disposal."
    ),
    "supply-and-storage": "Works on reducing the supply of mercury and on storing surplus mercury safely.",
    "cement": "Works on reducing mercury emissions and releases from cement production.",
}
SETTINGS = {"brand": SiteSettings.Brand.GMP}
# In English; the other languages are in hub/seed/content/translations/site.json under "gmp".
TEXTS = {
    "site_title": "Global Mercury Partnership",
    "organisation_name": "Global Mercury Partnership, hosted by the United Nations Environment Programme",
    "tagline": "The knowledge hub of the Global Mercury Partnership",
    "footer_text": "",
}


def load_gmp_hub(context, collection):
    terms = context.terms
    root = Page.get_first_root_node()
    home = context.upsert_page(SECTION, root, GMPHomePage, "gmp-home", dict(HOME))
    areas = []
    for area in sorted(context.data["hub"].gmp_areas, key=lambda area: area.sort_order):
        areas.append(
            context.upsert_page(
                SECTION,
                home,
                GMPAreaPage,
                area.slug,
                {
                    "title": area.name,
                    "gmp_area": terms.gmp_areas[area.slug],
                    "summary": f"<p>{AREA_SUMMARIES[area.slug]}</p>",
                    "listing_summary": AREA_SUMMARIES[area.slug],
                    "show_in_menus": True,
                },
            )
        )
    library = context.upsert_page(
        SECTION,
        home,
        LibraryIndexPage,
        "library",
        {**LIBRARY, "collection": collection, "show_in_menus": True},
    )
    site = Site.objects.filter(root_page=home).first()
    site = context.upsert(
        "GMP site",
        Site,
        {"pk": site.pk} if site else {"hostname": HOSTNAME, "port": 80},
        values={"root_page": home, "is_default_site": False},
        defaults={"site_name": SITE_NAME},
        label="GMP site",
    )
    Site.clear_site_root_paths_cache()
    menu = [(library, "")] + [(page, page.gmp_area.short_name or "") for page in areas]
    context.upsert("GMP site settings", SiteSettings, {"site": site}, values=SETTINGS, label="GMP site")
    load_site_texts(context, site, "gmp", TEXTS, {"main_menu": menu, "footer_links": []})
    context.report(SECTION, "GMP site", "GMP site settings", "Site texts")
    return home
