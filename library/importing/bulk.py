"""Creating many published pages at once: the fast path of imports and generated volume data.

`parent.add_child()` + `save_revision().publish()` costs about a hundred queries a page, and
wagtail-localize's alias of it in each synchronised locale as much again. Here a batch of new
pages under one parent is written with a handful of bulk queries: tree paths computed the way
treebeard computes them, base `wagtailcore_page` rows with `bulk_create`, the specific rows
with a raw `save_base` (as `loaddata` does for multi-table models), their many-to-many and
child rows in bulk, one revision and audit-log entries per page, and the `page_published`
signal the library's receivers rely on. Aliases for synchronised locales are copied the way
Wagtail's CreatePageAliasAction copies them (same fields, same tags, no revisions).

Pages must be validated before they get here (`full_clean`); search and reference indexes are
updated by the caller, in bulk, once the transaction has committed.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone

from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published
from wagtail_localize.models import LocaleSynchronization

# Fields an alias never copies from its source (CreatePageAliasAction's exclude list).
ALIAS_EXCLUDE = {"id", "page_ptr_id", "path", "depth", "numchild", "url_path", "latest_revision_id"}
CHUNK = 500


def _next_step(parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return Page._str2int(last[-Page.steplen :]) if last else 0


def _auto_now_fields(model):
    return [field.attname for field in model._meta.concrete_fields if getattr(field, "auto_now", False)]


def _child_rows(pages, model):
    """{related model: [rows]} for the in-memory child relations (authors, files, tags…)."""
    rows = {}
    for relation in get_all_child_relations(model):
        accessor = relation.get_accessor_name()
        related = relation.related_model
        sort_field = getattr(related, "sort_order_field", None)
        for page in pages:
            for position, child in enumerate(getattr(page, accessor).all()):
                setattr(child, relation.field.name, page)
                if sort_field:
                    setattr(child, sort_field, position)
                rows.setdefault(related, []).append(child)
    return rows


def _m2m_rows(pages, model):
    rows = {}
    for field in get_all_child_m2m_relations(model):
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).attname
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        for page in pages:
            for term in getattr(page, field.name).all():
                rows.setdefault(through, []).append(through(**{source: page.pk, target: term.pk}))
    return rows


def _pin_relations(pages, model):
    """Fix every cluster relation in memory (empty if never set). Once a page has a primary
    key, modelcluster would otherwise read an unset relation from the database, page by page."""
    for field in get_all_child_m2m_relations(model):
        for page in pages:
            manager = getattr(page, field.name)
            manager.set(list(manager.all()))
    for relation in get_all_child_relations(model):
        accessor = relation.get_accessor_name()
        for page in pages:
            manager = getattr(page, accessor)
            manager.set(list(manager.all()))


def insert_pages(parent, pages, *, revisions=True, user=None, now=None, pinned=False):
    """Insert unsaved, validated specific pages (one model) as the last children of `parent`.

    With `revisions`, each page gets a revision that is its live revision, and "create" and
    "publish" entries in the audit log. Aliases pass `revisions=False`, as Wagtail's do, and
    `pinned=True`: alias_copy() has set every relation already.
    """
    if not pages:
        return []
    model = type(pages[0])
    if not pinned:
        _pin_relations(pages, model)
    now = now or timezone.now()
    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(model)
    depth, step = parent.depth + 1, _next_step(parent)
    auto_now = _auto_now_fields(model)
    for page in pages:
        step += 1
        page.path = Page._get_path(parent.path, depth, step)
        page.depth, page.numchild = depth, 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = page.locale_id or parent.locale_id
        page.draft_title = page.title
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.last_published_at or now
        page.translation_key = page.translation_key or uuid.uuid4()
        for attname in auto_now:
            setattr(page, attname, now)
    base_fields = [field.attname for field in Page._meta.concrete_fields if not field.primary_key]
    bases = [Page(**{name: getattr(page, name) for name in base_fields}) for page in pages]
    Page.objects.bulk_create(bases, batch_size=CHUNK)
    for page, base in zip(pages, bases, strict=True):
        page.id = page.pk = base.pk
        # The specific row only: the base row exists (what `loaddata` does for multi-table models).
        page.save_base(raw=True, force_insert=True)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    for rows in (_child_rows(pages, model), _m2m_rows(pages, model)):
        for related, objects in rows.items():
            related.objects.bulk_create(objects, batch_size=CHUNK)
    if revisions:
        _add_revisions(pages, bases, content_type, user, now)
    return pages


def _add_revisions(pages, bases, content_type, user, now):
    base_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type=content_type,
            base_content_type=base_type,
            object_id=str(page.pk),
            created_at=now,
            user=user,
            object_str=str(page),
            content=page.serializable_data(),
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions, batch_size=CHUNK)
    for page, base, revision in zip(pages, bases, revisions, strict=True):
        page.latest_revision = page.live_revision = base.latest_revision = base.live_revision = revision
        page.latest_revision_created_at = base.latest_revision_created_at = now
    Page.objects.bulk_update(bases, ["latest_revision", "live_revision", "latest_revision_created_at"], CHUNK)
    entries = []
    for page in pages:
        for action, revision in (("wagtail.create", None), ("wagtail.publish", page.live_revision)):
            entries.append(
                PageLogEntry(
                    content_type=content_type,
                    label=page.get_admin_display_title(),
                    action=action,
                    page_id=page.pk,
                    revision=revision,
                    timestamp=now,
                    user=user,
                    content_changed=True,
                    data={},
                )
            )
    PageLogEntry.objects.bulk_create(entries, batch_size=CHUNK)


def announce_published(pages):
    """Send `page_published` as Revision.publish() does, for the receivers listening to it."""
    for page in pages:
        page_published.send(sender=type(page), instance=page, revision=page.live_revision)


def synchronised_locales(locale):
    """Locales whose trees wagtail-localize keeps in sync with `locale` (directly or in a chain)."""
    found, queue = {}, [locale.pk]
    while queue:
        for sync in LocaleSynchronization.objects.filter(sync_from_id=queue.pop(0)).select_related("locale"):
            if sync.locale_id != locale.pk and sync.locale_id not in found:
                found[sync.locale_id] = sync.locale
                queue.append(sync.locale_id)
    return list(found.values())


def _copy_cached_relations(source, copy, skip=()):
    """Share the related objects `source` already holds (a resource type, a file's document, a
    tag): indexing the copy then reads them from memory instead of one query each."""
    for field in source._meta.concrete_fields:
        if field.many_to_one and field.attname not in skip and field.is_cached(source):
            field.set_cached_value(copy, field.get_cached_value(source))


def alias_copy(page, locale):
    """An unsaved alias of a saved page in `locale`, as CreatePageAliasAction builds it."""
    model = type(page)
    alias = model()
    for field in model._meta.concrete_fields:
        if field.attname not in ALIAS_EXCLUDE:
            setattr(alias, field.attname, getattr(page, field.attname))
    _copy_cached_relations(page, alias, skip=ALIAS_EXCLUDE)
    # Set after the cached objects are shared: changing a key drops its stale cached object.
    alias.alias_of_id = page.pk
    alias.locale_id = locale.pk
    alias.translation_key = page.translation_key
    alias.latest_revision_id = None
    for field in get_all_child_m2m_relations(model):
        getattr(alias, field.name).set(list(getattr(page, field.name).all()))
    for relation in get_all_child_relations(model):
        accessor, related = relation.get_accessor_name(), relation.related_model
        copies = []
        for child in getattr(page, accessor).all():
            copy = related()
            for field in related._meta.concrete_fields:
                if not field.primary_key and field.name != relation.field.name:
                    setattr(copy, field.attname, getattr(child, field.attname))
            _copy_cached_relations(child, copy, skip={relation.field.attname})
            copies.append(copy)
        getattr(alias, accessor).set(copies)
    return alias


def insert_aliases(sources, alias_parents, now=None):
    """Alias freshly inserted pages under their parent's counterpart in each synchronised locale.

    `alias_parents` is [(locale, parent page in that locale)]. Every alias points at its source
    page (wagtail-localize would alias an alias for a locale synchronised from a non-source
    locale; here every locale follows the source directly). Returns the aliases.
    """
    created = []
    for locale, parent in alias_parents:
        aliases = [alias_copy(source, locale) for source in sources]
        insert_pages(parent, aliases, revisions=False, now=now, pinned=True)
        created.extend(aliases)
    return created
