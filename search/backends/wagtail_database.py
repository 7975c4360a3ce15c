"""Wagtail's own database search backend (the admin's search), with two costs fixed for volume.

modelsearch's PostgreSQL and SQLite indexes refresh the title norm (average title length over
every entry / this title's length) after each `add_items` call: an aggregate over the whole
entry table and an UPDATE that scans it for new entries. A bulk job calls `add_items` once per
chunk, so at 100,000 resources (about 600,000 entries) every chunk paid two full scans.

Inside `title_norms_deferred()` (update_index, the library import) those refreshes are made
once per index, when the block ends; a rebuild's own final refresh (`full=True`) is never
deferred. Entries added meanwhile keep modelsearch's default norm (1.0) until then: they are
found all the same, only ranked as if their titles had an average length. (On PostgreSQL the
entries are written with their norms, wagtail_postgres_entries.py: nothing is left to refresh.)

Stale entries (of objects deleted behind the signals' back), which a rebuild and
`update_index --changed` delete, are found with NOT EXISTS, an anti-join. modelsearch tests
`object_id NOT IN (every object's id)`, a subplan PostgreSQL hashes only while the ids fit in
work_mem: at 600,000 pages it rescanned them for every entry and ran for tens of minutes.

On PostgreSQL, entries are written without an expression tree per object
(wagtail_postgres_entries.py). Everything else is modelsearch's backend for the database's vendor, unchanged
(`WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends.wagtail_database"`).
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from django.db import connections
from django.db.models import BigIntegerField, Exists, OuterRef, TextField
from django.db.models.functions import Cast

from modelsearch.utils import get_descendants_content_types_pks

logger = logging.getLogger(__name__)

INTEGER_KEYS = ("AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField")

# The indexes whose refresh waits for the end of the current `title_norms_deferred()` block.
_pending = ContextVar("title_norms_pending", default=None)


class DeferrableTitleNorms:
    """Mixin for modelsearch's database indexes (see the module docstring)."""

    def _refresh_title_norms(self, full=False):
        pending = _pending.get()
        if pending is not None and not full:
            # modelsearch makes a new index object for each call: one refresh per table written.
            pending[(type(self), self.write_connection.alias)] = self
            return
        super()._refresh_title_norms(full=full)


class AntiJoinStaleEntries:
    """Mixin for modelsearch's database indexes (see the module docstring)."""

    def delete_stale_model_entries(self, model):
        stale = self.entries.filter(content_type_id__in=get_descendants_content_types_pks(model))
        pk = model._meta.pk
        if connections[self.entries.db].vendor == "sqlite" and pk.get_internal_type() in INTEGER_KEYS:
            # SQLite has no hash join: the entry's id is cast to the key's type, so each test
            # is one lookup in the primary key (comparing the key cast to text read every row
            # for every entry: 120 s for a 10,000-resource library with nothing to delete).
            existing = model._default_manager.filter(pk=Cast(OuterRef("object_id"), BigIntegerField()))
        else:
            existing = model._default_manager.annotate(object_text=Cast("pk", TextField()))
            existing = existing.filter(object_text=OuterRef("object_id"))
        stale.filter(~Exists(existing)).delete()


@contextmanager
def title_norms_deferred():
    """Within the block, Wagtail's database indexes refresh their title norms once, at the end."""
    if _pending.get() is not None:  # nested: the outer block refreshes
        yield
        return
    pending = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
        for index in pending.values():
            try:
                index._refresh_title_norms()
            except Exception:  # noqa: BLE001 - ranking data only; the next add_items refreshes it
                logger.exception("Could not refresh the title norms of %r", index)


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    """modelsearch's database backend for the default database's vendor, with deferrable norms."""
    from modelsearch.backends.database import SearchBackend as vendor_backend

    backend = vendor_backend(params)
    if hasattr(backend.index_class, "_refresh_title_norms"):  # PostgreSQL, SQLite FTS5 (not the fallback)
        backend.index_class = _for_volume(backend.index_class)
    return backend


@cache
def _for_volume(index_class):
    """`index_class` with the mixins, one subclass per index class."""
    bases = (DeferrableTitleNorms, AntiJoinStaleEntries, index_class)
    if index_class.__name__ == "PostgresIndex":
        from .wagtail_postgres_entries import QuickPostgresEntries

        bases = (QuickPostgresEntries, *bases)
    return type(index_class.__name__, bases, {"__module__": __name__})
