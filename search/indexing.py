"""Keep the search documents in step with the site.

Wagtail already tells its search backends about every saved, published, imported or deleted
object (post_save, the importer's add_bulk, text extraction, `manage.py update_index`); the
bridge backend in search/backends/wagtail_bridge.py passes those calls here. Objects are
re-read from the database as *live and public*: a saved draft or a private page never reaches
the public index, whatever instance Wagtail hands over. The one exception is the bulk import's
new pages (`index_new_pages`): built from the objects it holds, once the database has said
which of them are live and public.
"""

import logging
from types import SimpleNamespace

from django.db.models import Prefetch

from wagtail.models import Page

from hub.models import Country
from partners.models import Organisation

from .backends import get_engine
from .documents import build_page_document, build_partner_documents, configured_locales, page_urls
from .params import SearchParams

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
SWEEP_CHUNK = 500  # stale keys indexed again together at the end of a rebuild
SWEEP_MARGIN = 1000  # documents an editor may add while a rebuild's sweep counts them


def page_key(page_id):
    return f"page:{page_id}"


def searchable_pages(model, ids=None):
    """Live, public pages of exactly `model`, with what their documents read prefetched."""
    # An alias's text is its source page's: its language decides the stemming (documents.text_locale).
    pages = model.objects.live().public().select_related("locale", "alias_of__locale")
    if model is not Page:
        pages = pages.exact_type(model)
    if ids is not None:
        pages = pages.filter(pk__in=ids)
    names = {field.name for field in model._meta.get_fields()}
    prefetch = [item for item in TAXONOMY_PREFETCH if _name(item) in names]
    prefetch += [item for item in RESOURCE_PREFETCH if item in names or f"{item}" in _reverse_names(model)]
    related = ("resource_type", "publisher", "contributed_by", "area", "pillar", "country__region")
    related = [name for name in related if _has(model, name)]
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


def index_pages(model, ids, indexed_keys=None):
    """(Re)index the given pages of one model; those no longer live and public leave the index.

    The keys of the documents written are added to `indexed_keys` when given (a rebuild's record).
    """
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

        count, handled = 0, set()
        for content_type_id, type_ids in by_type.items():
            specific = ContentType.objects.get_for_id(content_type_id).model_class()
            if specific is not None and specific is not Page and getattr(specific, "search_kind", None):
                count += index_pages(specific, type_ids, indexed_keys)
                handled.update(type_ids)
        # Deleted pages, and pages of a type that is not searched (any more), have no document.
        gone = set(ids) - handled
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
    if indexed_keys is not None:
        indexed_keys.update(document.key for document in documents)
    return len(documents)


def index_new_pages(model, pages):
    """Index pages the bulk import has just inserted, from the objects it holds.

    Their relations are still in memory (library.importing.bulk pins them), so the documents
    are built from them as they are, with no query per page; only which of them are live and
    public is read again (a view restriction above the library keeps them all out). The same
    pages read back from the database make the same documents (tests/test_import_integrity.py).
    """
    pages = list(pages)
    if not pages or not getattr(model, "search_kind", None):
        return index_pages(model, [page.pk for page in pages])
    shown = set(model.objects.live().public().filter(pk__in=[page.pk for page in pages]).values_list("pk", flat=True))
    urls = page_urls(
        [(page.pk, page.path, page.url_path) for page in pages if page.pk in shown], SimpleNamespace(), model
    )
    documents = []
    for page in pages:
        document = build_page_document(page, url=urls[page.pk]) if page.pk in shown else None
        if document is not None:
            documents.append(document)
    written = {document.page_id for document in documents}
    engine = get_engine()
    engine.delete_documents([page_key(page.pk) for page in pages if page.pk not in written])
    engine.index_documents(documents)
    return len(documents)


