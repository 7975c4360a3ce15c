"""Extracted text survives revisions (issue 8, item 3).

The text, status and error of a file's extraction live in `FileText`, one row per Wagtail
document, not on the revisioned `ResourceFile` rows. The sequence the issue names is tested as
it happens in production: the resource is saved (its revision holds no text), extraction
finishes, then that old revision is published while the task queue is not running; the word
only the PDF holds must still be found, and the status still be "done".
"""

import os

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import QueryDict
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale

import pytest
from django_tasks import task_backends

from hub import factories as hf
from library import factories as lf
from library.files import tasks
from library.files.tasks import extract_document_text
from library.models import FileText, ResourceFile, ResourcePage
from search.indexing import index_pages
from search.service import params_from_query, run_search

from .test_library_files import encrypted_pdf_bytes, make_document, pdf_bytes

WORD = "Quicksilverwort"  # found nowhere but inside the PDFs below
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # a worker that has not run yet


def queued_extractions():
    """Arguments of the extraction tasks waiting in the queue-only backend (Wagtail queues its own indexing too)."""
    return [
        tuple(result.args)
        for result in task_backends["default"].results
        if result.task.module_path == extract_document_text.module_path
    ]


def public_search(word, locale="en"):
    params = params_from_query(QueryDict(f"q={word}"), locale)
    return [hit.title for hit in run_search(params, log=False, promotions=False).results]


def admin_search(word):
    return sorted(page.title for page in ResourcePage.objects.search(word))


@pytest.fixture
def library(home):
    return lf.LibraryIndexPageFactory(parent=home)


@pytest.fixture
def reads(monkeypatch):
    """The file names the task actually read, in order."""
    names = []
    real = tasks.extract_text

    def counting(data, name):
        names.append(name)
        return real(data, name)

    monkeypatch.setattr(tasks, "extract_text", counting)
    return names


def draft_with_file(library, document, title="Annual report"):
    """A new resource saved as a draft the way the admin's create view does: rows written, then a revision."""
    page = lf.ResourcePageFactory.build(title=title, live=False, resource_type=hf.ResourceTypeFactory())
    page.files = [ResourceFile(document=document, language="en")]
    library.add_child(instance=page)
    return page, page.save_revision()


@pytest.mark.django_db
def test_publishing_a_revision_saved_before_extraction_keeps_the_text(
    library, reads, django_capture_on_commit_callbacks
):
    document = make_document("annex.pdf", pdf_bytes(f"The annex names {WORD} once."))
    with django_capture_on_commit_callbacks(execute=True):
        page, old_revision = draft_with_file(library, document)
    # Extraction finished (immediate backend) after the revision was saved: the revision has no text.
    assert reads == ["annex.pdf"]
    assert page.files.get().extraction_status == FileText.Status.DONE

    with override_settings(TASKS=QUEUE_ONLY):
        with django_capture_on_commit_callbacks(execute=True):
            old_revision.publish()
        queued = queued_extractions()

    assert queued == []  # nothing to redo: the text was never lost
    row = ResourcePage.objects.get(pk=page.pk).files.get()
    assert row.extraction_status == FileText.Status.DONE
    assert WORD in row.extracted_text
    assert public_search(WORD) == ["Annual report"]
    assert admin_search(WORD) == ["Annual report"]
    assert reads == ["annex.pdf"]


@pytest.mark.django_db
def test_revisions_saved_before_the_move_still_publish_without_blanking(library, django_capture_on_commit_callbacks):
    document = make_document("annex.pdf", pdf_bytes(f"The annex names {WORD} once."))
    with django_capture_on_commit_callbacks(execute=True):
        page, revision = draft_with_file(library, document)
    # A revision stored by the old code carries the blank text fields on each file row.
    for row in revision.content["files"]:
        row.update(extracted_text="", extraction_status="pending", extraction_error="", extracted_document_file="")
    revision.save(update_fields=["content"])
    with override_settings(TASKS=QUEUE_ONLY), django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    assert ResourcePage.objects.get(pk=page.pk).files.get().extraction_status == FileText.Status.DONE
    assert public_search(WORD) == ["Annual report"]


