"""Exports that are safe: formula injection guarded in one place, only live public resources,
bounded work whatever the query string says.

The guard (hub/spreadsheets.py) is checked on its own, then through every CSV/XLSX the site
writes: the library and search exports (public), the downloads and search terms reports and a
snippet listing's `list_export` (admin).
"""

import csv
import io

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.spreadsheets import FORMULA_START, plain_cell, safe_cell
from library.models import DownloadCount, ResourceFile
from partners.models import Organisation
from search.backends import get_engine
from search.documents import build_page_document
from search.models import SearchQueryStat
from search.params import SearchParams

from .test_library_presentation import build_rich_resource

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-5 % mercury", "@SUM(A1)", "\tcmd", "\rcmd"]


def streamed(response):
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


# --- The guard ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_a_text_that_could_start_a_formula_gets_a_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Mercury", "", "'quoted", "a=b", 42, -5, None, 1.5])
def test_everything_else_passes_untouched(value):
    assert safe_cell(value) == value


@given(st.text())
def test_no_guarded_cell_starts_a_formula_and_the_importer_reads_it_back(text):
    guarded = safe_cell(text)
    assert not guarded.startswith(FORMULA_START)
    assert plain_cell(guarded) == text


@given(st.text())
def test_the_importer_takes_a_quote_away_only_before_a_formula_start(text):
    unquoted = plain_cell(text)
    assert unquoted == text or (text.startswith("'") and unquoted == text[1:] and safe_cell(unquoted) == text)


# --- Public exports ---------------------------------------------------------------------------


@pytest.fixture
def lib(tree):
    return build_rich_resource(tree)


@pytest.mark.django_db
def test_library_csv_guards_every_column_and_reimports_unchanged(lib, client, tmp_path):
    for resource in (lib.resource, lib.decision, lib.national_report):
        resource.collections.set([lib.minamata])
        resource.publisher_name = "Ministry of Environment and Forestry, Kenya"
        resource.save()
    lib.resource.title = "-5 % mercury by 2030"
    lib.resource.summary = "=1+1"
    lib.resource.publisher_name = "@Ministry"
    lib.resource.save()
    lib.resource.tags.add("+tag")
    lib.resource.save()
    text = streamed(client.get(f"{lib.library.url}export/", {"format": "csv"}))
    row = next(row for row in csv_rows(text) if row["identifier"] == lib.resource.identifier)
    assert row["title"] == "'-5 % mercury by 2030"
    assert row["summary"] == "'=1+1"
    assert row["publisher"] == "'@Ministry"
    assert row["tags"] == "'+tag"
    for cells in csv.reader(io.StringIO(text)):
        assert not any(cell.startswith(FORMULA_START) for cell in cells), cells
    path = tmp_path / "library.csv"
    path.write_text(text, encoding="utf-8")
    output = io.StringIO()
    call_command("import_resources", str(path), stdout=output)
    assert output.getvalue().splitlines()[0] == "created 0, updated 0, unchanged 4, failed 0"


@pytest.mark.django_db
def test_library_export_leaves_out_private_and_draft_resources(lib, client):
    PageViewRestriction.objects.create(page=lib.decision, restriction_type="password", password="secret")
    type(lib.national_report).objects.filter(pk=lib.national_report.pk).update(live=False)
    for fmt in ("csv", "json", "ris", "bibtex"):
        text = streamed(client.get(f"{lib.library.url}export/", {"format": fmt}))
        assert lib.rich.title.split(":")[0] in text
        assert "MC-5/1" not in text and lib.decision.title not in text
        assert lib.national_report.title not in text


@pytest.fixture
def stale(indexed):
    """A private and a draft resource that the search index still holds, as a stale index would."""
    engine = get_engine()
    private, draft = indexed.decision, indexed.resource
    documents = [build_page_document(private), build_page_document(draft)]
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    type(draft).objects.filter(pk=draft.pk).update(live=False)
    engine.index_documents(documents)
    walk = engine.match_keys(SearchParams(locale="en", filters={"kind": ("resource",)}), 100)
    assert {private.pk, draft.pk} <= {match.page_id for match in walk.keys}  # the index is stale
    return indexed


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "json", "ris", "bibtex"])
def test_search_export_never_shows_what_a_stale_index_still_names(client, stale, fmt):
    text = streamed(client.get("/en/search/export/", {"format": fmt}))
    assert stale.decision.title not in text
    assert stale.resource.title not in text
    assert stale.national_report.title in text  # the public, live one is exported


