"""Background text extraction for library files (django-tasks).

The immediate backend runs it inline (development, tests); production's database backend
(`django_tasks_db`) queues it for the worker, `python manage.py db_worker`. The task never
raises: a broken, encrypted or unsupported file leaves its resource published, with the file's
status and an editor-readable message on the resource's Files tab.
"""

import logging

from django.db import DatabaseError
from django.utils.translation import gettext as _

from wagtail.search import index

from django_tasks import task

from .extraction import ExtractionError, can_extract, extract_text

logger = logging.getLogger(__name__)

# Larger files are not read into memory for extraction (uploads are capped at 50 MB anyway).
MAX_READ_BYTES = 100 * 1024 * 1024
ERROR_LENGTH = 500  # ResourceFile.extraction_error.max_length


@task()
def extract_file_text(file_id, force=False):
    """Extract the text of ResourceFile `file_id` and make its resource findable by it.

    Every row that shows the same document (its copies in other locales' trees, a translation
    that reuses the file) gets the same text, so one document is read once. Returns the status
    written, or "skipped" when the text is already current, or "missing".
    """
    try:
        return _extract(file_id, force)
    except Exception as error:  # noqa: BLE001 - the worker and the editor's request must survive anything
        logger.exception("Text extraction of library file %s failed unexpectedly", file_id)
        return _record_unexpected_failure(file_id, error)


def _extract(file_id, force):
    from library.models import ResourceFile

    row = ResourceFile.objects.select_related("document").filter(pk=file_id).first()
    if row is None:
        return "missing"  # deleted before the worker got to it
    if not force and not row.needs_extraction():
        return "skipped"
    document = row.document
    stored_name = document.file.name
    status, text, error = _read_and_extract(document)
    fields = {
        "extracted_text": text,
        "extraction_status": status,
        "extraction_error": error[:ERROR_LENGTH],
        "extracted_document_file": stored_name,
    }
    # Only rows still pointing at the file that was read: if the document got a new file in the
    # meantime, its own extraction task is on its way. update() skips post_save, so no loop.
    rows = ResourceFile.objects.filter(document_id=document.pk, document__file=stored_name)
    page_ids = set(rows.values_list("page_id", flat=True))
    rows.update(**fields)
    reindex_resources(page_ids)
    return str(status)


def _read_and_extract(document):
    """(status, text, error message) for one document."""
    from library.models import ResourceFile

    Status = ResourceFile.Extraction
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


def reindex_resources(page_ids):
    """Update the search index of the resource pages whose files changed."""
    from library.models import ResourcePage

    for page in ResourcePage.objects.filter(pk__in=page_ids):
        index.insert_or_update_object(page)


def _record_unexpected_failure(file_id, error):
    from library.models import ResourceFile

    message = _("Text extraction stopped with an unexpected error (%(error)s); an administrator can see the log.") % {
        "error": type(error).__name__
    }
    try:
        ResourceFile.objects.filter(pk=file_id).update(
            extraction_status=ResourceFile.Extraction.FAILED, extraction_error=message[:ERROR_LENGTH]
        )
    except DatabaseError:
        logger.exception("Could not record the extraction failure of library file %s", file_id)
    return str(ResourceFile.Extraction.FAILED)
