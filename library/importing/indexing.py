"""Search and reference indexes for pages the fast path (generate_library) created in bulk.

hub.seed.indexing re-reads saved objects from the database to index them; that costs a dozen
queries per resource page (modelsearch does not prefetch ParentalManyToMany fields) and six
pages per resource with the locale aliases. Pages created by `bulk.insert_pages` still hold
every relation in memory, so they are indexed as they are, with no query per page; in the
database search backends their aliases (copied in SQL by aliases.py) get copies of their
sources' index entries. Reference-index rows go through Wagtail's public
`ReferenceIndex.create_or_update_for_object`. The caller runs this inside the transaction that
wrote the pages, so pages and index entries commit together.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction

from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import ReferenceIndex

from modelsearch.backends import get_search_backends_with_name
from modelsearch.conf import get_app_config

logger = logging.getLogger(__name__)
COPY_BATCH = 2000  # (source, alias) pairs in one statement


def index_new_pages(model, pages, aliases=(), warn=None, search_backends=None):
    """Add freshly inserted pages (one model, relations in memory) and their locale aliases
    (aliases.insert_aliases: [(source id, alias id)]) to the search and reference indexes.

    `search_backends`: the names of the search backends to feed (None: every auto-updated one);
    the others are left to `manage.py update_index --backend NAME`.
    """
    if not pages:
        return
    aliases = list(aliases)
    alias_objects = _AliasObjects(model, aliases)
    if getattr(model, "search_auto_update", True):
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            if search_backends is not None and name not in search_backends:
                continue
            try:
                _add_to_backend(backend, model, pages, aliases, alias_objects)
            except Exception as error:
                if not backend.catch_indexing_errors:
                    raise
                logger.warning("Search backend %r could not index %s pages: %s", name, model.__name__, error)
                if warn:
                    warn(f"Search backend {name!r} could not index the new resources: {error}")
    if ReferenceIndex.is_indexed(model):
        with transaction.atomic():
            _add_references(pages, alias_objects if aliases else list)


class _AliasObjects:
    """The alias pages, read from the database only if a backend needs them as objects."""

    def __init__(self, model, aliases):
        self.model = model
        self.ids = [alias_id for _source_id, alias_id in aliases]
        self._objects = None

    def __call__(self):
        if self._objects is None:
            model = self.model
            relations = [field.name for field in get_all_child_m2m_relations(model)]
            relations += [relation.get_accessor_name() for relation in get_all_child_relations(model)]
            self._objects = []
            for start in range(0, len(self.ids), COPY_BATCH):
                batch = self.ids[start : start + COPY_BATCH]
                self._objects.extend(model._default_manager.filter(pk__in=batch).prefetch_related(*relations))
        return self._objects


def _add_to_backend(backend, model, pages, aliases, alias_objects):
    """backend.add_bulk(), except that in the database backends an alias's entry is a copy of
    its source's: an alias has its source's text, and those backends store only text per object
    (title, autocomplete, body), filtering through the model's own table. Elasticsearch and any
    other backend index every alias as Wagtail would, read back from the database."""
    index = backend.get_index_for_model(model)
    entries = getattr(index, "entries", None)
    if entries is None or entries.model is not get_app_config().get_model("IndexEntry"):
        backend.add_bulk(model, [*pages, *(alias_objects() if aliases else [])])
        return
    backend.add_bulk(model, pages)
    _copy_entries(entries.model, model, aliases)


def _copy_entries(entry_model, model, pairs):
    """Give each (source id, alias id) pair an index entry copied from the source's, in SQL.

    An alias may have an entry already: text extraction re-indexes every page showing a
    document when it finishes, and with an immediate task backend that can happen before this
    copy. Those entries are replaced, so the copy never meets the table's unique constraint.
    """
    if not pairs:
        return
    content_type_id = ContentType.objects.get_for_model(model).pk
    alias_ids = [str(alias_id) for _source_id, alias_id in pairs]
    for start in range(0, len(alias_ids), COPY_BATCH):
        entry_model._default_manager.filter(
            content_type_id=content_type_id, object_id__in=alias_ids[start : start + COPY_BATCH]
        ).delete()
    connection = connections[router.db_for_write(entry_model)]
    meta = entry_model._meta
    quote = connection.ops.quote_name
    copied = [field.column for field in meta.concrete_fields if not field.primary_key and field.name != "object_id"]
    object_id = quote(meta.get_field("object_id").column)
    content_type = quote(meta.get_field("content_type").column)
    columns = ", ".join([object_id, *(quote(column) for column in copied)])
    values = ", ".join(f"e.{quote(column)}" for column in copied)
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), COPY_BATCH):
            batch = pairs[start : start + COPY_BATCH]
            # Only the quoted names of the entry table and its columns are interpolated.
            cursor.execute(
                f"WITH pairs(source_id, alias_id) AS (VALUES {', '.join(['(%s, %s)'] * len(batch))}) "  # noqa: S608
                f"INSERT INTO {quote(meta.db_table)} ({columns}) "
                f"SELECT pairs.alias_id, {values} FROM {quote(meta.db_table)} e "
                f"JOIN pairs ON e.{object_id} = pairs.source_id WHERE e.{content_type} = %s",
                [*(str(key) for pair in batch for key in pair), content_type_id],
            )


def _add_references(pages, alias_objects):
    """The reference-index rows of new pages and their aliases, through Wagtail's public
    `ReferenceIndex.create_or_update_for_object` (an alias refers to its own copies of the
    source's child rows, so it is read back and indexed as itself)."""
    for page in [*pages, *alias_objects()]:
        ReferenceIndex.create_or_update_for_object(page)
