"""The library import (CONTRACTS.md §4): `import_resources PATH [--dry-run]` and the admin upload.

Every case of the contract: CSV and JSON, idempotent re-import, updates, each kind of bad input
reported as its exact `row K: field: reason` line with nothing else changed, exit status 1,
dry runs that write nothing, attached files (a real PDF made here) and the paths they may not
take, the locale aliases of new resources, and the admin upload.
"""

import io
import json
import os
import zipfile
from types import SimpleNamespace

from django.contrib.auth.models import Group, Permission
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import GroupPagePermission, Locale, Page, Revision
from wagtail_localize.models import LocaleSynchronization

import pytest
from pypdf import PdfReader

from hub import factories as hf
from hub.models import ConventionArticle
from library import factories as lf
from library.admin import imports
from library.importing import bulk, runner
from library.importing.reading import read_source
from library.importing.synthetic import as_csv_row
from library.models import LibraryCollection, ResourceAuthor, ResourcePage
from library.sanitise import plain_text, rich_text
from partners.models import Organisation

from .builders import pdf_bytes

HEADER = (
    "identifier,title,resource_type,publication_date,summary,languages,url,publisher,authors,pillars,"
    "thematic_areas,gmp_areas,countries,articles,collections,tags,symbol,meeting,license"
)
GOOD_ROWS = [
    "unep-asgm-nap,Guidance on national action plans,guidance,2019-05,Plain summary.,en;fr,"
    'https://example.org/nap,UNEP,"Smith, Jane;UNEP",technical,asgm,asgm,KEN;BRA,7;C,minamata;gmp,'
    "gold;nap,,,CC-BY-4.0",
    "MC-1/1,Decision on mercury supply,decision,2017-09-29,,en,,,,,,,,,,,MC-1/1,cop-1,",
]


def make_pdf(text="Mercury in artisanal gold mining"):
    return pdf_bytes(text)


@pytest.fixture
def vocab(home):
    """The vocabularies and pages an import row may name, and the Minamata library."""
    v = SimpleNamespace(home=home)
    v.library = lf.LibraryIndexPageFactory(parent=home)
    v.types = {slug: hf.ResourceTypeFactory(slug=slug) for slug in ("report", "guidance", "decision")}
    v.technical = hf.PillarFactory(name="Technical", slug="technical")
    v.article7 = hf.ConventionArticleFactory(number="7", slug="article-7", name="Artisanal gold mining")
    v.annex_c = hf.ConventionArticleFactory(
        number="C", slug="annex-c", name="Annex C", kind=ConventionArticle.Kind.ANNEX
    )
    v.gmp_asgm = hf.GMPAreaFactory(slug="asgm", name="Reducing mercury in ASGM")
    v.asgm = hf.ThematicAreaFactory(
        slug="asgm", name="Artisanal and small-scale gold mining", articles=[v.article7], gmp_areas=[v.gmp_asgm]
    )
    v.kenya = hf.CountryFactory(iso3="KEN", name="Kenya", slug="ken")
    v.brazil = hf.CountryFactory(iso3="BRA", name="Brazil", slug="bra")
    v.minamata = LibraryCollection.objects.create(name="Minamata Convention library", slug="minamata")
    v.gmp = LibraryCollection.objects.create(name="GMP knowledge hub", slug="gmp")
    meetings = hf.MeetingIndexPageFactory(parent=home)
    v.cop1 = hf.MeetingPageFactory(parent=meetings, short_name="COP-1", slug="cop-1")
    v.unep = Organisation.objects.create(name="United Nations Environment Programme", acronym="UNEP", slug="unep")
    return v


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def csv_file(folder, *rows, header=HEADER, name="resources.csv"):
    return write(folder, name, "\n".join([header, *rows]) + "\n")