# --- Admin exports ----------------------------------------------------------------------------


def admin_csv(client, url, **query):
    response = client.get(url, {"export": "csv", **query})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(streamed(response))))


def admin_xlsx(client, url, **query):
    response = client.get(url, {"export": "xlsx", **query})
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def assert_no_formula(rows):
    for cells in rows:
        assert not any(cell.startswith(FORMULA_START) for cell in cells), cells


@pytest.mark.django_db
def test_downloads_report_csv_is_guarded(editor_client, tree):
    document = get_document_model()(title="guide")
    document.file.save("guide.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    tree.resource.title = "=HYPERLINK(1)"
    tree.resource.identifier = "-123"
    tree.resource.files = [ResourceFile(document=document, language="en")]
    tree.resource.save_revision().publish()
    DownloadCount.objects.create(document=document, day=timezone.localdate(), count=3)
    rows = admin_csv(editor_client, "/admin/library/downloads/")
    assert_no_formula(rows)
    assert ["'=HYPERLINK(1)", "'-123"] in [cells[:2] for cells in rows]


@pytest.mark.django_db
def test_search_terms_report_csv_and_xlsx_are_guarded(editor_client):
    today = timezone.localdate()
    SearchQueryStat.objects.create(day=today, locale="en", query="+cmd|' /c calc'!a0", searches=3)
    SearchQueryStat.objects.create(day=today, locale="en", query="-mercury", searches=2, zero_result_searches=2)
    for table in ("top", "zero"):
        rows = admin_csv(editor_client, "/admin/site-search/terms/", table=table)
        assert_no_formula(rows)
    top = admin_csv(editor_client, "/admin/site-search/terms/", table="top")
    assert [row[0] for row in top[1:]] == ["'+cmd|' /c calc'!a0", "'-mercury"]
    sheet = admin_xlsx(editor_client, "/admin/site-search/terms/", table="top")
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == ["+cmd|' /c calc'!a0", "-mercury"]
    assert {cell.data_type for cell in cells} == {"s"}  # text, never a formula


@pytest.mark.django_db
def test_snippet_list_export_is_guarded(editor_client):
    Organisation.objects.create(name='=IMPORTXML("http://evil.example")', slug="evil", acronym="@EV")
    url = "/admin/snippets/partners/organisation/"
    rows = admin_csv(editor_client, url)
    assert_no_formula(rows)
    assert ['\'=IMPORTXML("http://evil.example")', "'@EV", "evil"] in [cells[:3] for cells in rows]
    sheet = admin_xlsx(editor_client, url)
    names = [row[0] for row in sheet.iter_rows(min_row=2) if row[2].value == "evil"]
    assert names[0].value == '=IMPORTXML("http://evil.example")'
    assert names[0].data_type == "s"


# --- Bad input: bounded work, never a 5xx -----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"per_page": "1000000000"},
        {"per_page": "-1"},
        {"page": "99999999999999999999"},
        {"page": "0"},
        {"page": "abc"},
        {"year_from": "99999999999"},
        {"q": "mercury " * 2000},
        {"q": '"' * 500},
        {"sort": "nonsense"},
        {"type": ["x"] * 500},
    ],
    ids=lambda query: next(iter(query)),
)
def test_hostile_export_parameters_never_give_a_server_error(client, indexed, query):
    response = client.get("/en/search/export/", {"format": "csv", **query})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        rows = csv_rows(streamed(response))
        assert len(rows) <= 100


@pytest.mark.django_db
def test_a_walk_reads_at_most_its_limit_and_says_it_was_cut(indexed):
    engine = get_engine()
    params = SearchParams(locale="en", filters={"kind": ("resource",)})
    everything = [match.page_id for match in engine.match_keys(params, 1000).keys]
    walk = engine.match_keys(params, 2)
    assert walk.truncated
    assert [match.page_id for match in walk.keys] == everything[:2]
    exact = engine.match_keys(params, len(everything))
    assert not exact.truncated
    assert len(list(exact.keys)) == len(everything)
