"""`manage.py extract_file_text`: documents the background extraction missed are read on demand."""

import io

from django.core.management import call_command
from django.test import override_settings

import pytest

from library import factories as lf
from library.models import FileText, ResourceFile

from .builders import pdf_bytes
from .test_extracted_text import QUEUE_ONLY, WORD, public_search
from .test_library_files import encrypted_pdf_bytes, make_document

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("extract_file_text", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def missed(home):
    """A published resource whose file was never read: the worker had not run (queue-only backend)."""
    library = lf.LibraryIndexPageFactory(parent=home)
    document = make_document("missed.pdf", pdf_bytes(f"Storage of {WORD} in warehouses"))
    with override_settings(TASKS=QUEUE_ONLY):
        page = lf.ResourcePageFactory(parent=library, title="Missed report")
        page.files = [ResourceFile(document=document, language="en")]
        page.save_revision().publish()
    assert not FileText.objects.filter(document=document).exists()
    return document


def test_documents_without_text_are_read_and_found(missed):
    assert public_search(WORD) == []
    assert "1 document(s) would be queued" in run("--dry-run")
    assert not FileText.objects.exists()

    assert "1 document(s) queued" in run()
    assert FileText.objects.get(document=missed).status == FileText.Status.DONE
    assert public_search(WORD) == ["Missed report"]
    assert "0 document(s) queued" in run()  # nothing left to do


def test_failed_readings_are_retried_only_when_asked(missed, django_capture_on_commit_callbacks):
    run()
    broken = make_document("locked.pdf", encrypted_pdf_bytes("secret"))
    library = missed.resource_files.first().page.get_parent()
    with django_capture_on_commit_callbacks(execute=True):  # the extraction queued on publish runs
        page = lf.ResourcePageFactory(parent=library, title="Locked report")
        page.files = [ResourceFile(document=broken, language="en")]
        page.save_revision().publish()
    assert FileText.objects.get(document=broken).status == FileText.Status.FAILED

    assert "0 document(s) queued" in run()
    assert "1 document(s) queued" in run("--failed")
    assert "2 document(s) queued" in run("--all")  # every library document, read again