def run(path, *args):
    """(exit status, stdout lines, stderr) of `manage.py import_resources PATH …`."""
    out, err = io.StringIO(), io.StringIO()
    status = 0
    try:
        call_command("import_resources", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        status = error.returncode
        err.write(str(error))
    return status, out.getvalue().splitlines(), err.getvalue()


def resources():
    return ResourcePage.objects.filter(locale=Locale.get_default())


def snapshot():
    """What a failed or dry import must leave as it was."""
    return (
        Page.objects.count(),
        Revision.objects.count(),
        get_document_model().objects.count(),
        list(resources().order_by("pk").values_list("identifier", "title", "latest_revision_id")),
    )


# --- Happy paths --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_csv_import_creates_published_resources_with_every_column(vocab, tmp_path):
    status, out, err = run(csv_file(tmp_path, *GOOD_ROWS))
    assert (status, out) == (0, ["created 2, updated 0, unchanged 0, failed 0"])
    page = resources().get(identifier="unep-asgm-nap")
    assert page.live and not page.has_unpublished_changes
    assert page.get_parent().pk == vocab.library.pk
    assert page.url_path == f"{vocab.library.url_path}guidance-on-national-action-plans/"
    assert page.live_revision_id == page.latest_revision_id is not None
    assert page.resource_type == vocab.types["guidance"]
    assert (str(page.publication_date), page.date_precision) == ("2019-05-01", "month")
    assert page.languages == ["en", "fr"]
    assert page.external_url == "https://example.org/nap"
    assert page.publisher == vocab.unep and page.publisher_name == ""
    assert [(a.name, a.kind) for a in page.authors.all()] == [
        ("Smith, Jane", ResourceAuthor.Kind.PERSON),
        ("UNEP", ResourceAuthor.Kind.ORGANISATION),
    ]
    assert list(page.pillars.all()) == [vocab.technical]
    assert list(page.thematic_areas.all()) == [vocab.asgm]
    assert list(page.gmp_areas.all()) == [vocab.gmp_asgm]
    assert set(page.countries.values_list("iso3", flat=True)) == {"KEN", "BRA"}
    assert set(page.articles.values_list("number", flat=True)) == {"7", "C"}
    assert set(page.collections.values_list("slug", flat=True)) == {"minamata", "gmp"}
    assert sorted(page.tags.names()) == ["gold", "nap"]
    assert page.licence == "CC-BY-4.0"
    decision = resources().get(identifier="MC-1/1")
    assert (decision.symbol, decision.meeting_id) == ("MC-1/1", vocab.cop1.pk)
    assert (str(decision.publication_date), decision.date_precision) == ("2017-09-29", "day")
    assert list(decision.collections.all()) == [vocab.minamata]  # the default collection
    assert decision.languages == ["en"]  # the default language
    assert Client().get(page.url).status_code == 200


@pytest.mark.django_db
def test_json_import_takes_arrays_and_numbers(vocab, tmp_path):
    data = [
        {
            "identifier": "hdl:20.500.11822/30813",
            "title": "Mercury-cell chlor-alkali production",
            "resource_type": "report",
            "publication_date": 2019,
            "languages": ["fr", "en"],
            "countries": ["ken"],
            "articles": [7],
            "authors": ["Doe, John", "World Health Organization"],
            "tags": ["chlor-alkali"],
        }
    ]
    status, out, _err = run(write(tmp_path, "resources.json", json.dumps(data)))
    assert (status, out) == (0, ["created 1, updated 0, unchanged 0, failed 0"])
    page = resources().get(identifier="hdl:20.500.11822/30813")
    assert (page.publication_date.isoformat(), page.date_precision) == ("2019-01-01", "year")
    assert page.languages == ["fr", "en"]
    assert list(page.countries.all()) == [vocab.kenya]
    assert list(page.articles.all()) == [vocab.article7]
    assert [a.kind for a in page.authors.all()] == ["person", "organisation"]


@pytest.mark.django_db
def test_reimport_changes_nothing(vocab, tmp_path):
    path = csv_file(tmp_path, *GOOD_ROWS)
    assert run(path)[1] == ["created 2, updated 0, unchanged 0, failed 0"]
    before = snapshot()
    status, out, _err = run(path)
    assert (status, out) == (0, ["created 0, updated 0, unchanged 2, failed 0"])
    assert snapshot() == before  # no new page, revision or document


@pytest.mark.django_db
def test_reimport_updates_only_the_changed_row(vocab, tmp_path):
    run(csv_file(tmp_path, *GOOD_ROWS))
    page = resources().get(identifier="MC-1/1")
    revisions = page.revisions.count()
    changed = GOOD_ROWS[1].replace("Decision on mercury supply", "Decision on mercury supply sources")
    status, out, _err = run(csv_file(tmp_path, GOOD_ROWS[0], changed))
    assert (status, out) == (0, ["created 0, updated 1, unchanged 1, failed 0"])
    page.refresh_from_db()
    assert page.title == "Decision on mercury supply sources"
    assert page.revisions.count() == revisions + 1
    assert page.live and not page.has_unpublished_changes and page.live_revision_id == page.latest_revision_id
    assert resources().filter(identifier="MC-1/1").count() == 1


@pytest.mark.django_db
def test_a_column_the_file_lacks_is_left_alone(vocab, tmp_path):
    run(csv_file(tmp_path, *GOOD_ROWS))
    short = csv_file(
        tmp_path, "unep-asgm-nap,Guidance on national action plans,guidance", header="identifier,title,resource_type"
    )
    assert run(short)[1] == ["created 0, updated 0, unchanged 1, failed 0"]
    assert sorted(resources().get(identifier="unep-asgm-nap").tags.names()) == ["gold", "nap"]


# --- Bad input: each reported per row, nothing else changed -------------------------------------


def assert_only_good_row_applied(vocab, tmp_path, bad_row, expected_line, header=HEADER):
    before = resources().count()
    status, out, err = run(csv_file(tmp_path, GOOD_ROWS[0], bad_row, header=header))
    assert status == 1, err
    assert out[0] == "created 1, updated 0, unchanged 0, failed 1"
    assert expected_line in out[1:]
    assert all(line.startswith("row 2: ") for line in out[1:])
    assert resources().count() == before + 1
    assert resources().filter(identifier="unep-asgm-nap").exists()
    return out


@pytest.mark.django_db
def test_missing_required_field(vocab, tmp_path):
    assert_only_good_row_applied(vocab, tmp_path, "no-title,,report", "row 2: title: is required")
    assert not resources().filter(identifier="no-title").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cells", "line"),
    [
        ("report-x,Report,no-such-type", "row 2: resource_type: 'no-such-type' is not a resource type slug"),
        ("report-x,Report,report,,,,,,,no-pillar", "row 2: pillars: 'no-pillar' is not a pillar slug"),
        (
            "report-x,Report,report,,,,,,,,no-area",
            "row 2: thematic_areas: 'no-area' is not a thematic area slug",
        ),
        (
            "report-x,Report,report,,,,,,,,,coal",
            "row 2: gmp_areas: 'coal' is not a GMP partnership area slug",
        ),
        (
            "report-x,Report,report,,,,,,,,,,XYZ",
            "row 2: countries: 'XYZ' is not the ISO 3166-1 alpha-3 code of a known country",
        ),
        (
            "report-x,Report,report,,,,,,,,,,,36",
            "row 2: articles: '36' is not a Convention article number or annex letter",
        ),
        (
            "report-x,Report,report,,,,,,,,,,,,elsewhere",
            "row 2: collections: 'elsewhere' is not a library collection (minamata, gmp)",
        ),
        ("report-x,Report,report,,,,,,,,,,,,,,,cop-99", "row 2: meeting: 'cop-99' is not a meeting slug (e.g. cop-1)"),
        (
            "report-x,Report,report,,,de",
            "row 2: languages: 'de' is not one of the six UN languages (en, fr, es, ar, zh, ru)",
        ),
    ],
)
def test_unknown_slug_or_code(vocab, tmp_path, cells, line):
    assert_only_good_row_applied(vocab, tmp_path, cells, line)
    assert not resources().filter(identifier="report-x").exists()


