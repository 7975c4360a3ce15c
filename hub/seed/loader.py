"""The hub's seed: taxonomies, the English page tree, projects, menus and the locale trees.

Runs first (hub is the lowest layer); higher layers' loaders find what they build on in
`context.home`, `context.locale` and `context.terms`.
"""

import time
from collections import Counter
from datetime import date
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from wagtail.models import Locale, Page, PageViewRestriction, ReferenceIndex, Site
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import PageIndex

from hub.models import (
    ConventionArticle,
    Country,
    CountryIndexPage,
    CountryProfilePage,
    EventIndexPage,
    EventPage,
    GMPArea,
    HomePage,
    MeetingIndexPage,
    MeetingPage,
    MeetingParticipantsPage,
    NewsIndexPage,
    NewsPage,
    Pillar,
    PillarPage,
    Project,
    Region,
    ResourceType,
    SiteSettings,
    StandardPage,
    ThematicArea,
    ThematicAreaIndexPage,
    ThematicAreaPage,
    TopicPage,
)

from . import prose, records
from .context import SeedError
from .tagging import classify

WELCOME_TITLE = "Welcome to your new Wagtail site!"
PARTICIPANTS_GROUP = "Meeting participants"
PARTICIPANTS_MEETING = "cop-6"
# Main menu and footer, by the slug of the section under the home page (missing ones are skipped,
# e.g. the library when its app is not installed).
MAIN_MENU = ["thematic-areas", "library", "parties", "meetings", "events", "news"]
FOOTER_MENU = ["about", "contact", "terms"]


def stream(blocks):
    """[("paragraph", "<p>…</p>"), ("heading", {...})] → StreamField raw data."""
    return [{"type": block_type, "value": value} for block_type, value in blocks]


def validate(context):
    context.data["hub"] = records.parse_all(context)


def load(context):
    data = context.data.get("hub") or records.parse_all(context)
    context.locale = Locale.get_default()
    with context.section("Taxonomies"):
        context.terms = load_taxonomies(context, data)
    with context.section("Home page and site"):
        context.home = load_home(context)
    with context.section("Pillars and topics"):
        load_pillars(context)
    with context.section("Thematic areas"):
        load_thematic_pages(context, data)
    with context.section("Parties"):
        load_parties(context, data)
    with context.section("Meetings"):
        context.meetings = load_meetings(context, data)
    with context.section("Events"):
        load_events(context, data)
    with context.section("News"):
        load_news(context, data)
    with context.section("Standard pages"):
        load_standard_pages(context)
    with context.section("Projects"):
        load_projects(context, data)
    context.defer("Menus and site settings", load_site_settings)
    context.defer("Locale trees", sync_locale_trees)


# Taxonomies ---------------------------------------------------------------------------------------
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
            section, model, {"slug": slug, "locale": locale}, values=values, defaults=defaults, m2m=m2m, label=slug
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


# Home page and site -------------------------------------------------------------------------------
def load_home(context):
    root = Page.get_first_root_node()
    generic = ContentType.objects.get_for_model(Page)
    for page in root.get_children().filter(content_type=generic, title=WELCOME_TITLE):
        # Only the untouched default: no children, never revised.
        if page.numchild == 0 and page.latest_revision_id is None:
            ReferenceIndex.remove_for_object(page)  # its signal handler is paused during the seed
            page.delete()  # also deletes the Site that pointed at it; it is recreated below
            context.write("  Wagtail's default welcome page removed")
    home = context.upsert_page(
        "Home page",
        root,
        HomePage,
        "home",
        {
            "title": prose.HOME["title"],
            "hero_heading": prose.HOME["hero_heading"],
            "hero_text": prose.HOME["hero_text"],
            "listing_summary": prose.HOME["listing_summary"],
        },
    )
    site = Site.objects.filter(is_default_site=True).first()
    lookup = {"pk": site.pk} if site else {"hostname": "localhost", "port": 80}
    context.upsert(
        "Site",
        Site,
        lookup,
        values={"root_page": home, "is_default_site": True, "site_name": prose.SITE_NAME},
        label="default site",
    )
    Site.clear_site_root_paths_cache()
    context.report("Home page", "Site")
    return home


def index_page(context, model, slug, texts, extra=None):
    values = {"title": texts["title"], "intro": texts["intro"], "show_in_menus": True, **(extra or {})}
    return context.upsert_page("Index pages", context.home, model, slug, values)


