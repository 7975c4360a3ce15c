"""Exports of the library listing and of single resources: CSV, JSON, RIS and BibTeX."""

import csv
import datetime
import io
import json

from django.http import StreamingHttpResponse

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts

from hub import factories as hf
from library import exports
from library import factories as lf

from .test_library_presentation import add_authors, build_rich_resource

# CONTRACTS.md §4, written out here so a change on either side shows.
CONTRACT_COLUMNS = [
    "identifier",
    "title",
    "resource_type",
    "publication_date",
    "summary",
    "languages",
    "url",
    "file",
    "publisher",
    "authors",
    "pillars",
    "thematic_areas",
    "gmp_areas",
    "countries",
    "articles",
    "collections",
    "tags",
    "symbol",
    "meeting",
    "license",
]
# Then who contributed each record (contracts §3 `provenance`), last so positions above hold.
EXPORT_COLUMNS = [*CONTRACT_COLUMNS, "provenance", "contributed_by"]
TRICKY_TITLE = "Mercury & gold: 50% of {ASGM} in Côte d'Ivoire_2 #1 ~ $5 \\ done"


@pytest.fixture
def lib(tree):
    return build_rich_resource(tree)


def body(response):
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")


def export(client, library, fmt):
    response = client.get(f"{library.url}export/", {"format": fmt})
    assert response.status_code == 200
    return response, body(response)


def resources_of(t):
    return [t.rich, t.resource, t.decision, t.national_report]


# --- CSV and JSON ----------------------------------------------------------------------------


def test_export_columns_are_the_contract_and_the_importer_columns():
    from library.importing.schema import COLUMNS as IMPORT_COLUMNS

    assert exports.COLUMNS == EXPORT_COLUMNS
    assert set(IMPORT_COLUMNS) == set(CONTRACT_COLUMNS)


@pytest.mark.django_db
def test_csv_export_has_the_import_schema_and_one_row_per_resource(lib, client):
    response, text = export(client, lib.library, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="library.csv"'
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0].keys()) == EXPORT_COLUMNS
    by_id = {row["identifier"]: row for row in rows}
    assert set(by_id) == {resource.identifier for resource in resources_of(lib)}
    rich = by_id["10.5555/asgm-toolkit"]
    assert rich["title"] == lib.rich.title
    assert rich["resource_type"] == "report"
    assert rich["publication_date"] == "2019-05-01"
    assert rich["languages"] == "en;fr"
    assert rich["authors"] == "Doe, Jane Anne;Dupont, Jean-Paul;World Health Organization"
    assert rich["publisher"] == "unep"
    assert rich["thematic_areas"] == "asgm"
    assert rich["gmp_areas"] == "chlor-alkali"
    assert rich["countries"] == "KEN"
    assert rich["articles"] == "7"
    assert set(rich["collections"].split(";")) == {"gmp", "minamata"}
    assert set(rich["tags"].split(";")) == {"gold", "amalgam"}
    assert rich["symbol"] == "UNEP/MC/COP.3/INF/5"
    assert rich["meeting"] == "cop-5"
    assert rich["license"] == "CC-BY-4.0"
    assert rich["url"] == "https://www.unep.org/asgm-toolkit"
    assert by_id["guidance-nap-asgm"]["publisher"] == "UNEP"  # free-text publisher kept as text


@pytest.mark.django_db
def test_csv_dates_keep_their_precision(lib, client):
    lib.resource.publication_date, lib.resource.date_precision = datetime.date(2018, 7, 1), "month"
    lib.resource.save()
    lib.decision.publication_date, lib.decision.date_precision = datetime.date(2017, 1, 1), "year"
    lib.decision.save()
    rows = {row["identifier"]: row for row in csv.DictReader(io.StringIO(export(client, lib.library, "csv")[1]))}
    assert rows["guidance-nap-asgm"]["publication_date"] == "2018-07"
    assert rows["MC-5/1"]["publication_date"] == "2017"


@pytest.mark.django_db
def test_csv_cells_cannot_start_a_spreadsheet_formula(lib, client):
    lib.resource.title = '=HYPERLINK("http://evil.example","click")'
    lib.resource.save()
    rows = {row["identifier"]: row for row in csv.DictReader(io.StringIO(export(client, lib.library, "csv")[1]))}
    assert rows["guidance-nap-asgm"]["title"] == "'" + lib.resource.title


