"""Search and reference indexes for pages the import created in bulk.

hub.seed.indexing re-reads saved objects from the database to index them; that costs a dozen
queries per resource page (modelsearch does not prefetch ParentalManyToMany fields) and six
pages per resource with the locale aliases. Pages created by `bulk.insert_pages` still hold
every relation in memory, so they are indexed as they are, with no query per page. Pages the
import updates through Wagtail's publish are indexed by hub.seed.indexing.deferred_indexing.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from wagtail.models import ReferenceIndex

from modelsearch.backends import get_search_backends_with_name

logger = logging.getLogger(__name__)


def index_new_pages(model, pages, warn=None):
    """Add freshly inserted pages (one model, relations in memory) to both indexes."""
    if not pages:
        return
    if getattr(model, "search_auto_update", True):
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                backend.add_bulk(model, pages)
            except Exception as error:
                if not backend.catch_indexing_errors:
                    raise
                logger.warning("Search backend %r could not index %s pages: %s", name, model.__name__, error)
                if warn:
                    warn(f"Search backend {name!r} could not index the new resources: {error}")
    if ReferenceIndex.is_indexed(model):
        with transaction.atomic():
            _add_references(model, pages)


def _add_references(model, pages):
    """Insert the reference-index rows of new pages in one go.

    ReferenceIndex.create_or_update_for_object() costs two queries a page (find the existing
    rows, insert the new ones); new pages have no rows yet, so their references are extracted
    with the same Wagtail helper and inserted together. Without that helper (a future Wagtail),
    the public method is used.
    """
    extract = getattr(ReferenceIndex, "_extract_references_from_object", None)
    path_hash = getattr(ReferenceIndex, "_get_content_path_hash", None)
    if extract is None or path_hash is None:
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)
        return
    models = [model, *model._meta.get_parent_list()]
    content_type, *_middle, base_type = [
        ContentType.objects.get_for_model(item, for_concrete_model=False) for item in models
    ]
    rows = [
        ReferenceIndex(
            content_type=content_type,
            base_content_type=base_type,
            object_id=page.pk,
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=path_hash(content_path),
        )
        for page in pages
        for to_content_type_id, to_object_id, model_path, content_path in set(extract(page))
    ]
    ignore = {"ignore_conflicts": True} if connection.features.supports_ignore_conflicts else {}
    ReferenceIndex.objects.bulk_create(rows, batch_size=500, **ignore)
