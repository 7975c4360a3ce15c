"""The interface every search engine implements."""


class SearchEngine:
    name = ""

    def search(self, params, exclude_keys=()):
        """Answer SearchParams with an EngineAnswer: total, this page's hits, disjunctive facet counts.

        `exclude_keys` (promoted results) are left out of the hits, not of the counts.
        """
        raise NotImplementedError

    def suggest(self, text, locale, limit=8):
        """Titles starting like `text` (the last word as a prefix): [{"title", "url"}]."""
        raise NotImplementedError

    def spelling_suggestion(self, text, locale):
        """A corrected query for "did you mean", or ""."""
        return ""

    def index_documents(self, documents):
        """Add or replace IndexedDocuments (by key)."""
        raise NotImplementedError

    def delete_documents(self, keys):
        raise NotImplementedError

    def clear(self):
        """Remove every document (before a rebuild)."""
        raise NotImplementedError

    def document_count(self, locale=None):
        raise NotImplementedError

    def check(self):
        """Raise if the engine cannot answer (for /healthz)."""
        raise NotImplementedError
