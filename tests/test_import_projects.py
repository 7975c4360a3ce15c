"""The project import (CONTRACTS.md §5): `import_projects PATH [--dry-run] [--format …]`.

CSV, JSON and XLSX; idempotent re-import; updates (an absent column keeps a field, an empty cell
clears it); every kind of bad input reported as its exact `row K: field: reason` line with
nothing else changed and exit status 1; dry runs that write nothing; the GEF project database's
own export (tests/fixtures/projects/gef_export.csv) read through its mapping.
"""

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.utils import timezone

import pytest
from openpyxl import Workbook

from hub import factories as hf
from hub.models import Project
from library.importing.projects import approval_year_of_fiscal_year, parse_amount

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "projects"
HEADER = (
    "project_id,programme,title,countries,agency,status,approval_date,amount_usd,cofinancing_usd,url,thematic_areas"
)
GOOD_ROWS = [
    'gef-9001,gef,Mercury in gold mining,KEN;PHL,UNEP,ongoing,2019-06-13,"4,566,210",1200000.50,'
    "https://example.org/projects/9001,asgm;financial-resources",
    "sip-2-civ,sip,,CIV,,approved,2019-09,,,,capacity-building",
]
GOOD_REPORT = "created 2, updated 0, unchanged 0, failed 0"


@pytest.fixture
def vocab(db):
    """The countries and thematic areas rows may name (source locale)."""
    v = SimpleNamespace()
    v.kenya = hf.CountryFactory(iso3="KEN", iso2="KE", name="Kenya", slug="ken")
    v.philippines = hf.CountryFactory(iso3="PHL", iso2="PH", name="Philippines", slug="phl")
    v.ivory_coast = hf.CountryFactory(iso3="CIV", iso2="CI", name="Côte d'Ivoire", slug="civ")
    v.viet_nam = hf.CountryFactory(iso3="VNM", iso2="VN", name="Viet Nam", slug="vnm")
    v.iran = hf.CountryFactory(iso3="IRN", iso2="IR", name="Iran (Islamic Republic of)", slug="irn")
    v.asgm = hf.ThematicAreaFactory(slug="asgm", name="Artisanal and small-scale gold mining")
    v.finance = hf.ThematicAreaFactory(slug="financial-resources", name="Financial resources")
    v.capacity = hf.ThematicAreaFactory(slug="capacity-building", name="Capacity-building")
    return v


def write(folder, name, text):
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def csv_file(folder, *rows, header=HEADER, name="projects.csv"):
    return write(folder, name, "\n".join([header, *rows]) + "\n")