@pytest.mark.django_db
def test_one_document_is_read_once_for_all_resources_and_locale_aliases(
    library, reads, django_capture_on_commit_callbacks
):
    french = Locale.objects.get(language_code="fr")
    document = make_document("shared.pdf", pdf_bytes(f"Shared words about {WORD}."))
    with override_settings(TASKS=QUEUE_ONLY):
        with django_capture_on_commit_callbacks(execute=True):
            first = lf.ResourcePageFactory(parent=library, title="First report")
            first.files = [ResourceFile(document=document, language="en")]
            first.save_revision().publish()
            second = lf.ResourcePageFactory(parent=library, title="Second report")
            second.files = [ResourceFile(document=document, language="fr")]
            second.save_revision().publish()
            alias = first.copy_for_translation(french, copy_parents=True, alias=True)
        queued = queued_extractions()
    # Queued per document, not per row; nothing is findable by the file until the worker runs.
    assert set(queued) == {(document.pk,)}
    assert public_search(WORD) == []
    assert public_search(WORD, "fr") == []
    assert admin_search(WORD) == []

    assert extract_document_text.enqueue(document.pk).return_value == FileText.Status.DONE
    assert extract_document_text.enqueue(document.pk).return_value == "skipped"

    # One read of the one file (the storage may have renamed it if the name was taken).
    assert reads == [os.path.basename(document.file.name)]
    assert FileText.objects.count() == 1
    assert {row.page_id for row in ResourceFile.objects.filter(document=document)} >= {first.pk, second.pk, alias.pk}
    assert sorted(public_search(WORD)) == ["First report", "Second report"]
    assert public_search(WORD, "fr") == ["First report"]  # the alias, re-indexed in its own locale
    assert admin_search(WORD) == ["First report", "First report", "Second report"]


@pytest.mark.django_db
def test_an_encrypted_file_shows_its_error_and_a_replaced_file_is_read_again(
    library, editor_client, django_capture_on_commit_callbacks
):
    document = make_document("locked.pdf", encrypted_pdf_bytes(f"Hidden {WORD}"))
    with django_capture_on_commit_callbacks(execute=True):
        page = lf.ResourcePageFactory(parent=library, title="Locked report")
        page.files = [ResourceFile(document=document, language="en")]
        page.save_revision().publish()
    row = page.files.get()
    assert (row.extraction_status, row.extracted_text) == (FileText.Status.FAILED, "")
    assert "encrypted with a password" in row.extraction_error
    edit = editor_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Failed" in edit and "encrypted with a password" in edit
    assert public_search(WORD) == []

    # The Documents admin's own edit view, as an editor replaces the file.
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/documents/edit/{document.pk}/",
            {
                "title": document.title,
                "collection": document.collection_id,
                "file": SimpleUploadedFile("open.pdf", pdf_bytes(f"Now readable: {WORD}.")),
            },
        )
    assert response.status_code == 302
    document.refresh_from_db()
    record = FileText.objects.get(document=document)
    assert (record.status, record.error, record.file_name) == (FileText.Status.DONE, "", document.file.name)
    assert record.file_hash == document.file_hash != ""
    assert public_search(WORD) == ["Locked report"]
    edit = editor_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Text extracted" in edit and "encrypted" not in edit


@pytest.mark.django_db
def test_indexing_reads_the_texts_without_a_query_per_file(library, django_capture_on_commit_callbacks):
    def queries_to_index(files_per_resource):
        pages = []
        with django_capture_on_commit_callbacks(execute=True):
            for number in range(3):
                page = lf.ResourcePageFactory(parent=library)
                page.files = [
                    ResourceFile(document=make_document(f"f{number}-{n}.pdf", pdf_bytes(f"{WORD} {n}")), language=lang)
                    for n, lang in zip(range(files_per_resource), ["en", "fr", "es", "ar"], strict=False)
                ]
                page.save_revision().publish()
                pages.append(page.pk)
        with CaptureQueriesContext(connection) as context:
            assert index_pages(ResourcePage, pages) == 3
        return len(context.captured_queries)

    assert queries_to_index(1) == queries_to_index(4)
