"""`add_partner_user ORG_SLUG USERNAME --email E` (contracts §7): create or update, never twice, refuse clearly."""

import copy
import io
import re

from django.contrib.auth import get_user_model
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
from django.test import Client

import pytest

from partners import spaces
from partners.models import Contributor, Organisation

from .builders import rolled_back

User = get_user_model()
PASSWORD = "Quicksilver-Lantern-42"  # noqa: S105


@pytest.fixture(scope="module")
def shared_operators(shared_tree, django_db_blocker):
    with rolled_back(django_db_blocker):
        t = copy.deepcopy(shared_tree)
        t.ngo = Organisation.objects.create(name="Zero Mercury Working Group", slug="zmwg", kind="ngo")
        t.igo = Organisation.objects.create(name="Mercury Monitoring Network", slug="mmn", kind="igo")
        yield copy.deepcopy(t)


@pytest.fixture
def orgs(shared_operators, tree):
    return tree


def run(*args):
    out = io.StringIO()
    call_command("add_partner_user", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """Everything the command may write, to show a refusal or a second run changed nothing."""
    users = list(User.objects.order_by("pk").values_list("pk", "username", "email", "password", "first_name"))
    members = list(Contributor.objects.order_by("pk").values_list("pk", "user_id", "organisation_id", "joined_at"))
    groups = list(User.groups.through.objects.order_by("pk").values_list("user_id", "group_id"))
    return users, members, groups


def test_with_the_password_variable_it_creates_a_contributor_who_can_sign_in(orgs, monkeypatch):
    monkeypatch.setenv("MEP_USER_PASSWORD", PASSWORD)
    output = run("zmwg", "zoe", "--email", "zoe@example.org", "--first-name", "Zoé", "--last-name", "Mercier")
    assert "created" in output and "invitation" not in output.lower()
    user = User.objects.get(username="zoe")
    assert user.check_password(PASSWORD) and user.email == "zoe@example.org" and user.get_full_name() == "Zoé Mercier"
    assert not user.is_staff and not user.is_superuser
    assert user.partner_membership.organisation == orgs.ngo and user.partner_membership.joined_at is not None
    assert list(user.groups.all()) == [spaces.contributors_group(orgs.ngo)]
    assert Client().login(username="zoe", password=PASSWORD)


def test_running_it_twice_changes_nothing(orgs, monkeypatch):
    monkeypatch.setenv("MEP_USER_PASSWORD", PASSWORD)
    run("zmwg", "zoe", "--email", "zoe@example.org")
    before = snapshot()
    assert "unchanged" in run("zmwg", "zoe", "--email", "zoe@example.org")
    assert snapshot() == before
    monkeypatch.delenv("MEP_USER_PASSWORD")
    run("zmwg", "zoe", "--email", "zoe@example.org")
    assert snapshot() == before


def test_it_updates_the_email_names_and_password(orgs, monkeypatch):
    monkeypatch.setenv("MEP_USER_PASSWORD", PASSWORD)
    run("zmwg", "zoe", "--email", "zoe@example.org")
    monkeypatch.setenv("MEP_USER_PASSWORD", "Another-Lantern-77")
    assert "updated" in run("zmwg", "zoe", "--email", "zoe@zmwg.org", "--last-name", "Mercier")
    user = User.objects.get(username="zoe")
    assert user.email == "zoe@zmwg.org" and user.last_name == "Mercier" and user.check_password("Another-Lantern-77")
    assert User.objects.filter(username="zoe").count() == 1 and Contributor.objects.filter(user=user).count() == 1


def test_without_the_variable_it_prints_an_absolute_invitation_link_that_works(orgs, monkeypatch, settings, client):
    monkeypatch.delenv("MEP_USER_PASSWORD", raising=False)
    settings.WAGTAILADMIN_BASE_URL = "https://exchange.example.org"
    output = run("zmwg", "zoe", "--email", "zoe@example.org")
    link = re.search(r"https://exchange\.example\.org(/partners/invitation/\S+/)", output)
    assert link, output
    user = User.objects.get(username="zoe")
    assert not user.has_usable_password() and user.partner_membership.invited_at is not None
    form_url = client.get(link.group(1))["Location"]
    client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and user.partner_membership.joined_at is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("no-such-org", "zoe", "--email", "zoe@example.org"), "Unknown organisation 'no-such-org'"),
        (("zmwg", "root", "--email", "zoe@example.org"), "superuser or staff"),
        (("zmwg", "ivan", "--email", "ivan@example.org"), "already contributes for Mercury Monitoring Network"),
        (("zmwg", "zoe", "--email", "ivan@example.org"), "Another user has the e-mail address"),
        (("zmwg", "zoe", "--email", "not-an-address"), "not a valid e-mail address"),
    ],
)
def test_refusals_say_why_and_change_nothing(orgs, monkeypatch, args, message):
    monkeypatch.setenv("MEP_USER_PASSWORD", PASSWORD)
    User.objects.create_superuser("root", "root@example.org", "pw")
    run("mmn", "ivan", "--email", "ivan@example.org")
    before = snapshot()
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)
    assert snapshot() == before
    assert not User.objects.get(username="root").groups.exists()


def test_a_deactivated_organisation_gets_no_new_people(orgs, monkeypatch):
    monkeypatch.setenv("MEP_USER_PASSWORD", PASSWORD)
    Organisation.objects.filter(pk=orgs.ngo.pk).update(active=False)
    before = snapshot()
    with pytest.raises(CommandError, match="deactivated"):
        run("zmwg", "zoe", "--email", "zoe@example.org")
    assert snapshot() == before


def test_from_the_command_line_an_unknown_organisation_exits_1_on_stderr(orgs, monkeypatch, capsys):
    # run_from_argv closes the connections when it ends, which would end the test's transaction.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    before = snapshot()
    command = load_command_class("partners", "add_partner_user")
    with pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(["manage.py", "add_partner_user", "no-such-org", "zoe", "--email", "zoe@example.org"])
    assert exit_info.value.code == 1
    assert "Unknown organisation 'no-such-org'" in capsys.readouterr().err
    assert snapshot() == before
