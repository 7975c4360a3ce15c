"""An import never leaves half a state (issue 8, item 1; item 2's dry run).

A row with a PDF, imported into a library synchronised into another locale under the immediate
task backend (as `make run` and the tests have it), is written, indexed and found by a word that
is only inside the PDF, through the public search service and the admin's search backend. A row whose
indexing fails is rolled back and named, and the next run creates it (never "unchanged"). A dry
run leaves every table, the media folder and the search indexes as they were.
"""

import os

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.http import QueryDict

from wagtail.models import Locale
from wagtail_localize.models import LocaleSynchronization

import pytest
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config

from hub import factories as hf
from hub.models import Country
from library.importing import runner
from library.importing.indexing import index_new_pages
from library.models import ResourcePage
from search.indexing import index_pages
from search.service import params_from_query, run_search

from .test_alias_document_cloning import stored_rows
from .test_library_import import (  # noqa: F401 - vocab is a fixture
    FILE_HEADER,
    GOOD_ROWS,
    HEADER,
    csv_file,
    make_pdf,
    resources,
    run,
    vocab,
    write,
)

WORD = "quicksilverzebra"  # only inside the PDF


@pytest.fixture
def synchronised(vocab):  # noqa: F811 - the fixture imported above
    """The library aliased into French, as the seed keeps every locale in sync."""
    french = Locale.objects.get(language_code="fr")
    vocab.home.copy_for_translation(french, alias=True)
    vocab.library.copy_for_translation(french, alias=True)
    LocaleSynchronization.objects.create(locale=french, sync_from=vocab.library.locale)
    vocab.french = french
    return vocab


def pdf_row(tmp_path, identifier="nap", name="resources.csv"):
    write(tmp_path, "files/nap.pdf", make_pdf(f"National action plan {WORD} annex"))
    return csv_file(tmp_path, f"{identifier},Plan guidance,guidance,en,files/nap.pdf", header=FILE_HEADER, name=name)


def found_by_search(word):
    outcome = run_search(params_from_query(QueryDict(f"q={word}"), "en"), log=False)
    return [hit.title for hit in outcome.results]


