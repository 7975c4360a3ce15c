"""What harvesters are told when a record stops (or starts again) being public.

A record is *exposed* when its page is a live, public, default-locale, non-alias ResourcePage.
The repository declares deletedRecord "persistent", so every way out of exposure leaves a
DeletedResource tombstone and every way back removes it and moves the record's datestamp, so a
harvest `from` that moment picks the change up. Leaving one set while staying exposed leaves a
SetDeparture, which a harvest of that set answers as deleted.

Only a record that was exposed gets a tombstone: a resource published straight into a private
area never shows its identifier to harvesters.
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale, Page, PageViewRestriction

from library.models import DeletedResource, ResourcePage, SetDeparture

from .repository import is_harvested, set_specs_for


def is_public(page):
    return not page.get_view_restrictions().exists()


def is_exposed(page):
    return bool(page.identifier) and page.live and is_harvested(page) and is_public(page)


def snapshot(page):
    """(identifier, set specs) as a harvester sees the page now."""
    return page.identifier, set_specs_for(page)


CHUNK = 500  # identifiers per query: far below every database's limit on parameters


def _chunks(items):
    items = list(items)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def withdraw(identifier, set_specs):
    withdraw_many([(identifier, set_specs)])


def withdraw_many(snapshots):
    """Tombstone records, a few queries per 500 (privacy on a whole library must not take minutes).

    The sets each record left earlier, and those of a tombstone it already has (one unpublish
    saves and signals twice), go into the tombstone so that each set's harvest sees it.
    """
    wanted = dict(snapshots)
    now = timezone.now()
    for identifiers in _chunks(wanted):
        earlier = defaultdict(set)
        departed = SetDeparture.objects.filter(identifier__in=identifiers)
        for identifier, spec in departed.values_list("identifier", "set_spec"):
            earlier[identifier].add(spec)
        for identifier, specs in DeletedResource.objects.filter(identifier__in=identifiers).values_list(
            "identifier", "set_specs"
        ):
            earlier[identifier].update(spec for spec in specs or [] if isinstance(spec, str))
        rows = [
            DeletedResource(
                identifier=identifier,
                deleted_at=now,
                set_specs=list(wanted[identifier]) + sorted(earlier[identifier] - set(wanted[identifier])),
            )
            for identifier in identifiers
        ]
        departed.delete()
        DeletedResource.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["identifier"], update_fields=["deleted_at", "set_specs"]
        )


def reinstate(identifier):
    """The record is exposed (again): its tombstone goes."""
    DeletedResource.objects.filter(identifier=identifier).delete()


def record_set_changes(identifier, before, after):
    """Departures for the sets an exposed record left; those it joins again are forgotten."""
    left = set(before) - set(after)
    SetDeparture.objects.filter(identifier=identifier, set_spec__in=after).delete()
    now = timezone.now()
    for spec in sorted(left):
        SetDeparture.objects.update_or_create(identifier=identifier, set_spec=spec, defaults={"departed_at": now})


def compare(before, page):
    """Apply what changed between a saved page's stored state (`before`, or None) and `page` now.

    `before` is (exposed, identifier, set specs) as read from the database before the save.
    """
    was_exposed, old_identifier, old_specs = before or (False, None, [])
    identifier, specs = snapshot(page)
    if not is_exposed(page):
        if was_exposed:
            withdraw(old_identifier, old_specs)
        return
    if was_exposed and old_identifier != identifier:
        withdraw(old_identifier, old_specs)  # the old identifier is gone for good
    if was_exposed and old_identifier == identifier:
        record_set_changes(identifier, old_specs, specs)
    reinstate(identifier)


def stored_state(page):
    """(exposed, identifier, set specs) of the page as the database holds it, or None if unsaved."""
    stored = ResourcePage.objects.filter(pk=page.pk).first() if page.pk else None
    if stored is None:
        return None
    return (is_exposed(stored), *snapshot(stored))


# --- privacy and moves: whole subtrees change at once ----------------------------------------------


def restricted_paths(exclude=None):
    restrictions = PageViewRestriction.objects.all()
    if exclude is not None:
        restrictions = restrictions.exclude(pk=exclude)
    return list(restrictions.values_list("page__path", flat=True))


def _under(path, restricted):
    return any(path.startswith(prefix) for prefix in restricted)


def harvested_resources_under(page):
    """The live default-locale resources in a subtree (the page itself included)."""
    resources = (
        ResourcePage.objects.live()
        .descendant_of(page, inclusive=True)
        .filter(locale=Locale.get_default(), alias_of__isnull=True)
        .exclude(identifier="")
    )
    # set_specs_for reads these for every resource of a possibly large subtree.
    return list(resources.select_related("resource_type").prefetch_related("collections", "thematic_areas"))


def privacy_added(restriction):
    """A new view restriction hides the records under it that were public until now."""
    others = restricted_paths(exclude=restriction.pk)
    resources = harvested_resources_under(restriction.page)
    withdraw_many(snapshot(resource) for resource in resources if not _under(resource.path, others))


def reinstate_public_under(page_id):
    """After privacy is lifted: records under the page that are public now come back, with a new datestamp."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:  # the page itself was deleted: its resources were handled by their own delete
        return
    restricted = restricted_paths()
    back = [r for r in harvested_resources_under(page) if not _under(r.path, restricted)]
    reinstate_all(back)


def reinstate_all(resources):
    """Records that were private until now: tombstones go, datestamps move (new to a harvest `from` now)."""
    now = timezone.now()
    for chunk in _chunks(resources):
        DeletedResource.objects.filter(identifier__in=[resource.identifier for resource in chunk]).delete()
        # Not a save: the page's content is unchanged, only its visibility to harvesters.
        ResourcePage.objects.filter(pk__in=[resource.pk for resource in chunk]).update(updated=now)


def privacy_removed(restriction):
    # Wait for the commit: a restriction deleted with its page is gone with the records under it,
    # and those must keep the tombstones their own delete writes.
    page_id = restriction.page_id
    transaction.on_commit(lambda: reinstate_public_under(page_id))


def page_moved(page, parent_before, parent_after):
    """A subtree moved: records whose ancestors' privacy changed leave or come back."""
    resources = harvested_resources_under(page)
    if not resources:
        return
    ancestors_private = {
        "before": PageViewRestriction.objects.filter(page__in=parent_before.get_ancestors(inclusive=True)).exists(),
        "after": PageViewRestriction.objects.filter(page__in=parent_after.get_ancestors(inclusive=True)).exists(),
    }
    if ancestors_private["before"] == ancestors_private["after"]:
        return
    inner = list(
        PageViewRestriction.objects.filter(page__path__startswith=page.path).values_list("page__path", flat=True)
    )
    public = [resource for resource in resources if not _under(resource.path, inner)]
    if ancestors_private["after"]:
        withdraw_many(snapshot(resource) for resource in public)
    else:
        reinstate_all(public)
