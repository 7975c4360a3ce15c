"""The interface every search engine implements (DatabaseEngine, ElasticsearchEngine)."""

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple


class MatchKey(NamedTuple):
    """One match of an export's walk: the document key and, for a page, its id."""

    key: str
    page_id: int | None


@dataclass
class KeyWalk:
    """The matches of a search in its order, at most the walk's limit.

    `truncated` is known before the first key is read (an export states it in its headers):
    more documents matched than the limit let through.
    """

    keys: Iterator[MatchKey]
    truncated: bool


class SearchEngine(ABC):
    name = ""

    @abstractmethod
    def search(self, params, exclude_keys=()):
        """Answer SearchParams with an EngineAnswer: total, this page's hits, disjunctive facet counts.

        `exclude_keys` (promoted results) are left out of the hits, not of the counts.
        """

    @abstractmethod
    def match_keys(self, params, limit):
        """Walk every match of `params` once, in its sort order, stopping after `limit`: a KeyWalk.

        No facets, no highlights, no page size: what an export needs and nothing more. The
        page and per_page of `params` are ignored.
        """

    @abstractmethod
    def suggest(self, text, locale, limit=8):
        """Titles starting like `text` (the last word as a prefix): [{"title", "url"}]."""

    def count_matches(self, params, queries, cap=1000):
        """For each query text, how many documents `params` would find with it instead of `q`
        (every selection applied), counted up to `cap`: a relaxed search compares its candidates.

        Engines answer all of them at once; this fallback runs one search per query.
        """
        return [min(cap, self.search(params.with_changes(q=q, page=1)).count) for q in queries]

    def spelling_suggestion(self, text, locale):
        """A corrected query for "did you mean", or "" (engines without one offer none)."""
        return ""

    @abstractmethod
    def index_documents(self, documents):
        """Add or replace IndexedDocuments (by key)."""

    @abstractmethod
    def delete_documents(self, keys):
        """Remove the documents with these keys, wherever they are."""

    @abstractmethod
    def clear(self):
        """Remove every document (before a rebuild)."""

    @abstractmethod
    def document_count(self, locale=None):
        """How many documents, in one locale or all."""

    @abstractmethod
    def check(self):
        """Raise if the engine cannot answer (for /healthz)."""
