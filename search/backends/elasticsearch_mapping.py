"""Index settings and mappings of the Elasticsearch engine: one index per locale.

Every locale index has the same fields; the analyzer named `content` differs: the locale's
language analyzer (stemming and stop words), or for Chinese the `cjk` bigram analyzer, which
indexes overlapping bigrams as search/text.py does for the database engines. They are
Elasticsearch's built-in language analyzers rebuilt as custom ones (the recipes of its
documentation), for one addition the built-in ones cannot take: the `letter_digit` character
filter puts a space where letters meet digits, so `COP1`, `COP-1`, `COP 1` and `COP.1` are all
`cop 1`, as search/text.py makes them for the database.

A locale alias (an untranslated page) carries its source's English text in a non-English index.
So every non-English index also analyses title, keywords, summary and body as English (the
`en` subfields, analyzer `content_en`), and a query is read in both languages
(elasticsearch_queries.text_query), as the database engines do.

Facet values are contract codes (slugs, ISO codes, years as text) kept as `keyword` fields under
`facets.<name>`, so filters and terms aggregations work on them exactly as sent. `dynamic:
strict` makes a document with an unexpected field fail loudly at indexing time instead of
growing a mapping nobody designed.
"""

import re

from django.conf import settings

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
ENGLISH_SUBFIELD = "en"
TEXT_FIELD_NAMES = ("title", "keywords", "summary", "body")

# Elasticsearch's language analyzers, rebuilt: token filters in order, and their definitions.
_FRENCH_ELISIONS = ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"]
LANGUAGE_FILTERS = {
    "english": ["english_possessive_stemmer", "lowercase", "english_stop", "english_stemmer"],
    "french": ["french_elision", "lowercase", "french_stop", "french_stemmer"],
    "spanish": ["lowercase", "spanish_stop", "spanish_stemmer"],
    "russian": ["lowercase", "russian_stop", "russian_stemmer"],
    "arabic": ["lowercase", "decimal_digit", "arabic_stop", "arabic_normalization", "arabic_stemmer"],
    "cjk": ["cjk_width", "lowercase", "cjk_bigram_unigrams", "english_stop"],
    "standard": ["lowercase"],
}
FILTER_DEFINITIONS = {
    "english_possessive_stemmer": {"type": "stemmer", "language": "possessive_english"},
    "english_stop": {"type": "stop", "stopwords": "_english_"},
    "english_stemmer": {"type": "stemmer", "language": "english"},
    "french_elision": {"type": "elision", "articles_case": True, "articles": _FRENCH_ELISIONS},
    "french_stop": {"type": "stop", "stopwords": "_french_"},
    "french_stemmer": {"type": "stemmer", "language": "light_french"},
    "spanish_stop": {"type": "stop", "stopwords": "_spanish_"},
    "spanish_stemmer": {"type": "stemmer", "language": "light_spanish"},
    "russian_stop": {"type": "stop", "stopwords": "_russian_"},
    "russian_stemmer": {"type": "stemmer", "language": "russian"},
    "arabic_stop": {"type": "stop", "stopwords": "_arabic_"},
    "arabic_stemmer": {"type": "stemmer", "language": "arabic"},
    # Bigrams, and each character too: a one-character query (汞, mercury) finds longer runs.
    "cjk_bigram_unigrams": {"type": "cjk_bigram", "output_unigrams": True},
}
# Between a letter and a digit, either way round (search/text.py's _LETTER_DIGIT).
LETTER_DIGIT_FILTER = {
    "type": "pattern_replace",
    "pattern": "(?<=\\p{L})(?=\\p{Nd})|(?<=\\p{Nd})(?=\\p{L})",
    "replacement": " ",
}

# Raised whenever settings or mappings change: a rebuild recreates an index of another version
# (ElasticsearchEngine.upgrade_indices), since an existing index's analyzers cannot be changed.
# 2: analyzers rebuilt with the letter|digit character filter, English subfields, text_locale.
# 3: the `provenance` facet (a strict mapping refuses documents carrying a facet it lacks).
MAPPING_VERSION = 3
AUTOCOMPLETE_MAX_GRAM = 20  # longer typed words are truncated to this at search time, so they still match
_ILLEGAL_INDEX_CHARACTERS = re.compile(r"[^a-z0-9_]")


def index_name(prefix, locale):
    """`<prefix>-<locale>` with the locale made a legal index name (`zh-hans` -> `zh_hans`)."""
    return f"{prefix.lower()}-{_ILLEGAL_INDEX_CHARACTERS.sub('_', locale.lower())}"


def language_analyzer(locale):
    return LANGUAGE_ANALYZERS.get(locale, DEFAULT_ANALYZER)


def has_english_reading(locale):
    """A non-English index also holds English text: its untranslated aliases'."""
    return locale != settings.LANGUAGE_CODE


def _custom_analyzer(language):
    return {
        "type": "custom",
        "tokenizer": "standard",
        "char_filter": ["letter_digit"],
        "filter": list(LANGUAGE_FILTERS[language]),
    }


def _content_analyzers(locale):
    analyzers = {"content": _custom_analyzer(language_analyzer(locale))}
    if has_english_reading(locale):
        analyzers["content_en"] = _custom_analyzer(LANGUAGE_ANALYZERS[settings.LANGUAGE_CODE])
    names = {name for analyzer in analyzers.values() for name in analyzer["filter"]}
    return analyzers, {name: FILTER_DEFINITIONS[name] for name in sorted(names) if name in FILTER_DEFINITIONS}


def index_settings(locale):
    """The `settings` body for creating the index of one locale."""
    content, language_filters = _content_analyzers(locale)
    return {
        "number_of_shards": 1,
        # One replica when a second node exists; none on a single node, so its health is green.
        "auto_expand_replicas": "0-1",
        "analysis": {
            "char_filter": {"letter_digit": LETTER_DIGIT_FILTER},
            "analyzer": {
                **content,
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
                **language_filters,
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


def _text(locale, fields=None, index_options=None, copy_to=None):
    """A text field analysed in the locale's language, and in English outside the English index."""
    field = {"type": "text", "analyzer": "content"}
    subfields = dict(fields or {})
    if index_options:
        field["index_options"] = index_options
    if copy_to:
        field["copy_to"] = copy_to
    if has_english_reading(locale):
        english = {"type": "text", "analyzer": "content_en"}
        if index_options:
            english["index_options"] = index_options
        subfields[ENGLISH_SUBFIELD] = english
    if subfields:
        field["fields"] = subfields
    return field


def index_mappings(locale):
    """The `mappings` body of one locale's index (English subfields outside the English index)."""
    return {
        "dynamic": "strict",
        "_meta": {"mapping_version": MAPPING_VERSION},
        "properties": {
            "key": _keyword(),
            "locale": _keyword(),
            "kind": _keyword(),
            "type": _keyword(),
            "languages": _keyword(),
            "url": _keyword(),
            "title": _text(
                locale,
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
            "summary": _text(locale, index_options="offsets"),
            "keywords": _text(locale, copy_to=["spelling"]),
            "body": _text(locale, index_options="offsets"),
            "spelling": {"type": "text", "analyzer": "spelling"},
            # Also searchable as words (a partly typed symbol), as the database engine indexes them.
            "symbols": {"type": "keyword", "copy_to": ["keywords"]},
            "date": {"type": "date"},
            "year": {"type": "integer"},
            "page_id": {"type": "long"},
            "text_locale": _keyword(),  # the locale of the text's language (an alias: its source's)
            "facets": {
                "type": "object",
                "properties": {facet: _keyword() for facet in FACETS},
            },
        },
    }
