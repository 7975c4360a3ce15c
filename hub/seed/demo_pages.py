"""Demo content: the home page and site, section pages, meetings, events and standard pages.

Loaded only into an empty site (hub/seed/runner.py); afterwards these pages belong to editors.
"""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site

from hub.models import (
    EventIndexPage,
    EventPage,
    HomePage,
    MeetingIndexPage,
    MeetingPage,
    MeetingParticipantsPage,
    PillarPage,
    StandardPage,
    ThematicAreaIndexPage,
    ThematicAreaPage,
    TopicPage,
)

from . import prose, records
from .context import SeedError
from .tagging import subjects

WELCOME_TITLE = "Welcome to your new Wagtail site!"
PARTICIPANTS_GROUP = "Meeting participants"
PARTICIPANTS_MEETING = "cop-6"


def stream(blocks):
    """[("paragraph", "<p>…</p>"), ("heading", {...})] → StreamField raw data."""
    return [{"type": block_type, "value": value} for block_type, value in blocks]


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


# Meetings -------------------------------------------------------------------------------------------
def load_meetings(context, data):
    index = index_page(context, MeetingIndexPage, "meetings", prose.MEETINGS_INDEX)
    pages = {}
    for meeting in data.meetings:
        country = None
        if meeting.country_name:
            # Host countries are named as parties.json names States (hub/seed/records.py, as for projects).
            iso3 = data.country_by_name.get(meeting.country_name)
            if iso3 not in context.terms.countries:
                raise SeedError(
                    f"{records.EVENTS_FILE}: {meeting.label}: the host country {meeting.country_name!r} is not a "
                    f"country in {records.PARTIES_FILE} or {records.EXTRA_COUNTRIES_FILE}"
                )
            country = context.terms.countries[iso3]
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
                "city": meeting.city,
                "country": country,
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
    curated = subjects(context)  # hub/seed/content/subjects.json
    for event in data.events:
        areas, articles = curated.subjects_for("event", (event.title, event.start_date))
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


# Facts and figures ------------------------------------------------------------------------------------
def load_data_page(context):
    """The charts page (/data/); its charts are drawn from the records, so it has only an intro."""
    from hub.models import DataPage

    texts = prose._index_pages["data"]  # index_pages.json, like the other index pages' texts
    return index_page(context, DataPage, "data", texts)


# Standard pages ---------------------------------------------------------------------------------------
def load_standard_pages(context):
    load_data_page(context)
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
