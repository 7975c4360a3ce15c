"""The search index of the database backend: one denormalised row per document and locale.

Facet values live on the row itself (`facet_keys`, "facet:value" strings), so one query finds,
filters and counts without joining back to pages or taxonomies (on PostgreSQL also as integer
ids, in `facet_array` and `f_<facet>`, from the vocabulary `site_search_facet_key`: migrations
0004 and 0009). The full-text side is
vendor-specific and created by migration 0002, not by Django fields:
- SQLite: the FTS5 table `site_search_fts` (rowid = document id; columns title, keywords,
  summary, body, each stemmed in Python in the text's language (search/text.py); bm25 weights
  set at query time).
- PostgreSQL: `search_vector` (title A, keywords B, summary C, body D, built with the
  text-search configuration of the text's language) matched through
  per-locale partial GIN indexes, and the small `rank_vector` (no body) that relevance is
  computed on, so ranking a broad query never reads whole documents.
"""

from django.db import models


class SearchDocument(models.Model):
    key = models.CharField(max_length=64, unique=True)
    locale = models.CharField(max_length=10)
    kind = models.CharField(max_length=20)
    title = models.TextField()
    sort_title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    keywords = models.TextField(blank=True)
    body = models.TextField(blank=True)
    symbols = models.CharField(max_length=500, blank=True)  # normalised, space-separated
    url = models.CharField(max_length=500)
    date = models.DateField(null=True)
    year = models.SmallIntegerField(null=True)
    resource_type = models.CharField(max_length=50, blank=True)
    languages = models.CharField(max_length=50, blank=True)  # ISO 639-1, space-separated
    # The locale whose language the text is written in (an alias: its source page's); the
    # full-text structures are stemmed in it. Empty: the row's own locale.
    text_locale = models.CharField(max_length=10, blank=True)
    facet_keys = models.JSONField(default=list)  # ["kind:resource", "type:guidance", "year:2019", …]
    page_id = models.IntegerField(null=True, db_index=True)
    # The page's `last_published_at` when the document was built: a page published again since
    # (behind the signals' back, e.g. restored from a backup) is stale (update_index --changed).
    published_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["locale", "date"], name="site_search_locale_date"),
            models.Index(fields=["locale", "sort_title"], name="site_search_locale_title"),
            models.Index(fields=["locale", "symbols"], name="site_search_locale_symbols"),
        ]

    def __str__(self):
        return f"{self.key} ({self.locale}): {self.title}"


class SearchIndexState(models.Model):
    """What an index was last built with, by name: e.g. the fingerprint of the code that builds
    the public search documents, so `update_index --changed` rebuilds them after a change."""

    name = models.CharField(max_length=100, unique=True)
    value = models.CharField(max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.name} = {self.value}"
