"""Each organisation gets its contribution space, group, collection and review workflow (partners/spaces.py)."""

from wagtail.models import Collection, GroupPagePermission, Locale, Page, WorkflowPage

import pytest

from library.models import ResourcePage
from partners import spaces
from partners.models import ContributionReviewTask, ContributionSpacePage, Organisation

from .builders import partner_user


@pytest.fixture
def ngo(tree):
    return Organisation.objects.create(name="Zero Mercury Working Group", slug="zmwg", acronym="ZMWG", kind="ngo")


@pytest.fixture
def contributor(ngo, django_user_model):
    return partner_user(ngo, "zoe")


def test_a_new_organisation_gets_its_space_under_the_library(tree, ngo):
    space = spaces.space_of(ngo)
    assert space is not None and space.live
    assert space.get_parent().specific == tree.library
    assert space.organisation == ngo and space.locale == Locale.get_default()
    assert WorkflowPage.objects.get(page=space).workflow.name == spaces.WORKFLOW_NAME
    task = ContributionReviewTask.objects.get(name=spaces.TASK_NAME)
    assert list(task.groups.values_list("name", flat=True)) == [spaces.KNOWLEDGE_MANAGERS]


def test_its_group_may_add_and_change_in_its_space_only_and_never_publish(ngo):
    group = spaces.contributors_group(ngo)
    rules = GroupPagePermission.objects.filter(group=group)
    assert {(rule.page_id, rule.permission.codename) for rule in rules} == {
        (spaces.space_of(ngo).pk, "add_page"),
        (spaces.space_of(ngo).pk, "change_page"),
    }
    collections = {permission.collection for permission in group.collection_permissions.all()}
    assert collections == {spaces.collection_of(ngo)}
    assert spaces.collection_of(ngo).get_parent() == Collection.objects.get(name=spaces.CONTRIBUTIONS_COLLECTION)


def test_ensure_space_is_idempotent(tree, ngo):
    pages, groups = Page.objects.count(), spaces.contributors_group(ngo).permissions.count()
    assert spaces.ensure_space(ngo) == spaces.space_of(ngo)
    assert spaces.ensure_spaces() == 0
    assert Page.objects.count() == pages
    assert spaces.contributors_group(ngo).permissions.count() == groups
    assert ContributionSpacePage.objects.filter(organisation=ngo).count() == 1


def test_a_translation_of_an_organisation_gets_no_space_of_its_own(ngo):
    french = Locale.objects.get(language_code="fr")
    ngo.copy_for_translation(french).save()
    assert ContributionSpacePage.objects.filter(organisation__translation_key=ngo.translation_key).count() == 1


def test_a_contributor_can_add_but_not_publish_and_nothing_elsewhere(tree, ngo, contributor):
    space = spaces.space_of(ngo)
    in_space = space.permissions_for_user(contributor)
    assert in_space.can_add_subpage() and not in_space.can_publish_subpage()
    assert not tree.library.permissions_for_user(contributor).can_add_subpage()
    assert not tree.resource.permissions_for_user(contributor).can_edit()
    assert spaces.organisation_of(contributor) == ngo and spaces.is_partner_user(contributor)


def test_a_resource_in_a_space_records_its_contributor_and_provenance(tree, ngo):
    resource = ResourcePage(
        title="Mercury-free dental care", slug="dental", identifier="zmwg-1", resource_type=tree.resource.resource_type
    )
    spaces.space_of(ngo).add_child(instance=resource)
    resource.refresh_from_db()
    assert resource.contributed_by == ngo and resource.provenance == "partner"
    assert tree.resource.provenance == "secretariat"
    ngo.kind = Organisation.Kind.GOVERNMENT
    ngo.save()
    assert ResourcePage.objects.get(pk=resource.pk).provenance == "party"


def test_an_organisation_without_contributions_is_deleted_with_its_space_and_group(tree, ngo):
    space_id, group_name = spaces.space_of(ngo).pk, spaces.group_name(ngo)
    ngo.delete()
    assert not Page.objects.filter(pk=space_id).exists()
    assert not ContributionSpacePage.objects.filter(slug="zmwg").exists()
    assert spaces.contributors_group(ngo) is None and group_name


def test_the_admin_refuses_to_delete_an_organisation_with_contributions(tree, ngo, admin_client):
    kind = tree.resource.resource_type
    resource = ResourcePage(title="Dental amalgam phase-down", slug="amalgam", identifier="zm-2", resource_type=kind)
    spaces.space_of(ngo).add_child(instance=resource)
    response = admin_client.post(f"/admin/snippets/partners/organisation/delete/{ngo.pk}/", follow=True)
    assert response.status_code == 200
    assert "cannot be deleted; deactivate it instead" in response.content.decode()
    assert Organisation.objects.filter(pk=ngo.pk).exists()
    assert ResourcePage.objects.filter(pk=resource.pk).exists()


def test_a_resource_moved_out_of_a_space_becomes_the_secretariats(tree, ngo):
    kind = tree.resource.resource_type
    resource = ResourcePage(title="Dental amalgam phase-down", slug="amalgam", identifier="zm-3", resource_type=kind)
    spaces.space_of(ngo).add_child(instance=resource)
    resource.save_revision().publish()
    assert ResourcePage.objects.get(pk=resource.pk).provenance == "partner"
    Page.objects.get(pk=resource.pk).move(tree.library, pos="last-child")
    assert ResourcePage.objects.get(pk=resource.pk).contributed_by is None
    Page.objects.get(pk=resource.pk).move(spaces.space_of(ngo), pos="last-child")
    assert ResourcePage.objects.get(pk=resource.pk).contributed_by == ngo
