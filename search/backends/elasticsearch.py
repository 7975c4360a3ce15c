"""The Elasticsearch engine: the same search semantics as the database engine, one index per locale.

It talks to Elasticsearch with the official client directly rather than through Wagtail's
backend, because a faceted search here is ONE `_search` request: the text query scores, the
facet selections go in `post_filter` (they narrow the hits but not the aggregations), and each
facet's counts come from a `filter` aggregation holding every *other* facet's selection. That
is what makes the counts disjunctive (contracts §3: a visitor can widen a choice) without one
request per facet.

The request is built and the answer parsed by plain functions in elasticsearch_queries.py, so
tests/test_search_elasticsearch_contract.py can check both field by field without a server.
Settings and mappings: elasticsearch_mapping.py.
"""

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from elasticsearch import BadRequestError, Elasticsearch, NotFoundError, helpers

from ..documents import configured_locales
from ..text import ParsedQuery
from .base import KeyWalk, MatchKey, SearchEngine
from .elasticsearch_mapping import MAPPING_VERSION, index_mappings, index_settings
from .elasticsearch_mapping import index_name as legal_index_name
from .elasticsearch_queries import (
    PIT_KEEP_ALIVE,
    WALK_PAGE_SIZE,
    count_request,
    document_source,
    parse_answer,
    parse_counts,
    response_body,
    search_request,
    spelling_suggester,
    walk_request,
)

logger = logging.getLogger(__name__)

DEFAULT_INDEX = "exchange_platform"
INDEX_SUFFIX = "-documents"
BULK_CHUNK_DOCUMENTS = 500
BULK_CHUNK_BYTES = 10 * 1024 * 1024  # documents carry up to 200,000 characters of full text
SUGGEST_MAX_CHARS = 100


class ElasticsearchUnavailable(RuntimeError):
    """The cluster answers but cannot serve searches (red health)."""


