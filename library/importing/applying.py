"""Turning validated records into resource pages: build new ones, update or leave existing ones.

A resource is matched by `identifier` in the default locale. A record whose every imported
value already equals the page's (its latest draft, if it has one) is "unchanged" and gets no
new revision. Otherwise the page is saved as an editor would save it in the admin, with the
importing user's page permissions (Wagtail's PagePermissionTester): a user who may publish in
the library publishes; anyone else saves a draft revision, submitted to the place's workflow
when it has one, and the live page stays as it was. An import with no user (the command line,
run by an operator) publishes.

A partner's import (`confined=True`, parent = the organisation's contribution space) never
publishes, whoever runs it: every new or changed resource is a draft submitted to the space's
review workflow, and a row naming a resource outside that space is a row error (another
organisation's or the secretariat's record is never moved or changed).

`create()` adds one new page through Wagtail's public API (add_child, save_revision, publish,
wagtail-localize's aliases). `build()` only makes the validated, unsaved page: the bulk fast path
(`bulk.insert_pages`, used by generate_library) writes those in batches.
"""

from django.utils.text import slugify

from wagtail.log_actions import log
from wagtail.models import Page
from wagtail_localize.synctree import create_aliases_for_new_page

from library.models import LibraryIndexPage, ResourceAuthor, ResourceFile, ResourcePage, ResourceTag

from .bulk import synchronised_locales
from .errors import RowError

SLUG_LENGTH = 80
PREFETCH = (
    "pillars",
    "thematic_areas",
    "gmp_areas",
    "countries",
    "articles",
    "collections",
    "authors",
    "files__document",
    "tagged_items__tag",
)
# Page tree fields a new page gets only when it is inserted (bulk.insert_pages).
TREE_FIELDS = ["path", "depth", "numchild", "url_path", "draft_title"]
# A new page's fresh uuid4 translation key is unique in its locale: no query to check it.
NEW_PAGE_FIELDS = ["translation_key"]


def find_library():
    """The Minamata library: the default-locale LibraryIndexPage showing its own resources."""
    from wagtail.models import Locale

    from .reading import ImportFileError

    index = (
        LibraryIndexPage.objects.filter(locale=Locale.get_default(), alias_of__isnull=True)
        .filter(collection__isnull=True)
        .order_by("path")
        .first()
    ) or (
        LibraryIndexPage.objects.filter(locale=Locale.get_default(), alias_of__isnull=True, collection__slug="minamata")
        .order_by("path")
        .first()
    )
    if index is None:
        raise ImportFileError(
            "There is no Minamata library to import into: create a Library page (with no collection, "
            "or the `minamata` collection) under the home page first, e.g. with `manage.py load_seed_content`."
        )
    return index


def loaded_relations(page):
    """Foreign keys holding an object read from the database during this import: the vocabulary
    terms, the locale, the content type. full_clean() would query each again to see it exists."""
    names = []
    for field in page._meta.concrete_fields:
        if field.many_to_one and field.is_cached(page):
            related = field.get_cached_value(page)
            if related is not None and not related._state.adding and related.pk == getattr(page, field.attname):
                names.append(field.name)
    return names


def main_file(page, language):
    """The resource's unlabelled file in `language`: the one an import manages."""
    return next((row for row in page.files.all() if row.language == language and not row.label), None)


