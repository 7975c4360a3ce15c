"""Search and reference indexes for pages the fast path (import_resources, generate_library)
created in bulk.

hub.seed.indexing re-reads saved objects from the database to index them; that costs a dozen
queries per resource page (modelsearch does not prefetch ParentalManyToMany fields) and six
pages per resource with the locale aliases. Pages created by `bulk.insert_pages` still hold
every relation in memory, so they are indexed as they are, with no query per page; their
aliases (copied in SQL by aliases.py) get copies of their sources' entries in Wagtail's
database index and of their sources' documents in the public search. Reference-index rows are
extracted as Wagtail's `ReferenceIndex.create_or_update_for_object` extracts them, an alias's
derived from its source's, and written in bulk (new pages have none). The caller runs this
inside the transaction that wrote the pages, so pages and index entries commit together.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction

from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import ReferenceIndex

from modelsearch.backends import get_search_backends_with_name
from modelsearch.conf import get_app_config

from hub.bulk_sql import execute_bound, values_cte

from .writer import TableWriter

logger = logging.getLogger(__name__)
COPY_BATCH = 2000  # (source, alias) pairs in one statement
REFERENCE_FIELDS = [
    ReferenceIndex._meta.get_field(name)
    for name in (
        "content_type",
        "base_content_type",
        "object_id",
        "to_content_type",
        "to_object_id",
        "model_path",
        "content_path",
        "content_path_hash",
    )
]


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
            _add_references(pages, aliases)


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
    if hasattr(index, "add_aliases"):  # the public search: aliases' documents copied from their sources'
        index.add_new_pages(model, pages)
        index.add_aliases(model, [alias_id for _source_id, alias_id in aliases])
        return
    entries = getattr(index, "entries", None)
    if entries is None or entries.model is not get_app_config().get_model("IndexEntry"):
        backend.add_bulk(model, [*pages, *(alias_objects() if aliases else [])])
        return
    backend.add_bulk(model, pages)
    copy_entries(entries.model, model, aliases)


def copy_entries(entry_model, model, pairs):
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
    for start in range(0, len(pairs), COPY_BATCH):
        batch = [(str(source), str(alias)) for source, alias in pairs[start : start + COPY_BATCH]]
        pairs_sql, params = values_cte(connection, "pairs", [("source_id", "text"), ("alias_id", "text")], batch)
        execute_bound(
            connection,
            # Only the quoted names of the entry table and its columns are interpolated.
            f"{pairs_sql}INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608
            f"SELECT pairs.alias_id, {values} FROM {quote(meta.db_table)} e "
            f"JOIN pairs ON e.{object_id} = pairs.source_id WHERE e.{content_type} = %s",
            [*params, content_type_id],
        )


def _add_references(pages, aliases):
    """The reference-index rows of new pages and of their aliases.

    Wagtail's `ReferenceIndex.create_or_update_for_object` costs two statements per object (read
    the existing rows, insert the new) and needs each object's relations loaded; a new page has
    no rows yet. So a source's references are extracted the way it extracts them
    (`_extract_references_from_object`, from the relations still in memory) and an alias's are
    its source's, with each child row's id replaced by that of the alias's own copy of it (an
    alias's child rows are copied in the source's order, aliases.py, so the n-th child of a
    relation is the copy of the source's n-th). They are written as value tuples, in one
    statement per batch, leaving out any row the index already holds (as bulk_create with
    ignore_conflicts): some tens of thousands of rows a chunk, too many to make a model
    instance of each.
    """
    model = type(pages[0])
    chain = [
        ContentType.objects.get_for_model(item, for_concrete_model=False)
        for item in [model, *model._meta.get_parent_list()]
    ]
    content_type_id, base_content_type_id = chain[0].pk, chain[-1].pk
    references = {page.pk: set(ReferenceIndex._extract_references_from_object(page)) for page in pages}
    # Only the child relations some reference runs through (a file's document, a tag) are read.
    through = {reference[3].partition(".")[0] for found in references.values() for reference in found}
    children = _child_ids(model, [*references, *(alias_id for _source, alias_id in aliases)], through)
    writer = TableWriter(ReferenceIndex, REFERENCE_FIELDS)
    hash_field = REFERENCE_FIELDS[-1]
    path_hashes = {}  # content path -> its hash, prepared for the database (a UUID, or hex on SQLite)
    rows = []

    def add(object_id, found):
        for to_content_type_id, to_object_id, model_path, content_path in found:
            path_hash = path_hashes.get(content_path)
            if path_hash is None:
                path_hash = ReferenceIndex._get_content_path_hash(content_path)
                path_hash = path_hashes[content_path] = hash_field.get_db_prep_save(path_hash, writer.connection)
            rows.append(
                (
                    content_type_id,
                    base_content_type_id,
                    str(object_id),
                    to_content_type_id,
                    str(to_object_id),
                    model_path,
                    content_path,
                    path_hash,
                )
            )

    for page_id, found in references.items():
        add(page_id, found)
    for source_id, alias_id in aliases:
        copies = {}
        for relation, by_page in children.items():
            for original, copy in zip(by_page.get(source_id, ()), by_page.get(alias_id, ()), strict=True):
                copies[(relation, str(original))] = str(copy)
        add(alias_id, [_for_alias(reference, copies) for reference in references.get(source_id, ())])
    writer.insert_ignoring_conflicts(rows)


def _child_ids(model, page_ids, names):
    """{child relation name: {page id: [child ids in order]}} for the pages' child rows of the
    relations `names`."""
    found = {}
    for relation in get_all_child_relations(model):
        if relation.get_accessor_name() not in names:
            continue
        related = relation.related_model
        by_page = found.setdefault(relation.get_accessor_name(), {})
        parent = relation.field.attname
        for start in range(0, len(page_ids), COPY_BATCH):
            rows = related._default_manager.filter(**{f"{parent}__in": page_ids[start : start + COPY_BATCH]})
            for page_id, child_id in rows.order_by(parent, "pk").values_list(parent, "pk"):
                by_page.setdefault(page_id, []).append(child_id)
    return found


def _for_alias(reference, copies):
    """A source's reference as its alias makes it: "files.<child>.document" names the alias's copy."""
    to_content_type_id, to_object_id, model_path, content_path = reference
    relation, _dot, rest = content_path.partition(".")
    child, _dot, tail = rest.partition(".")
    copy = copies.get((relation, child))
    if copy is not None:
        content_path = f"{relation}.{copy}.{tail}" if tail else f"{relation}.{copy}"
    return to_content_type_id, to_object_id, model_path, content_path