# --- The engine ---------------------------------------------------------------------------


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(
        self,
        url="",
        *,
        client=None,
        index_prefix=DEFAULT_INDEX + INDEX_SUFFIX,
        locales=None,
        refresh=False,
        timeout=10,
    ):
        """`client` is injected by tests; `refresh=True` makes every write visible to searches
        before it returns (the live test suite); `timeout` is the request timeout in seconds."""
        self.refresh_writes = refresh
        if client is None:
            if not url:
                raise ImproperlyConfigured("ElasticsearchEngine needs a URL (ELASTICSEARCH_URL) or a client.")
            client = Elasticsearch(url, request_timeout=timeout, max_retries=2, retry_on_timeout=True)
        self.client = client
        self.index_prefix = index_prefix.lower()
        self._locales = tuple(locales) if locales else None

    @classmethod
    def from_settings(cls, **options):
        """ELASTICSEARCH_URL, and the index prefix and timeout of the "default" Wagtail backend."""
        backend = getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).get("default", {})
        options.setdefault("index_prefix", backend.get("INDEX", DEFAULT_INDEX) + INDEX_SUFFIX)
        options.setdefault("timeout", backend.get("TIMEOUT", 10))
        return cls(settings.ELASTICSEARCH_URL, **options)

    @property
    def locales(self):
        return self._locales or tuple(configured_locales())

    def index_name(self, locale):
        return legal_index_name(self.index_prefix, locale)

    def index_names(self):
        return [self.index_name(locale) for locale in self.locales]

    # Searching: each method is one request.

    def search(self, params, exclude_keys=()):
        response = self.client.search(
            index=self.index_name(params.locale),
            ignore_unavailable=True,  # nothing indexed in this language yet: no hits, not an error
            **search_request(params, exclude_keys),
        )
        return parse_answer(response)

    def count_matches(self, params, queries, cap=1000):
        """One request: a `filters` aggregation with a bucket per candidate query."""
        if not queries:
            return []
        response = self.client.search(
            index=self.index_name(params.locale), ignore_unavailable=True, **count_request(params, queries, cap)
        )
        return parse_counts(response, len(queries), cap)

    def match_keys(self, params, limit):
        """Every match in order through a point in time, `search_after` page by page.

        The point in time is opened and the first page read here, so `truncated` is known
        before the export starts; the rest is read as the keys are consumed, and the point in
        time is closed when the walk ends or is abandoned (otherwise it expires by itself).
        """
        try:
            opened = self.client.open_point_in_time(index=self.index_name(params.locale), keep_alive=PIT_KEEP_ALIVE)
        except NotFoundError:  # nothing indexed in this language yet
            return KeyWalk(keys=iter(()), truncated=False)
        pit_id = response_body(opened)["id"]
        size = min(WALK_PAGE_SIZE, limit) or 1
        try:
            first = response_body(self.client.search(**walk_request(params, pit_id, size, count_up_to=limit + 1)))
        except Exception:
            self._close_point_in_time(pit_id)
            raise
        total = first.get("hits", {}).get("total", {})
        truncated = (total.get("value", 0) if isinstance(total, dict) else int(total or 0)) > limit
        return KeyWalk(keys=self._walk(params, first, pit_id, size, limit), truncated=truncated)

    def _walk(self, params, page, pit_id, size, limit):
        walked = 0
        try:
            while True:
                pit_id = page.get("pit_id", pit_id)  # Elasticsearch may hand back a new id
                hits = page.get("hits", {}).get("hits", [])
                for hit in hits[: limit - walked]:
                    source = hit.get("_source", {})
                    yield MatchKey(source.get("key") or hit.get("_id", ""), source.get("page_id"))
                walked += min(len(hits), limit - walked)
                if len(hits) < size or walked >= limit:
                    return
                request = walk_request(params, pit_id, min(size, limit - walked), search_after=hits[-1]["sort"])
                page = response_body(self.client.search(**request))
        finally:
            self._close_point_in_time(pit_id)

    def _close_point_in_time(self, pit_id):
        try:
            self.client.close_point_in_time(id=pit_id)
        except NotFoundError:  # already expired
            logger.info("Point in time expired before it was closed")

    def suggest(self, text, locale, limit=8):
        text = " ".join((text or "").split())[:SUGGEST_MAX_CHARS]
        if not text:
            return []
        response = self.client.search(
            index=self.index_name(locale),
            ignore_unavailable=True,
            query={"match": {"title.autocomplete": {"query": text, "operator": "and"}}},
            sort=[{"_score": {"order": "desc"}}, {"title.sort": {"order": "asc"}}],
            size=limit,
            source=["title", "url"],
        )
        return [
            {"title": hit["_source"].get("title", ""), "url": hit["_source"].get("url", "")}
            for hit in response_body(response).get("hits", {}).get("hits", [])
        ]

    def spelling_suggestion(self, text, locale):
        words = " ".join(ParsedQuery(text).all_terms)
        # Chinese is indexed as bigrams: there are no misspelt words to correct.
        if not words or locale.startswith("zh"):
            return ""
        response = self.client.search(
            index=self.index_name(locale),
            ignore_unavailable=True,
            size=0,
            track_total_hits=False,
            suggest=spelling_suggester(words),
        )
        entries = response_body(response).get("suggest", {}).get("spelling", [])
        options = entries[0].get("options", []) if entries else []
        suggestion = options[0].get("text", "") if options else ""
        return "" if suggestion.casefold() == words.casefold() else suggestion

    # Writing.

    def ensure_index(self, locale):
        """Create the locale's index with our settings if it is missing; True when created."""
        if self.client.indices.exists(index=self.index_name(locale)):
            return False
        return self._create_index(locale)

    def _create_index(self, locale):
        name = self.index_name(locale)
        try:
            self.client.indices.create(index=name, settings=index_settings(locale), mappings=index_mappings(locale))
        except BadRequestError as error:
            if error.error == "resource_already_exists_exception":  # another process was quicker
                return False
            raise
        return True

    def upgrade_indices(self):
        """Recreate (empty) every locale index made with other settings or mappings than these.

        Analyzers of an existing index cannot change, so an index of an older MAPPING_VERSION is
        deleted and created anew; the rebuild that calls this (wagtail_bridge) then fills it.
        Returns the locales whose index was recreated.
        """
        upgraded = []
        for locale in self.locales:
            name = self.index_name(locale)
            if not self.client.indices.exists(index=name):
                continue
            mappings = response_body(self.client.indices.get_mapping(index=name)).get(name, {}).get("mappings", {})
            if mappings.get("_meta", {}).get("mapping_version") == MAPPING_VERSION:
                continue
            logger.warning("Recreating Elasticsearch index %s: its mapping is out of date", name)
            self.client.options(ignore_status=404).indices.delete(index=name)
            self._create_index(locale)
            upgraded.append(locale)
        return upgraded

    def _bulk(self, actions, **options):
        if self.refresh_writes:
            options["refresh"] = True
        success, _errors = helpers.bulk(
            self.client,
            actions,
            chunk_size=BULK_CHUNK_DOCUMENTS,
            max_chunk_bytes=BULK_CHUNK_BYTES,
            **options,
        )
        return success

    def index_documents(self, documents):
        def actions():
            ready = set()
            for document in documents:
                if document.locale not in ready:
                    # Checked on every call, never cached: an index deleted by another process
                    # must be recreated with our mapping, not auto-created with a guessed one.
                    self.ensure_index(document.locale)
                    ready.add(document.locale)
                yield {
                    "_op_type": "index",
                    "_index": self.index_name(document.locale),
                    "_id": document.key,
                    "_source": document_source(document),
                }

        return self._bulk(actions())

    def delete_documents(self, keys):
        """Delete by key from every locale index (a page key does not say its locale)."""
        keys = list(keys)
        if not keys:
            return 0
        existing = [name for name in self.index_names() if self.client.indices.exists(index=name)]
        actions = [{"_op_type": "delete", "_index": name, "_id": key} for name in existing for key in keys]
        if not actions:
            return 0
        return self._bulk(actions, ignore_status=(404,))

    def delete_indices(self):
        for name in self.index_names():
            self.client.options(ignore_status=404).indices.delete(index=name)

    def clear(self):
        self.delete_indices()
        for locale in self.locales:
            self.ensure_index(locale)

    def refresh(self):
        """Make every write so far visible to searches (tests; production relies on the refresh interval)."""
        self.client.indices.refresh(index=self.index_names(), ignore_unavailable=True, allow_no_indices=True)

    def optimise(self):
        """After a rebuild (search/backends/wagtail_bridge.py): the rebuilt indices searchable now."""
        self.refresh()

    def document_count(self, locale=None):
        names = [self.index_name(locale)] if locale else self.index_names()
        try:
            response = self.client.count(index=names, ignore_unavailable=True, allow_no_indices=True)
        except NotFoundError:
            return 0
        return response_body(response).get("count", 0)

    def check(self):
        """Raise when the cluster cannot be reached (the client's ConnectionError) or is red."""
        health = response_body(self.client.options(request_timeout=5).cluster.health())
        if health.get("status") == "red":
            raise ElasticsearchUnavailable(f"Elasticsearch cluster {health.get('cluster_name', '')!r} is red.")
