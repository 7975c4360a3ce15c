"""Imports obey Wagtail's page permissions and workflows (issue 8, item 2).

A user who may add but not publish in the library (Wagtail's default Editors) gets drafts,
submitted to the library's workflow; their updates become draft revisions and never change the
live page. A publisher, a superuser and the operator's command line publish. Search deferral
belongs to the importing context only: another thread's save is indexed at once.
"""

import threading

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db.models.signals import post_save

from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowState, WorkflowTask

import pytest

from hub.seed import indexing
from library.importing import import_file
from library.models import ResourcePage

from .test_library_import import csv_file, resources, run, vocab  # noqa: F401

HEADER = "identifier,title,resource_type"


def user_with(django_user_model, vocab, name, *permissions):  # noqa: F811
    group = Group.objects.create(name=f"{name} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission in permissions:
        GroupPagePermission.objects.create(group=group, page=vocab.library, permission_type=permission)
    user = django_user_model.objects.create_user(name, password="pw")  # noqa: S106
    user.groups.add(group)
    return user


@pytest.fixture
def clerk(vocab, django_user_model):  # noqa: F811
    """May add and change resources in the library, not publish them."""
    return user_with(django_user_model, vocab, "clerk", "add", "change")


@pytest.mark.django_db
def test_a_user_who_may_not_publish_gets_drafts_and_the_report_says_so(vocab, clerk, tmp_path):  # noqa: F811
    report = import_file(csv_file(tmp_path, "a,First,report", "b,Second,report", header=HEADER), user=clerk)
    assert report.summary == "created 2, updated 0, unchanged 0, failed 0"
    assert report.draft_lines() == [
        "row 1: a: created as a draft, not published",
        "row 2: b: created as a draft, not published",
    ]
    for page in resources():
        assert not page.live and page.has_unpublished_changes
        assert page.latest_revision.user == clerk and page.live_revision is None


@pytest.mark.django_db
def test_drafts_are_submitted_to_the_workflow_of_the_library(vocab, clerk, tmp_path):  # noqa: F811
    reviewers = Group.objects.create(name="Reviewers")
    task = GroupApprovalTask.objects.create(name="Review")
    task.groups.set([reviewers])
    workflow = Workflow.objects.create(name="Library review")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=vocab.library)
    import_file(csv_file(tmp_path, "a,First,report", header=HEADER), user=clerk)
    page = resources().get(identifier="a")
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == clerk
    assert state.current_task_state.task.specific == task
    assert not page.live


@pytest.mark.django_db
def test_an_update_by_a_user_who_may_not_publish_leaves_the_live_page(vocab, clerk, tmp_path):  # noqa: F811
    assert run(csv_file(tmp_path, "a,Live title,report", header=HEADER))[0] == 0  # the operator publishes
    page = resources().get(identifier="a")
    assert page.live
    changed = csv_file(tmp_path, "a,Proposed title,report", header=HEADER, name="changed.csv")
    report = import_file(changed, user=clerk)
    assert report.summary == "created 0, updated 1, unchanged 0, failed 0"
    assert report.draft_lines() == ["row 1: a: changed as a draft, not published"]
    page.refresh_from_db()
    assert page.title == "Live title" and page.live and page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "Proposed title"
    assert ResourcePage.objects.get(pk=page.pk).url_path.endswith("/live-title/")
    # The same file again matches the draft: nothing more to do.
    assert import_file(changed, user=clerk).summary == "created 0, updated 0, unchanged 1, failed 0"


@pytest.mark.django_db
def test_a_user_who_may_not_edit_an_existing_resource_gets_a_row_error(
    vocab,  # noqa: F811
    django_user_model,
    tmp_path,
):
    run(csv_file(tmp_path, "a,Live title,report", header=HEADER))
    adder = user_with(django_user_model, vocab, "adder", "add")
    report = import_file(csv_file(tmp_path, "a,Other title,report", header=HEADER, name="b.csv"), user=adder)
    assert report.error_lines() == ["row 1: identifier: you may not edit the existing resource 'a'"]
    assert resources().get(identifier="a").title == "Live title"


@pytest.mark.django_db
def test_publishers_and_superusers_publish(vocab, django_user_model, superuser, tmp_path):  # noqa: F811
    publisher = user_with(django_user_model, vocab, "publisher", "add", "change", "publish")
    report = import_file(csv_file(tmp_path, "a,First,report", header=HEADER), user=publisher)
    assert report.drafts == [] and resources().get(identifier="a").live
    report = import_file(csv_file(tmp_path, "b,Second,report", header=HEADER, name="b.csv"), user=superuser)
    assert report.drafts == [] and resources().get(identifier="b").live


def test_the_command_says_that_it_publishes(capsys):
    with pytest.raises(SystemExit):
        call_command("import_resources", "--help")
    assert "publish" in " ".join(capsys.readouterr().out.split())


@pytest.mark.django_db
def test_deferral_in_one_thread_does_not_delay_another_threads_save(vocab, monkeypatch):  # noqa: F811
    indexed = []
    monkeypatch.setattr(indexing, "post_save_signal_handler", lambda instance, **kwargs: indexed.append(instance))
    page = ResourcePage(pk=10**6, title="Elsewhere")
    other = ResourcePage(pk=10**6 + 1, title="Imported")
    deferring, saved_elsewhere = threading.Event(), threading.Event()
    collected = {}

    def importer():
        with indexing.defer_search_updates() as saved:
            post_save.send(sender=ResourcePage, instance=other, created=True, raw=False)
            deferring.set()
            saved_elsewhere.wait(10)
            collected.update(saved)

    thread = threading.Thread(target=importer)
    thread.start()
    assert deferring.wait(10)
    post_save.send(sender=ResourcePage, instance=page, created=True, raw=False)  # another editor's save
    assert indexed == [page]  # indexed at once, while the importer defers
    saved_elsewhere.set()
    thread.join(10)
    assert collected == {ResourcePage: {other.pk}}  # the importer's save waited for its own indexing
    post_save.send(sender=ResourcePage, instance=other, created=False, raw=False)
    assert indexed == [page, other]  # deferral ended with its block