@pytest.mark.django_db
def test_unknown_licence(vocab, tmp_path):
    known = ", ".join(ResourcePage.Licence.values)
    assert_only_good_row_applied(
        vocab,
        tmp_path,
        "report-x,Report,report,,,,,,,,,,,,,,,,WTFPL",
        f"row 2: license: 'WTFPL' is not a licence this library knows ({known})",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["2019-13", "19", "2019-02-30", "May 2019", "2019/05/01"])
def test_bad_date(vocab, tmp_path, value):
    assert_only_good_row_applied(
        vocab,
        tmp_path,
        f"report-x,Report,report,{value}",
        f"row 2: publication_date: '{value}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
    )


@pytest.mark.django_db
def test_bad_url(vocab, tmp_path):
    assert_only_good_row_applied(
        vocab,
        tmp_path,
        "report-x,Report,report,,,,javascript:alert(1)",
        "row 2: url: 'javascript:alert(1)' is not a web address starting with http:// or https://",
    )


@pytest.mark.django_db
def test_duplicate_identifiers_inside_one_file(vocab, tmp_path):
    path = csv_file(tmp_path, GOOD_ROWS[0], "dup,First,report", "dup,Second,report", "dup,Third,report")
    status, out, _err = run(path)
    assert status == 1
    assert out == [
        "created 2, updated 0, unchanged 0, failed 2",
        "row 3: identifier: 'dup' is also in row 2 of this file",
        "row 4: identifier: 'dup' is also in row 2 of this file",
    ]
    assert list(resources().filter(identifier="dup").values_list("title", flat=True)) == ["First"]