# Pillars and topics -------------------------------------------------------------------------------
def load_pillars(context):
    terms = context.terms
    for pillar in prose.PILLARS:
        page = context.upsert_page(
            "Pillar pages",
            context.home,
            PillarPage,
            pillar["slug"],
            {
                "title": pillar["page_title"],
                "pillar": terms.pillars[pillar["slug"]],
                "intro": pillar["intro"],
                "listing_summary": pillar["description"],
                "show_in_menus": True,
            },
        )
        for topic in prose.TOPICS[pillar["slug"]]:
            context.upsert_page(
                "Topic pages",
                page,
                TopicPage,
                topic["slug"],
                {"title": topic["title"], "intro": topic["intro"], "body": stream(topic["body"])},
                m2m={
                    "pillars": [terms.pillars[pillar["slug"]]],
                    "thematic_areas": [terms.areas[slug] for slug in topic["areas"]],
                    "articles": [terms.articles[slug] for slug in topic["articles"]],
                    "gmp_areas": [terms.gmp_areas[slug] for slug in topic["gmp_areas"]],
                },
            )
    context.report("Pillar pages", "Topic pages")


# Thematic areas -----------------------------------------------------------------------------------
def load_thematic_pages(context, data):
    index = index_page(context, ThematicAreaIndexPage, "thematic-areas", prose.THEMATIC_INDEX)
    for area in data.areas:
        context.upsert_page(
            "Thematic area pages",
            index,
            ThematicAreaPage,
            area.slug,
            {
                "title": area.name,
                "area": context.terms.areas[area.slug],
                "summary": area.summary,
                "listing_summary": area.description,
            },
        )
    context.report("Thematic area pages")


# Parties --------------------------------------------------------------------------------------------
def load_parties(context, data):
    # The list as a whole is as of the date most of its records were checked (the IEADB snapshot).
    as_of = Counter(party.status_as_of for party in data.parties).most_common(1)[0][0]
    index = index_page(context, CountryIndexPage, "parties", prose.PARTIES_INDEX, {"status_as_of": as_of})
    for party in data.parties:
        context.upsert_page(
            "Party profiles",
            index,
            CountryProfilePage,
            party.profile_slug,
            {
                "title": party.name,
                "country": context.terms.countries[party.iso3],
                "status": party.status,
                "signature_date": party.signature_date,
                "ratification_date": party.ratification_date,
                "instrument": party.instrument,
                "entry_into_force_date": party.entry_into_force_date,
                "status_as_of": party.status_as_of,
            },
            label=f"{records.PARTIES_FILE} ({party.name})",
        )
    context.report("Party profiles")


# Meetings -------------------------------------------------------------------------------------------
def load_meetings(context, data):
    index = index_page(context, MeetingIndexPage, "meetings", prose.MEETINGS_INDEX)
    pages = {}
    for meeting in data.meetings:
        pages[meeting.slug] = context.upsert_page(
            "Meeting pages",
            index,
            MeetingPage,
            meeting.slug,
            {
                "title": meeting.title,
                "meeting_kind": meeting.kind,
                "short_name": meeting.short_name,
                "start_date": meeting.start_date,
                "end_date": meeting.end_date,
                "venue": meeting.venue,
                "summary": meeting.summary,
            },
            label=meeting.label,
        )
    if PARTICIPANTS_MEETING not in pages:
        raise SeedError(f"{records.EVENTS_FILE}: no {PARTICIPANTS_MEETING.upper()} record for the participants' area")
    participants = context.upsert_page(
        "Participants' areas",
        pages[PARTICIPANTS_MEETING],
        MeetingParticipantsPage,
        prose.PARTICIPANTS_PAGE["slug"],
        {"title": prose.PARTICIPANTS_PAGE["title"], "intro": prose.PARTICIPANTS_PAGE["intro"]},
    )
    group = context.upsert("Groups", Group, {"name": PARTICIPANTS_GROUP})
    restrict_to_group(context, participants, group)
    context.participants_page = participants
    context.report("Meeting pages", "Participants' areas", "Groups", "View restrictions")
    return pages


def restrict_to_group(context, page, group, section="View restrictions"):
    tally = context.tally(section)
    restriction = page.view_restrictions.filter(restriction_type=PageViewRestriction.GROUPS).first()
    if restriction is None:
        restriction = PageViewRestriction(page=page, restriction_type=PageViewRestriction.GROUPS)
        restriction.save()
        restriction.groups.set([group])
        tally.add("created")
    elif set(restriction.groups.values_list("pk", flat=True)) != {group.pk}:
        restriction.groups.set([group])
        tally.add("updated")
    else:
        tally.add("unchanged")