class Applier:
    """Creates, updates or leaves resources under one library index."""

    def __init__(self, library, vocabulary, documents, user=None, confined=False):
        self.library = library  # the parent of new resources: the library, or a contribution space
        self.vocabulary = vocabulary
        self.documents = documents
        self.user = user
        self.confined = confined
        self.locale = library.locale
        # Only an operator's import (no user) and users allowed to publish there make pages live;
        # a partner's import never does.
        self.publishes_new = not confined and (user is None or library.permissions_for_user(user).can_publish_subpage())
        self.slugs = set(Page.objects.child_of(library).values_list("slug", flat=True))
        self.suffixes = {}  # slug base → last suffix tried
        self.alias_parents = []
        for locale in synchronised_locales(library.locale):
            parent = library.get_translation_or_none(locale)
            if parent is not None:
                self.alias_parents.append((locale, parent))

    def existing(self, identifiers):
        """{identifier: page} for the default-locale resources among `identifiers`."""
        pages = ResourcePage.objects.filter(locale=self.library.locale, identifier__in=identifiers).prefetch_related(
            *PREFETCH
        )
        return {page.identifier: page for page in pages}

    # New resources ------------------------------------------------------------------------------
    def allocate_slug(self, title, identifier):
        base = slugify(title)[:SLUG_LENGTH].rstrip("-") or slugify(identifier)[:SLUG_LENGTH].rstrip("-") or "resource"
        # Volume data repeats titles: start after the last suffix given to this base.
        suffix = self.suffixes.get(base, 1)
        slug = base if suffix == 1 else f"{base}-{suffix}"
        while slug in self.slugs:
            suffix += 1
            slug = f"{base}-{suffix}"
        self.suffixes[base] = suffix
        return slug

    def build(self, record, live=True):
        """An unsaved, validated ResourcePage for a new record; RowError or ValidationError if not."""
        values = {**record.defaults, **record.values}
        page = ResourcePage(locale=self.locale, live=live, **values)
        # Only records whose identifier `existing()` found in no resource of the locale get here,
        # and the file's own duplicates were refused when it was validated.
        page.identifier_checked = True
        page.slug = self.allocate_slug(page.title, record.identifier)
        for name, terms in {**record.defaults_m2m, **record.m2m}.items():
            getattr(page, name).set(terms)
        if record.tags:
            # The rows ClusterTaggableManager.set() would make, without its query a page.
            page.tagged_items.set([ResourceTag(tag=tag) for tag in self.vocabulary.tag_objects(record.tags)])
        if record.authors:
            page.authors.set([ResourceAuthor(name=name, kind=kind) for name, kind in record.authors])
        if record.file:
            document = self.documents.document_for(record.file, page.title)
            page.files.set([ResourceFile(document=document, language=record.file.language)])
        page.full_clean(exclude=[*TREE_FIELDS, *NEW_PAGE_FIELDS, *loaded_relations(page)])
        self.slugs.add(page.slug)
        return page

    def create(self, record):
        """Add a new resource as an editor would; returns True if it was published, False for a draft."""
        page = self.build(record, live=False)
        self.library.add_child(instance=page)
        log(instance=page, action="wagtail.create", user=self.user)
        revision = page.save_revision(user=self.user, log_action=False, clean=False)
        if self.publishes_new:
            revision.publish(user=self.user)
            page.refresh_from_db()  # publish() saved a copy made from the revision: now live
        else:
            self._submit(page)
        # What the admin's after_create_page hook of wagtail-localize does for a new page.
        create_aliases_for_new_page(page)
        return self.publishes_new

    def _submit(self, page):
        """Submit a draft to the workflow of its place, if there is one and it is not already in one."""
        workflow = page.get_workflow()
        # A workflow with no active task would "finish" at once by publishing as this user.
        # A partner's import run by an operator has no user: the workflow records no requester.
        submits = self.user is not None or self.confined
        if workflow is not None and submits and workflow.tasks.exists() and not page.workflow_in_progress:
            workflow.start(page, self.user)

    def _locked_by_review(self, page):
        """Is the page in a review task that locks it for this importer (as the admin's editor would be)?"""
        lock = page.get_lock()
        return lock is not None and (self.user is None or lock.for_user(self.user))

    def release_slug(self, page):
        self.slugs.discard(page.slug)
        self.suffixes.clear()

    # Existing resources -------------------------------------------------------------------------
    def changes(self, page, record):
        """Names of what differs between the page and the record (empty: unchanged)."""
        changed = []
        for name, value in record.values.items():
            field = ResourcePage._meta.get_field(name)
            if field.many_to_one:
                if getattr(page, field.attname) != (value.pk if value is not None else None):
                    changed.append(name)
            elif getattr(page, name) != value:
                changed.append(name)
        for name, terms in record.m2m.items():
            if {term.pk for term in getattr(page, name).all()} != {term.pk for term in terms}:
                changed.append(name)
        if record.tags is not None and sorted(item.tag.name for item in page.tagged_items.all()) != sorted(record.tags):
            changed.append("tags")
        if record.authors is not None and [(a.name, a.kind) for a in page.authors.all()] != record.authors:
            changed.append("authors")
        if record.file:
            current = main_file(page, record.file.language)
            if current is None or current.document.file_hash != record.file.sha1:
                changed.append("file")
        return changed

    def update(self, page, record):
        """Apply the record to an existing page; returns ("updated" or "unchanged", published?).

        A user who may not publish the page only adds a draft revision (submitted to the
        workflow); the live page and its aliases are left as they were.
        """
        publishes = True
        if self.confined and not (page.path.startswith(self.library.path) and page.depth > self.library.depth):
            raise RowError(
                "identifier",
                f"{record.identifier!r} is the identifier of a resource outside this contribution space; "
                "give your record another identifier",
            )
        if self.user is not None:
            permissions = page.permissions_for_user(self.user)
            if not permissions.can_edit():
                raise RowError("identifier", f"you may not edit the existing resource {record.identifier!r}")
            publishes = permissions.can_publish()
        publishes = publishes and not self.confined
        if page.has_unpublished_changes and page.latest_revision_id:
            # Compare with what its editors see: the latest draft, not the live version.
            page = page.get_latest_revision_as_object()
        changed = self.changes(page, record)
        if not changed:
            return "unchanged", True
        for name, value in record.values.items():
            setattr(page, name, value)
        for name, terms in record.m2m.items():
            getattr(page, name).set(terms)
        if "tags" in changed:
            page.tags.set(self.vocabulary.tag_objects(record.tags))
        if "authors" in changed:
            page.authors.set([ResourceAuthor(name=name, kind=kind) for name, kind in record.authors])
        if "file" in changed:
            document = self.documents.document_for(record.file, page.title)
            rows = list(page.files.all())
            current = main_file(page, record.file.language)
            if current is None:
                rows.append(ResourceFile(document=document, language=record.file.language))
            else:
                current.document = document
            page.files.set(rows)
        if page.locked:
            raise RowError("identifier", f"the resource {record.identifier!r} is locked by an editor; unlock it first")
        if self.confined and self._locked_by_review(page):
            raise RowError(
                "identifier", f"the resource {record.identifier!r} is awaiting review; change it once it is reviewed"
            )
        revision = page.save_revision(user=self.user, log_action=True)
        if publishes:
            revision.publish(user=self.user)
        else:
            self._submit(page)
        return "updated", publishes