@pytest.mark.django_db
def test_model_validation_becomes_a_row_error(vocab, tmp_path):
    assert_only_good_row_applied(
        vocab,
        tmp_path,
        "MC-9/9,Decision without its symbol,decision",
        "row 2: symbol: Decisions and meeting documents need their UN symbol",
    )


@pytest.mark.django_db
def test_failed_update_leaves_the_existing_resource_as_it_was(vocab, tmp_path):
    run(csv_file(tmp_path, *GOOD_ROWS))
    before = snapshot()
    broken = "MC-1/1,Renamed decision,decision,2017-09-29,,en,,,,,,,,,,,,cop-1,"  # symbol removed
    status, out, _err = run(csv_file(tmp_path, GOOD_ROWS[0], broken))
    assert status == 1
    assert out == [
        "created 0, updated 0, unchanged 1, failed 1",
        "row 2: symbol: Decisions and meeting documents need their UN symbol",
    ]
    assert snapshot() == before


@pytest.mark.django_db
def test_every_problem_of_a_row_is_listed(vocab, tmp_path):
    status, out, _err = run(csv_file(tmp_path, ",,nope,2019-99"))
    assert status == 1
    assert out == [
        "created 0, updated 0, unchanged 0, failed 1",
        "row 1: identifier: is required",
        "row 1: title: is required",
        "row 1: resource_type: 'nope' is not a resource type slug",
        "row 1: publication_date: '2019-99' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
    ]


@pytest.mark.django_db
def test_json_rows_are_counted_from_one_and_non_objects_fail(vocab, tmp_path):
    data = [{"identifier": "a", "title": "A", "resource_type": "report"}, ["not", "an", "object"], {"title": 5}]
    status, out, _err = run(write(tmp_path, "r.json", json.dumps(data)))
    assert status == 1
    assert out == [
        "created 1, updated 0, unchanged 0, failed 2",
        "row 2: row: is a list, not an object",
        "row 3: identifier: is required",
        "row 3: resource_type: is required",
    ]


@pytest.mark.django_db
def test_unknown_columns_are_ignored_with_one_warning(vocab, tmp_path):
    status, out, err = run(csv_file(tmp_path, "a,A,report,blue,x", header="identifier,title,resource_type,colour,mood"))
    assert (status, out) == (0, ["created 1, updated 0, unchanged 0, failed 0"])
    assert err.count("Ignored unknown column(s): colour, mood.") == 1


