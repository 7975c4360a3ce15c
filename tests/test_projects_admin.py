"""The Projects snippet in the admin (hub/admin_projects.py): filters, search, junk in the query
string, CSV/XLSX export that re-imports unchanged, and the form's errors from Project.clean()."""

import csv
import datetime
import io
import re
from decimal import Decimal
from types import SimpleNamespace

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from hub import factories as hf
from hub.models import Project


@pytest.fixture
def projects(db):
    p = SimpleNamespace()
    p.kenya = hf.CountryFactory(iso3="KEN", iso2="KE", name="Kenya", slug="ken")
    p.peru = hf.CountryFactory(iso3="PER", iso2="PE", name="Peru", slug="per")
    p.asgm = hf.ThematicAreaFactory(slug="asgm", name="Artisanal and small-scale gold mining")
    p.finance = hf.ThematicAreaFactory(slug="financial-resources", name="Financial resources")
    p.gef = hf.ProjectFactory(
        project_id="gef-10001",
        title="Gold mining in Kenya",
        agency="UNEP",
        status="ongoing",
        approval_date=datetime.date(2019, 6, 13),
        amount_usd=Decimal("4566210"),
        cofinancing_usd=Decimal("12500000"),
        url="https://example.org/10001",
        countries=[p.kenya],
        thematic_areas=[p.asgm],
    )
    p.sip = hf.ProjectFactory(
        project_id="sip-2-per",
        programme="sip",
        title="",
        agency="",
        status="approved",
        approval_date=None,
        approval_year=2021,
        round=2,
        countries=[p.peru],
        thematic_areas=[p.finance],
    )
    # A title a spreadsheet program would run as a formula: the export must quote it.
    p.other = hf.ProjectFactory(
        project_id="other-1",
        programme="other",
        title="=HYPERLINK(1)",
        agency="UNDP",
        status="completed",
        approval_date=datetime.date(2015, 1, 1),
    )
    return p


def listing_url():
    return reverse(Project.snippet_viewset.get_url_name("list"))


def listed(client, **params):
    """project_ids shown by the listing for these query parameters."""
    response = client.get(listing_url(), params)
    assert response.status_code == 200
    page = response.content.decode()
    cells = {cell.strip() for cell in re.findall(r"<td[^>]*>([^<]*)</td>", page)}
    return sorted(pid for pid in Project.objects.values_list("project_id", flat=True) if pid in cells)


ALL = ["gef-10001", "other-1", "sip-2-per"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ALL),
        ({"programme": "sip"}, ["sip-2-per"]),
        ({"status": "completed"}, ["other-1"]),
        ({"agency": "UNEP"}, ["gef-10001"]),
        ({"approval_year": "2021"}, ["sip-2-per"]),  # the year alone counts
        ({"approval_year": "2019"}, ["gef-10001"]),  # the year of the date
        ({"q": "kenya"}, ["gef-10001"]),
        ({"q": "sip-2"}, ["sip-2-per"]),
        ({"programme": "gef", "status": "completed"}, []),
    ],
)
def test_listing_filters_answer(editor_client, projects, params, expected):
    assert listed(editor_client, **params) == expected


def test_country_and_thematic_area_filters(editor_client, projects):
    assert listed(editor_client, country=projects.peru.pk) == ["sip-2-per"]
    assert listed(editor_client, thematic_area=projects.asgm.pk) == ["gef-10001"]


@pytest.mark.parametrize(
    "params",
    [
        {"programme": "world-bank"},
        {"status": "<script>"},
        {"agency": "Nobody"},
        {"country": "abc"},
        {"country": "999999"},
        {"thematic_area": "-1"},
        {"approval_year": "next year"},
        {"approval_year": "99999999999999999999"},
        {"ordering": "no_such_field"},
        {"p": "9999"},
    ],
)
def test_junk_filter_values_do_not_fail(editor_client, projects, params):
    response = editor_client.get(listing_url(), params)
    assert response.status_code in (200, 404)  # an out-of-range page may be 404, never a 500


def test_listing_columns(editor_client, projects):
    page = editor_client.get(listing_url()).content.decode()
    for text in ("Gold mining in Kenya", "Global Environment Facility", "KEN", "Under implementation", "2019"):
        assert text in page
    # An untitled project is listed by what it is.
    assert "Specific International Programme round 2 project in Peru" in page