# Events ---------------------------------------------------------------------------------------------
def load_events(context, data):
    index = index_page(context, EventIndexPage, "events", prose.EVENTS_INDEX)
    terms = context.terms
    for event in data.events:
        areas, articles = classify(event.title)
        context.upsert_page(
            "Event pages",
            index,
            EventPage,
            event.slug,
            {
                "title": event.title,
                "event_type": event.event_type,
                "start_date": event.start_date,
                "end_date": event.end_date,
                "start_time": event.start_time,
                "end_time": event.end_time,
                "time_zone": event.time_zone,
                "location": event.location,
                "languages": event.languages,
                "organizers": event.organizers,
                "intro": event.note,
            },
            m2m={
                "thematic_areas": [terms.areas[slug] for slug in areas],
                "articles": [terms.articles[slug] for slug in articles],
            },
            label=event.label,
        )
    context.report("Event pages")
    for message in data.skipped_events:
        context.write(f"  skipped (known gap, not guessed): {message}")


# News -----------------------------------------------------------------------------------------------
def news_items(data):
    """News built only from facts in the data: later ratifications, COP meetings, MC-4/3."""
    items = []
    snapshot = Counter(party.status_as_of for party in data.parties).most_common(1)[0][0]
    for party in data.parties:
        if party.status != "party" or not party.ratification_date or party.ratification_date <= snapshot:
            continue
        becoming = f", becoming the {party.party_number}" if party.party_number else ""
        items.append(
            {
                "slug": records.truncate_slug(f"{party.ratification_date}-{party.name}-joins-the-convention"),
                "title": f"{party.name} joins the Minamata Convention",
                "date": party.ratification_date,
                "intro": (
                    f"{party.name} deposited its instrument on {records.date_range_text(party.ratification_date, None)}"
                    f"{becoming} to the Minamata Convention on Mercury."
                ),
                "body": [
                    (
                        "paragraph",
                        "<p>For a State that deposits its instrument after the Convention's entry into force, the "
                        "Convention enters into force on the ninetieth day after the date of deposit (Article "
                        "31).</p>",
                    )
                ],
                "countries": [party.iso3],
                "areas": [],
                "articles": ["article-30", "article-31"],
            }
        )
    for meeting in data.meetings:
        if meeting.kind != "cop" or meeting.number < 5:
            continue
        ordinal = prose.ORDINALS[meeting.number]
        items.append(
            {
                "slug": f"{meeting.start_date}-{meeting.slug}-meets-in-geneva"
                if "Geneva" in meeting.venue
                else f"{meeting.start_date}-{meeting.slug}-meets",
                "title": f"{meeting.short_name} meets in {meeting.venue.split(',')[0]}",
                "date": meeting.start_date,
                "intro": (
                    f"The {ordinal} meeting of the Conference of the Parties to the Minamata Convention on Mercury "
                    f"({meeting.short_name}) meets in {meeting.venue}, from "
                    f"{records.date_range_text(meeting.start_date, meeting.end_date)}."
                ),
                "body": [],
                "countries": [],
                "areas": [],
                "articles": ["article-23"],
            }
        )
    items.append(
        {
            "slug": "2022-03-25-conference-of-the-parties-amends-annex-a",
            "title": "Conference of the Parties amends Annex A",
            "date": date(2022, 3, 25),
            "intro": (
                "At the second segment of its fourth meeting, in Bali, Indonesia, the Conference of the Parties "
                "adopted decision MC-4/3 on 25 March 2022, amending Annex A to the Convention."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Annex A lists the mercury-added products that Parties phase out under Article 4. The "
                    "depositary communicated the amendments to Annex A on 28 September 2022 (depositary "
                    "notification C.N.313.2022.TREATIES-XXVII.17).</p>",
                )
            ],
            "countries": [],
            "areas": ["mercury-added-products"],
            "articles": ["article-4", "article-27", "annex-a"],
        }
    )
    return items


