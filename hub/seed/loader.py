"""The hub's seed: taxonomies, the English page tree, projects, menus and the locale trees.

Runs first (hub is the lowest layer); higher layers' loaders find what they build on in
`context.home`, `context.locale` and `context.terms`.

Reference data, synced on every run and merged with editors' changes (hub/seed/ledger.py): the
taxonomies and countries, the Party profiles (under the Parties index, once it exists) and the
projects. Demo content, only when `context.demo` (an empty site): the home page and site, the
section pages, meetings, events, news, standard pages, menus and tagline.
"""

from collections import Counter

from wagtail.models import Locale

from hub.models import (
    CountryIndexPage,
    HomePage,
)

from . import intersessional, prose, records
from .demo_pages import (
    index_page,
    load_events,
    load_home,
    load_meetings,
    load_pillars,
    load_standard_pages,
    load_thematic_pages,
)
from .news import load_news
from .parties_and_projects import load_parties, load_projects
from .site_and_locales import load_site_settings, sync_locale_trees
from .taxonomies import load_taxonomies
from .translations import load_page_translations


def validate(context):
    context.data["hub"] = records.parse_all(context)
    context.data["hub_intersessional"] = intersessional.parse(context, context.data["hub"])


def load(context):
    data = context.data.get("hub") or records.parse_all(context)
    context.locale = Locale.get_default()
    with context.section("Taxonomies"):
        context.terms = load_taxonomies(context, data)
    if context.demo:
        load_demo_pages(context, data)
    with context.section("Parties"):
        load_parties(context, data)
    with context.section("Projects"):
        load_projects(context, data)
    context.home = context.home or HomePage.objects.filter(locale=context.locale).order_by("path").first()
    if context.demo:
        context.defer("Menus and site settings", load_site_settings)
    if context.home is not None:
        context.defer("Locale trees", sync_locale_trees)
        # After the aliases exist: real translations of the home, pillar and thematic-area pages.
        context.defer("Page translations", load_page_translations)


def load_demo_pages(context, data):
    with context.section("Home page and site"):
        context.home = load_home(context)
    with context.section("Pillars and topics"):
        load_pillars(context)
    with context.section("Thematic areas"):
        load_thematic_pages(context, data)
    with context.section("Parties index"):
        # The as-of date of the list as a whole: the date most of its records were checked.
        as_of = Counter(party.status_as_of for party in data.parties).most_common(1)[0][0]
        index_page(context, CountryIndexPage, "parties", prose.PARTIES_INDEX, {"status_as_of": as_of})
    with context.section("Meetings"):
        context.meetings = load_meetings(context, data)
    with context.section("Events"):
        load_events(context, data)
    with context.section("News"):
        load_news(context, data)
    with context.section("Intersessional work"):
        # Its mandates and outputs are library pages: linked by a finalizer, before the locale trees.
        processes = context.data.get("hub_intersessional") or intersessional.parse(context, data)
        intersessional.load(context, processes)
    with context.section("Standard pages"):
        load_standard_pages(context)


# Taxonomies ---------------------------------------------------------------------------------------