def test_csv_export_has_every_column_and_reimports_unchanged(editor_client, projects, tmp_path):
    response = editor_client.get(listing_url(), {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    by_id = {row["project_id"]: row for row in rows}
    gef = by_id["gef-10001"]
    assert (gef["programme"], gef["countries"], gef["thematic_areas"], gef["approval_date"]) == (
        "gef",
        "KEN",
        "asgm",
        "2019-06-13",
    )
    assert (gef["amount_usd"], gef["cofinancing_usd"], gef["status"]) == ("4566210.00", "12500000.00", "ongoing")
    assert by_id["sip-2-per"]["approval_date"] == "2021"
    assert by_id["other-1"]["title"] == "'=HYPERLINK(1)"  # quoted against formula injection
    # The export is an import file: nothing changes when it goes back in.
    path = tmp_path / "projects.csv"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_projects", str(path), stdout=out, stderr=err)
    assert out.getvalue().splitlines() == ["created 0, updated 0, unchanged 3, failed 0"]
    assert Project.objects.get(project_id="other-1").title == "=HYPERLINK(1)"


def test_xlsx_export_follows_the_filters(editor_client, projects):
    response = editor_client.get(listing_url(), {"export": "xlsx", "programme": "gef"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("project_id", "programme", "title", "countries")
    assert [row[0] for row in rows[1:]] == ["gef-10001"]


def form_data(**overrides):
    data = {
        "project_id": "new-1",
        "programme": "gef",
        "round": "",
        "title": "A new project",
        "project_type": "",
        "agency": "UNEP",
        "executing_partners": "",
        "status": "completed",
        "approval_date": "2020-01-01",
        "approval_year": "",
        "amount_usd": "1000",
        "cofinancing_usd": "",
        "url": "",
        "source_url": "",
    }
    return data | overrides


def test_the_form_refuses_a_future_approval_and_negative_amounts(editor_client, projects):
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    url = reverse(Project.snippet_viewset.get_url_name("add"))
    response = editor_client.post(url, form_data(approval_date=future, amount_usd="-1", cofinancing_usd="-2"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"approval_date", "amount_usd", "cofinancing_usd"}
    assert "cannot be approved in the future" in errors["approval_date"][0]
    assert errors["amount_usd"] == ["An amount cannot be negative."]
    assert not Project.objects.filter(project_id="new-1").exists()
    # A concept may be planned ahead; a year alone in the future is refused for an approved one.
    response = editor_client.post(url, form_data(status="concept", approval_date=future))
    assert response.status_code == 302 and Project.objects.filter(project_id="new-1").exists()
    next_year = str(timezone.localdate().year + 1)
    response = editor_client.post(
        url, form_data(project_id="new-2", status="approved", approval_date="", approval_year=next_year)
    )
    assert set(response.context["form"].errors) == {"approval_year"}


def test_the_edit_form_answers(editor_client, projects):
    url = reverse(Project.snippet_viewset.get_url_name("edit"), args=[projects.gef.pk])
    page = editor_client.get(url).content.decode()
    assert "executing_partners" in page and "source_url" in page and "approval_year" in page


def test_knowledge_managers_manage_projects_and_partners_cannot(client, tree):
    """Knowledge managers curate projects (list, export, edit); a partner's people never reach them."""
    from .builders import add_two_partners

    t = add_two_partners(tree)
    project = t.project
    edit_url = reverse(Project.snippet_viewset.get_url_name("edit"), args=[project.pk])

    client.force_login(t.manager)
    assert client.get(listing_url()).status_code == 200
    export = client.get(listing_url(), {"export": "csv"})
    assert export.status_code == 200
    assert project.project_id in b"".join(export.streaming_content).decode()
    response = client.post(edit_url, form_data(project_id=project.project_id, title="Renamed by a manager"))
    assert response.status_code == 302, response.content.decode()[:500]
    project.refresh_from_db()
    assert project.title == "Renamed by a manager"

    client.force_login(t.alice)
    for response in (client.get(listing_url()), client.get(listing_url(), {"export": "csv"}), client.get(edit_url)):
        assert response.status_code in (302, 403)
        assert project.project_id.encode() not in response.content
    client.post(edit_url, form_data(project_id=project.project_id, title="Renamed by a partner"))
    project.refresh_from_db()
    assert project.title == "Renamed by a manager"