def run(path, *args):
    """(exit status, stdout lines, stderr) of `manage.py import_projects PATH …`."""
    out, err = io.StringIO(), io.StringIO()
    status = 0
    try:
        call_command("import_projects", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        status = error.returncode
        err.write(str(error))
    return status, out.getvalue().splitlines(), err.getvalue()


def snapshot():
    """Every project with its lists, to compare before and after an import that must change nothing."""
    return [
        (
            project.project_id,
            project.programme,
            project.title,
            project.agency,
            project.status,
            project.approval_date,
            project.approval_year,
            project.amount_usd,
            project.cofinancing_usd,
            project.url,
            project.updated,
            sorted(project.countries.values_list("iso3", flat=True)),
            sorted(project.thematic_areas.values_list("slug", flat=True)),
        )
        for project in Project.objects.order_by("project_id")
    ]


def codes(project):
    return sorted(project.countries.values_list("iso3", flat=True))


def slugs(project):
    return sorted(project.thematic_areas.values_list("slug", flat=True))


def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


# --- Happy paths --------------------------------------------------------------------------------


def test_csv_creates_projects_with_every_column(vocab, tmp_path):
    status, out, _err = run(csv_file(tmp_path, *GOOD_ROWS))
    assert (status, out) == (0, [GOOD_REPORT])
    gef = Project.objects.get(project_id="gef-9001")
    assert (gef.programme, gef.title, gef.agency, gef.status) == ("gef", "Mercury in gold mining", "UNEP", "ongoing")
    assert (gef.approval_date, gef.approval_year) == (datetime.date(2019, 6, 13), 2019)
    assert (gef.amount_usd, gef.cofinancing_usd) == (Decimal("4566210"), Decimal("1200000.50"))
    assert gef.url == "https://example.org/projects/9001"
    assert codes(gef) == ["KEN", "PHL"] and slugs(gef) == ["asgm", "financial-resources"]
    sip = Project.objects.get(project_id="sip-2-civ")
    # A month (or a year) gives the approval year only: no day is invented.
    assert (sip.approval_date, sip.approval_year, sip.amount_usd, sip.title) == (None, 2019, None, "")
    assert codes(sip) == ["CIV"] and slugs(sip) == ["capacity-building"]
    # The Party's profile reaches them through the reverse relation, with no editor action.
    assert list(vocab.kenya.projects.values_list("project_id", flat=True)) == ["gef-9001"]


def test_the_same_file_twice_changes_nothing(vocab, tmp_path):
    path = csv_file(tmp_path, *GOOD_ROWS)
    assert run(path)[:2] == (0, [GOOD_REPORT])
    before = snapshot()
    assert run(path)[:2] == (0, ["created 0, updated 0, unchanged 2, failed 0"])
    assert snapshot() == before  # not even the `updated` timestamps moved


def test_an_absent_column_keeps_a_field_and_an_empty_cell_clears_it(vocab, tmp_path):
    run(csv_file(tmp_path, *GOOD_ROWS))
    path = csv_file(tmp_path, "gef-9001,,,", header="project_id,title,amount_usd,countries", name="update.csv")
    assert run(path)[:2] == (0, ["created 0, updated 1, unchanged 0, failed 0"])
    project = Project.objects.get(project_id="gef-9001")
    assert (project.title, project.amount_usd, codes(project)) == ("", None, [])
    # Columns the file lacks are left alone.
    assert (project.agency, project.status, project.cofinancing_usd) == ("UNEP", "ongoing", Decimal("1200000.50"))
    assert slugs(project) == ["asgm", "financial-resources"]


def test_an_empty_approval_date_clears_the_year_too(vocab, tmp_path):
    run(csv_file(tmp_path, *GOOD_ROWS))
    run(csv_file(tmp_path, "gef-9001,", header="project_id,approval_date", name="update.csv"))
    project = Project.objects.get(project_id="gef-9001")
    assert (project.approval_date, project.approval_year) == (None, None)


def test_a_concept_may_be_planned_for_a_future_date(vocab, tmp_path):
    path = csv_file(tmp_path, f"gef-9100,gef,Pipeline project,,,concept,{tomorrow().isoformat()},,,,")
    assert run(path)[:2] == (0, ["created 1, updated 0, unchanged 0, failed 0"])


def test_json_with_lists_and_numbers(vocab, tmp_path):
    rows = [
        {
            "project_id": "other-1",
            "programme": "other",
            "title": "Bilateral support",
            "countries": ["KEN", "ken"],
            "amount_usd": 250000,
            "cofinancing_usd": 1000.5,
            "approval_date": 2020,
            "thematic_areas": ["asgm"],
        },
        {"project_id": "other-2", "programme": "other", "amount_usd": True},
    ]
    status, out, _err = run(write(tmp_path, "projects.json", json.dumps(rows)))
    assert (status, out) == (
        1,
        ["created 1, updated 0, unchanged 0, failed 1", "row 2: amount_usd: must be a number, not true/false"],
    )
    project = Project.objects.get(project_id="other-1")
    assert (project.amount_usd, project.cofinancing_usd) == (Decimal("250000"), Decimal("1000.50"))
    assert (project.approval_date, project.approval_year, codes(project)) == (None, 2020, ["KEN"])


def test_xlsx_with_typed_cells(vocab, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append([9002, "gef", "From a spreadsheet", "KEN;PHL", "UNDP", "completed", datetime.datetime(2020, 5, 1)])
    sheet.append(["sip-3-vnm", "sip", None, "VNM", None, "approved", 2021, 1234567, "1,000", None, "asgm"])
    sheet.append(["bad-1", "gef", None, "ATL"])
    path = tmp_path / "projects.xlsx"
    workbook.save(path)
    status, out, _err = run(path)
    assert (status, out) == (
        1,
        [
            "created 2, updated 0, unchanged 0, failed 1",
            "row 3: countries: 'ATL' is not the ISO 3166-1 alpha-3 code of a known country",
        ],
    )
    spreadsheet = Project.objects.get(project_id="9002")  # a number cell is the id as written
    assert (spreadsheet.approval_date, spreadsheet.status, codes(spreadsheet)) == (
        datetime.date(2020, 5, 1),
        "completed",
        ["KEN", "PHL"],
    )
    sip = Project.objects.get(project_id="sip-3-vnm")
    assert (sip.approval_year, sip.amount_usd, sip.cofinancing_usd) == (2021, Decimal("1234567"), Decimal("1000"))
    assert run(path)[1][0] == "created 0, updated 0, unchanged 2, failed 1"


# --- Bad input: one line per problem, the row not applied, the others are ----------------------

LONG = "x" * 501


@pytest.mark.parametrize(
    ("row", "line"),
    [
        ("p-2,gef,T,KEN;XXX,,,,,,,", "row 2: countries: 'XXX' is not the ISO 3166-1 alpha-3 code of a known country"),
        ("p-2,gef,T,,,,,-5,,,", "row 2: amount_usd: '-5' is negative: an amount cannot be below zero"),
        (
            "p-2,gef,T,,,,,lots,,,",
            "row 2: amount_usd: 'lots' is not a plain number of US dollars: write e.g. 1234567 or 1,234,567.50 "
            "(no currency sign, no abbreviation such as M or k)",
        ),
        (
            "p-2,gef,T,,,,,,$1.2M,,",
            "row 2: cofinancing_usd: '$1.2M' is not a plain number of US dollars: write e.g. 1234567 or "
            "1,234,567.50 (no currency sign, no abbreviation such as M or k)",
        ),
        (
            'p-2,gef,T,,,,,"1,23,4",,,',
            "row 2: amount_usd: '1,23,4' is not a plain number of US dollars: write e.g. 1234567 or 1,234,567.50 "
            "(no currency sign, no abbreviation such as M or k)",
        ),
        (
            "p-2,gef,T,,,,,1000000000000,,,",
            "row 2: amount_usd: '1000000000000' is too large (at most 1,000,000,000,000)",
        ),
        ("gef-9001,gef,Again,,,,,,,,", "row 2: project_id: 'gef-9001' is also in row 1 of this file"),
        ("p-2,world-bank,T,,,,,,,,", "row 2: programme: 'world-bank' is not a programme: use gef, sip, other"),
        ("p-2,,T,,,,,,,,", "row 2: programme: is required: one of gef, sip, other"),
        (
            "p-2,gef,T,,,finished,,,,,",
            "row 2: status: 'finished' is not a project status: use concept, approved, ongoing, completed, cancelled",
        ),
        ("p-2,gef,T,,,,,,,,mercury", "row 2: thematic_areas: 'mercury' is not a thematic area slug"),
        (
            "p-2,gef,T,,,,,,,ftp://example.org/p,",
            "row 2: url: 'ftp://example.org/p' is not a web address starting with http:// or https://",
        ),
        (
            "p-2,gef,T,,,,,,,www.example.org,",
            "row 2: url: 'www.example.org' is not a web address starting with http:// or https://",
        ),
        ("p-2,gef,T,,,,2019-13-01,,,,", "row 2: approval_date: '2019-13-01' is not a date that exists"),
        (
            "p-2,gef,T,,,,13/06/2019,,,,",
            "row 2: approval_date: '13/06/2019' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY",
        ),
        (f"p-2,gef,{LONG},,,,,,,,", "row 2: title: is longer than 500 characters"),
        (f"{'p' * 65},gef,T,,,,,,,,", "row 2: project_id: is longer than 64 characters"),
        (",gef,T,,,,,,,,", "row 2: project_id: is required"),
        ("p-2,gef,T,,,,,,,,,surplus", "row 2: row: has 12 cells but the header names 11 columns"),
    ],
)
def test_a_bad_row_is_reported_and_not_applied(vocab, tmp_path, row, line):
    status, out, err = run(csv_file(tmp_path, GOOD_ROWS[0], row))
    assert (status, out) == (1, ["created 1, updated 0, unchanged 0, failed 1", line])
    assert "1 row(s) failed" in err
    assert list(Project.objects.values_list("project_id", flat=True)) == ["gef-9001"]


@pytest.mark.parametrize(
    ("status", "when", "label"),
    [("completed", "date", "Completed"), ("approved", "date", "Approved"), ("ongoing", "year", "Under implementation")],
)
def test_an_approved_project_cannot_be_approved_in_the_future(vocab, tmp_path, status, when, label):
    value = tomorrow().isoformat() if when == "date" else str(timezone.localdate().year + 1)
    out = run(csv_file(tmp_path, f"p-1,gef,T,,,{status},{value},,,,"))[1]
    assert out == [
        "created 0, updated 0, unchanged 0, failed 1",
        f"row 1: approval_date: lies in the future, but the project's status is {status!r} ({label})",
    ]
    assert not Project.objects.exists()


def test_several_problems_of_one_row_are_all_reported(vocab, tmp_path):
    out = run(csv_file(tmp_path, "p-1,gef,T,ATL,,done,,-1,,,"))[1]
    assert out == [
        "created 0, updated 0, unchanged 0, failed 1",
        "row 1: status: 'done' is not a project status: use concept, approved, ongoing, completed, cancelled",
        "row 1: amount_usd: '-1' is negative: an amount cannot be below zero",
        "row 1: countries: 'ATL' is not the ISO 3166-1 alpha-3 code of a known country",
    ]


def test_a_new_project_needs_its_programme(vocab, tmp_path):
    out = run(csv_file(tmp_path, "p-1,Title", header="project_id,title"))[1]
    assert out == ["created 0, updated 0, unchanged 0, failed 1", "row 1: programme: is required for a new project"]


def test_a_failed_update_leaves_the_project_as_it_was(vocab, tmp_path):
    """Checked against the stored project (the model's own clean()): the row names no status,
    but the project is completed, so a future approval date is refused, and its valid title
    change is not applied either."""
    hf.ProjectFactory(
        project_id="gef-1", title="Old title", status="completed", approval_date=datetime.date(2018, 1, 1)
    )
    before = snapshot()
    path = csv_file(tmp_path, f"gef-1,New title,{tomorrow().isoformat()}", header="project_id,title,approval_date")
    status, out, _err = run(path)
    expected = (
        f"row 1: approval_date: A project whose status is “Completed” cannot be approved in the future "
        f"({tomorrow().isoformat()})"
    )
    assert (status, out) == (1, ["created 0, updated 0, unchanged 0, failed 1", expected])
    assert snapshot() == before


# --- Dry run and exit status --------------------------------------------------------------------


def test_dry_run_reports_what_a_real_run_would_and_writes_nothing(vocab, tmp_path):
    hf.ProjectFactory(project_id="gef-9001", title="Before", programme="gef")
    path = csv_file(tmp_path, *GOOD_ROWS, "p-3,gef,T,XXX,,,,,,,")
    before = snapshot()
    dry = run(path, "--dry-run")
    assert dry[:2] == (
        1,
        [
            "created 1, updated 1, unchanged 0, failed 1",
            "row 3: countries: 'XXX' is not the ISO 3166-1 alpha-3 code of a known country",
        ],
    )
    assert "would fail" in dry[2]
    assert snapshot() == before
    assert run(path)[:2] == dry[:2]
    assert snapshot() != before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "missing.csv: no such file."),
        ("projects.txt", "project_id\n", "projects.txt: give a .csv, .xlsx or .json file (this one ends in 'txt')."),
        ("projects.xlsx", "not a workbook", "projects.xlsx: is not an Excel workbook (.xlsx) that can be read."),
        ("projects.json", "{}", "projects.json: must hold a JSON list of objects"),
        ("projects.csv", "project_id,project_id\n", "the column 'project_id' appears twice in the header row"),
    ],
)
def test_an_unreadable_file_imports_nothing_and_exits_1(vocab, tmp_path, name, content, message):
    path = tmp_path / name if content is None else write(tmp_path, name, content)
    status, out, err = run(path)
    assert (status, out) == (1, [])
    assert "Nothing was imported." in err and message in err
    assert not Project.objects.exists()


