"""Migration 0005_file_text moves the text already extracted onto the documents (issue 8, item 3).

A module of its own: the test migrates the database back and forth, so it is transactional, and a
transactional test ends by emptying the database (its serialized rollback only restores the
post-migration rows, such as locales, when it starts). Kept apart, it cannot leave an empty
database to the savepoint tests of tests/test_extracted_text.py, whatever order they run in.
"""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

import pytest

from library import factories as lf
from library.models import FileText, ResourceFile

from .test_extracted_text import QUEUE_ONLY, WORD
from .test_library_files import make_document, pdf_bytes

BEFORE_MOVE = ("library", "0004_oai_tombstones")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_existing_text_onto_the_documents(home):
    library = lf.LibraryIndexPageFactory(parent=home)
    current, replaced, waiting = (make_document(f"{name}.pdf", pdf_bytes(name)) for name in ("a", "b", "c"))
    with override_settings(TASKS=QUEUE_ONLY):
        first = lf.ResourcePageFactory(parent=library)
        second = lf.ResourcePageFactory(parent=library)
        for page, document in ((first, current), (second, current), (first, replaced), (second, waiting)):
            ResourceFile.objects.create(page=page, document=document, language="en")

    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE_MOVE])
    old_rows = executor.loader.project_state([BEFORE_MOVE]).apps.get_model("library", "ResourceFile").objects
    old_rows.filter(page_id=first.pk, document_id=current.pk).update(
        extracted_text=f"{WORD} current", extraction_status="done", extracted_document_file=current.file.name
    )
    old_rows.filter(page_id=second.pk, document_id=current.pk).update(  # an older reading of an earlier file
        extracted_text="stale", extraction_status="done", extracted_document_file="documents/old.pdf"
    )
    old_rows.filter(document_id=replaced.pk).update(
        extracted_text="", extraction_status="failed", extraction_error="Broken", extracted_document_file="x.pdf"
    )
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = {record.document_id: record for record in FileText.objects.all()}
    assert set(moved) == {current.pk, replaced.pk}  # the waiting document has nothing to move
    assert (moved[current.pk].text, moved[current.pk].status) == (f"{WORD} current", "done")
    assert (moved[replaced.pk].status, moved[replaced.pk].error) == ("failed", "Broken")
    rows = {row.document_id: row for row in ResourceFile.objects.filter(page=second)}
    assert rows[current.pk].extracted_text == f"{WORD} current"  # the second resource shares the document's text
    assert rows[waiting.pk].needs_extraction()
    assert ResourceFile.objects.get(document=replaced).needs_extraction()  # read from a file it no longer has
