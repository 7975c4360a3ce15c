"""Demo people and contributions, so a newcomer sees the partner review flow after `make run`.

Demo content (loaded with the rest of it, into an empty site only: hub/seed/runner.py):
- a knowledge manager, member of the "Knowledge managers" group that reviews every space;
- a partner user of an NGO with a contribution awaiting review, submitted with a note;
- a partner user of a government with a contribution returned for changes, with the reviewer's comment;
- one approved, published contribution of each of the two, so the partner profiles and the
  search's `provenance` facet show a `party` and a `partner` record.

Every step is the one the admin takes: a draft added to the space, its revision, the space's
workflow started by the partner, the review task's action taken by the knowledge manager. So
Wagtail records the states and history, and partners/review.py writes the review notes from its
workflow signals, as it does for real submissions.

The people get no usable password here, since a seed may run on a server:
`create_demo_admin` (DEBUG only) sets the demo password and prints the logins.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Locale
from wagtail_localize.synctree import create_aliases_for_new_page

from hub.management.commands.create_demo_admin import DEMO_PEOPLE
from hub.models import ResourceType
from partners.invitations import join
from partners.models import Organisation
from partners.review import PENDING_NOTE_ATTR
from partners.spaces import knowledge_managers_group, minamata_library, space_of

SECTION = "Demo partner people and contributions"
KNOWLEDGE_MANAGER, NGO_PARTNER, GOVERNMENT_PARTNER = DEMO_PEOPLE
# The organisations the two partner users speak for: these, else the first of that kind (by slug).
ORGANISATIONS = {
    NGO_PARTNER: ("nrdc", Organisation.Kind.NGO),
    GOVERNMENT_PARTNER: ("government-of-burkina-faso", Organisation.Kind.GOVERNMENT),
}
PEOPLE = {
    KNOWLEDGE_MANAGER: ("Demo", "Knowledge Manager"),
    NGO_PARTNER: ("Demo", "NGO Partner"),
    GOVERNMENT_PARTNER: ("Demo", "Government Partner"),
}

PUBLISHED, IN_REVIEW, CHANGES_REQUESTED = "published", "in-review", "changes-requested"
SUMMARY = (
    "A demonstration record, loaded with the platform's demo content to show how a partner organisation "
    "contributes to the library through its contribution space and the review by a knowledge manager. "
    "It is not a publication of {name}."
)
# (partner, slug, outcome, title, the partner's note on submitting, the reviewer's comment)
CONTRIBUTIONS = (
    (
        NGO_PARTNER,
        "demo-contribution-published",
        PUBLISHED,
        "Demo contribution: a published example from {name}",
        "A first contribution from our organisation, for the library and our profile.",
        "Thank you: approved and published.",
    ),
    (
        GOVERNMENT_PARTNER,
        "demo-contribution-published",
        PUBLISHED,
        "Demo contribution: a published example from {name}",
        "Our first national contribution to the library.",
        "Approved: it is listed as a record contributed by a Party's government.",
    ),
    (
        NGO_PARTNER,
        "demo-contribution-in-review",
        IN_REVIEW,
        "Demo contribution: an example awaiting review from {name}",
        "Please check the summary; the full document will follow in French and Spanish.",
        "",
    ),
    (
        GOVERNMENT_PARTNER,
        "demo-contribution-changes-requested",
        CHANGES_REQUESTED,
        "Demo contribution: an example returned for changes to {name}",
        "Submitted for the library's national resources.",
        "Please add the publication date and the languages the document exists in, then submit it again.",
    ),
)


def identifier_of(organisation, slug):
    return f"{organisation.slug}-{slug}"


def load_demo(context):
    """The demo people and contributions (a seed finalizer: the library and the spaces exist by then)."""
    tally = context.tally(SECTION)
    if minamata_library() is None:
        context.write("  no library: demo contributions skipped")
        return
    # A seed is not a review: nobody is to be e-mailed about these submissions and decisions.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        manager = _person(tally, KNOWLEDGE_MANAGER)
        manager.groups.add(knowledge_managers_group())
        partners = {}
        for username, (slug, kind) in ORGANISATIONS.items():
            organisations = Organisation.objects.default_locale().active()
            organisation = (
                organisations.filter(slug=slug).first() or organisations.filter(kind=kind).order_by("slug").first()
            )
            if organisation is None:
                context.write(f"  no {kind} organisation: {username} skipped")
                continue
            partners[username] = (_partner(tally, username, organisation, manager), organisation)
        for username, slug, outcome, title, note, comment in CONTRIBUTIONS:
            if username in partners:
                user, organisation = partners[username]
                _contribute(tally, user, organisation, manager, slug, outcome, title, note, comment)
    context.report(SECTION)


def _person(tally, username):
    first_name, last_name = PEOPLE[username]
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@example.org", "first_name": first_name, "last_name": last_name},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    tally.add("created" if created else "unchanged")
    return user


def _partner(tally, username, organisation, manager):
    user = _person(tally, username)
    contributor = join(user, organisation)  # idempotent: the membership and the organisation's group
    if contributor.invited_by_id is None:
        now = timezone.now()
        contributor.invited_by, contributor.invited_at, contributor.joined_at = manager, now, now
        contributor.save(update_fields=["invited_by", "invited_at", "joined_at"])
    return user


def _contribute(tally, user, organisation, manager, slug, outcome, title, note, comment):
    """One contribution, as the partner and the knowledge manager would make it in the admin."""
    resource_page = apps.get_model("library", "ResourcePage")
    identifier = identifier_of(organisation, slug)
    existing = resource_page.objects.filter(identifier=identifier, locale=Locale.get_default()).first()
    if existing is not None:
        tally.add("unchanged")
        return existing
    collections = apps.get_model("library", "LibraryCollection").objects.default_locale()
    page = resource_page(
        title=title.format(name=organisation.name)[:255],
        slug=slug,
        identifier=identifier,
        resource_type=ResourceType.objects.get(slug="other", locale=Locale.get_default()),
        summary=SUMMARY.format(name=organisation.name),
        languages=["en"],
        publisher=organisation,
        owner=user,
        live=False,
    )
    # As a partner's form leaves it (ResourcePage.clean): the Minamata library; the GMP hub is an editor's choice.
    page.collections = list(collections.filter(slug="minamata"))
    space_of(organisation).add_child(instance=page)
    log(instance=page, action="wagtail.create", user=user)
    # The partner's note to the reviewers, as the edit form hands it over (partners/review.py).
    setattr(page, PENDING_NOTE_ATTR, note)
    page.save_revision(user=user, log_action=True)
    # As the admin's after_create_page hook does: the locale trees are synchronised already.
    create_aliases_for_new_page(page)
    workflow_state = page.get_workflow().start(page, user)
    task_state = workflow_state.current_task_state
    if outcome == PUBLISHED:
        task_state.task.specific.on_action(task_state, manager, "approve", comment=comment)
    elif outcome == CHANGES_REQUESTED:
        task_state.task.specific.on_action(task_state, manager, "reject", comment=comment)
    tally.add("created")
    return page