def test_exit_status_from_the_command_line(vocab, tmp_path):
    # The last database use of this test: the command closes the connection when it ends.
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "import_projects", str(csv_file(tmp_path, "p-1,nope"))]).execute()
    assert exit_info.value.code == 1


def test_unknown_columns_are_named_on_stderr(vocab, tmp_path):
    status, out, err = run(csv_file(tmp_path, "p-1,gef,x", header="project_id,programme,budget"))
    assert (status, out) == (0, ["created 1, updated 0, unchanged 0, failed 0"])
    assert "Ignored unknown column(s): budget." in err


# --- The GEF project database's export ----------------------------------------------------------


def test_the_gef_export_is_recognised_and_mapped(vocab):
    status, out, err = run(FIXTURES / "gef_export.csv")
    assert (status, out) == (0, ["created 4, updated 0, unchanged 0, failed 0"])
    assert "GEF project database's export" in err
    assert "Ignored GEF column(s): region, focal areas, funding source." in err
    kenya = Project.objects.get(project_id="10001")
    assert (kenya.programme, kenya.agency, kenya.status, kenya.project_type) == (
        "gef",
        "UNEP",
        "ongoing",
        "Full-sized Project",
    )
    # "Approval FY" is a year, never a made-up day.
    assert (kenya.approval_date, kenya.approval_year) == (None, 2019)
    assert (kenya.amount_usd, kenya.cofinancing_usd) == (Decimal("4566210"), Decimal("12500000"))
    assert kenya.url == "https://www.thegef.org/projects-operations/projects/10001"
    assert codes(kenya) == ["KEN"]
    # Names matched without accents, and a list of names split on the commas between names.
    mia = Project.objects.get(project_id="10002")
    assert (codes(mia), mia.status, mia.approval_year, mia.cofinancing_usd) == (
        ["CIV", "VNM"],
        "completed",
        2016,
        None,
    )
    monitoring = Project.objects.get(project_id="10003")
    assert (codes(monitoring), monitoring.status, monitoring.agency) == ([], "concept", "UNEP, WHO")
    assert monitoring.amount_usd == Decimal("2000000.50")
    assert codes(Project.objects.get(project_id="10004")) == ["IRN"]  # "Iran, Islamic Republic of"
    assert run(FIXTURES / "gef_export.csv")[1] == ["created 0, updated 0, unchanged 4, failed 0"]


