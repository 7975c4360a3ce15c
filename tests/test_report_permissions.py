"""Editors' reports show only what that editor may explore (issue 8, item 5).

An editor whose page permissions cover one library (the GMP hub's) must not see the Minamata
library's resources in the downloads report, its CSV or its XLSX, nor the searches made in a
language whose pages they cannot explore in the search terms report and its exports.
"""

import csv
import datetime
import io

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import GroupPagePermission, Locale, Page

import openpyxl
import pytest

from hub import factories as hf
from library import factories as lf
from library.models import DownloadCount, ResourceFile
from search.models import SearchQueryStat

DOWNLOADS = "/admin/library/downloads/"
SEARCH_TERMS = "/admin/site-search/terms/"


def resource_with_downloads(library, title, downloads):
    document = get_document_model()(title=title)
    document.file.save(f"{title.split()[0].lower()}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    page = lf.ResourcePageFactory(parent=library, title=title, identifier=title.replace(" ", "-").lower())
    page.files = [ResourceFile(document=document, language="en")]
    page.save_revision().publish()
    DownloadCount.objects.create(document=document, day=timezone.localdate(), count=downloads)
    return page


@pytest.fixture
def libraries(home):
    english = Locale.objects.get(language_code="en")
    minamata = lf.LibraryIndexPageFactory(parent=home, title="Minamata library", slug="library")
    gmp_home = hf.GMPHomePageFactory(parent=Page.get_first_root_node(), locale=english)
    gmp = lf.LibraryIndexPageFactory(parent=gmp_home, title="GMP library", slug="gmp-library")
    return {
        "hidden": resource_with_downloads(minamata, "Secretariat negotiation notes", 9),
        "shown": resource_with_downloads(gmp, "Chlor-alkali phase-out guide", 4),
        "gmp": gmp,
    }


@pytest.fixture
def gmp_editor(client, django_user_model, libraries):
    group = Group.objects.create(name="GMP editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    group.permissions.add(Permission.objects.get(codename="view_searchquerystat"))
    for permission in ("add", "change", "publish"):
        GroupPagePermission.objects.create(group=group, page=libraries["gmp"], permission_type=permission)
    user = django_user_model.objects.create_user("gmp-editor", "gmp@example.org", "pw")
    user.groups.add(group)
    client.force_login(user)
    return client


def csv_rows(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def xlsx_cells(response):
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [cell for row in sheet.iter_rows(values_only=True) for cell in row]


# --- Most downloaded resources ---------------------------------------------------------------------


@pytest.mark.django_db
def test_downloads_report_lists_only_the_editors_tree(gmp_editor, libraries):
    response = gmp_editor.get(DOWNLOADS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chlor-alkali phase-out guide" in html
    assert "Secretariat negotiation notes" not in html
    assert [page.title for page in response.context["object_list"]] == ["Chlor-alkali phase-out guide"]


@pytest.mark.django_db
def test_downloads_report_exports_only_the_editors_tree(gmp_editor, libraries):
    rows = csv_rows(gmp_editor.get(DOWNLOADS, {"export": "csv"}))
    assert [row[0] for row in rows[1:]] == ["Chlor-alkali phase-out guide"]
    cells = xlsx_cells(gmp_editor.get(DOWNLOADS, {"export": "xlsx"}))
    assert "Chlor-alkali phase-out guide" in cells
    assert "Secretariat negotiation notes" not in cells


@pytest.mark.django_db
def test_downloads_report_for_a_resource_outside_the_tree_shows_nothing(gmp_editor, libraries):
    response = gmp_editor.get(DOWNLOADS, {"resource": libraries["hidden"].pk})
    assert response.status_code == 200
    assert "Secretariat negotiation notes" not in response.content.decode()
    assert not list(response.context["object_list"])
    rows = csv_rows(gmp_editor.get(DOWNLOADS, {"resource": libraries["hidden"].pk, "export": "csv"}))
    assert rows[1:] == []


@pytest.mark.django_db
def test_superusers_see_every_resource(editor_client, libraries):
    titles = [page.title for page in editor_client.get(DOWNLOADS).context["object_list"]]
    assert titles == ["Secretariat negotiation notes", "Chlor-alkali phase-out guide"]


# --- Search terms --------------------------------------------------------------------------------------


@pytest.fixture
def searches(db):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for locale, query in (("en", "chlor-alkali"), ("fr", "négociation confidentielle")):
        SearchQueryStat.objects.create(day=yesterday, locale=locale, query=query, searches=3, zero_result_searches=1)


@pytest.mark.django_db
def test_search_terms_report_keeps_to_the_editors_languages(gmp_editor, searches):
    response = gmp_editor.get(SEARCH_TERMS)
    assert response.status_code == 200
    html = response.content.decode()
    assert [row["query"] for row in response.context["object_list"]] == ["chlor-alkali"]
    assert "négociation confidentielle" not in html
    assert [code for code, _label in response.context["form"].fields["locale"].choices] == ["", "en"]
    for table in ("top", "zero"):
        rows = csv_rows(gmp_editor.get(SEARCH_TERMS, {"export": "csv", "table": table}))
        assert [row[0] for row in rows[1:]] == ["chlor-alkali"]
        assert "négociation confidentielle" not in xlsx_cells(
            gmp_editor.get(SEARCH_TERMS, {"export": "xlsx", "table": table})
        )


@pytest.mark.django_db
def test_search_terms_of_another_language_are_a_form_error_not_a_leak(gmp_editor, searches):
    response = gmp_editor.get(SEARCH_TERMS, {"locale": "fr"})
    assert response.status_code == 200
    assert "locale" in response.context["form"].errors
    assert "négociation confidentielle" not in response.content.decode()


@pytest.mark.django_db
def test_search_terms_superusers_see_every_language(editor_client, searches):
    queries = {row["query"] for row in editor_client.get(SEARCH_TERMS).context["object_list"]}
    assert queries == {"chlor-alkali", "négociation confidentielle"}
