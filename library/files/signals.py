"""Queue text extraction whenever a resource's file may have new text.

Three moments: a file row is saved (added to a resource, or pointed at another document), a
resource is published, and a document gets a new file in the Documents admin. Extraction is per
document (`FileText`), so a document whose text was read from its current file is never queued
again, however many resources, aliases or revisions show it. The task is queued after the
transaction commits, so the worker sees the saved rows (with the immediate backend it runs right
then, inline).
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.documents import get_document_model
from wagtail.signals import page_published

from library.models import FileText, ResourceFile, ResourcePage

logger = logging.getLogger(__name__)


def queue_extraction(document_ids):
    """Queue one extraction task per document id once the current transaction commits."""
    for document_id in sorted(set(document_ids)):
        transaction.on_commit(lambda document_id=document_id: _enqueue(document_id))


def _enqueue(document_id):
    from .tasks import extract_document_text

    try:
        extract_document_text.enqueue(document_id)
    except Exception:  # noqa: BLE001 - the save already committed; a queue outage must not turn it into a 500
        logger.exception("Could not queue text extraction for document %s", document_id)


@receiver(post_save, sender=ResourceFile, dispatch_uid="library.files.extract_on_file_save")
def extract_saved_file(sender, instance, raw=False, **kwargs):
    if not raw and instance.needs_extraction():
        queue_extraction([instance.document_id])


@receiver(page_published, sender=ResourcePage, dispatch_uid="library.files.extract_on_publish")
def extract_published_resource(sender, instance, new_in_bulk=False, **kwargs):
    # A page the bulk writer has just created holds its file rows in memory, as written.
    rows = instance.files.all() if new_in_bulk else ResourceFile.objects.filter(page_id=instance.pk)
    queue_extraction(row.document_id for row in rows if row.needs_extraction())


@receiver(post_save, sender=get_document_model(), dispatch_uid="library.files.extract_on_document_save")
def extract_replaced_document(sender, instance, raw=False, created=False, **kwargs):
    if raw or created or not instance.resource_files.exists():
        return  # a new document, or one no resource shows, is not read
    current = FileText.objects.filter(document_id=instance.pk).first()
    if current is None or not current.is_current_for(instance):
        queue_extraction([instance.pk])
