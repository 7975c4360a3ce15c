"""The library's seed: collections, the library index, a resource page per decision, meeting
document and publication in this package's data files, record-sheet files, and the Global Mercury
Partnership's hub.

Runs after hub.seed (taxonomies, meetings, home page) and partners.seed (organisations, found
through `context.organisations` to link a resource to its publisher). Every resource is in the
`minamata` collection; GMP-related ones (a partnership area, the Partnership or a GMP partner as
publisher, a Partnership meeting) are in `gmp` too: one record, listed by both hubs.

The collections are reference data (synced on every run); the library index, the resources, their
files and the GMP hub are demo content, loaded only into an empty site (`context.demo`).
"""

from pathlib import Path

from hub.seed.context import SeedDataError
from hub.seed.taxonomies import read_translations, target_locales, translate_term
from library.models import LibraryCollection, LibraryIndexPage, ResourcePage
from partners.spaces import ensure_spaces

from .gmp import load_gmp_hub
from .parsing import DATA_DIR, parse_all
from .record_sheets import load_record_sheets

LIBRARY_INDEX = {
    "title": "Library",
    "intro": (
        "Decisions of the Conference of the Parties, meeting documents, guidance, reports, fact sheets and "
        "tools. The collection is incomplete and editors are adding to it."
    ),
}
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
# slug, name, description: names and descriptions belong to editors once created.
COLLECTIONS = [
    ("minamata", "Minamata Convention library", "Resources listed in the library of the Minamata Convention."),
    (
        "gmp",
        "Global Mercury Partnership knowledge hub",
        "Resources listed in the knowledge hub of the Global Mercury Partnership.",
    ),
]


def validate(context):
    context.data["library"] = parse_all(context)


def load(context):
    data = context.data.get("library")
    if data is None:
        raise SeedDataError(DATA_DIR, "library seed data was not validated before loading")
    with context.section("Library collections"):
        collections = load_collections(context)
        context.report("Library collections", "Library collection translations")
    if not context.demo:
        return
    with context.section("Library"):
        pages = load_resources(context, data, collections)
    with context.section("Library files"):
        load_record_sheets(context, data.resources, pages)
    with context.section("Global Mercury Partnership hub"):
        load_gmp_hub(context, collections["gmp"])


def load_collections(context):
    collections = {}
    for position, (slug, name, description) in enumerate(COLLECTIONS, start=1):
        collections[slug] = context.upsert(
            "Library collections",
            LibraryCollection,
            {"slug": slug, "locale": context.locale},
            values={"sort_order": position},
            defaults={"name": name, "description": description},
            label=slug,
            reference=True,
        )
    _translate_collections(context, collections)
    return collections


def _translate_collections(context, collections):
    """The collections' names in every other locale, from translations/collections.json."""
    locales = {locale.language_code: locale for locale in target_locales(context)}
    path = context.data_file(TRANSLATIONS_DIR, "collections.json")
    data = read_translations(path, set(collections), {"name", "description"}, set(locales))
    for slug, source in collections.items():
        for language, values in data.get(slug, {}).items():
            cleaned = {name: value.strip() for name, value in values.items()}
            translate_term(context, "Library collection translations", source, locales[language], cleaned)


def load_resources(context, data, collections):
    terms = context.terms
    organisations = getattr(context, "organisations", None)
    index = context.upsert_page(
        "Library index",
        context.home,
        LibraryIndexPage,
        "library",
        {**LIBRARY_INDEX, "show_in_menus": True, "collection": collections["minamata"]},
    )
    # Every partner organisation's contribution space, now that the library exists (partners/spaces.py).
    with context.section("Contribution spaces"):
        context.write(f"  Contribution spaces: {ensure_spaces()} created")
    sections = {"decision": "Decisions", "meeting-document": "Meeting documents"}
    pages = {}
    for resource in data.resources:
        # The first-named publisher is the publisher; co-publishers stay in the text.
        publisher = organisations.find(resource.publishers[0]) if organisations and resource.publishers else None
        in_gmp = resource.gmp or (publisher is not None and publisher.gmp_partner)
        # The text stays when it says more than the organisation's name (co-publishers, a unit).
        names_only_publisher = publisher is not None and len(resource.publishers) == 1
        names_only_publisher = names_only_publisher and organisations.find(resource.publishers[0], exact=True)
        section = sections.get(resource.resource_type, "Publications and other resources")
        pages[resource.identifier] = context.upsert_page(
            section,
            index,
            ResourcePage,
            resource.slug,
            {
                "title": resource.title,
                "identifier": resource.identifier,
                "resource_type": terms.resource_types[resource.resource_type],
                "summary": resource.summary,
                "publication_date": resource.publication_date,
                "date_precision": resource.date_precision,
                "symbol": resource.symbol,
                "meeting": context.meetings.get(resource.meeting) if resource.meeting else None,
                "publisher": publisher,
                "publisher_name": "" if names_only_publisher else resource.publisher_name,
                "languages": resource.languages,
                "external_url": resource.external_url,
            },
            m2m={
                "pillars": [terms.pillars[slug] for slug in resource.pillars],
                "thematic_areas": [terms.areas[slug] for slug in resource.areas],
                "articles": [terms.articles[slug] for slug in resource.articles],
                "gmp_areas": [terms.gmp_areas[slug] for slug in resource.gmp_areas],
                "countries": [terms.countries[code] for code in resource.countries],
                "collections": [collections["minamata"], *([collections["gmp"]] if in_gmp else [])],
            },
            label=resource.label,
            key={"identifier": resource.identifier, "locale": context.locale},
        )
    context.report("Library index", "Decisions", "Meeting documents", "Publications and other resources")
    return pages