# --- Unreadable files: exit 1 with a message, never a traceback ---------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("r.csv", "identifier,title\nx,Caf\xe9".encode("latin-1"), "is not UTF-8 text (byte 0xe9 at position 22)"),
        ("r.json", b'[{"identifier": "x",}]', "is not valid JSON (line 1, column 21"),
        ("r.json", b'{"identifier": "x"}', "must hold a JSON list of objects"),
        ("r.xlsx", b"PK\x03\x04", "give a .csv or .json file"),
        ("r.csv", b"", "the file is empty"),
        ("r.csv", b"identifier,title,identifier\n", "the column 'identifier' appears twice"),
    ],
)
def test_unreadable_file(vocab, tmp_path, name, content, message):
    before = snapshot()
    status, out, err = run(write(tmp_path, name, content))
    assert status == 1
    assert out == []
    assert message in err and "Nothing was imported" in err and "Traceback" not in err
    assert snapshot() == before


@pytest.mark.django_db
def test_missing_import_file(vocab, tmp_path):
    status, _out, err = run(tmp_path / "nowhere.csv")
    assert status == 1 and "no such file" in err


@pytest.mark.django_db
def test_no_library_to_import_into(home, tmp_path):
    status, _out, err = run(csv_file(tmp_path, "a,A,report", header="identifier,title,resource_type"))
    assert status == 1 and "There is no Minamata library to import into" in err


@pytest.mark.django_db
def test_exit_status_from_the_command_line(vocab, tmp_path):
    path = csv_file(tmp_path, "bad,,report")
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "import_resources", str(path)]).execute()
    assert exit_info.value.code == 1


# --- Dry run -------------------------------------------------------------------------------------


def stored_documents():
    from django.conf import settings

    folder = settings.MEDIA_ROOT / "documents"
    return sorted(os.listdir(folder)) if folder.exists() else []


@pytest.mark.django_db
def test_dry_run_reports_the_same_counts_and_writes_nothing(vocab, tmp_path):
    path = csv_file(tmp_path, *GOOD_ROWS, "bad,,report")
    before, files_before = snapshot(), stored_documents()
    status, out, _err = run(path, "--dry-run")
    assert status == 1
    assert out == ["created 2, updated 0, unchanged 0, failed 1", "row 3: title: is required"]
    assert snapshot() == before
    assert stored_documents() == files_before
    assert run(path)[1][0] == "created 2, updated 0, unchanged 0, failed 1"  # what the dry run predicted


@pytest.mark.django_db
def test_dry_run_of_an_attached_file_stores_nothing(vocab, tmp_path):
    write(tmp_path, "nap.pdf", make_pdf())
    path = csv_file(tmp_path, "nap,NAP guidance,guidance,,,en,,,,,,,,,,,,,,nap.pdf", header=HEADER + ",file")
    files_before = stored_documents()
    assert run(path, "--dry-run")[:2] == (0, ["created 1, updated 0, unchanged 0, failed 0"])
    assert stored_documents() == files_before
    assert get_document_model().objects.count() == 0


# --- Files ---------------------------------------------------------------------------------------

FILE_HEADER = "identifier,title,resource_type,languages,file"


