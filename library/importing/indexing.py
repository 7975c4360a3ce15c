"""Search and reference indexes for pages the import created in bulk.

hub.seed.indexing re-reads saved objects from the database to index them; that costs a dozen
queries per resource page (modelsearch does not prefetch ParentalManyToMany fields) and six
pages per resource with the locale aliases. Pages created by `bulk.insert_pages` still hold
every relation in memory, so they are indexed as they are, with no query per page; their
aliases (copied in SQL by aliases.py) get copies of their sources' index entries and reference
rows. Pages the import updates through Wagtail's publish are indexed by
hub.seed.indexing.deferred_indexing.
"""

import logging
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction

from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import ReferenceIndex

from modelsearch.backends import get_search_backends_with_name
from modelsearch.conf import get_app_config

from .aliases import child_copies
from .writer import TableWriter

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
            _add_references(model, pages, aliases)


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
    """Give each (source id, alias id) pair an index entry copied from the source's, in SQL."""
    if not pairs:
        return
    connection = connections[router.db_for_write(entry_model)]
    meta = entry_model._meta
    quote = connection.ops.quote_name
    copied = [field.column for field in meta.concrete_fields if not field.primary_key and field.name != "object_id"]
    object_id = quote(meta.get_field("object_id").column)
    content_type = quote(meta.get_field("content_type").column)
    columns = ", ".join([object_id, *(quote(column) for column in copied)])
    values = ", ".join(f"e.{quote(column)}" for column in copied)
    content_type_id = ContentType.objects.get_for_model(model).pk
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


def _add_references(model, pages, aliases):
    """Insert the reference-index rows of new pages and their aliases in one go.

    ReferenceIndex.create_or_update_for_object() costs two queries a page (find the existing
    rows, insert the new ones); new pages have no rows yet, so their references are extracted
    with the same Wagtail helper and inserted together. An alias refers to what its source
    refers to, from its own copies of the source's child rows. Without that helper (a future
    Wagtail), the public method is used.
    """
    extract = getattr(ReferenceIndex, "_extract_references_from_object", None)
    path_hash = getattr(ReferenceIndex, "_get_content_path_hash", None)
    if extract is None or path_hash is None:
        for page in [*pages, *_AliasObjects(model, aliases)()]:
            ReferenceIndex.create_or_update_for_object(page)
        return
    models = [model, *model._meta.get_parent_list()]
    content_type, *_middle, base_type = [
        ContentType.objects.get_for_model(item, for_concrete_model=False) for item in models
    ]
    names = [
        "content_type",
        "base_content_type",
        "object_id",
        "to_content_type",
        "to_object_id",
        "model_path",
        "content_path",
        "content_path_hash",
    ]
    writer = TableWriter(ReferenceIndex, [ReferenceIndex._meta.get_field(name) for name in names])
    hash_field = ReferenceIndex._meta.get_field("content_path_hash")
    hashes = {}  # content path → prepared hash: pages share most of their paths

    def prepared_hash(content_path):
        if content_path not in hashes:
            hashes[content_path] = hash_field.get_db_prep_save(path_hash(content_path), writer.connection)
        return hashes[content_path]

    children = {relation.get_accessor_name(): relation.related_model for relation in get_all_child_relations(model)}
    copies = child_copies(model, aliases)
    aliases_of = defaultdict(list)
    for source_id, alias_id in aliases:
        aliases_of[source_id].append(alias_id)

    def alias_path(content_path, alias_id):
        """The content path in the alias: the same, naming the alias's copy of a child row."""
        accessor, _dot, rest = content_path.partition(".")
        key, _dot, tail = rest.partition(".")
        if accessor not in children:
            return content_path
        return f"{accessor}.{copies[(children[accessor], key, alias_id)]}.{tail}"

    def rows():
        for page in pages:
            # One row per target and content path: the table's unique constraint for a new page
            # (its id was never used before, so no older row can clash).
            found = {}
            for to_content_type_id, to_object_id, model_path, content_path in extract(page):
                found.setdefault((to_content_type_id, str(to_object_id), content_path), model_path)
            for object_id in (page.pk, *aliases_of[page.pk]):
                for (to_content_type_id, to_object_id, content_path), model_path in found.items():
                    path = content_path if object_id == page.pk else alias_path(content_path, object_id)
                    yield (
                        content_type.pk,
                        base_type.pk,
                        str(object_id),
                        to_content_type_id,
                        to_object_id,
                        model_path,
                        path,
                        prepared_hash(path),
                    )

    writer.insert(rows())