def test_a_gef_refresh_keeps_what_the_export_cannot_say(vocab):
    """ "Global" names no country, and a fiscal year is less precise than a known date."""
    hf.ProjectFactory(project_id="10003", programme="gef", status="concept", countries=[vocab.philippines])
    hf.ProjectFactory(project_id="10001", programme="gef", approval_date=datetime.date(2018, 11, 2))
    run(FIXTURES / "gef_export.csv")
    assert codes(Project.objects.get(project_id="10003")) == ["PHL"]
    kept = Project.objects.get(project_id="10001")
    assert (kept.approval_date, kept.approval_year, kept.status) == (datetime.date(2018, 11, 2), 2018, "ongoing")


GEF_HEADER = "GEF ID,Project Title,Country,Agency,GEF Grant,Co-financing,Status,Approval Date"


@pytest.mark.parametrize(
    ("row", "line"),
    [
        ("1,T,Atlantis,UNEP,,,,", "row 1: countries: 'Atlantis' is not the name of a known country"),
        ('1,T,"Kenya, Atlantis",UNEP,,,,', "row 1: countries: 'Atlantis' is not the name of a known country"),
        (
            "1,T,Kenya,UNEP,$1.2M,,,",
            "row 1: amount_usd: '$1.2M' is not a plain number of US dollars: write e.g. 1234567 or 1,234,567.50 "
            "(no currency sign, no abbreviation such as M or k)",
        ),
        (
            "1,T,Kenya,UNEP,,,Council Pending,",
            "row 1: status: 'Council Pending' is not a project status: use concept, approved, ongoing, completed, "
            "cancelled",
        ),
        (
            "1,T,Kenya,UNEP,,,Completed,31/12/2019",
            "row 1: approval_date: '31/12/2019' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY",
        ),
    ],
)
def test_bad_gef_rows(vocab, tmp_path, row, line):
    status, out, _err = run(csv_file(tmp_path, row, header=GEF_HEADER))
    assert (status, out) == (1, ["created 0, updated 0, unchanged 0, failed 1", line])
    assert not Project.objects.exists()


