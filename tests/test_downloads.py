"""Download statistics: counted per document and day, nothing about the visitor; the editors'
report of most downloaded resources, filtered by period and resource, exported as CSV and XLSX.
"""

import csv
import datetime
import io

from django.db import IntegrityError
from django.db.models import QuerySet
from django.test import Client
from django.utils import timezone

from wagtail.documents import get_document_model

import openpyxl
import pytest

from hub import factories as hf
from library import factories as lf
from library.models import DownloadCount, ResourceFile
from library.stats.signals import record_download

from .builders import make_document

Document = get_document_model()
REPORT = "/admin/library/downloads/"
VISITOR = {"REMOTE_ADDR": "203.0.113.77", "HTTP_USER_AGENT": "VisitorBrowser/9.9", "HTTP_REFERER": "https://x.test/"}


@pytest.fixture
def resources(home):
    library = lf.LibraryIndexPageFactory(parent=home)
    report = hf.ResourceTypeFactory(slug="report")
    made = {}
    for key, title in (("popular", "=Popular guidance"), ("quiet", "Quiet report"), ("unused", "Unused report")):
        page = lf.ResourcePageFactory(parent=library, resource_type=report, title=title, identifier=f"id-{key}")
        document = make_document(f"{key}.pdf")
        page.files = [ResourceFile(document=document, language="fr")]
        page.save_revision().publish()
        made[key] = page
    return made


def document_of(page):
    return page.files.get().document


def download(client, document, **headers):
    response = client.get(document.url, **VISITOR, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


# Counting -----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_two_downloads_count_two_for_today(client, resources):
    document = document_of(resources["popular"])
    for _attempt in range(2):
        response, body = download(client, document)
        assert response.status_code == 200
        assert body.startswith(b"%PDF-1.4")
    count = DownloadCount.objects.get()
    assert (count.document_id, count.day, count.count) == (document.pk, timezone.localdate(), 2)


@pytest.mark.django_db
def test_head_requests_and_later_chunks_are_not_downloads(client, resources):
    document = document_of(resources["popular"])
    assert client.head(document.url).status_code == 200
    download(client, document, HTTP_RANGE="bytes=10-20")
    assert not DownloadCount.objects.exists()
    download(client, document, HTTP_RANGE="bytes=0-")
    assert DownloadCount.objects.get().count == 1


@pytest.mark.django_db
def test_nothing_about_the_visitor_is_stored(client, resources):
    download(client, document_of(resources["popular"]))
    fields = {field.name for field in DownloadCount._meta.get_fields()}
    assert fields == {"id", "document", "day", "count"}
    stored = repr(list(DownloadCount.objects.values()))
    for trace in VISITOR.values():
        assert trace not in stored


@pytest.mark.django_db
def test_first_download_of_a_day_survives_a_concurrent_first_download(monkeypatch, resources):
    document = document_of(resources["popular"])
    today = timezone.localdate()
    real_update = QuerySet.update
    calls = []

    def update_then_lose_the_race(queryset, **kwargs):
        updated = real_update(queryset, **kwargs)
        if queryset.model is DownloadCount and not calls:
            # Another request inserts today's row between this one's UPDATE and INSERT.
            DownloadCount.objects.bulk_create([DownloadCount(document=document, day=today, count=1)])
        calls.append(updated)
        return updated

    monkeypatch.setattr(QuerySet, "update", update_then_lose_the_race)
    record_download(document.pk)
    assert calls == [0, 1]  # the INSERT hit the unique constraint, the second UPDATE counted
    assert DownloadCount.objects.get().count == 2
    with pytest.raises(IntegrityError):  # the constraint that makes the fallback necessary
        DownloadCount.objects.create(document=document, day=today, count=1)


@pytest.mark.django_db
def test_days_are_counted_apart(resources):
    document = document_of(resources["popular"])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    record_download(document.pk, day=yesterday)
    record_download(document.pk)
    record_download(document.pk)
    assert dict(DownloadCount.objects.values_list("day", "count")) == {yesterday: 1, timezone.localdate(): 2}


# The report ---------------------------------------------------------------------------------------
@pytest.fixture
def counted(resources):
    today = timezone.localdate()
    popular, quiet = document_of(resources["popular"]), document_of(resources["quiet"])
    DownloadCount.objects.bulk_create(
        [
            DownloadCount(document=popular, day=today, count=7),
            DownloadCount(document=popular, day=today - datetime.timedelta(days=3), count=5),
            DownloadCount(document=quiet, day=today - datetime.timedelta(days=2), count=2),
            DownloadCount(document=quiet, day=today - datetime.timedelta(days=45), count=20),
        ]
    )
    return resources


def report_rows(client, **params):
    response = client.get(REPORT, {**params, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.django_db
def test_report_lists_most_downloaded_first(editor_client, counted):
    response = editor_client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Most downloaded resources" in html
    assert html.index("Quiet report") < html.index("=Popular guidance")  # 22 all time against 12
    assert "Unused report" not in html
    assert "nothing about the visitor is stored" in html


@pytest.mark.django_db
def test_report_csv_export_has_resource_and_downloads(editor_client, counted):
    rows = report_rows(editor_client)
    assert [(row["Resource"], row["Downloads"]) for row in rows] == [
        ("Quiet report", "22"),
        ("'=Popular guidance", "12"),  # a title starting like a formula is neutralised
    ]
    assert rows[0]["Identifier"] == "id-quiet"
    assert rows[0]["Type"] == "Report"
    assert rows[0]["Address"].endswith("/en/library/quiet-report/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"period": "7"}, [("'=Popular guidance", "12"), ("Quiet report", "2")]),
        ({"period": "30"}, [("'=Popular guidance", "12"), ("Quiet report", "2")]),
        ({"period": "365"}, [("Quiet report", "22"), ("'=Popular guidance", "12")]),
        ({"days_from": str(datetime.date.today() - datetime.timedelta(days=1))}, [("'=Popular guidance", "7")]),
    ],
    ids=["7-days", "30-days", "12-months", "from-yesterday"],
)
def test_report_period(editor_client, counted, params, expected):
    rows = report_rows(editor_client, **params)
    assert [(row["Resource"], row["Downloads"]) for row in rows] == expected


@pytest.mark.django_db
def test_report_for_one_resource_from_its_files_tab(editor_client, counted):
    quiet = counted["quiet"]
    edit = editor_client.get(f"/admin/pages/{quiet.pk}/edit/").content.decode()
    assert f'href="{REPORT}?resource={quiet.pk}"' in edit
    assert [row["Resource"] for row in report_rows(editor_client, resource=quiet.pk)] == ["Quiet report"]
    assert report_rows(editor_client, resource=counted["unused"].pk) == []
    # Not a resource: nothing listed, and no error page.
    assert report_rows(editor_client, resource="not-a-page") == []
    assert editor_client.get(REPORT, {"resource": "99999"}).status_code == 200


@pytest.mark.django_db
def test_report_xlsx_export(editor_client, counted):
    response = editor_client.get(REPORT, {"export": "xlsx"})
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Resource", "Identifier", "Type", "Language", "Address", "Downloads")
    assert [(row[0], row[5]) for row in rows[1:]] == [("Quiet report", 22), ("=Popular guidance", 12)]


@pytest.mark.django_db
def test_report_is_in_the_reports_menu_and_closed_to_visitors(editor_client, counted):
    assert REPORT in editor_client.get("/admin/").content.decode()
    response = Client().get(REPORT)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_report_is_closed_to_users_without_page_permissions(client, django_user_model, counted):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("reader", password="a long password 1")  # noqa: S106
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(REPORT).status_code in (302, 403)
