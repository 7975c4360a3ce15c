"""Contribution spaces: each organisation's library folder, group, document collection and review.

`ensure_space(organisation)` is idempotent and is what creates them (when an organisation is
saved, once the library exists; the seed calls `ensure_spaces()` after building the library).

What an organisation's group may do is Wagtail's permission model, nothing of our own:
- access the admin;
- add and change pages in its space (`add_page`, `change_page` on the space page) — never
  `publish_page`, so every contribution is a draft until the review workflow publishes it;
- add, change and choose documents and images in its own collection only.
Knowledge managers (one group) publish anywhere, review every space and manage organisations.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail_localize.synctree import create_aliases_for_new_page

from .models import ContributionReviewTask, ContributionSpacePage, Contributor, Organisation

KNOWLEDGE_MANAGERS = "Knowledge managers"
WORKFLOW_NAME = "Partner contribution review"
TASK_NAME = "Review by a knowledge manager"
CONTRIBUTIONS_COLLECTION = "Partner contributions"
GROUP_PREFIX = "Partner: "

SPACE_PAGE_PERMISSIONS = ("add_page", "change_page")
MEDIA_PERMISSIONS = {
    "wagtaildocs": ("add_document", "change_document", "choose_document"),
    "wagtailimages": ("add_image", "change_image", "choose_image"),
}
MANAGER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page")
MANAGER_MEDIA_PERMISSIONS = {
    "wagtaildocs": ("add_document", "change_document", "delete_document", "choose_document"),
    "wagtailimages": ("add_image", "change_image", "delete_image", "choose_image"),
}
# Model permissions (app label → codenames) knowledge managers hold beside the page tree.
MANAGER_MODEL_PERMISSIONS = {
    "wagtailadmin": ("access_admin",),
    "partners": (
        "add_organisation",
        "change_organisation",
        "view_organisation",
        "add_contributor",
        "change_contributor",
        "delete_contributor",
        "view_contributor",
    ),
    # Knowledge managers curate the vocabularies and the projects Party profiles show
    # (taxonomy terms are protected while in use, so there is no delete).
    "hub": (
        "add_project",
        "change_project",
        "delete_project",
        "view_project",
        *(
            f"{action}_{model}"
            for model in ("pillar", "thematicarea", "conventionarticle", "gmparea", "country", "region", "resourcetype")
            for action in ("add", "change", "view")
        ),
    ),
}


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


class _Permissions(dict):
    """(app label, codename) → Permission, each read once: the seed makes dozens of spaces."""

    def __missing__(self, key):
        self[key] = _permission(*key)
        return self[key]


def organisation_of(user):
    """The (source-locale) organisation `user` contributes for, or None (staff, visitors)."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_partner_organisation", False)
    if cached is not False:
        return cached
    membership = Contributor.objects.filter(user=user).select_related("organisation").first()
    organisation = membership.organisation if membership else None
    user._partner_organisation = organisation
    return organisation


def is_partner_user(user):
    """A contributor of an organisation who is not a superuser: the admin confines them to their space."""
    return bool(user is not None and user.is_authenticated and not user.is_superuser and organisation_of(user))


def group_name(organisation):
    return f"{GROUP_PREFIX}{organisation.source.slug}"


def contributors_group(organisation):
    """The organisation's own Wagtail group (created with its space)."""
    return Group.objects.filter(name=group_name(organisation)).first()


def knowledge_managers_group():
    """The reviewers' group, with its permissions; created on first use."""
    group, _created = Group.objects.get_or_create(name=KNOWLEDGE_MANAGERS)
    for app_label, codenames in MANAGER_MODEL_PERMISSIONS.items():
        group.permissions.add(*[_permission(app_label, codename) for codename in codenames])
    root_page = Page.get_first_root_node()
    if root_page is not None:
        for codename in MANAGER_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=_permission("wagtailcore", codename)
            )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for app_label, codenames in MANAGER_MEDIA_PERMISSIONS.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=_permission(app_label, codename)
                )
    return group


