"""Index seeded objects once, at the end, instead of on every save.

A first seed saves each page two or three times (created, then published from its revision,
then copied into five locale trees) and every save runs a search-index task and a
reference-index task. While the seed runs, those per-save updates are collected instead and
done once per object afterwards, in bulk for the search index. The result is the same index.
"""

from collections import defaultdict
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_save

from modelcluster.fields import ParentalKey
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import class_is_indexed, get_indexed_models
from modelsearch.signal_handlers import post_save_signal_handler

DISPATCH_UID = "hub.seed.deferred_indexing"
CHUNK = 500


@contextmanager
def deferred_indexing(context):
    """Collect saved objects during the block; index them when it ends without an error."""
    saved = defaultdict(set)

    def collect(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[sender].add(instance.pk)

    # Only handlers that were connected are paused, and only those are connected again.
    searchable = [
        model
        for model in get_indexed_models()
        if getattr(model, "search_auto_update", True) and post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    post_save.connect(collect, weak=False, dispatch_uid=DISPATCH_UID)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid=DISPATCH_UID)
        for model in searchable:
            post_save.connect(post_save_signal_handler, sender=model)
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


def update_indexes(context, saved):
    searched = referenced = 0
    backends = list(get_search_backends_with_name(with_auto_update=True))
    for model, pks in saved.items():
        pks = sorted(pks)
        if class_is_indexed(model) and getattr(model, "search_auto_update", True):
            for start in range(0, len(pks), CHUNK):
                objects = list(model.get_indexed_objects().filter(pk__in=pks[start : start + CHUNK]))
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