def test_gef_dates_and_names(vocab, tmp_path):
    rows = [
        '7,T,"Viet Nam; Philippines",UNEP,"10,000","5,000.25",CEO Endorsed,06/13/2019',
        "8,T,Kenya,UNEP,,,Closed,13 June 2019",
    ]
    assert run(csv_file(tmp_path, *rows, header=GEF_HEADER))[:2] == (0, ["created 2, updated 0, unchanged 0, failed 0"])
    seven = Project.objects.get(project_id="7")
    assert (seven.approval_date, seven.status, codes(seven)) == (datetime.date(2019, 6, 13), "approved", ["PHL", "VNM"])
    assert Project.objects.get(project_id="8").approval_date == datetime.date(2019, 6, 13)


def test_format_gef_reads_a_header_without_gef_markers(vocab, tmp_path):
    path = csv_file(tmp_path, '55,A regional project,Kenya,UNEP,"1,000"', header="ID,Title,Country,Agency,Grant")
    status, out, err = run(path)
    assert (status, out[0]) == (1, "created 0, updated 0, unchanged 0, failed 1")  # read as ours: no project_id
    assert "Ignored unknown column(s): id, country, grant." in err
    assert run(path, "--format", "gef")[:2] == (0, ["created 1, updated 0, unchanged 0, failed 0"])
    project = Project.objects.get(project_id="55")
    assert (project.programme, project.amount_usd, codes(project)) == ("gef", Decimal("1000"), ["KEN"])