def review_workflow():
    """The workflow every contribution space uses: one review task for knowledge managers."""
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = ContributionReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = ContributionReviewTask.objects.create(name=TASK_NAME)
    task.groups.add(knowledge_managers_group())
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def minamata_library():
    """The default site's library index in the default locale, where spaces are made; None before it exists."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    library_index = apps.get_model("library", "LibraryIndexPage")
    return (
        library_index.objects.descendant_of(site.root_page, inclusive=True)
        .filter(locale=Locale.get_default())
        .order_by("path")
        .first()
    )


def space_of(organisation):
    """The organisation's contribution space (default locale), or None."""
    return (
        ContributionSpacePage.objects.filter(organisation=organisation.source, locale=Locale.get_default())
        .order_by("path")
        .first()
    )


def _collection(organisation):
    root = Collection.get_first_root_node()
    parent = root.get_children().filter(name=CONTRIBUTIONS_COLLECTION).first()
    if parent is None:
        parent = root.add_child(name=CONTRIBUTIONS_COLLECTION)
    name = organisation.name[:255]
    collection = parent.get_children().filter(name=name).first()
    return collection or parent.add_child(name=name)


def _grant(group, space, collection, permissions):
    group.permissions.add(permissions["wagtailadmin", "access_admin"])
    for codename in SPACE_PAGE_PERMISSIONS:
        permission = permissions["wagtailcore", codename]
        GroupPagePermission.objects.get_or_create(group=group, page=space, permission=permission)
    for app_label, codenames in MEDIA_PERMISSIONS.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permissions[app_label, codename]
            )


def collection_of(organisation):
    """The organisation's own document and image collection (created with its space)."""
    group = contributors_group(organisation)
    if group is None:
        return None
    permission = group.collection_permissions.select_related("collection").first()
    return permission.collection if permission else None


@transaction.atomic
def ensure_space(organisation, library=None, workflow=None, permissions=None):
    """The organisation's space, group, collection and workflow, made where missing; None without a library yet.

    `library`, `workflow` and `permissions` let `ensure_spaces()` look them up once for all.
    """
    organisation = organisation.source
    library = library or minamata_library()
    if library is None:
        return None
    space = space_of(organisation)
    if space is None:
        space = ContributionSpacePage(
            title=organisation.name[:255],
            slug=organisation.slug,
            organisation=organisation,
            intro=str(_("Resources contributed by this organisation, each reviewed before publication.")),
            show_in_menus=False,
        )
        if Page.objects.child_of(library).filter(slug=space.slug).exists():
            space.slug = f"{organisation.slug}-contributions"[:255]
        library.add_child(instance=space)
        space.save_revision().publish()
        create_aliases_for_new_page(space)
    group, _created = Group.objects.get_or_create(name=group_name(organisation))
    _grant(group, space, _collection(organisation), permissions if permissions is not None else _Permissions())
    WorkflowPage.objects.update_or_create(page=space, defaults={"workflow": workflow or review_workflow()})
    return space


def ensure_spaces():
    """Every organisation's space (the seed, after the library is built). Returns how many were created."""
    library = minamata_library()
    if library is None:
        return 0
    before = ContributionSpacePage.objects.count()
    workflow, permissions = review_workflow(), _Permissions()
    for organisation in Organisation.objects.default_locale().order_by("pk"):
        ensure_space(organisation, library, workflow, permissions)
    return ContributionSpacePage.objects.count() - before


def remove_empty_space(organisation):
    """Before an organisation is deleted: its empty space (every locale), group and media-free collection go too.

    A space that holds resources stays, and the organisation with it (its foreign key protects it).
    """
    collection, group = collection_of(organisation), contributors_group(organisation)
    for space in ContributionSpacePage.objects.filter(organisation=organisation).order_by("-depth", "-path"):
        if not space.get_children().exists():
            space.delete()
    if ContributionSpacePage.objects.filter(organisation=organisation).exists():
        return
    if group is not None:
        group.delete()
    if collection is not None and not _holds_media(collection):
        collection.delete()


def _holds_media(collection):
    members = collection.get_descendants(inclusive=True)
    return any(
        model.objects.filter(collection__in=members).exists() for model in (get_document_model(), get_image_model())
    )
