"""The seed's partner side: a contribution space per organisation, and the demo people and contributions.

The full seed is loaded once for the package (tests/seeded/conftest.py) and rolled back after it.
"""

import io
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import Locale, PageLogEntry, Revision, TaskState, WorkflowPage, WorkflowState

import pytest

from hub.management.commands.create_demo_admin import DEMO_PASSWORD, DEMO_PEOPLE
from hub.seed.context import SeedContext
from library.models import ResourcePage
from partners import spaces
from partners.models import ContributionReviewTask, ContributionSpacePage, Contributor, Organisation, ReviewNote
from partners.seed import demo

PARTNERS_DATA = Path(__file__).resolve().parents[2] / "partners" / "seed" / "data" / "partners.json"
User = get_user_model()


def contribution(organisation_slug, slug):
    return ResourcePage.objects.get(
        identifier=demo.identifier_of(Organisation.objects.default_locale().get(slug=organisation_slug), slug),
        locale=Locale.get_default(),
    )


def workflow_state_of(page):
    return WorkflowState.objects.filter(object_id=str(page.pk)).order_by("-pk").first()


def notes(page):
    return list(ReviewNote.objects.filter(page=page).order_by("pk").values_list("kind", "author__username", "text"))


def demo_snapshot():
    """What the demo step writes, counted."""
    return {
        model.__name__: model.objects.count()
        for model in (User, Contributor, ResourcePage, Revision, WorkflowState, TaskState, ReviewNote, PageLogEntry)
    }


@pytest.mark.django_db
def test_every_organisation_of_the_data_has_its_space_and_group(seeded):
    names = {record["name"] for record in json.loads(PARTNERS_DATA.read_text(encoding="utf-8"))}
    organisations = Organisation.objects.default_locale()
    spaces_in_english = ContributionSpacePage.objects.filter(locale=Locale.get_default())
    assert spaces_in_english.count() == organisations.count() == len(names)
    assert set(spaces_in_english.values_list("organisation__slug", flat=True)) == set(
        organisations.values_list("slug", flat=True)
    )
    library = spaces.minamata_library()
    assert all(space.get_parent().pk == library.pk for space in spaces_in_english)
    # Each space is aliased into the five other locales, and reviewed through the one workflow.
    assert ContributionSpacePage.objects.exclude(locale=Locale.get_default()).count() == 5 * len(names)
    workflows = set(WorkflowPage.objects.filter(page__in=spaces_in_english).values_list("workflow__name", flat=True))
    assert workflows == {spaces.WORKFLOW_NAME}
    assert all(spaces.contributors_group(organisation) is not None for organisation in organisations)


@pytest.mark.django_db
def test_the_knowledge_manager_reviews_every_space(seeded):
    manager = User.objects.get(username=demo.KNOWLEDGE_MANAGER)
    assert manager.groups.filter(pk=spaces.knowledge_managers_group().pk).exists()
    assert not manager.is_superuser and not manager.has_usable_password()  # the seed sets no password
    task = ContributionReviewTask.objects.get(name=spaces.TASK_NAME)
    assert list(task.groups.values_list("name", flat=True)) == [spaces.KNOWLEDGE_MANAGERS]
    assert task.get_actions(contribution("nrdc", "demo-contribution-in-review"), manager)
    assert not Contributor.objects.filter(user=manager).exists()


@pytest.mark.django_db
def test_the_demo_partners_speak_for_an_ngo_and_a_government(seeded):
    ngo = User.objects.get(username=demo.NGO_PARTNER)
    government = User.objects.get(username=demo.GOVERNMENT_PARTNER)
    assert spaces.organisation_of(ngo).slug == "nrdc"
    assert spaces.organisation_of(government).slug == "government-of-burkina-faso"
    assert spaces.is_partner_user(ngo) and spaces.is_partner_user(government)
    assert ngo.groups.get() == spaces.contributors_group(spaces.organisation_of(ngo))
    assert not ngo.has_usable_password() and not government.has_usable_password()
    # A partner user may add in its own space and publish nowhere.
    own = spaces.space_of(spaces.organisation_of(ngo))
    assert own.permissions_for_user(ngo).can_add_subpage()
    assert not own.permissions_for_user(ngo).can_publish_subpage()
    other = spaces.space_of(spaces.organisation_of(government))
    assert not other.permissions_for_user(ngo).can_add_subpage()


