"""Background text extraction for library documents (django-tasks).

The immediate backend runs it inline (development, tests); production's database backend
(`django_tasks_db`) queues it for the worker, `python manage.py db_worker`. The task never
raises: a broken, encrypted or unsupported file leaves its resource published, with the file's
status and an editor-readable message on the resource's Files tab.

The result goes to `FileText`, one row per document (library/models/extraction.py), never to
the revisioned `ResourceFile` rows: one reading serves every resource, and every locale's alias,
that shows the document, and no revision published later can blank it.
"""

import logging

from django.db import DatabaseError
from django.db.models import Q
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model
from wagtail.search import index

from django_tasks import task

from .extraction import ExtractionError, can_extract, extract_text

logger = logging.getLogger(__name__)

# Larger files are not read into memory for extraction (uploads are capped at 50 MB anyway).
MAX_READ_BYTES = 100 * 1024 * 1024
ERROR_LENGTH = 500  # FileText.error.max_length


@task()
def extract_document_text(document_id, force=False):
    """Extract the text of Wagtail document `document_id` and make the resources showing it findable by it.

    Returns the status written, "skipped" when the text is already that of the document's
    current file (unless `force`), "missing" when the document is gone, or "superseded" when its
    file was replaced while being read (the replacement queued its own extraction).
    """
    try:
        return _extract(document_id, force)
    except Exception as error:  # noqa: BLE001 - the worker and the editor's request must survive anything
        logger.exception("Text extraction of document %s failed unexpectedly", document_id)
        return _record_unexpected_failure(document_id, error)


def _extract(document_id, force):
    from library.models import FileText

    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return "missing"  # deleted before the worker got to it
    current = FileText.objects.filter(document=document).first()
    if not force and current is not None and current.is_current_for(document):
        return "skipped"
    stored_name = document.file.name
    status, text, error = _read_and_extract(document)
    if not get_document_model().objects.filter(pk=document.pk, file=stored_name).exists():
        return "superseded"
    FileText.objects.update_or_create(
        document=document,
        defaults={
            "status": status,
            "text": text,
            "error": error[:ERROR_LENGTH],
            "file_name": stored_name,
            "file_hash": document.file_hash,
        },
    )
    reindex_resources_showing(document.pk)
    return str(status)


def _read_and_extract(document):
    """(status, text, error message) for one document."""
    from library.models import FileText

    Status = FileText.Status
    name = document.filename
    if not can_extract(name):
        return Status.UNSUPPORTED, "", ""
    try:
        with document.file.open("rb") as handle:
            data = handle.read(MAX_READ_BYTES + 1)
    except OSError as error:
        logger.warning("Library file %s could not be opened: %s", document.file.name, error)
        return Status.FAILED, "", _("The file could not be read from storage; upload it again.")
    if len(data) > MAX_READ_BYTES:
        return Status.FAILED, "", _("The file is too large to extract its text.")
    try:
        text = extract_text(data, name)
    except ExtractionError as error:
        return Status.FAILED, "", str(error)
    if not text:
        # Scanned PDFs have pictures of pages and no text layer; say so rather than fail.
        return Status.DONE, "", _("No text found in the file (a scanned document?); search cannot see its content.")
    return Status.DONE, text, ""


def reindex_resources_showing(document_id):
    """Update both search indexes (Wagtail's and the public one) for every resource showing the document.

    Aliases in other locales normally carry their own copy of the file rows; they are added by
    `alias_of` as well, so a locale's copy is re-indexed even if its rows lag behind.
    """
    from library.models import ResourceFile, ResourcePage

    page_ids = set(ResourceFile.objects.filter(document_id=document_id).values_list("page_id", flat=True))
    if not page_ids:
        return
    for page in ResourcePage.objects.filter(Q(pk__in=page_ids) | Q(alias_of_id__in=page_ids)):
        index.insert_or_update_object(page)


def _record_unexpected_failure(document_id, error):
    from library.models import FileText

    message = _("Text extraction stopped with an unexpected error (%(error)s); an administrator can see the log.") % {
        "error": type(error).__name__
    }
    try:
        document = get_document_model().objects.filter(pk=document_id).first()
        if document is not None:
            FileText.objects.update_or_create(
                document=document,
                defaults={
                    "status": FileText.Status.FAILED,
                    "text": "",
                    "error": message[:ERROR_LENGTH],
                    "file_name": document.file.name,
                    "file_hash": document.file_hash,
                },
            )
    except DatabaseError:
        logger.exception("Could not record the extraction failure of document %s", document_id)
    return str(FileText.Status.FAILED)
