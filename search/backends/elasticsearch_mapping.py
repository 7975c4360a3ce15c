"""Index settings and mappings of the Elasticsearch engine: one index per locale.

Every locale index has the same mapping; only the analyzer named `content` differs, so the
query side never needs to know which language it is talking to. `content` is the built-in
language analyzer of the locale (stemming and stop words), or for Chinese the built-in `cjk`
analyzer, which indexes overlapping bigrams as search/text.py does for the database engines.

Facet values are contract codes (slugs, ISO codes, years as text) kept as `keyword` fields under
`facets.<name>`, so filters and terms aggregations work on them exactly as sent. `dynamic:
strict` makes a document with an unexpected field fail loudly at indexing time instead of
growing a mapping nobody designed.
"""

import re

from ..params import FACETS

# Wagtail locale code -> built-in Elasticsearch analyzer for the text fields.
LANGUAGE_ANALYZERS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
    "zh-hans": "cjk",
}
DEFAULT_ANALYZER = "standard"  # a locale added to the settings before it is given an analyzer here

AUTOCOMPLETE_MAX_GRAM = 20  # longer typed words are truncated to this at search time, so they still match
_ILLEGAL_INDEX_CHARACTERS = re.compile(r"[^a-z0-9_]")


def index_name(prefix, locale):
    """`<prefix>-<locale>` with the locale made a legal index name (`zh-hans` -> `zh_hans`)."""
    return f"{prefix.lower()}-{_ILLEGAL_INDEX_CHARACTERS.sub('_', locale.lower())}"


def language_analyzer(locale):
    return LANGUAGE_ANALYZERS.get(locale, DEFAULT_ANALYZER)


def index_settings(locale):
    """The `settings` body for creating the index of one locale."""
    return {
        "number_of_shards": 1,
        # One replica when a second node exists; none on a single node, so its health is green.
        "auto_expand_replicas": "0-1",
        "analysis": {
            "analyzer": {
                "content": {"type": language_analyzer(locale)},
                "autocomplete": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding", "autocomplete_edge_ngram"],
                },
                "autocomplete_search": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding", "autocomplete_truncate"],
                },
                # Unstemmed words of titles and keywords, for "did you mean" suggestions that are
                # real words rather than stems ("mercury", not "mercuri").
                "spelling": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
            },
            "filter": {
                "autocomplete_edge_ngram": {"type": "edge_ngram", "min_gram": 1, "max_gram": AUTOCOMPLETE_MAX_GRAM},
                "autocomplete_truncate": {"type": "truncate", "length": AUTOCOMPLETE_MAX_GRAM},
            },
            "normalizer": {
                "sort": {"type": "custom", "filter": ["lowercase", "asciifolding"]},
            },
        },
    }


def _keyword():
    return {"type": "keyword"}


def _text(**extra):
    return {"type": "text", "analyzer": "content", **extra}


def index_mappings():
    """The `mappings` body, the same for every locale."""
    return {
        "dynamic": "strict",
        "properties": {
            "key": _keyword(),
            "locale": _keyword(),
            "kind": _keyword(),
            "type": _keyword(),
            "languages": _keyword(),
            "url": _keyword(),
            "title": _text(
                copy_to=["spelling"],
                fields={
                    "sort": {"type": "keyword", "normalizer": "sort"},
                    "autocomplete": {
                        "type": "text",
                        "analyzer": "autocomplete",
                        "search_analyzer": "autocomplete_search",
                    },
                },
            ),
            # Offsets in the postings let the highlighter skip re-analysing long texts.
            "summary": _text(index_options="offsets"),
            "keywords": _text(copy_to=["spelling"]),
            "body": _text(index_options="offsets"),
            "spelling": {"type": "text", "analyzer": "spelling"},
            # Also searchable as words (a partly typed symbol), as the database engine indexes them.
            "symbols": {"type": "keyword", "copy_to": ["keywords"]},
            "date": {"type": "date"},
            "year": {"type": "integer"},
            "page_id": {"type": "long"},
            "facets": {
                "type": "object",
                "properties": {facet: _keyword() for facet in FACETS},
            },
        },
    }