@pytest.mark.django_db
def test_file_is_attached_in_the_first_language_and_not_duplicated(vocab, tmp_path):
    pdf = make_pdf()
    assert "Mercury in artisanal gold mining" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    write(tmp_path, "files/nap-fr.pdf", pdf)
    path = csv_file(tmp_path, "nap,Guide PAN,guidance,fr;en,files/nap-fr.pdf", header=FILE_HEADER)
    assert run(path)[:2] == (0, ["created 1, updated 0, unchanged 0, failed 0"])
    page = resources().get(identifier="nap")
    (row,) = page.files.all()
    assert row.language == "fr"
    assert row.document.file.read() == pdf
    assert row.document.file_size == len(pdf)
    # The same content again, even under another name: no new document, no new revision.
    write(tmp_path, "copy.pdf", pdf)
    again = csv_file(tmp_path, "nap,Guide PAN,guidance,fr;en,copy.pdf", header=FILE_HEADER, name="again.csv")
    assert run(again)[1] == ["created 0, updated 0, unchanged 1, failed 0"]
    assert get_document_model().objects.count() == 1
    # New content replaces the file of that language.
    write(tmp_path, "files/nap-fr.pdf", make_pdf("Version two"))
    assert run(path)[1] == ["created 0, updated 1, unchanged 0, failed 0"]
    page.refresh_from_db()
    (row,) = page.files.all()
    assert b"Version two" in row.document.file.read()


@pytest.mark.django_db
def test_file_path_escaping_the_folder_is_refused(vocab, tmp_path):
    folder = tmp_path / "import"
    write(tmp_path, "secret.pdf", make_pdf())
    path = csv_file(folder, "esc,Escape,report,en,../secret.pdf", header=FILE_HEADER)
    status, out, _err = run(path)
    assert (status, out) == (
        1,
        [
            "created 0, updated 0, unchanged 0, failed 1",
            "row 1: file: '../secret.pdf' points outside the import file's folder",
        ],
    )
    assert not resources().filter(identifier="esc").exists()
    assert get_document_model().objects.count() == 0


@pytest.mark.django_db
def test_absolute_file_path_is_refused(vocab, tmp_path):
    secret = write(tmp_path, "secret.pdf", make_pdf())
    path = csv_file(tmp_path / "import", f"abs,Absolute,report,en,{secret}", header=FILE_HEADER)
    _status, out, _err = run(path)
    assert out[1] == f"row 1: file: '{secret}' is an absolute path; give a path relative to the import file"


@pytest.mark.django_db
def test_symlink_leaving_the_folder_is_refused(vocab, tmp_path):
    secret = write(tmp_path, "secret.pdf", make_pdf())
    folder = tmp_path / "import"
    folder.mkdir()
    (folder / "link.pdf").symlink_to(secret)
    _status, out, _err = run(csv_file(folder, "sym,Link,report,en,link.pdf", header=FILE_HEADER))
    assert out[1] == "row 1: file: 'link.pdf' is a link to a file outside the import file's folder"


@pytest.mark.django_db
def test_missing_file_is_reported(vocab, tmp_path):
    _status, out, _err = run(csv_file(tmp_path, "gone,Gone,report,en,gone.pdf", header=FILE_HEADER))
    assert out[1] == "row 1: file: 'gone.pdf' does not exist in the import file's folder"


