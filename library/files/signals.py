"""Queue text extraction whenever a resource's file may have new text.

Three moments: a file row is saved (added to a resource, or pointed at another document), a
resource is published, and a document gets a new file in the Documents admin. The task is queued
after the transaction commits, so the worker sees the saved rows (with the immediate backend it
runs right then, inline).
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.documents import get_document_model
from wagtail.signals import page_published

from library.models import ResourceFile, ResourcePage

logger = logging.getLogger(__name__)


def queue_extraction(file_ids):
    """Queue one extraction task per file id once the current transaction commits."""
    for file_id in sorted(set(file_ids)):
        transaction.on_commit(lambda file_id=file_id: _enqueue(file_id))


def _enqueue(file_id):
    from .tasks import extract_file_text

    try:
        extract_file_text.enqueue(file_id)
    except Exception:  # noqa: BLE001 - the save already committed; a queue outage must not turn it into a 500
        logger.exception("Could not queue text extraction for library file %s", file_id)


def _one_row_per_document(rows):
    """Rows sharing a document share its text: the task fills them all from one reading."""
    chosen = {}
    for row in rows:
        if row.needs_extraction():
            chosen.setdefault(row.document_id, row.pk)
    return chosen.values()


@receiver(post_save, sender=ResourceFile, dispatch_uid="library.files.extract_on_file_save")
def extract_saved_file(sender, instance, raw=False, **kwargs):
    if not raw and instance.needs_extraction():
        queue_extraction([instance.pk])


@receiver(page_published, sender=ResourcePage, dispatch_uid="library.files.extract_on_publish")
def extract_published_resource(sender, instance, **kwargs):
    rows = ResourceFile.objects.filter(page_id=instance.pk).select_related("document")
    queue_extraction(_one_row_per_document(rows))


@receiver(post_save, sender=get_document_model(), dispatch_uid="library.files.extract_on_document_save")
def extract_replaced_document(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return  # a new document is on no resource yet
    rows = ResourceFile.objects.filter(document_id=instance.pk).select_related("document")
    queue_extraction(_one_row_per_document(rows))
