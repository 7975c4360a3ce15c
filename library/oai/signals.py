"""Tombstones for harvesters: a resource that stops being public leaves a DeletedResource.

The repository declares deletedRecord "persistent", so a harvester must keep learning that a
record is gone: unpublishing or deleting a default-locale resource creates (or refreshes) its
tombstone; publishing it again removes the tombstone and the record is live once more.
Translations and aliases are not records of their own, so their signals change nothing.
"""

from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver
from django.utils import timezone

from wagtail.signals import page_published, page_unpublished

from library.models import DeletedResource, ResourcePage

from .repository import is_harvested, set_specs_for


def write_tombstone(identifier, set_specs):
    DeletedResource.objects.update_or_create(
        identifier=identifier, defaults={"deleted_at": timezone.now(), "set_specs": set_specs}
    )


@receiver(page_unpublished, sender=ResourcePage)
def tombstone_on_unpublish(sender, instance, **kwargs):
    if instance.identifier and is_harvested(instance):
        write_tombstone(instance.identifier, set_specs_for(instance))


@receiver(page_published, sender=ResourcePage)
def remove_tombstone_on_publish(sender, instance, **kwargs):
    if instance.identifier and is_harvested(instance):
        DeletedResource.objects.filter(identifier=instance.identifier).delete()


@receiver(pre_delete, sender=ResourcePage)
def remember_sets_before_delete(sender, instance, **kwargs):
    # The set links are deleted with the page, so read them now and write after the delete.
    # first_published_at: a resource that was ever public may be in someone's harvest.
    if instance.identifier and instance.first_published_at and is_harvested(instance):
        instance._oai_tombstone = (instance.identifier, set_specs_for(instance))


@receiver(post_delete, sender=ResourcePage)
def tombstone_on_delete(sender, instance, **kwargs):
    pending = getattr(instance, "_oai_tombstone", None)
    if pending:
        write_tombstone(*pending)
