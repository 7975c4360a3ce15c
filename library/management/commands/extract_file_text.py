"""`manage.py extract_file_text [--failed] [--all] [--dry-run]`: (re)queue text extraction.

Text is extracted in the background when a file is added, published or replaced. This command
is for what that misses: documents whose text was never read (a queue outage, a worker that was
down, files written before extraction existed), failed readings worth another try after a fix,
or a full re-read after the extractor improved. It queues one task per document shown by a
library resource (the worker runs them; under the immediate backend of `make run` they run now).
"""

from django.core.management.base import BaseCommand

from wagtail.documents import get_document_model

from library.files.tasks import extract_document_text
from library.models import FileText


class Command(BaseCommand):
    help = (
        "Queue text extraction for library documents without current text "
        "(with --failed: also those whose last reading failed; with --all: every one, read again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--failed", action="store_true", help="Also retry documents whose extraction failed.")
        parser.add_argument("--all", action="store_true", dest="everything", help="Read every library document again.")
        parser.add_argument("--dry-run", action="store_true", help="Only say how many documents would be queued.")

    def handle(self, *args, failed=False, everything=False, dry_run=False, **options):
        documents = get_document_model().objects.filter(resource_files__isnull=False).distinct().order_by("pk")
        if not everything:
            documents = [document for document in documents.select_related("file_text") if _needs(document, failed)]
        ids = [document.pk for document in documents]
        if dry_run:
            self.stdout.write(f"{len(ids)} document(s) would be queued for text extraction.")
            return
        for document_id in ids:
            extract_document_text.enqueue(document_id, force=everything)
        self.stdout.write(f"{len(ids)} document(s) queued for text extraction.")


def _needs(document, failed):
    text = getattr(document, "file_text", None)
    if text is None or not text.is_current_for(document):
        return True
    return failed and text.status == FileText.Status.FAILED