@pytest.mark.django_db
def test_json_export_has_the_same_keys_with_lists_as_arrays(lib, client):
    response, text = export(client, lib.library, "json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="library.json"'
    records = json.loads(text)
    assert len(records) == 4
    for item in records:
        assert list(item) == EXPORT_COLUMNS
    rich = next(item for item in records if item["identifier"] == "10.5555/asgm-toolkit")
    assert rich["languages"] == ["en", "fr"]
    assert rich["authors"] == ["Doe, Jane Anne", "Dupont, Jean-Paul", "World Health Organization"]
    assert rich["articles"] == ["7"]
    assert sorted(rich["collections"]) == ["gmp", "minamata"]
    assert rich["publication_date"] == "2019-05-01"


@pytest.mark.django_db
def test_json_of_an_empty_library_is_an_empty_list(home, client):
    library = lf.LibraryIndexPageFactory(parent=home)
    assert json.loads(export(client, library, "json")[1]) == []


# --- RIS -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_ris_export_parses_back_with_the_same_titles_authors_and_years(lib, client):
    response, text = export(client, lib.library, "ris")
    assert response["Content-Disposition"] == 'attachment; filename="library.ris"'
    assert text.lstrip().startswith("TY  - ")
    entries = {entry["title"]: entry for entry in rispy.loads(text)}
    assert set(entries) == {resource.title for resource in resources_of(lib)}
    for resource in resources_of(lib):
        assert entries[resource.title]["year"] == str(resource.publication_date.year)
    rich = entries[lib.rich.title]
    assert rich["type_of_reference"] == "RPRT"
    assert rich["authors"] == ["Doe, Jane Anne", "Dupont, Jean-Paul"]
    assert rich["secondary_authors"] == ["World Health Organization"]
    assert rich["date"] == "2019/05/01"
    assert rich["publisher"] == "United Nations Environment Programme"
    assert rich["doi"] == "10.5555/asgm-toolkit"
    assert rich["issn"] == "9789280737530"
    assert rich["urls"][0] == lib.rich.get_full_url()
    assert "Symbol: UNEP/MC/COP.3/INF/5" in rich["notes"]
    assert set(rich["keywords"]) >= {"gold", "amalgam"}
    assert rich["language"] == "en, fr"
    assert entries[lib.decision.title]["type_of_reference"] == "LEGAL"


@pytest.mark.django_db
def test_ris_corporate_author_alone_is_the_author(lib, client):
    add_authors(lib.resource, [("United Nations Environment Programme", "organisation")])
    response = client.get(f"{lib.resource.url}cite/ris/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="nap-guidance.ris"'
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    (entry,) = rispy.loads(body(response))
    assert entry["authors"] == ["United Nations Environment Programme"]
    assert entry["title"] == lib.resource.title


@pytest.mark.django_db
def test_chunks_join_into_one_valid_file(lib, client, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 1)
    assert len(rispy.loads(export(client, lib.library, "ris")[1])) == 4
    assert len(parse_bibtex(export(client, lib.library, "bibtex")[1]).entries) == 4
    assert len(json.loads(export(client, lib.library, "json")[1])) == 4
    assert len(list(csv.DictReader(io.StringIO(export(client, lib.library, "csv")[1])))) == 4


# --- BibTeX ----------------------------------------------------------------------------------


def parse_bibtex(text):
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors()])
    assert library.failed_blocks == []
    return library


@pytest.mark.django_db
def test_bibtex_export_parses_back_with_the_same_titles_authors_and_years(lib, client):
    lib.rich.title = TRICKY_TITLE
    lib.rich.save()
    response, text = export(client, lib.library, "bibtex")
    assert response["Content-Disposition"] == 'attachment; filename="library.bib"'
    entries = {entry.key: entry for entry in parse_bibtex(text).entries}
    assert len(entries) == 4
    rich = entries["10.5555-asgm-toolkit"]
    assert rich.entry_type == "techreport"
    # Double braces protect the capitals; the decoded text is the title itself.
    assert rich["title"].strip("{}") == TRICKY_TITLE
    assert rich["author"] == ["Doe, Jane Anne", "Dupont, Jean-Paul", "World Health Organization"]
    assert rich["year"] == "2019"
    assert rich["month"] == "may"
    assert rich["institution"] == "United Nations Environment Programme"
    assert rich["number"] == "UNEP/MC/COP.3/INF/5"
    assert rich["doi"] == "10.5555/asgm-toolkit"
    assert rich["url"] == lib.rich.get_full_url()
    for resource in (lib.resource, lib.decision, lib.national_report):
        entry = next(item for item in entries.values() if item["title"].strip("{}") == resource.title)
        assert entry["year"] == str(resource.publication_date.year)
    assert entries["MC-5-1"].entry_type == "misc"