# --- The parsers on their own -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1234567", "1234567.00"), ("1,234,567.5", "1234567.50"), (" 12 ", "12.00"), (0, "0.00"), (2.5, "2.50")],
)
def test_amounts_accepted(value, expected):
    assert parse_amount(value) == Decimal(expected)


@pytest.mark.parametrize("value", ["$100", "1.2M", "1 000", "1.234.567,00", "12,34", "-1", "1e6", "nan", "", None, [1]])
def test_amounts_refused(value):
    with pytest.raises(ValueError):
        parse_amount(value)


def test_a_gef_fiscal_year_is_the_year_it_ends_unless_that_year_has_not_begun():
    assert approval_year_of_fiscal_year(2020, today=datetime.date(2026, 12, 6)) == 2020
    # FY2027 runs from 1 July 2026: in December 2026 its approvals so far were all made in 2026.
    assert approval_year_of_fiscal_year(2027, today=datetime.date(2026, 12, 6)) == 2026
    assert approval_year_of_fiscal_year(2027, today=datetime.date(2026, 6, 30)) == 2027


# --- The seed's projects (hub/seed/data/projects.json, read as the seed reads it) ---------------


def test_the_seed_keeps_its_facts_apart_from_its_sources():
    from hub.seed import records

    parties = records.parse_parties(records.DATA_DIR / records.PARTIES_FILE)
    extra = records.parse_extra_countries(records.DATA_DIR / records.EXTRA_COUNTRIES_FILE, parties)
    names = {p.name: p.iso3 for p in parties} | {c.name: c.iso3 for c in extra} | records.COUNTRY_NAME_ALIASES
    seeded = records.parse_projects(records.DATA_DIR / records.PROJECTS_FILE, names)
    data = json.loads((records.DATA_DIR / records.PROJECTS_FILE).read_text(encoding="utf-8"))
    assert len(seeded) == len(data) == 31
    by_id = {project.project_id: project for project in seeded}
    mia = by_id["gef-mia-khm-pak-phl"]
    assert (mia.agency, mia.status, mia.url, mia.amount_usd) == ("UNEP", "", "", None)
    assert mia.project_type == "Enabling Activity - Minamata Initial Assessment (MIA)"
    assert mia.executing_partners.splitlines()[0] == "Ministry of Environment Cambodia"
    assert mia.source_url.startswith("http://healthdocbox.com/")
    sip = by_id["sip-1-arg"]
    assert (sip.status, sip.approval_year, sip.url, sip.amount_usd) == ("approved", 2018, "", None)
    assert sip.source_url.startswith("https://archive.mercuryconvention.org/")
    # The SIP data gives round totals only: no project has an amount.
    assert {project.amount_usd for project in seeded} == {None}
    assert {project.status for project in seeded if project.programme == "sip"} == {"approved"}
