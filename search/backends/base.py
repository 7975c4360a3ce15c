"""The interface every search engine implements (DatabaseEngine, ElasticsearchEngine)."""

from abc import ABC, abstractmethod


class SearchEngine(ABC):
    name = ""

    @abstractmethod
    def search(self, params, exclude_keys=()):
        """Answer SearchParams with an EngineAnswer: total, this page's hits, disjunctive facet counts.

        `exclude_keys` (promoted results) are left out of the hits, not of the counts.
        """

    @abstractmethod
    def suggest(self, text, locale, limit=8):
        """Titles starting like `text` (the last word as a prefix): [{"title", "url"}]."""

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
