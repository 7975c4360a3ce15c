"""A Wagtail (modelsearch) search backend that feeds the public search index.

Configured as WAGTAILSEARCH_BACKENDS["site"]. Wagtail calls every configured backend on each
save, publish, delete, import and `manage.py update_index` (which prints progress per model);
this one turns those calls into search documents in search.backends.get_engine(). It answers
no queries itself: the admin searches with the "default" backend, visitors with search/service.py.
"""

from django.db import NotSupportedError

from modelsearch.backends.base import BaseIndex, BaseSearchBackend


class SiteSearchIndex(BaseIndex):
    # The keys written since a rebuild started (None when no rebuild is running).
    rebuilt_keys = None

    def get_key(self):
        return "site-search-documents"

    def add_items(self, model, items):
        from search.indexing import index_objects

        index_objects(model, list(items), self.rebuilt_keys)

    def add_new_pages(self, model, pages):
        """Pages just inserted in bulk, their relations in memory (search.indexing.index_new_pages)."""
        from search.indexing import index_new_pages

        if self.rebuilt_keys is not None:  # a rebuild is running: it keeps its record
            return self.add_items(model, pages)
        return index_new_pages(model, pages)

    def add_aliases(self, model, ids):
        """Locale aliases of `model` by id: their documents copied from their sources' where the
        engine can (search.indexing.index_aliases)."""
        from search.indexing import index_aliases

        return index_aliases(model, ids, self.rebuilt_keys)

    def delete_item(self, item):
        from search.indexing import remove_object

        remove_object(item)

    def reset(self):
        from search.backends import get_engine

        get_engine().clear()

    def __str__(self):
        return "public search documents"


class SiteSearchRebuilder:
    """Rebuild in place: never emptied, so a visitor searching meanwhile finds everything.

    `update_index` hands over chunks of objects with no transaction around the run; each chunk's
    documents replace the old ones in one short transaction of the engine. What the rebuild did
    not write is checked against the database at the end (search.indexing.sweep_stale_documents).
    """

    def __init__(self, index):
        self.index = index

    def start(self):
        from search.backends import get_engine

        engine = get_engine()
        if hasattr(engine, "upgrade_indices"):
            # Elasticsearch: an index made with older analyzers is recreated before it is refilled.
            engine.upgrade_indices()
        self.index.rebuilt_keys = set()
        return self.index

    def finish(self):
        from search.backends import get_engine
        from search.indexing import sweep_stale_documents

        sweep_stale_documents(self.index.rebuilt_keys)
        self.index.rebuilt_keys = None
        engine = get_engine()
        if hasattr(engine, "optimise"):
            engine.optimise()


class SiteSearchBackend(BaseSearchBackend):
    index_class = SiteSearchIndex
    rebuilder_class = SiteSearchRebuilder

    def __init__(self, params):
        super().__init__(params)
        self._index = SiteSearchIndex(self)

    def get_index_for_model(self, model):
        return self._index

    def _search(self, *args, **kwargs):
        raise NotSupportedError("The public search index is queried through search.service, not Wagtail's API.")


SearchBackend = SiteSearchBackend