@pytest.mark.django_db
def test_the_ngo_partner_has_a_contribution_awaiting_review_with_its_note(seeded):
    page = contribution("nrdc", "demo-contribution-in-review")
    assert not page.live and page.owner.username == demo.NGO_PARTNER
    assert page.get_parent().specific == spaces.space_of(page.contributed_by)
    state = workflow_state_of(page)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by.username == demo.NGO_PARTNER
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS
    note = "Please check the summary; the full document will follow in French and Spanish."
    assert notes(page) == [("submitted", demo.NGO_PARTNER, note)]
    assert ReviewNote.objects.get(page=page).workflow_state == state


@pytest.mark.django_db
def test_the_government_partner_has_a_contribution_with_changes_requested(seeded):
    page = contribution("government-of-burkina-faso", "demo-contribution-changes-requested")
    assert not page.live
    state = workflow_state_of(page)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    task_state = state.current_task_state
    assert (task_state.status, task_state.finished_by.username) == (TaskState.STATUS_REJECTED, demo.KNOWLEDGE_MANAGER)
    assert notes(page) == [
        ("submitted", demo.GOVERNMENT_PARTNER, "Submitted for the library's national resources."),
        (
            "changes-requested",
            demo.KNOWLEDGE_MANAGER,
            "Please add the publication date and the languages the document exists in, then submit it again.",
        ),
    ]


@pytest.mark.django_db
def test_the_approved_contributions_are_live_with_their_provenance(seeded):
    ngo = contribution("nrdc", "demo-contribution-published")
    government = contribution("government-of-burkina-faso", "demo-contribution-published")
    assert (ngo.live, ngo.provenance, ngo.contributed_by.slug) == (True, "partner", "nrdc")
    assert (government.live, government.provenance) == (True, "party")
    for page in (ngo, government):
        state = workflow_state_of(page)
        assert state.status == WorkflowState.STATUS_APPROVED
        published = PageLogEntry.objects.get(page=page, action="wagtail.publish")
        assert published.user.username == demo.KNOWLEDGE_MANAGER  # by the approval, not by the partner
        assert [kind for kind, _author, _text in notes(page)] == ["submitted", "approved"]
        # Aliased into every locale and live there too, like any published page.
        aliases = ResourcePage.objects.filter(alias_of=page)
        assert aliases.count() == 5 and not aliases.filter(live=False).exists()
        assert set(page.collections.values_list("slug", flat=True)) == {"minamata"}
    # Only the approved ones are public: the other two stay drafts.
    contributed = ResourcePage.objects.filter(locale=Locale.get_default(), contributed_by__isnull=False)
    assert contributed.count() == 4 and contributed.live().count() == 2
    assert not ResourcePage.objects.live().filter(identifier__endswith="demo-contribution-in-review").exists()


@pytest.mark.django_db
def test_loading_the_demo_again_changes_nothing(seeded):
    before = demo_snapshot()
    context = SeedContext(stdout=io.StringIO())
    demo.load_demo(context)
    assert context.tally(demo.SECTION).created == 0
    assert demo_snapshot() == before


@pytest.mark.django_db
def test_a_second_seed_run_submits_nothing_again(seeded):
    before = demo_snapshot()
    output = io.StringIO()
    call_command("load_seed_content", stdout=output)
    assert "Reference data only" in output.getvalue()
    assert demo_snapshot() == before


@pytest.mark.django_db
def test_create_demo_admin_sets_and_prints_every_demo_login(seeded, settings):
    settings.DEBUG = True
    output = io.StringIO()
    call_command("create_demo_admin", stdout=output)
    text = output.getvalue()
    for username in ("admin", *DEMO_PEOPLE):
        assert username in text
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert "Natural Resources Defense Council" in text and "Government of Burkina Faso" in text


@pytest.mark.django_db
def test_create_demo_admin_refuses_with_debug_off_and_sets_no_password(seeded, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_demo_admin", stdout=io.StringIO())
    assert not any(user.has_usable_password() for user in User.objects.filter(username__in=DEMO_PEOPLE))
    assert not User.objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_visitors_see_the_approved_contributions_and_never_the_drafts(seeded, client):
    published = contribution("nrdc", "demo-contribution-published")
    response = client.get(published.url)
    assert response.status_code == 200 and published.title in response.text
    results = client.get("/en/search/", {"q": "Demo contribution"}).text
    assert published.title in results
    for slug, organisation in (
        ("demo-contribution-in-review", "nrdc"),
        ("demo-contribution-changes-requested", "government-of-burkina-faso"),
    ):
        draft = contribution(organisation, slug)
        assert client.get(draft.get_url()).status_code == 404
        assert draft.title not in results
