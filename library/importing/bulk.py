"""Creating many published pages at once: the fast path of generated volume data (generate_library).

`parent.add_child()` + `save_revision().publish()` costs about a hundred queries a page, and
wagtail-localize's alias of it in each synchronised locale as much again. Here a batch of new
pages under one parent is written with a handful of bulk statements (writer.py): tree paths
computed with treebeard's own converter, base `wagtailcore_page` rows, the specific rows (as
`loaddata` writes multi-table models, with the same raw pre_save/post_save signals), their
many-to-many and child rows, one revision and audit-log entries per page, and the `page_published`
signal the library's receivers rely on. Aliases for synchronised locales are copied the way
Wagtail's CreatePageAliasAction copies them (same fields, same tags, no revisions), inside the
database (hub/localize/aliases.py).

Pages must be validated before they get here (`full_clean`); search and reference indexes are
updated by the caller, in bulk, inside the same transaction (runner._Job._write_indexed).

This is the fast path of an operator's volume data only (generate_library): it publishes every
page and checks no page permission. Imports by users go through applying.Applier.create.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models import F
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published
from wagtail_localize.models import LocaleSynchronization

from hub.localize.aliases import child_path, concrete_chain, insert_aliases, next_step

from .writer import TableWriter, update_by_pk

__all__ = ["announce_published", "insert_aliases", "insert_pages", "synchronised_locales"]


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
    """{through model: (writer, [value tuples])} for the in-memory many-to-many relations."""
    rows = {}
    for field in get_all_child_m2m_relations(model):
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name())
        target = through._meta.get_field(field.m2m_reverse_field_name())
        values = [(page.pk, term.pk) for page in pages for term in getattr(page, field.name).all()]
        if values:
            rows[through] = (TableWriter(through, [source, target]), values)
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


def _saved(objects, using):
    for obj in objects:
        obj._state.adding = False
        obj._state.db = using


def _fields(model):
    return [field for field in model._meta.concrete_fields if not field.primary_key]


def _insert_rows(model, pages, using):
    """The base `wagtailcore_page` rows and the specific rows."""
    base = TableWriter(Page, _fields(Page))
    keys = base.insert_with_keys(base.values(page) for page in pages)
    chain = concrete_chain(model)
    for page, page_id in zip(pages, keys, strict=True):
        page.id = page_id
        for concrete in chain:
            setattr(page, concrete._meta.pk.attname, page_id)
    signalled = pre_save.has_listeners(model) or post_save.has_listeners(model)
    if signalled:
        # What `loaddata` (and save_base(raw=True)) sends for the specific rows.
        for page in pages:
            pre_save.send(sender=model, instance=page, raw=True, using=using, update_fields=None)
    for concrete in chain:
        TableWriter(concrete, concrete._meta.local_concrete_fields).insert_objects(pages)
    _saved(pages, using)
    if signalled:
        for page in pages:
            post_save.send(sender=model, instance=page, created=True, update_fields=None, raw=True, using=using)


def insert_pages(parent, pages, *, revisions=True, user=None, now=None):
    """Insert unsaved, validated specific pages (one model) as the last children of `parent`.

    With `revisions`, each page gets a revision that is its live revision, and "create" and
    "publish" entries in the audit log.
    """
    if not pages:
        return []
    model = type(pages[0])
    _pin_relations(pages, model)
    now = now or timezone.now()
    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(model)
    depth, step = parent.depth + 1, next_step(parent)
    auto_now = _auto_now_fields(model)
    for page in pages:
        step += 1
        page.path = child_path(parent.path, step)
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
    using = router.db_for_write(model)
    _insert_rows(model, pages, using)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    for related, children in _child_rows(pages, model).items():
        TableWriter(related, _fields(related)).insert_objects_with_keys(children)
    for writer, values in _m2m_rows(pages, model).values():
        writer.insert(values)
    if revisions:
        _add_revisions(pages, content_type, user, now)
    return pages


def _add_revisions(pages, content_type, user, now):
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
    TableWriter(Revision, _fields(Revision)).insert_objects_with_keys(revisions)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
        page.latest_revision_created_at = now
    update_by_pk(Page, pages, ["latest_revision", "live_revision", "latest_revision_created_at"])
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
    TableWriter(PageLogEntry, _fields(PageLogEntry)).insert_objects(entries)


def announce_published(pages):
    """Send `page_published` as Revision.publish() does, for the receivers listening to it.

    `indexed_in_bulk=True` tells a receiver that keeps a search index that the import indexes
    these pages itself, in bulk, before the chunk commits (indexing.index_new_pages, or a
    later `update_index` when the import was told to leave an index to it): it need not index
    them one by one. `new_in_bulk=True`: the pages were just created, so no translation of them
    exists yet (their locale aliases are already copies).
    """
    for page in pages:
        page_published.send(
            sender=type(page), instance=page, revision=page.live_revision, indexed_in_bulk=True, new_in_bulk=True
        )


def synchronised_locales(locale):
    """Locales whose trees wagtail-localize keeps in sync with `locale` (directly or in a chain)."""
    found, queue = {}, [locale.pk]
    while queue:
        for sync in LocaleSynchronization.objects.filter(sync_from_id=queue.pop(0)).select_related("locale"):
            if sync.locale_id != locale.pk and sync.locale_id not in found:
                found[sync.locale_id] = sync.locale
                queue.append(sync.locale_id)
    return list(found.values())