def index_aliases(model, ids, indexed_keys=None):
    """(Re)index locale aliases of one page model, copying their sources' documents.

    A database engine copies each alias's document from its source's in SQL
    (backends/database_cloning.py); any other engine, an alias whose source has no document, and
    during a rebuild (`indexed_keys` given) an alias whose source was not rewritten by it yet, are
    built in Python as any page. Outside a rebuild the caller vouches that the sources' documents
    are current (the bulk import has just written them).
    """
    ids = list(ids)
    engine = get_engine()
    if not ids:
        return 0
    if not hasattr(engine, "clone_documents") or not getattr(model, "search_kind", None):
        return index_pages(model, ids, indexed_keys)
    # Only what the URL and the stamp need, as values: no page object is made.
    aliases = list(
        Page.objects.live()
        .public()
        .filter(pk__in=ids, alias_of__isnull=False)
        .values_list("pk", "alias_of_id", "locale__language_code", "last_published_at", "path", "url_path")
    )
    found = {row[0] for row in aliases}
    clones, built = [], [pid for pid in ids if pid not in found]
    if indexed_keys is not None:
        built += [row[0] for row in aliases if page_key(row[1]) not in indexed_keys]
        aliases = [row for row in aliases if page_key(row[1]) in indexed_keys]
    urls = page_urls(
        [(page_id, path, url_path) for page_id, *_rest, path, url_path in aliases], SimpleNamespace(), model
    )
    for page_id, source_id, language_code, published_at, _path, _url_path in aliases:
        clones.append((source_id, page_id, language_code, urls[page_id], published_at))
    cloned = engine.clone_documents(clones)
    built += [alias_id for _source, alias_id, *_rest in clones if alias_id not in cloned]
    if indexed_keys is not None:
        indexed_keys.update(page_key(alias_id) for alias_id in cloned)
    # index_pages builds the rest, and removes the documents of pages no longer live and public.
    return len(cloned) + index_pages(model, built, indexed_keys)


def index_partners(ids, indexed_keys=None):
    ids = list(ids)
    engine = get_engine()
    locales = configured_locales()
    # A translation's save re-indexes its source: the documents are keyed by the source row.
    keys = Organisation.objects.filter(pk__in=ids).values_list("translation_key", flat=True)
    organisations = (
        Organisation.objects.default_locale().filter(translation_key__in=list(keys)).select_related("country__region")
    )
    documents = [document for org in organisations for document in build_partner_documents(org, locales)]
    found = {org.pk for org in organisations}
    engine.delete_documents([f"partner:{pid}:{locale}" for pid in ids if pid not in found for locale in locales])
    engine.index_documents(documents)
    if indexed_keys is not None:
        indexed_keys.update(document.key for document in documents)
    return len(documents)


def index_objects(model, objects, indexed_keys=None):
    """Entry point for Wagtail's indexing calls: pages and partners are searched, the rest not."""
    ids = [obj.pk for obj in objects if obj.pk is not None]
    if issubclass(model, Page):
        return index_pages(model, ids, indexed_keys)
    if issubclass(model, Organisation):
        return index_partners(ids, indexed_keys)
    return 0


def sweep_stale_documents(indexed_keys):
    """The end of a rebuild: documents it did not write are checked against the database.

    A rebuild rewrites documents in place, chunk by chunk, so visitors keep finding everything
    while it runs; what it did not write is left from objects deleted behind the signals' back,
    or was written by an editor's publish after its chunk had passed. Each such key is indexed
    again from the database, which keeps the second kind and removes the first.
    """
    engine = get_engine()
    stale_pages, stale_partners, unknown = set(), set(), []
    for locale in configured_locales():
        walk = engine.match_keys(SearchParams(locale=locale), limit=engine.document_count(locale) + SWEEP_MARGIN)
        for match in walk.keys:
            if match.key in indexed_keys:
                continue
            kind, _sep, rest = match.key.partition(":")
            object_id = rest.split(":")[0]
            if kind in ("page", "partner") and object_id.isdecimal():
                (stale_pages if kind == "page" else stale_partners).add(int(object_id))
            else:
                unknown.append(match.key)
    pages, partners = sorted(stale_pages), sorted(stale_partners)
    for start in range(0, len(pages), SWEEP_CHUNK):
        index_pages(Page, pages[start : start + SWEEP_CHUNK])
    for start in range(0, len(partners), SWEEP_CHUNK):
        index_partners(partners[start : start + SWEEP_CHUNK])
    engine.delete_documents(unknown)
    return len(stale_pages) + len(stale_partners) + len(unknown)


def remove_object(obj):
    engine = get_engine()
    if isinstance(obj, Page):
        engine.delete_documents([page_key(obj.pk)])
    elif isinstance(obj, Organisation):
        engine.delete_documents([f"partner:{obj.pk}:{locale}" for locale in configured_locales()])


def reindex_resources_of(organisation_id, *, publications=False):
    """The resources an organisation contributed (and with `publications`, published) indexed again.

    Their documents carry its provenance (`party` for a government) and its slug (`partner`).
    """
    from django.apps import apps
    from django.db.models import Q

    resource_page = apps.get_model("library", "ResourcePage")
    condition = Q(contributed_by_id=organisation_id)
    if publications:
        condition |= Q(publisher_id=organisation_id)
    ids = list(resource_page.objects.live().filter(condition).values_list("pk", flat=True))
    for start in range(0, len(ids), SWEEP_CHUNK):
        index_pages(resource_page, ids[start : start + SWEEP_CHUNK])
    return len(ids)


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