@pytest.mark.django_db
def test_a_pdf_row_is_written_indexed_and_found_by_a_word_inside_the_pdf(
    synchronised, tmp_path, editor_client, django_capture_on_commit_callbacks
):
    path = pdf_row(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):  # the extraction task, run after each commit
        assert run(path)[:2] == (0, ["created 1, updated 0, unchanged 0, failed 0"])
    page = resources().get(identifier="nap")
    alias = ResourcePage.objects.get(alias_of=page)
    assert page.live and alias.live and alias.locale == synchronised.french
    assert found_by_search(WORD) == ["Plan guidance"]
    # The admin searches with Wagtail's "default" backend (its page search autocompletes titles).
    assert {p.pk for p in ResourcePage.objects.live().search(WORD, backend="default")} == {page.pk, alias.pk}
    assert "Plan guidance" in editor_client.get("/admin/pages/search/", {"q": "plan"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert run(path)[1] == ["created 0, updated 0, unchanged 1, failed 0"]


@pytest.mark.django_db
def test_alias_entries_made_by_extraction_before_the_bulk_copy_are_replaced(synchronised, tmp_path):
    """The crash of issue 8: text extraction had indexed the aliases before the fast path copied
    its sources' entries to them (UNIQUE constraint failed / duplicate key)."""
    report = runner.import_source(
        runner.read_source(pdf_row(tmp_path)), base_dir=tmp_path, fast_path=True, search_backends=[]
    )
    assert report.summary == "created 1, updated 0, unchanged 0, failed 0"
    page = resources().get(identifier="nap")
    alias = ResourcePage.objects.get(alias_of=page)
    default = get_search_backend("default")
    default.add(alias)  # what the extraction task's re-index does first
    index_new_pages(ResourcePage, [page], [(page.pk, alias.pk)], search_backends=["default"])
    entries = get_app_config().get_model("IndexEntry").objects.filter(object_id=str(alias.pk))
    assert entries.count() == 1


@pytest.mark.django_db
def test_documents_built_from_the_imported_objects_equal_those_read_back(synchronised, tmp_path):
    """The fast path builds a new page's search document from the object it holds (relations in
    memory, search.indexing.index_new_pages); read back from the database, each page, and the
    alias copied from it, makes the same document."""
    Country.objects.filter(pk=synchronised.kenya.pk).update(region=hf.RegionFactory(slug="africa", name="Africa"))
    write(tmp_path, "files/nap.pdf", make_pdf(f"National action plan {WORD}"))
    path = csv_file(tmp_path, *(f"{row},files/nap.pdf" for row in GOOD_ROWS), header=HEADER + ",file")
    report = runner.import_source(runner.read_source(path), base_dir=tmp_path, fast_path=True)
    assert report.summary == "created 2, updated 0, unchanged 0, failed 0"
    sources = list(resources().values_list("pk", flat=True))
    aliases = list(ResourcePage.objects.filter(alias_of__in=sources).values_list("pk", flat=True))
    written = stored_rows([*sources, *aliases])
    assert len(written) == 4
    (guidance,) = [row for row in written.values() if row["key"] == f"page:{min(sources)}"]
    for facet in ("africa", "unep", "gold", "asgm", "KEN"):
        assert facet in str(guidance), guidance  # what the in-memory relations must give
    index_pages(ResourcePage, sources)
    index_pages(ResourcePage, aliases)
    assert stored_rows([*sources, *aliases]) == written


@pytest.mark.django_db
def test_a_row_whose_indexing_fails_is_rolled_back_and_named(synchronised, tmp_path, monkeypatch):
    path = pdf_row(tmp_path)
    real = runner.update_indexes

    def failing(context, saved):
        raise RuntimeError("search index unavailable")

    monkeypatch.setattr(runner, "update_indexes", failing)
    status, out, _err = run(path)
    assert status == 1
    assert out == [
        "created 0, updated 0, unchanged 0, failed 1",
        "row 1: row: could not be imported (RuntimeError: search index unavailable)",
    ]
    assert not ResourcePage.objects.filter(identifier="nap").exists()  # nor its French alias
    monkeypatch.setattr(runner, "update_indexes", real)
    assert run(path)[1] == ["created 1, updated 0, unchanged 0, failed 0"]  # not "unchanged"
    assert found_by_search("plan") == ["Plan guidance"]


def table_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            try:
                with transaction.atomic():
                    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - listed names
                    counts[table] = cursor.fetchone()[0]
            except OperationalError as error:
                # A contentless FTS5 table (the spelling vocabulary on SQLite) cannot be scanned;
                # its rows live in its shadow tables (<name>_data, <name>_idx), counted here too.
                if "does not support scanning" not in str(error):
                    raise
    return counts


def media_files():
    root = settings.MEDIA_ROOT
    return sorted(
        os.path.relpath(os.path.join(folder, name), root) for folder, _dirs, names in os.walk(root) for name in names
    )


@pytest.mark.django_db
def test_a_dry_run_leaves_database_media_and_search_indexes_as_they_were(
    synchronised, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(csv_file(tmp_path, "old,Old report,report", header="identifier,title,resource_type", name="old.csv"))
    path = pdf_row(tmp_path)
    write(tmp_path, "more.csv", f"{FILE_HEADER}\nold,Old report renamed,report,en,files/nap.pdf\n")
    before_tables, before_media = table_counts(), media_files()
    index_tables = [table for table in before_tables if "index" in table]
    assert any(before_tables[table] for table in index_tables)  # the indexes are really counted
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert run(path, "--dry-run")[:2] == (0, ["created 1, updated 0, unchanged 0, failed 0"])
        assert run(tmp_path / "more.csv", "--dry-run")[:2] == (0, ["created 0, updated 1, unchanged 0, failed 0"])
    assert callbacks == []  # no extraction or indexing task was queued
    assert table_counts() == before_tables
    assert media_files() == before_media
    assert found_by_search(WORD) == []