@pytest.mark.django_db
def test_bibtex_escapes_specials_and_protects_corporate_authors(lib, client):
    lib.rich.title = TRICKY_TITLE
    lib.rich.save()
    raw = body(client.get(f"{lib.rich.url}cite/bibtex/"))
    assert (
        r"Mercury \& gold: 50\% of \{ASGM\} in C\^ote d'Ivoire\_2 \#1 \textasciitilde{} \$5 \textbackslash{} done"
        in raw
    )
    (entry,) = bibtexparser.parse_string(raw, append_middleware=[SeparateCoAuthors(), SplitNameParts()]).entries
    corporate = entry["author"][2]
    # One family name in braces, not given name "World Health" and family name "Organization".
    assert (corporate.first, corporate.last) == ([], ["{World Health Organization}"])


@pytest.mark.django_db
def test_bibtex_keys_are_stable_and_unique(lib, client):
    # Identifiers that differ only in punctuation would give the same key.
    lf.ResourcePageFactory(parent=lib.library, identifier="MC-5-1", title="Look-alike identifier")
    first = [entry.key for entry in parse_bibtex(export(client, lib.library, "bibtex")[1]).entries]
    second = [entry.key for entry in parse_bibtex(export(client, lib.library, "bibtex")[1]).entries]
    assert first == second
    assert len(set(first)) == len(first) == 5
    assert {"MC-5-1", "MC-5-1-2"} <= set(first)


@pytest.mark.django_db
def test_cite_bib_of_one_resource(lib, client):
    response = client.get(f"{lib.decision.url}cite/bibtex/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mc-5-1.bib"'
    assert response["Content-Type"].startswith("application/x-bibtex")
    (entry,) = parse_bibtex(body(response)).entries
    assert entry["title"].strip("{}") == lib.decision.title


# --- Bad requests and volume -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"format": "xlsx"}, {}, {"format": ""}, {"format": "<script>"}])
def test_unknown_or_missing_format_is_a_plain_400(lib, client, query):
    response = client.get(f"{lib.library.url}export/", query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "csv, json, ris, bibtex" in response.content.decode()


@pytest.mark.django_db
def test_cite_route_refuses_other_extensions(lib, client):
    assert client.get(f"{lib.rich.url}cite/exe/").status_code == 404


@pytest.mark.django_db
def test_export_queries_do_not_grow_with_the_number_of_resources(tree, client):
    def count_queries(library):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            export(client, library, "bibtex")
        return len(captured)

    kind = hf.ResourceTypeFactory(slug="report")
    small = lf.LibraryIndexPageFactory(parent=tree.home, slug="small", title="Small")
    large = lf.LibraryIndexPageFactory(parent=tree.home, slug="large", title="Large")
    for number in range(2):
        add_authors(lf.ResourcePageFactory(parent=small, resource_type=kind), [(f"Author {number}", "person")])
    for number in range(30):
        add_authors(lf.ResourcePageFactory(parent=large, resource_type=kind), [(f"Author {number}", "person")])
    count_queries(small)  # warms the site and locale caches
    assert count_queries(large) == count_queries(small)


@pytest.mark.django_db
def test_export_accepts_a_plain_list_such_as_search_results(lib, rf):
    request = rf.get("/", {"format": "json"}, headers={"host": "localhost"})
    mixed = [lib.decision, lib.resource.page_ptr, lib.meeting.page_ptr, lib.national_report]
    response = exports.export_response(request, mixed, "results")
    records = json.loads(body(response))
    # Pages of other types are left out; generic pages become their resources.
    assert [item["identifier"] for item in records] == ["MC-5/1", "guidance-nap-asgm", "nr-ken-2021"]
    assert response["Content-Disposition"] == 'attachment; filename="results.json"'


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_reimports_without_changing_anything(lib, client, tmp_path, fmt):
    from django.core.management import call_command

    # As the importer leaves them: in a collection, a free-text publisher that is not a partner's name.
    for resource in (lib.resource, lib.decision, lib.national_report):
        resource.collections.set([lib.minamata])
        resource.publisher_name = "Ministry of Environment and Forestry, Kenya"
        resource.save()
    path = tmp_path / f"library.{fmt}"
    path.write_text(export(client, lib.library, fmt)[1], encoding="utf-8")
    output = io.StringIO()
    call_command("import_resources", str(path), stdout=output)
    assert output.getvalue().splitlines()[0] == "created 0, updated 0, unchanged 4, failed 0"
