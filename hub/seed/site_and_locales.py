"""Finalizers, after every app has loaded: site settings and texts per language (demo), the locale alias trees."""

import time

from django.contrib.auth.models import Group

from wagtail.models import Locale, Page, Site
from wagtail_localize.models import LocaleSynchronization

from hub.localize.aliases import alias_untranslated_pages
from hub.models import (
    MeetingParticipantsPage,
    SiteSettings,
)

from . import prose
from .demo_pages import PARTICIPANTS_GROUP, restrict_to_group
from .indexing import note_saved
from .site_texts import load_site_texts

# Main menu and footer, by the slug of the section under the home page (missing ones are skipped,
# e.g. the library when its app is not installed).
MAIN_MENU = ["thematic-areas", "library", "parties", "meetings", "events", "news", "partners"]
FOOTER_MENU = ["about", "contact", "terms"]


def _menu(home, slugs):
    """(page, label) for the children of `home` with these slugs, in that order; the label is empty
    so the menu shows each page's own title."""
    children = {page.slug: page for page in home.get_children().filter(slug__in=slugs)}
    return [(children[slug], "") for slug in slugs if slug in children]


def load_site_settings(context):
    site = Site.objects.get(root_page=context.home)
    context.upsert("Site settings", SiteSettings, {"site": site}, values={}, label="default site")
    load_site_texts(
        context,
        site,
        "default",
        {
            "site_title": prose.SITE_NAME,
            "organisation_name": prose.ORGANISATION_NAME,
            "tagline": prose.TAGLINE,
            "footer_text": "",
        },
        {"main_menu": _menu(context.home, MAIN_MENU), "footer_links": _menu(context.home, FOOTER_MENU)},
    )
    context.report("Site settings", "Site texts")


def sync_locale_trees(context):
    """Alias every English page into the other locales, so /fr/, /ar/ … serve until translated.

    The LocaleSynchronization rows make wagtail-localize alias every page created later in the
    admin. The aliases of the seed's pages are what its `synchronize_tree` would make, copied in
    bulk inside the database (hub/localize/aliases.py): Wagtail's action saves, validates and
    logs each of the 2,265 one by one, half of a first seed's time. Saved without `save()`, they
    are handed to the deferred indexing here. The participants' area is aliased by Wagtail itself:
    its save secures the area's files.
    """
    source = context.locale
    started = time.monotonic()
    aliases_before = Page.objects.filter(alias_of__isnull=False).count()
    targets = list(Locale.objects.exclude(pk=source.pk).order_by("language_code"))
    save_locale_synchronizations(context, source, targets)
    created = alias_untranslated_pages(source, targets, by_wagtail=(MeetingParticipantsPage,))
    for model, ids in created.items():
        note_saved(model, ids)
    # Page privacy follows the page into every locale (aliases copy it; this keeps it so).
    participants = (
        getattr(context, "participants_page", None)
        or MeetingParticipantsPage.objects.filter(locale=source, slug=prose.PARTICIPANTS_PAGE["slug"]).first()
    )
    group = Group.objects.filter(name=PARTICIPANTS_GROUP).first()
    if participants is not None and group is not None:
        for page in Page.objects.filter(translation_key=participants.translation_key).exclude(pk=participants.pk):
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
            # sync_locale_trees() aliases the pages of every locale in bulk instead.
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
