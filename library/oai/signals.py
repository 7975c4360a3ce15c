"""Keep harvesters told: every way a resource stops or starts being a public record (tombstones.py).

- saving a resource (publishing a revision, a direct save): compare its stored state with the new
  one: unpublished or renamed identifier → tombstone; left a set → departure; public again → back;
- unpublishing (also when a Page, not the specific resource, is unpublished, as the admin's
  bulk action does) → tombstone;
- deleting → tombstone, when it was a public record;
- a view restriction added on the resource or an ancestor → tombstones for the records under it;
  removed → they come back with a new datestamp;
- a page moved under (or out of) a private section → the same, for the moved subtree.
Translations and aliases are not records of their own, so their signals change nothing.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from wagtail.models import PageViewRestriction
from wagtail.signals import page_unpublished, post_page_move

from library.models import ResourcePage

from . import tombstones

# What a harvester sees of a page; a save that names none of these in update_fields (save_revision,
# locking, workflow state) changes nothing for harvesters, whatever the draft in memory says.
HARVESTED_FIELDS = {"identifier", "live", "locale", "alias_of", "resource_type", "collections", "thematic_areas"}


def _relevant(update_fields):
    return update_fields is None or bool(set(update_fields) & HARVESTED_FIELDS)


@receiver(pre_save, sender=ResourcePage)
def remember_state_before_save(sender, instance, update_fields=None, raw=False, **kwargs):
    if not raw and _relevant(update_fields):
        instance._oai_before = tombstones.stored_state(instance)


@receiver(post_save, sender=ResourcePage)
def compare_state_after_save(sender, instance, raw=False, **kwargs):
    if raw or not hasattr(instance, "_oai_before"):
        return
    before = instance.__dict__.pop("_oai_before")
    if tombstones.is_harvested(instance):
        tombstones.compare(before, instance)


@receiver(page_unpublished, sender=ResourcePage)
def tombstone_on_unpublish(sender, instance, **kwargs):
    # Unpublishing changes no privacy: a public page now was a public record a moment ago.
    if instance.identifier and tombstones.is_harvested(instance) and tombstones.is_public(instance):
        tombstones.withdraw(*tombstones.snapshot(instance))


@receiver(pre_delete, sender=ResourcePage)
def remember_sets_before_delete(sender, instance, **kwargs):
    # The set links are deleted with the page, so read them now and write after the delete.
    if tombstones.is_exposed(instance):
        instance._oai_tombstone = tombstones.snapshot(instance)


@receiver(post_delete, sender=ResourcePage)
def tombstone_on_delete(sender, instance, **kwargs):
    pending = instance.__dict__.pop("_oai_tombstone", None)
    if pending:
        tombstones.withdraw(*pending)


@receiver(post_save, sender=PageViewRestriction)
def privacy_added(sender, instance, created, raw=False, **kwargs):
    # An edited restriction (another group, a new password) keeps the page private: nothing changes.
    if created and not raw:
        tombstones.privacy_added(instance)


@receiver(post_delete, sender=PageViewRestriction)
def privacy_removed(sender, instance, **kwargs):
    tombstones.privacy_removed(instance)


@receiver(post_page_move)
def page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    tombstones.page_moved(instance, parent_page_before, parent_page_after)
