"""A partner's people (issue 10, item 4): invited by a knowledge manager, joining through a single-use,
time-limited link, blocked at once when their organisation is deactivated.

Every refusal asserts the answer and that nothing changed.
"""

import copy
import datetime
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

import pytest

from partners import invitations, spaces
from partners.models import Contributor, Organisation

from .builders import rolled_back

User = get_user_model()
PASSWORD = "Quicksilver-Lantern-42"  # noqa: S105


@pytest.fixture(scope="module")
def shared_people(shared_tree, django_db_blocker):
    with rolled_back(django_db_blocker):
        t = copy.deepcopy(shared_tree)
        t.ngo = Organisation.objects.create(name="Zero Mercury Working Group", slug="zmwg", kind="ngo")
        t.igo = Organisation.objects.create(name="Mercury Monitoring Network", slug="mmn", kind="igo")
        t.manager = User.objects.create_user("kim", "kim@example.org", "pw")
        t.manager.groups.add(spaces.knowledge_managers_group())
        yield copy.deepcopy(t)


@pytest.fixture
def people(shared_people, tree):
    return tree


@pytest.fixture
def manager_client(client, people):
    client.force_login(people.manager)
    return client


def _invite_data(people, **overrides):
    data = {
        "organisation": people.ngo.pk,
        "email": "zoe@example.org",
        "first_name": "Zoé",
        "last_name": "Mercier",
        "username": "",
        "language": "fr",
    }
    return {**data, **overrides}


def _invited(people, username="zoe", email="zoe@example.org", organisation=None):
    return invitations.invite(
        organisation or people.ngo, email=email, username=username, invited_by=people.manager
    ).user


def _link_path():
    return re.search(r"https?://[^/\s]+(/partners/invitation/\S+/)", mail.outbox[-1].body).group(1)


def _accept(client, path, password=PASSWORD):
    """Follow the link, then post the new password on the page it leads to."""
    first = client.get(path)
    if first.status_code != 302 or not first["Location"].endswith("/set-password/"):
        return first
    return client.post(first["Location"], {"new_password1": password, "new_password2": password})


# --- Inviting --------------------------------------------------------------------------------


