"""Keep the search documents in step with the site.

Wagtail already tells its search backends about every saved, published, imported or deleted
object (post_save, the importer's add_bulk, text extraction, `manage.py update_index`); the
bridge backend in search/backends/wagtail_bridge.py passes those calls here. Objects are always
re-read from the database as *live and public*: a saved draft or a private page never reaches
the public index, whatever instance Wagtail hands over.
"""

import logging

from django.db.models import Prefetch

from wagtail.models import Page

from hub.models import Country
from partners.models import Organisation

from .backends import get_engine
from .documents import build_page_document, build_partner_documents, configured_locales

logger = logging.getLogger(__name__)

TAXONOMY_PREFETCH = (
    "pillars",
    "thematic_areas",
    "articles",
    "gmp_areas",
    Prefetch("countries", queryset=Country.objects.select_related("region")),
    "regions",
)
RESOURCE_PREFETCH = ("collections", "files", "authors", "tags")


def page_key(page_id):
    return f"page:{page_id}"


def searchable_pages(model, ids=None):
    """Live, public pages of exactly `model`, with what their documents read prefetched."""
    pages = model.objects.live().public().select_related("locale")
    if model is not Page:
        pages = pages.exact_type(model)
    if ids is not None:
        pages = pages.filter(pk__in=ids)
    names = {field.name for field in model._meta.get_fields()}
    prefetch = [item for item in TAXONOMY_PREFETCH if _name(item) in names]
    prefetch += [item for item in RESOURCE_PREFETCH if item in names or f"{item}" in _reverse_names(model)]
    related = [
        name for name in ("resource_type", "publisher", "area", "pillar", "country__region") if _has(model, name)
    ]
    return pages.select_related(*related).prefetch_related(*prefetch)


def _name(item):
    return item.prefetch_to if isinstance(item, Prefetch) else item


def _reverse_names(model):
    return {rel.get_accessor_name() for rel in model._meta.related_objects}


def _has(model, path):
    name = path.split("__")[0]
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist; the model simply lacks it
        return False
    return field.is_relation and (field.many_to_one or field.one_to_one)


def index_pages(model, ids):
    """(Re)index the given pages of one model; those no longer live and public leave the index."""
    ids = list(ids)
    if not ids:
        return 0
    engine = get_engine()
    documents, seen = [], set()
    if model is Page or not hasattr(model, "search_kind"):
        # A base-class instance: index each under its specific class.
        by_type = {}
        for page_id, content_type_id in Page.objects.filter(pk__in=ids).values_list("pk", "content_type"):
            by_type.setdefault(content_type_id, []).append(page_id)
        from django.contrib.contenttypes.models import ContentType

        count = 0
        for content_type_id, type_ids in by_type.items():
            specific = ContentType.objects.get_for_id(content_type_id).model_class()
            if specific is not None and specific is not Page and hasattr(specific, "search_kind"):
                count += index_pages(specific, type_ids)
        gone = set(ids) - {pid for type_ids in by_type.values() for pid in type_ids}
        if gone:
            engine.delete_documents([page_key(pid) for pid in gone])
        return count
    if getattr(model, "search_kind", None):
        for page in searchable_pages(model, ids):
            document = build_page_document(page)
            if document is not None:
                documents.append(document)
                seen.add(page.pk)
    engine.delete_documents([page_key(pid) for pid in ids if pid not in seen])
    engine.index_documents(documents)
    return len(documents)


def index_partners(ids):
    ids = list(ids)
    engine = get_engine()
    locales = configured_locales()
    organisations = Organisation.objects.filter(pk__in=ids).select_related("country__region")
    documents = [document for org in organisations for document in build_partner_documents(org, locales)]
    found = {org.pk for org in organisations}
    engine.delete_documents([f"partner:{pid}:{locale}" for pid in ids if pid not in found for locale in locales])
    engine.index_documents(documents)
    return len(documents)


def index_objects(model, objects):
    """Entry point for Wagtail's indexing calls: pages and partners are searched, the rest not."""
    ids = [obj.pk for obj in objects if obj.pk is not None]
    if issubclass(model, Page):
        return index_pages(model, ids)
    if issubclass(model, Organisation):
        return index_partners(ids)
    return 0


def remove_object(obj):
    engine = get_engine()
    if isinstance(obj, Page):
        engine.delete_documents([page_key(obj.pk)])
    elif isinstance(obj, Organisation):
        engine.delete_documents([f"partner:{obj.pk}:{locale}" for locale in configured_locales()])


def reindex_subtree(page):
    """After a move or a privacy change: every page below (and including) `page`."""
    descendants = Page.objects.descendant_of(page, inclusive=True)
    by_type = {}
    for page_id, content_type_id in descendants.values_list("pk", "content_type"):
        by_type.setdefault(content_type_id, []).append(page_id)
    from django.contrib.contenttypes.models import ContentType

    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None and getattr(model, "search_kind", None):
            for start in range(0, len(ids), 500):
                index_pages(model, ids[start : start + 500])
