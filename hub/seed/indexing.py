"""Index saved objects once, at the end of a block, instead of on every save — in that block only.

A first seed saves each page two or three times (created, then published from its revision,
then copied into five locale trees) and every save runs a search-index task and a
reference-index task. While the seed (or an import) runs, those per-save updates are collected
instead and done once per object afterwards, in bulk for the search index. The result is the
same index.

The deferral belongs to the code that asked for it, not to the process: modelsearch's post_save
handler is replaced, once, by one that defers only when the current context (thread or task,
through a ContextVar) is inside `defer_search_updates()`, and otherwise calls modelsearch's own
handler. Another editor's save in another thread is indexed at once, as always. Wagtail's
reference index has its own per-context switch (`disable_reference_index_auto_update`).

`with_search_relations` reads what modelsearch's indexes follow per chunk, not per object: the
seed's indexing and `update_index` (search/management/commands/update_index.py) both use it.
"""

import threading
from collections import defaultdict
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models.signals import post_save

from modelcluster.fields import ParentalKey
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import RelatedFields, class_is_indexed, get_indexed_models
from modelsearch.signal_handlers import post_save_signal_handler

DISPATCH_UID = "hub.seed.deferred_indexing"
CHUNK = 500

# {model: {pk}} of the objects saved in this context while deferring; None: not deferring.
_deferred = ContextVar("hub_seed_deferred_saves", default=None)
_install_lock = threading.Lock()
_installed = False


def _post_save(sender, instance, **kwargs):
    """modelsearch's post_save handler, except in a context that defers."""
    if _deferred.get() is None:
        post_save_signal_handler(instance=instance, sender=sender, **kwargs)


def _collect(sender, instance, raw=False, **kwargs):
    """Note every object a deferring context saves (indexed for search or only for references)."""
    saved = _deferred.get()
    if saved is not None and not raw:
        saved[sender].add(instance.pk)


def install_deferrable_handler():
    """Put `_post_save` in the place of modelsearch's handler, for every model it listens to.

    Done once per process. The new handler is connected before the old one is removed, so no
    save in another thread goes unindexed in between (one may be indexed twice, which is harmless).
    """
    global _installed
    with _install_lock:
        if _installed:
            return
        post_save.connect(_collect, weak=False, dispatch_uid=DISPATCH_UID)
        for model in get_indexed_models():
            if getattr(model, "search_auto_update", True):
                uid = (DISPATCH_UID, model._meta.label)
                post_save.connect(_post_save, sender=model, weak=False, dispatch_uid=uid)
                if not post_save.disconnect(post_save_signal_handler, sender=model):
                    post_save.disconnect(sender=model, dispatch_uid=uid)  # modelsearch never listened here
        _installed = True


@contextmanager
def defer_search_updates():
    """Collect what this context saves, instead of indexing it; yields {model: {pk}}.

    Only the current thread or task defers. What is done with the collection is the caller's
    choice: `update_indexes()` it, or drop it (a dry run rolled back).
    """
    install_deferrable_handler()
    nested = _deferred.get() is not None
    saved = defaultdict(set)
    token = _deferred.set(saved)
    try:
        # Wagtail's switch is a flag its context manager deletes on exit: set it only once.
        with nullcontext() if nested else disable_reference_index_auto_update():
            yield saved
    finally:
        _deferred.reset(token)


def note_saved(model, pks):
    """Objects this context wrote or completed without `save()` (in bulk, in SQL; a page's child
    rows and tags written after its own row): indexed with the saved ones when the deferring
    block ends. Returns whether this context defers (False: nothing was noted)."""
    saved = _deferred.get()
    if saved is None:
        return False
    saved[model].update(pks)
    return True


@contextmanager
def deferred_indexing(context):
    """Collect saved objects during the block; index them when it ends without an error."""
    with defer_search_updates() as saved:
        yield
    with context.section("Search and reference indexes"):
        searched, referenced = update_indexes(context, saved)
        context.write(f"  {searched} objects indexed for search, {referenced} in the reference index")


def _parent_for_references(instance):
    # As wagtail.tasks.update_reference_index_task: a child object is indexed through its parent.
    while True:
        keys = [field for field in instance._meta.get_fields() if isinstance(field, ParentalKey)]
        if not keys:
            return instance
        instance = getattr(instance, keys[0].name)
        if instance is None:
            return None


def with_search_relations(queryset):
    """`queryset` with every relation its search fields follow read per chunk, not per object.

    modelsearch reads a RelatedFields' relation once per text it builds (title, body,
    autocomplete and their plain copies: five times an object), and prefetches none of the
    relations modelcluster and taggit manage (ParentalManyToManyField, ParentalKey child
    relations such as a resource's authors and files, ClusterTaggableManager tags). Forward
    foreign keys are joined; every many-valued relation is prefetched (each honours Django's
    prefetch cache).
    """
    model = queryset.model
    joined, prefetched = [], []
    for search_field in model.get_search_fields():
        if not isinstance(search_field, RelatedFields):
            continue
        try:
            field = model._meta.get_field(search_field.field_name)
        except FieldDoesNotExist:  # a method or property: nothing to read ahead
            continue
        if not field.is_relation:
            continue
        if (field.many_to_one or field.one_to_one) and field.concrete:
            joined.append(field.name)
        else:
            prefetched.append(search_field.field_name)
    if joined:
        queryset = queryset.select_related(*joined)
    return queryset.prefetch_related(*prefetched) if prefetched else queryset


def update_indexes(context, saved):
    searched = referenced = 0
    backends = list(get_search_backends_with_name(with_auto_update=True))
    for model, pks in saved.items():
        pks = sorted(pks)
        if class_is_indexed(model) and getattr(model, "search_auto_update", True):
            for start in range(0, len(pks), CHUNK):
                chunk = model.get_indexed_objects().filter(pk__in=pks[start : start + CHUNK])
                objects = list(with_search_relations(chunk))
                for name, backend in backends:
                    try:
                        backend.add_bulk(model, objects)
                    except Exception as error:
                        if not backend.catch_indexing_errors:
                            raise
                        context.write(f"  search backend {name!r} could not index {model.__name__}: {error}", "WARNING")
                searched += len(objects)
        parents = {}
        for instance in model._default_manager.filter(pk__in=pks):
            parent = _parent_for_references(instance)
            if parent is not None and ReferenceIndex.is_indexed(parent._meta.model):
                parents[(parent._meta.label, parent.pk)] = parent
        for parent in parents.values():
            with transaction.atomic():
                ReferenceIndex.create_or_update_for_object(parent)
            referenced += 1
    return searched, referenced
