"""The admin upload runs as a background task recorded in an ImportJob (issue 8, item 2).

Under the immediate task backend the job has finished before the redirect; its page shows the
report (and the rows saved as drafts), reloads itself with a meta refresh while it runs, and only
its owner and superusers may open it.
"""

from types import SimpleNamespace

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from wagtail.models import GroupPagePermission

import pytest

from library.admin import imports
from library.importing.jobs import run_import_job
from library.models import ImportJob

from .test_library_import import resources, upload, vocab  # noqa: F401

CSV = b"identifier,title,resource_type\na,First,report\nb,,report\n"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clerk(vocab, django_user_model):  # noqa: F811
    group = Group.objects.create(name="Contributors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission in ("add", "change"):
        GroupPagePermission.objects.create(group=group, page=vocab.library, permission_type=permission)
    user = django_user_model.objects.create_user("clerk", password="pw")  # noqa: S106
    user.groups.add(group)
    return user


@pytest.mark.django_db
def test_an_upload_becomes_a_job_whose_page_shows_the_report_and_drafts(vocab, clerk):  # noqa: F811
    response = upload(client_for(clerk), "r.csv", CSV, dry_run=False, follow=False)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("library_import_job", args=[job.pk])
    assert (job.status, job.rows_done, job.rows_total, job.user) == ("done", 2, 2, clerk)
    assert job.upload in (b"", memoryview(b"")) or bytes(job.upload) == b""  # dropped once read
    html = client_for(clerk).get(response.url, follow=True).content.decode()
    assert "created 1, updated 0, unchanged 0, failed 1" in html
    assert 'http-equiv="refresh"' not in html  # finished: no more reloading
    assert "<td>1</td>" in html and "<code>a</code>" in html and "new resource, not published" in html
    assert not resources().get(identifier="a").live


@pytest.mark.django_db
def test_a_running_job_shows_its_progress_and_reloads_itself(vocab, clerk):  # noqa: F811
    job = ImportJob.objects.create(user=clerk, file_name="big.csv", status="running", rows_done=250, rows_total=1000)
    html = client_for(clerk).get(reverse("library_import_job", args=[job.pk]), follow=True).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "250 of 1000 rows" in html


@pytest.mark.django_db
def test_only_the_owner_and_superusers_open_a_job(vocab, clerk, superuser, django_user_model):  # noqa: F811
    job = ImportJob.objects.create(user=clerk, file_name="mine.csv", status="done", report={"created": 3})
    url = reverse("library_import_job", args=[job.pk])
    other = django_user_model.objects.create_user("other", password="pw")  # noqa: S106
    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert client_for(other).get(url, follow=True).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page
    assert "created 3, updated 0" in client_for(clerk).get(url, follow=True).content.decode()
    assert client_for(superuser).get(url, follow=True).status_code == 200


@pytest.mark.django_db
def test_a_job_whose_file_cannot_be_read_says_why(vocab, clerk):  # noqa: F811
    job = ImportJob.objects.create(user=clerk, file_name="r.zip", upload=b"not a zip")
    run_import_job.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "could not be unpacked" in job.message
    html = client_for(clerk).get(reverse("library_import_job", args=[job.pk]), follow=True).content.decode()
    assert "could not be unpacked" in html


@pytest.mark.django_db
def test_a_queue_outage_fails_the_job_with_a_message_not_a_500(vocab, clerk, monkeypatch):  # noqa: F811
    def outage(*args, **kwargs):
        raise ConnectionError("queue unreachable")

    monkeypatch.setattr(imports, "run_import_job", SimpleNamespace(enqueue=outage))
    response = upload(client_for(clerk), "r.csv", CSV, dry_run=False)
    assert response.status_code == 200 and "could not be queued" in response.content.decode()
    job = ImportJob.objects.get()
    assert job.status == "failed" and bytes(job.upload) == b""
    assert not resources().exists()


@pytest.mark.django_db
def test_the_import_page_lists_recent_jobs_one_may_open(vocab, clerk, superuser):  # noqa: F811
    ImportJob.objects.create(user=clerk, file_name="mine.csv", status="running", rows_done=5, rows_total=9)
    ImportJob.objects.create(user=superuser, file_name="theirs.csv", status="done")
    page = client_for(clerk).get(reverse("library_import"), follow=True).content.decode()
    assert "mine.csv" in page and "5 of 9" in page
    assert "theirs.csv" not in page  # another user's job is not even named
    everything = client_for(superuser).get(reverse("library_import"), follow=True).content.decode()
    assert "mine.csv" in everything and "theirs.csv" in everything and ">clerk<" in everything