def load_news(context, data):
    index = index_page(context, NewsIndexPage, "news", prose.NEWS_INDEX)
    terms = context.terms
    for item in news_items(data):
        context.upsert_page(
            "News pages",
            index,
            NewsPage,
            item["slug"],
            {
                "title": item["title"],
                "date": item["date"],
                "intro": item["intro"],
                "body": stream(item["body"]),
                "listing_summary": item["intro"],
            },
            m2m={
                "countries": [terms.countries[code] for code in item["countries"]],
                "thematic_areas": [terms.areas[slug] for slug in item["areas"]],
                "articles": [terms.articles[slug] for slug in item["articles"]],
            },
        )
    context.report("News pages")


# Standard pages ---------------------------------------------------------------------------------------
def load_standard_pages(context):
    for page in prose.STANDARD_PAGES:
        context.upsert_page(
            "Standard pages",
            context.home,
            StandardPage,
            page["slug"],
            {"title": page["title"], "body": stream(page["body"]), "listing_summary": page["listing_summary"]},
        )
    context.report("Index pages", "Standard pages")


# Projects ---------------------------------------------------------------------------------------------
def load_projects(context, data):
    terms = context.terms
    for project in data.projects:
        context.upsert(
            "Projects",
            Project,
            {"project_id": project.project_id},
            values={
                "programme": project.programme,
                "title": project.title,
                "agency": project.agency,
                "status": project.status,
                "approval_date": project.approval_date,
                "round": project.round,
                "url": project.url,
                # Only round totals are known for the SIP: no per-project amount is recorded.
                "amount_usd": None,
            },
            m2m={
                "countries": [terms.countries[code] for code in project.countries],
                "thematic_areas": [terms.areas[slug] for slug in project.thematic_areas],
            },
            label=project.label,
        )
    context.report("Projects")


# Finalizers: after every app has loaded ---------------------------------------------------------------
def _menu(home, slugs):
    children = {page.slug: page for page in home.get_children().filter(slug__in=slugs)}
    return [
        {"type": "link", "value": {"page": children[slug].pk, "url": "", "label": ""}}
        for slug in slugs
        if slug in children
    ]


def load_site_settings(context):
    site = Site.objects.get(root_page=context.home)
    context.upsert(
        "Site settings",
        SiteSettings,
        {"site": site},
        values={
            "organisation_name": prose.ORGANISATION_NAME,
            "tagline": prose.TAGLINE,
            "main_menu": _menu(context.home, MAIN_MENU),
            "footer_links": _menu(context.home, FOOTER_MENU),
        },
        label="default site",
    )
    context.report("Site settings")


def sync_locale_trees(context):
    """Alias every English page into the other locales, so /fr/, /ar/ … serve until translated.

    The LocaleSynchronization rows also make wagtail-localize alias every page created later in
    the admin. One page index serves all five locales (wagtail-localize builds one per call).
    """
    source = context.locale
    started = time.monotonic()
    aliases_before = Page.objects.filter(alias_of__isnull=False).count()
    targets = list(Locale.objects.exclude(pk=source.pk).order_by("language_code"))
    syncs = save_locale_synchronizations(context, source, targets)
    index = PageIndex.from_database().sort_by_tree_position()
    for sync in syncs:
        sync.sync_trees(page_index=index)
    # Page privacy follows the page into every locale (aliases copy it; this keeps it so).
    group = Group.objects.get(name=PARTICIPANTS_GROUP)
    for page in Page.objects.filter(translation_key=context.participants_page.translation_key).exclude(
        pk=context.participants_page.pk
    ):
        restrict_to_group(context, page, group, section="View restrictions on translations")
    created = Page.objects.filter(alias_of__isnull=False).count() - aliases_before
    context.alias_pages_created = created
    context.report("View restrictions on translations")
    context.write(f"  Alias pages: {created} created in {len(targets)} locales ({time.monotonic() - started:.1f} s)")


def save_locale_synchronizations(context, source, targets):
    tally = context.tally("Locale synchronisations")
    syncs = []
    for locale in targets:
        sync = LocaleSynchronization.objects.filter(locale=locale).first()
        if sync is None:
            # bulk_create skips post_save, which would sync the tree with a page index of its own;
            # sync_locale_trees() syncs every locale from one index instead.
            sync = LocaleSynchronization.objects.bulk_create([LocaleSynchronization(locale=locale, sync_from=source)])[
                0
            ]
            tally.add("created")
        elif sync.sync_from_id != source.pk:
            LocaleSynchronization.objects.filter(pk=sync.pk).update(sync_from=source)
            sync.sync_from = source
            tally.add("updated")
        else:
            tally.add("unchanged")
        syncs.append(sync)
    context.report("Locale synchronisations")
    return syncs