@pytest.mark.django_db
def test_exe_renamed_pdf_is_refused(vocab, tmp_path):
    write(tmp_path, "tool.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64)
    status, out, _err = run(csv_file(tmp_path, "exe,Tool,report,en,tool.pdf", header=FILE_HEADER))
    assert status == 1
    assert out[1] == "row 1: file: 'tool.pdf': The file's content is not a PDF file, although its name says so"
    assert get_document_model().objects.count() == 0
    assert not resources().filter(identifier="exe").exists()


# --- Sanitising ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_imported_text_is_stripped_of_markup(vocab, tmp_path):
    data = [
        {
            "identifier": "xss",
            "title": "Mercury <script>alert(1)</script><i>in fish</i>",
            "resource_type": "report",
            "summary": '<p onclick="steal()">First &amp; <b>bold</b>.</p><script>alert(2)</script><p>Second.</p>',
            "authors": ["<img src=x onerror=alert(3)>Doe, Jane"],
        }
    ]
    assert run(write(tmp_path, "x.json", json.dumps(data)))[0] == 0
    page = resources().get(identifier="xss")
    assert page.title == "Mercury in fish"
    assert page.summary == "First & bold.\n\nSecond."
    assert [author.name for author in page.authors.all()] == ["Doe, Jane"]
    html = Client().get(page.url).content.decode()
    assert "alert(" not in html and "onclick" not in html


def test_rich_text_keeps_only_what_the_editor_allows():
    cleaned = rich_text(
        '<p onclick="x()">Hi <a href="javascript:alert(1)">bad</a> <a href="https://ok.org" onmouseover="y()">ok</a>'
        '<script>alert(1)</script><img src=x onerror=alert(1)><iframe src="https://evil.example"></iframe></p>'
        '<svg onload="alert(1)"><circle/></svg><h2 style="color:red">Heading</h2>'
    )
    assert cleaned == '<p>Hi <a>bad</a> <a href="https://ok.org">ok</a></p><h2>Heading</h2>'
    assert plain_text("Hg < 5 µg & Pb > 3") == "Hg < 5 µg & Pb > 3"  # not markup, kept as written


# --- Locale aliases, bulk fallback and progress -------------------------------------------------


@pytest.mark.django_db
def test_new_resources_are_aliased_into_synchronised_locales(vocab, tmp_path):
    french = Locale.objects.get(language_code="fr")
    vocab.home.copy_for_translation(french, alias=True)
    vocab.library.copy_for_translation(french, alias=True)
    LocaleSynchronization.objects.bulk_create([LocaleSynchronization(locale=french, sync_from=vocab.library.locale)])
    run(csv_file(tmp_path, *GOOD_ROWS))
    source = resources().get(identifier="unep-asgm-nap")
    alias = ResourcePage.objects.get(alias_of=source)
    assert alias.locale == french and alias.live and alias.translation_key == source.translation_key
    assert alias.get_parent().specific.alias_of_id == vocab.library.pk
    assert sorted(alias.tags.names()) == ["gold", "nap"]
    assert [a.name for a in alias.authors.all()] == ["Smith, Jane", "UNEP"]
    assert set(alias.countries.values_list("iso3", flat=True)) == {"KEN", "BRA"}
    assert Client().get(alias.url).status_code == 200
    assert run(csv_file(tmp_path, *GOOD_ROWS))[1] == ["created 0, updated 0, unchanged 2, failed 0"]


@pytest.mark.django_db
def test_a_failing_bulk_insert_is_retried_row_by_row(vocab, tmp_path, monkeypatch):
    calls = []
    insert = bulk.insert_pages

    def flaky(parent, pages, **kwargs):
        calls.append(len(pages))
        if len(calls) == 1:
            raise RuntimeError("simulated failure")
        return insert(parent, pages, **kwargs)

    monkeypatch.setattr(bulk, "insert_pages", flaky)
    # The bulk writer is generate_library's fast path (an operator's import, no user).
    path = csv_file(tmp_path, *GOOD_ROWS)
    report = runner.import_source(read_source(path), base_dir=tmp_path, fast_path=True)
    assert report.summary == "created 2, updated 0, unchanged 0, failed 0"
    assert calls == [2, 1, 1]
    assert resources().count() == 2


@pytest.mark.django_db
def test_long_imports_show_progress_on_stderr(vocab, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(runner, "CHUNK_SIZE", 2)
    rows = [f"r{n},Report {n},report" for n in range(5)]
    status, out, err = run(csv_file(tmp_path, *rows, header="identifier,title,resource_type"))
    assert (status, out) == (0, ["created 5, updated 0, unchanged 0, failed 0"])
    assert [line.split(" (")[0] for line in err.splitlines() if "rows (" in line] == [
        "2/5 rows",
        "4/5 rows",
        "5/5 rows",
    ]


# --- Admin upload --------------------------------------------------------------------------------


def upload(client, name, content, dry_run, follow=True):
    """Post the form; a valid file becomes an ImportJob whose page (followed here) shows the report."""
    data = {"file": io.BytesIO(content), "dry_run": "on" if dry_run else ""}
    data["file"].name = name
    return client.post(reverse("library_import"), data, follow=follow)


@pytest.mark.django_db
def test_admin_upload_needs_permission_to_add_resources(vocab, django_user_model):
    url = reverse("library_import")
    assert Client().get(url).status_code == 302  # to the login page
    clerk = django_user_model.objects.create_user("clerk", password="pw")  # noqa: S106
    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(clerk)
    # Wagtail answers a denied admin view with a redirect to the dashboard and a message.
    denied = client.get(url)
    assert (denied.status_code, denied.url) == (302, reverse("wagtailadmin_home"))
    assert (
        upload(client, "r.csv", b"identifier,title,resource_type\na,A,report\n", False, follow=False).status_code == 302
    )
    assert not resources().exists()
    managers = Group.objects.create(name="Library clerks")
    managers.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=managers, page=vocab.library, permission_type="add")
    clerk.groups.add(managers)
    response = client.get(url)
    assert response.status_code == 200 and "Import resources" in response.content.decode()


@pytest.mark.django_db
def test_admin_upload_shows_the_report_and_dry_run_writes_nothing(vocab, editor_client):
    content = "\n".join([HEADER, *GOOD_ROWS, "bad,,nope"]).encode()
    before = snapshot()
    response = upload(editor_client, "resources.csv", content, dry_run=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "created 2, updated 0, unchanged 0, failed 1" in html and "nothing was changed" in html
    assert "<td>3</td>" in html and "is required" in html and "&#x27;nope&#x27; is not a resource type slug" in html
    assert snapshot() == before
    response = upload(editor_client, "resources.csv", content, dry_run=False)
    assert "created 2, updated 0, unchanged 0, failed 1" in response.content.decode()
    assert resources().count() == 2


@pytest.mark.django_db
def test_admin_upload_of_a_zip_attaches_its_files(vocab, editor_client):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("batch/resources.csv", f"{FILE_HEADER}\nnap,NAP guidance,guidance,en,files/nap.pdf\n")
        bundle.writestr("batch/files/nap.pdf", make_pdf())
    response = upload(editor_client, "batch.zip", archive.getvalue(), dry_run=False)
    assert "created 1, updated 0, unchanged 0, failed 0" in response.content.decode()
    (row,) = resources().get(identifier="nap").files.all()
    assert row.document.file.read().startswith(b"%PDF-")


@pytest.mark.django_db
def test_admin_upload_refuses_bad_files_with_a_message(vocab, editor_client, settings, monkeypatch):
    response = upload(editor_client, "r.csv", "identifier\nCaf\xe9".encode("latin-1"), dry_run=True)
    assert response.status_code == 200 and "is not UTF-8 text" in response.content.decode()
    response = upload(editor_client, "r.exe", b"MZ", dry_run=True)
    assert "Upload a .csv, .json or .zip file." in response.content.decode()
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    rows = b"identifier,title,resource_type\na,A,report\nb,B,report\nc,C,report\n"
    response = upload(editor_client, "r.csv", rows, dry_run=False)
    assert "This file has 3 rows; the admin imports up to 2 at a time." in response.content.decode()
    settings.LIBRARY_IMPORT_MAX_UPLOAD_SIZE = 10
    response = upload(editor_client, "r.csv", b"identifier,title,resource_type\n", dry_run=True)
    assert "the limit is 10\xa0bytes" in response.content.decode()
    assert not resources().exists()


@pytest.mark.django_db
def test_admin_upload_requires_the_csrf_token(vocab, superuser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    assert (
        upload(client, "r.csv", b"identifier,title,resource_type\na,A,report\n", False, follow=False).status_code == 403
    )
    assert not resources().exists()


@pytest.mark.django_db
def test_admin_menu_offers_the_import(vocab, editor_client):
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("library_import") in html


# The synthetic rows used by test_generate_library also pass through a CSV file.
def test_csv_row_joins_lists():
    assert as_csv_row({"a": ["x", "y"], "b": "z"}) == {"a": "x;y", "b": "z"}