def test_a_knowledge_manager_invites_a_person_who_gets_a_link_by_email(manager_client, people):
    add_url = reverse("partners_contributor:add")
    assert manager_client.get(add_url).status_code == 200
    response = manager_client.post(add_url, _invite_data(people))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    user = User.objects.get(email="zoe@example.org")
    assert user.username == "zoe@example.org" and user.first_name == "Zoé"
    assert user.is_active and not user.is_staff and not user.is_superuser and not user.has_usable_password()
    membership = user.partner_membership
    assert membership.organisation == people.ngo and membership.invited_by == people.manager
    assert membership.invited_at is not None and membership.joined_at is None
    assert list(user.groups.all()) == [spaces.contributors_group(people.ngo)]
    assert user.wagtail_userprofile.preferred_language == "fr"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zoe@example.org"]
    assert "Zero Mercury Working Group" in mail.outbox[0].subject
    assert _link_path().startswith("/partners/invitation/")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "KIM@example.org"}, "email"),
        ({"username": "kim"}, "username"),
        ({"username": "no spaces allowed"}, "username"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_the_invitation_form_refuses_bad_input_and_creates_nothing(manager_client, people, overrides, field):
    users, members = User.objects.count(), Contributor.objects.count()
    response = manager_client.post(reverse("partners_contributor:add"), _invite_data(people, **overrides))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert (User.objects.count(), Contributor.objects.count(), len(mail.outbox)) == (users, members, 0)


def test_a_deactivated_organisation_cannot_get_new_people(manager_client, people):
    Organisation.objects.filter(pk=people.igo.pk).update(active=False)
    users = User.objects.count()
    response = manager_client.post(
        reverse("partners_contributor:add"), _invite_data(people, organisation=people.igo.pk)
    )
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    assert User.objects.count() == users and not mail.outbox


def test_partner_users_cannot_invite_or_list_people(client, people):
    partner = _invited(people)
    partner.set_password(PASSWORD)
    partner.save()
    client.force_login(partner)
    users = User.objects.count()
    for url in (reverse("partners_contributor:list"), reverse("partners_contributor:add")):
        response = client.get(url)
        assert response.status_code in (302, 403) and b"zoe" not in response.content
    response = client.post(reverse("partners_contributor:add"), _invite_data(people, email="x@example.org"))
    assert response.status_code in (302, 403) and User.objects.count() == users


def test_managers_list_an_organisations_people_and_cannot_delete_them(manager_client, people):
    contributor = _invited(people).partner_membership
    response = manager_client.get(reverse("partners_contributor:list"), {"organisation": people.ngo.pk})
    assert response.status_code == 200 and b"zoe" in response.content
    assert reverse("partners_contributor:resend", args=(contributor.pk,)).encode() in response.content
    response = manager_client.post(reverse("partners_contributor:delete", args=(contributor.pk,)))
    assert response.status_code in (302, 403)
    assert Contributor.objects.filter(pk=contributor.pk).exists()


def test_resending_an_invitation_mails_a_fresh_link(manager_client, people):
    contributor = _invited(people).partner_membership
    url = reverse("partners_contributor:resend", args=(contributor.pk,))
    assert manager_client.get(url).status_code == 200 and len(mail.outbox) == 1
    response = manager_client.post(url)
    assert response.status_code == 302 and len(mail.outbox) == 2
    assert Contributor.objects.get(pk=contributor.pk).invited_at >= contributor.invited_at


# --- Accepting -------------------------------------------------------------------------------


def test_the_link_sets_a_password_once_and_then_is_refused(client, people):
    user = _invited(people)
    path = _link_path()
    response = _accept(client, path)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_login")
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and user.partner_membership.joined_at is not None
    assert client.login(username="zoe", password=PASSWORD)
    client.logout()

    again = _accept(client, path, password="Another-Password-99")
    assert again.status_code == 410 and b"already been used" in again.content
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_set_password_form_is_served_to_an_anonymous_visitor(client, people):
    _invited(people)
    response = client.get(client.get(_link_path())["Location"])
    assert response.status_code == 200 and b"new_password1" in response.content and b"zoe" in response.content


def test_an_expired_link_is_refused_and_a_longer_setting_accepts_it(client, people, settings, monkeypatch):
    user = _invited(people)
    eight_days_ago = datetime.datetime.now() - datetime.timedelta(days=8)
    monkeypatch.setattr(invitations.invitation_tokens, "_now", lambda: eight_days_ago)
    old_path = invitations.invitation_path(user)
    monkeypatch.undo()
    response = _accept(client, old_path)
    assert response.status_code == 410 and b"expired" in response.content
    user.refresh_from_db()
    assert not user.has_usable_password() and user.partner_membership.joined_at is None
    settings.PARTNER_INVITATION_DAYS = 10
    assert _accept(client, old_path).status_code == 302


@pytest.mark.parametrize("case", ["forged token", "unknown user", "password reset token", "not a contributor"])
def test_links_that_are_not_invitations_are_refused(client, people, case):
    user = _invited(people)
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitations.invitation_tokens.make_token(user)
    if case == "forged token":
        token = token[:-3] + "abc"
    elif case == "unknown user":
        uidb64 = urlsafe_base64_encode(force_bytes(999999))
    elif case == "password reset token":
        token = default_token_generator.make_token(user)
    elif case == "not a contributor":
        user = User.objects.create_user("outsider", "out@example.org")
        user.set_unusable_password()
        user.save()
        uidb64, token = urlsafe_base64_encode(force_bytes(user.pk)), invitations.invitation_tokens.make_token(user)
    path = reverse("partners_invitation", kwargs={"uidb64": uidb64, "token": token})
    response = _accept(client, path)
    assert response.status_code == 400 and b"not valid" in response.content
    # Posting straight to the form page without a valid link in the session changes nothing either.
    response = client.post(
        reverse("partners_invitation", kwargs={"uidb64": uidb64, "token": "set-password"}),
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code in (400, 410)
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_link_for_a_deactivated_organisation_is_refused(client, people):
    user = _invited(people)
    path = _link_path()
    set_password_url = client.get(path)["Location"]  # valid while the organisation is active
    Organisation.objects.filter(pk=people.ngo.pk).update(active=False)
    for response in (
        client.get(path),
        client.post(set_password_url, {"new_password1": PASSWORD, "new_password2": PASSWORD}),
    ):
        assert response.status_code == 410 and b"suspended" in response.content
    user.refresh_from_db()
    assert not user.has_usable_password() and user.partner_membership.joined_at is None


# --- Deactivation blocks at once --------------------------------------------------------------


def test_deactivating_an_organisation_signs_its_people_out_and_reactivating_restores_them(client, people):
    user = _invited(people)
    user.set_password(PASSWORD)
    user.save()
    assert client.login(username="zoe", password=PASSWORD)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    people.ngo.active = False
    people.ngo.save()
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not client.login(username="zoe", password=PASSWORD)
    response = client.post(reverse("wagtailadmin_login"), {"username": "zoe", "password": PASSWORD})
    assert response.status_code == 200 and response.context["form"].errors
    assert client.get(reverse("wagtailadmin_home")).status_code == 302

    people.ngo.active = True
    people.ngo.save()
    assert client.login(username="zoe", password=PASSWORD)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_other_organisations_and_staff_are_not_affected(client, people):
    other = _invited(people, username="ivan", email="ivan@example.org", organisation=people.igo)
    other.set_password(PASSWORD)
    other.save()
    Organisation.objects.filter(pk=people.ngo.pk).update(active=False)
    assert client.login(username="ivan", password=PASSWORD)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    client.force_login(people.manager)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_backend_loads_a_user_and_their_organisation_in_one_query(people, django_assert_num_queries):
    from partners.auth import PartnerAwareBackend

    partner = _invited(people)
    with django_assert_num_queries(1):
        assert PartnerAwareBackend().get_user(partner.pk) == partner
    with django_assert_num_queries(1):
        assert PartnerAwareBackend().get_user(people.manager.pk) == people.manager
    Organisation.objects.filter(pk=people.ngo.pk).update(active=False)
    assert PartnerAwareBackend().get_user(partner.pk) is None
