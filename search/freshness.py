"""What `update_index --changed` indexes: only what is missing or stale, nothing when current.

`make run` indexes at every start; a site holding 10,000 resources must not wait for a whole
rebuild when nothing changed. The signals keep both indexes in step while the site runs, so
what can be behind at start is what changed without them: a database restored or loaded
behind their back, a crash mid-import, or new code that builds documents differently.

- The public search (its database engine): a page is indexed again when it is live and public
  and has no document, or its document was built before its last publication (the document
  keeps the page's `last_published_at`); a document whose page is gone, no longer live or no
  longer public is removed; partners are indexed again when their documents are not one per
  organisation and locale. When the code that builds documents changed (its fingerprint,
  kept in SearchIndexState at the end of every rebuild, differs) or no rebuild was recorded,
  the whole index is rebuilt.
- Wagtail's own database index (the admin's search): objects with no index entry are added
  and entries of deleted objects removed. Its entries keep no date, so an object changed
  behind the signals' back is only caught by a full `update_index`.
- Any other backend (Elasticsearch): staleness cannot be told cheaply, so it is rebuilt.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Exists, OuterRef, TextField
from django.db.models.functions import Cast

from wagtail.models import Page

from modelsearch.conf import get_app_config

from partners.models import Organisation

from .backends import get_engine
from .documents import configured_locales
from .models import SearchDocument, SearchIndexState

STATE_NAME = "site-search-documents"
# The code a document's content depends on: a change to any of it makes every document stale.
DOCUMENT_CODE = ("documents.py", "indexing.py", "text.py", "backends/database_cloning.py")
RANGE = 20_000  # page ids compared at once


def documents_fingerprint():
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in DOCUMENT_CODE:
        digest.update((here / name).read_bytes())
    digest.update(" ".join(configured_locales()).encode())
    return digest.hexdigest()[:32]


def is_site_index(index):
    return hasattr(index, "add_aliases")


def indexed_models(index, models):
    """The models `index` holds: the public search only its searched page types and partners."""
    if not is_site_index(index):
        return models
    return [
        model
        for model in models
        if (issubclass(model, Page) and model is not Page and getattr(model, "search_kind", None))
        or issubclass(model, Organisation)
    ]


def record_rebuild(index):
    if is_site_index(index) and hasattr(get_engine(), "clone_documents"):
        SearchIndexState.objects.update_or_create(name=STATE_NAME, defaults={"value": documents_fingerprint()})


@dataclass
class Plan:
    """[(model, ids or None for all)] to index, and how to remove what should not be there."""

    to_index: list = field(default_factory=list)
    remove_ids: list = field(default_factory=list)  # page ids whose documents go (public search)
    index: object = None

    def remove(self):
        if is_site_index(self.index):
            from .indexing import page_key

            get_engine().delete_documents([page_key(page_id) for page_id in self.remove_ids])
            return len(self.remove_ids)
        before = self.index.entries.count()
        self.index.delete_stale_entries()  # an anti-join (search/backends/wagtail_database.py)
        return before - self.index.entries.count()

    def finish(self):
        engine = get_engine()
        if is_site_index(self.index) and hasattr(engine, "optimise"):
            engine.optimise()


def plan_for(index, models):
    """A Plan for `index`, or a string saying why it must be rebuilt whole."""
    if is_site_index(index):
        return _site_plan(index, indexed_models(index, models))
    entries = getattr(index, "entries", None)
    if entries is None or entries.model is not get_app_config().get_model("IndexEntry"):
        return "staleness cannot be told for this backend"
    return _entries_plan(index, models)


def _site_plan(index, models):
    if not hasattr(get_engine(), "clone_documents"):
        return "staleness cannot be told for this search engine"
    state = SearchIndexState.objects.filter(name=STATE_NAME).values_list("value", flat=True).first()
    if state is None:
        return "no rebuild recorded"
    if state != documents_fingerprint():
        return "the code that builds its documents changed"
    plan = Plan(index=index)
    live = set()
    for model in models:
        if issubclass(model, Organisation):
            continue
        pages = model.get_indexed_objects().live().public()
        ids = []
        for low, high, stamps in _ranges(pages.values_list("pk", "last_published_at")):
            live.update(stamps)
            in_range = SearchDocument.objects.filter(page_id__gte=low, page_id__lte=high)
            documents = dict(in_range.values_list("page_id", "published_at"))
            ids += [pk for pk, stamp in stamps.items() if pk not in documents or documents[pk] != stamp]
        if ids:
            plan.to_index.append((model, ids))
    documented = SearchDocument.objects.filter(page_id__isnull=False).values_list("page_id", flat=True)
    plan.remove_ids = [page_id for page_id in documented.iterator(chunk_size=RANGE) if page_id not in live]
    organisations = Organisation.objects.default_locale().count()
    if SearchDocument.objects.filter(kind="partner").count() != organisations * len(configured_locales()):
        plan.to_index.append((Organisation, None))
    return plan


def _ranges(rows):
    """(lowest id, highest id, {id: stamp}) for consecutive slices of (id, stamp) rows in id order."""
    batch = {}
    for pk, stamp in rows.order_by("pk").iterator(chunk_size=RANGE):
        batch[pk] = stamp
        if len(batch) == RANGE:
            yield min(batch), max(batch), batch
            batch = {}
    if batch:
        yield min(batch), max(batch), batch


def _entries_plan(index, models):
    plan = Plan(index=index)
    entries = index.entries
    from django.contrib.contenttypes.models import ContentType

    for model in models:
        content_type = ContentType.objects.get_for_model(model)
        # NOT EXISTS, an anti-join: `NOT IN (subquery)` is a hashed subplan only while the
        # entries fit in work_mem; at 600,000 entries PostgreSQL rescanned them for every
        # object and the check ran for many minutes.
        indexed = entries.filter(content_type_id=content_type.pk, object_id=Cast(OuterRef("pk"), TextField()))
        missing = model.get_indexed_objects().filter(~Exists(indexed)).order_by().values_list("pk", flat=True)
        ids = list(missing)
        if ids:
            plan.to_index.append((model, ids))
    return plan
