"""Contract tests of the Elasticsearch engine: what it sends, field by field, without a server.

No Elasticsearch can run on our machines, so the real client (elasticsearch 9.5) is given a
node class that records every HTTP request it would send and answers with canned JSON. Each
assertion here is on the request as it would leave the process (path, URL parameters, JSON or
NDJSON body), so a change of client version that changes the wire format shows up too.

What this cannot prove is that Elasticsearch *answers* these requests as intended (analyzers,
scores, disjunctive counts): that is the live suite at the end of this file, which runs only
where ELASTICSEARCH_URL is set (tests/elasticsearch_support.py) and is skipped here.
"""

import json
import time
from datetime import date
from typing import NamedTuple
from urllib.parse import parse_qsl, urlsplit

from django.test import override_settings

import pytest
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport.client_utils import DEFAULT
from elasticsearch import Elasticsearch

from search.backends import get_engine
from search.backends.elasticsearch import ElasticsearchEngine, ElasticsearchUnavailable
from search.backends.elasticsearch_queries import TEXT_FIELDS
from search.documents import IndexedDocument
from search.params import FACETS, SearchParams

from .elasticsearch_support import live_elasticsearch_engine

PREFIX = "mep-documents"
# Written out from the contract (CONTRACTS.md §3), not imported: the wire is compared with these.
CONTRACT_FACETS = (
    "kind", "type", "pillar", "area", "article", "language", "country", "region", "partner", "collection", "year",
    "provenance",
)  # fmt: skip
CONTRACT_TEXT_FIELDS = ["title^10", "keywords^5", "summary^2", "body"]
LOCALES = ["en", "fr", "es", "ar", "zh-hans", "ru"]
SAMPLE_VALUES = {
    "kind": "resource",
    "type": "guidance",
    "pillar": "technical",
    "area": "asgm",
    "article": "7",
    "language": "fr",
    "country": "BRA",
    "region": "africa",
    "partner": "unep",
    "collection": "gmp",
    "year": "2019",
    "provenance": "party",
}


# --- A recording stand-in for the cluster ---------------------------------------------------


class Sent(NamedTuple):
    method: str
    path: str
    params: dict
    body: object  # parsed JSON, a list of parsed NDJSON lines, or None


class _NodeResponse(NamedTuple):  # what a transport node returns: (meta, raw bytes)
    meta: ApiResponseMeta
    body: bytes


class FakeCluster:
    """Records what the client sends through its transport and answers from canned responses."""

    def __init__(self):
        self.sent = []
        self._answers = {}
        self.unreachable = False

    def answer(self, method, path, body=None, status=200):
        self._answers[(method, path)] = (status, body)

    def client(self):
        cluster = self

        class RecordingNode(BaseNode):
            def perform_request(self, method, target, body=None, headers=None, request_timeout=DEFAULT):
                return cluster.handle(self.config, method, target, body)

        return Elasticsearch("http://es.test:9200", node_class=RecordingNode, max_retries=0)

    def handle(self, node_config, method, target, raw):
        url = urlsplit(target)
        self.sent.append(Sent(method, url.path, dict(parse_qsl(url.query)), _decode(url.path, raw)))
        if self.unreachable:
            raise TransportConnectionError("Connection refused")
        try:
            status, body = self._answers[(method, url.path)]
        except KeyError:
            raise AssertionError(f"No canned answer for {method} {url.path}") from None
        headers = HttpHeaders({"content-type": "application/json", "x-elastic-product": "Elasticsearch"})
        meta = ApiResponseMeta(status=status, http_version="1.1", headers=headers, duration=0.0, node=node_config)
        return _NodeResponse(meta, b"" if body is None else json.dumps(body).encode())

    def only(self, method=None):
        requests = [request for request in self.sent if method is None or request.method == method]
        assert len(requests) == 1, requests
        return requests[0]


def _decode(path, raw):
    if not raw:
        return None
    text = raw.decode("utf-8")
    if path.endswith("/_bulk"):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return json.loads(text)


def search_response(total=0, hits=(), aggregations=None):
    response = {
        "took": 1,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {"total": {"value": total, "relation": "eq"}, "max_score": None, "hits": list(hits)},
    }
    if aggregations is not None:
        response["aggregations"] = aggregations
    return response


def bulk_response(items):
    return {"took": 3, "errors": any(item[next(iter(item))]["status"] >= 300 for item in items), "items": items}


@pytest.fixture
def cluster():
    return FakeCluster()


@pytest.fixture
def engine(cluster):
    return ElasticsearchEngine(client=cluster.client(), index_prefix=PREFIX)


def searched(cluster, engine, exclude_keys=(), **params):
    """The JSON body of the one request `engine.search(SearchParams(**params))` sends."""
    cluster.answer("POST", f"/{PREFIX}-{params.get('locale', 'en').replace('-', '_')}/_search", search_response())
    engine.search(SearchParams(**params), exclude_keys=exclude_keys)
    return cluster.only().body


# --- Index names, settings and mappings -----------------------------------------------------


def test_one_index_per_configured_locale_with_legal_names(engine):
    assert engine.locales == tuple(LOCALES)
    assert engine.index_names() == [
        "mep-documents-en",
        "mep-documents-fr",
        "mep-documents-es",
        "mep-documents-ar",
        "mep-documents-zh_hans",
        "mep-documents-ru",
    ]


# Elasticsearch's built-in language analyzers as its documentation rebuilds them (token filters
# in order), written out here: the index must analyse as the built-in one, plus letter|digit.
REBUILT_ANALYZERS = {
    "en": ["english_possessive_stemmer", "lowercase", "english_stop", "english_stemmer"],
    "fr": ["french_elision", "lowercase", "french_stop", "french_stemmer"],
    "es": ["lowercase", "spanish_stop", "spanish_stemmer"],
    "ru": ["lowercase", "russian_stop", "russian_stemmer"],
    "ar": ["lowercase", "decimal_digit", "arabic_stop", "arabic_normalization", "arabic_stemmer"],
    "zh-hans": ["cjk_width", "lowercase", "cjk_bigram_unigrams", "english_stop"],
}
STEMMERS = {
    "en": "english",
    "fr": "light_french",
    "es": "light_spanish",
    "ru": "russian",
    "ar": "arabic",
}


def created_index(cluster, engine, locale):
    name = engine.index_name(locale)
    cluster.answer("HEAD", f"/{name}", status=404)
    cluster.answer("PUT", f"/{name}", {"acknowledged": True, "shards_acknowledged": True, "index": name})
    assert engine.ensure_index(locale) is True
    head, put = cluster.sent
    assert (head.method, head.path) == ("HEAD", f"/{name}")
    assert (put.method, put.path) == ("PUT", f"/{name}")
    return put.body


def custom(filters):
    return {"type": "custom", "tokenizer": "standard", "char_filter": ["letter_digit"], "filter": filters}


@pytest.mark.parametrize("locale", ["en", "fr", "es", "ru", "ar", "zh-hans"])
def test_a_missing_index_is_created_with_its_language_analyzer(cluster, engine, locale):
    body = created_index(cluster, engine, locale)
    index_settings = body["settings"]
    analysis = index_settings["analysis"]
    assert analysis["analyzer"]["content"] == custom(REBUILT_ANALYZERS[locale])
    assert index_settings["number_of_shards"] == 1
    if locale in STEMMERS:
        stemmer = REBUILT_ANALYZERS[locale][-1]
        assert analysis["filter"][stemmer] == {"type": "stemmer", "language": STEMMERS[locale]}
    # Every filter a content analyzer names is a built-in one or defined in the index.
    builtin = {"lowercase", "decimal_digit", "arabic_normalization", "cjk_width"}
    for analyzer in ("content", "content_en"):
        for name in analysis["analyzer"].get(analyzer, {}).get("filter", []):
            assert name in builtin or name in analysis["filter"], (locale, name)
    mappings = body["mappings"]
    for field in ("title", "summary", "keywords", "body"):
        assert mappings["properties"][field]["analyzer"] == "content", field


def test_letters_and_digits_are_split_before_any_analyzer_tokenizes(cluster, engine):
    analysis = created_index(cluster, engine, "fr")["settings"]["analysis"]
    assert analysis["char_filter"] == {
        "letter_digit": {
            "type": "pattern_replace",
            "pattern": "(?<=\\p{L})(?=\\p{Nd})|(?<=\\p{Nd})(?=\\p{L})",
            "replacement": " ",
        }
    }


@pytest.mark.parametrize("locale", ["fr", "es", "ru", "ar", "zh-hans"])
def test_other_indices_also_read_their_text_as_english_for_untranslated_aliases(cluster, engine, locale):
    body = created_index(cluster, engine, locale)
    assert body["settings"]["analysis"]["analyzer"]["content_en"] == custom(REBUILT_ANALYZERS["en"])
    properties = body["mappings"]["properties"]
    for field in ("title", "keywords"):
        assert properties[field]["fields"]["en"] == {"type": "text", "analyzer": "content_en"}, field
    for field in ("summary", "body"):
        english = {"type": "text", "analyzer": "content_en", "index_options": "offsets"}
        assert properties[field]["fields"]["en"] == english, field
    assert properties["text_locale"] == {"type": "keyword"}


def test_the_english_index_has_no_second_english_reading(cluster, engine):
    body = created_index(cluster, engine, "en")
    assert "content_en" not in body["settings"]["analysis"]["analyzer"]
    assert "en" not in body["mappings"]["properties"]["title"]["fields"]
    assert "fields" not in body["mappings"]["properties"]["body"]


def test_a_rebuild_recreates_only_indices_of_an_older_mapping(cluster, engine):
    from search.backends.elasticsearch_mapping import MAPPING_VERSION

    for locale in LOCALES:
        name = engine.index_name(locale)
        cluster.answer("HEAD", f"/{name}", status=200 if locale in ("en", "fr") else 404)
    cluster.answer("GET", "/mep-documents-en/_mapping", {"mep-documents-en": {"mappings": {"properties": {}}}})
    current = {"mep-documents-fr": {"mappings": {"_meta": {"mapping_version": MAPPING_VERSION}}}}
    cluster.answer("GET", "/mep-documents-fr/_mapping", current)
    cluster.answer("DELETE", "/mep-documents-en", {"acknowledged": True})
    cluster.answer("PUT", "/mep-documents-en", {"acknowledged": True})

    assert engine.upgrade_indices() == ["en"]

    assert [(request.method, request.path) for request in cluster.sent if request.method != "HEAD"] == [
        ("GET", "/mep-documents-en/_mapping"),
        ("DELETE", "/mep-documents-en"),
        ("PUT", "/mep-documents-en"),
        ("GET", "/mep-documents-fr/_mapping"),
    ]
    assert cluster.only("PUT").body["mappings"]["_meta"] == {"mapping_version": MAPPING_VERSION}


def test_chinese_uses_cjk_bigrams_with_single_characters(cluster, engine):
    analysis = created_index(cluster, engine, "zh-hans")["settings"]["analysis"]
    assert analysis["filter"]["cjk_bigram_unigrams"] == {"type": "cjk_bigram", "output_unigrams": True}


def test_mappings_field_by_field(cluster, engine):
    cluster.answer("HEAD", "/mep-documents-en", status=404)
    cluster.answer("PUT", "/mep-documents-en", {"acknowledged": True})
    engine.ensure_index("en")
    body = cluster.only("PUT").body
    properties = body["mappings"]["properties"]
    analysis = body["settings"]["analysis"]

    assert body["mappings"]["dynamic"] == "strict"
    for field in ("key", "kind", "type", "languages", "url", "locale"):
        assert properties[field] == {"type": "keyword"}, field
    # Exact symbols are keywords; their words are searchable with the keywords, as in the database.
    assert properties["symbols"] == {"type": "keyword", "copy_to": ["keywords"]}
    title = properties["title"]
    assert title["type"] == "text"
    assert title["fields"]["sort"] == {"type": "keyword", "normalizer": "sort"}
    assert analysis["normalizer"]["sort"] == {"type": "custom", "filter": ["lowercase", "asciifolding"]}
    assert title["fields"]["autocomplete"] == {
        "type": "text",
        "analyzer": "autocomplete",
        "search_analyzer": "autocomplete_search",
    }
    autocomplete = analysis["analyzer"]["autocomplete"]
    assert autocomplete["tokenizer"] == "standard"
    assert autocomplete["filter"][-1] == "autocomplete_edge_ngram"
    assert analysis["filter"]["autocomplete_edge_ngram"] == {"type": "edge_ngram", "min_gram": 1, "max_gram": 20}
    search_side = analysis["analyzer"]["autocomplete_search"]
    assert search_side["tokenizer"] == "standard"
    assert "autocomplete_edge_ngram" not in search_side["filter"]
    assert title["copy_to"] == ["spelling"]
    assert properties["keywords"]["copy_to"] == ["spelling"]
    assert properties["spelling"] == {"type": "text", "analyzer": "spelling"}
    assert properties["date"] == {"type": "date"}
    assert properties["year"] == {"type": "integer"}
    assert properties["facets"]["type"] == "object"
    assert properties["facets"]["properties"] == {facet: {"type": "keyword"} for facet in CONTRACT_FACETS}


def test_an_existing_index_is_left_alone(cluster, engine):
    cluster.answer("HEAD", "/mep-documents-en", status=200)
    assert engine.ensure_index("en") is False
    assert [request.method for request in cluster.sent] == ["HEAD"]


def test_an_index_created_meanwhile_by_another_process_is_not_an_error(cluster, engine):
    cluster.answer("HEAD", "/mep-documents-en", status=404)
    cluster.answer(
        "PUT",
        "/mep-documents-en",
        {"error": {"type": "resource_already_exists_exception", "reason": "exists"}, "status": 400},
        status=400,
    )
    assert engine.ensure_index("en") is False


# --- The search request -----------------------------------------------------------------------


def test_one_search_is_exactly_one_request_to_the_locale_index(cluster, engine):
    params = SearchParams(q="mercury", locale="fr", filters={"type": ("guidance",), "country": ("BRA",)})
    cluster.answer("POST", "/mep-documents-fr/_search", search_response())

    engine.search(params, exclude_keys=["page:9"])

    request = cluster.only()
    assert (request.method, request.path) == ("POST", "/mep-documents-fr/_search")
    assert request.params == {"ignore_unavailable": "true"}
    assert request.body["track_total_hits"] is True
    assert request.body["_source"] == [
        "key",
        "kind",
        "title",
        "url",
        "summary",
        "type",
        "year",
        "date",
        "languages",
        "page_id",
        "text_locale",
    ]


def test_plain_text_requires_every_word_across_the_weighted_fields(cluster, engine):
    body = searched(cluster, engine, q="Mercury emissions", sort="relevance")
    assert TEXT_FIELDS == CONTRACT_TEXT_FIELDS
    assert body["query"] == {
        "bool": {
            "must": [
                {
                    "multi_match": {
                        "query": "mercury emissions",
                        "fields": ["title^10", "keywords^5", "summary^2", "body"],
                        "type": "cross_fields",
                        "operator": "and",
                    }
                }
            ]
        }
    }
    assert "post_filter" not in body


def test_operators_and_punctuation_are_words_not_syntax(cluster, engine):
    body = searched(cluster, engine, q="mercury AND (gold) OR* soil~", sort="relevance")
    assert body["query"]["bool"]["must"][0]["multi_match"]["query"] == "mercury gold soil"


def test_an_empty_query_browses_everything(cluster, engine):
    body = searched(cluster, engine, q="")
    assert body["query"] == {"match_all": {}}


def test_a_query_of_punctuation_only_finds_nothing(cluster, engine):
    body = searched(cluster, engine, q='?! "" --', sort="relevance")
    assert body["query"] == {"match_none": {}}


def test_a_quoted_phrase_is_a_phrase_query_next_to_the_words(cluster, engine):
    body = searched(cluster, engine, q='"artisanal gold" mining', sort="relevance")
    assert body["query"]["bool"]["must"] == [
        {
            "multi_match": {
                "query": "mining",
                "fields": CONTRACT_TEXT_FIELDS,
                "type": "cross_fields",
                "operator": "and",
            }
        },
        {"multi_match": {"query": "artisanal gold", "fields": CONTRACT_TEXT_FIELDS, "type": "phrase"}},
    ]


@pytest.mark.parametrize(
    ("typed", "symbol", "words", "match_type"),
    [
        # A symbol's parts must follow each other (one unit typed, search/text.py): a phrase.
        ("UNEP/MC/COP.1/17", "UNEP/MC/COP.1/17", "unep mc cop 1 17", "phrase"),
        ("unep/mc/cop.1/17 ", "UNEP/MC/COP.1/17", "unep mc cop 1 17", "phrase"),
        ("UNEP/MC/COP.4/INF/12.", "UNEP/MC/COP.4/INF/12", "unep mc cop 4 inf 12", "phrase"),
        ("MC-4/3", "MC-4/3", "mc 4 3", "phrase"),
    ],
)
def test_a_symbol_matches_by_its_exact_symbol_or_by_text_and_ranks_first(
    cluster, engine, typed, symbol, words, match_type
):
    body = searched(cluster, engine, q=typed, sort="relevance")
    query = body["query"]["bool"]
    assert query["minimum_should_match"] == 1
    exact, text = query["should"]
    assert set(exact) == {"constant_score"} and set(exact["constant_score"]) == {"filter", "boost"}
    assert exact["constant_score"]["filter"] == {"term": {"symbols": symbol}}
    # Far above any text score (a title match of a few words scores tens), so the symbol comes first.
    assert exact["constant_score"]["boost"] >= 10_000
    # The other way in: the same text query as without the symbol.
    (text_match,) = text["bool"]["must"]
    assert text_match["multi_match"]["query"] == words
    assert text_match["multi_match"]["type"] == match_type


def test_ordinary_words_do_not_ask_for_a_symbol(cluster, engine):
    body = searched(cluster, engine, q="mercury emissions")
    assert "symbols" not in json.dumps(body["query"])


def test_the_engine_knows_exactly_the_contract_facets():
    assert FACETS == CONTRACT_FACETS


@pytest.mark.parametrize("facet", CONTRACT_FACETS)
def test_each_facet_filters_hits_and_is_left_out_of_its_own_counts(cluster, engine, facet):
    value = SAMPLE_VALUES[facet]
    body = searched(cluster, engine, q="mercury", filters={facet: (value,)})
    clause = {"terms": {f"facets.{facet}": [value]}}

    assert body["post_filter"] == {"bool": {"filter": [clause]}}
    assert set(body["aggs"]) == {f"facet_{name}" for name in CONTRACT_FACETS}
    assert body["aggs"][f"facet_{facet}"]["filter"] == {"match_all": {}}
    for other in CONTRACT_FACETS:
        if other != facet:
            assert body["aggs"][f"facet_{other}"]["filter"] == {"bool": {"filter": [clause]}}, other
    # The query scores; a selection never touches it (and so never the counts of its own facet).
    assert "facets." not in json.dumps(body["query"])


def test_values_of_one_facet_are_alternatives(cluster, engine):
    body = searched(cluster, engine, filters={"country": ("BRA", "IDN", "GHA")})
    assert body["post_filter"]["bool"]["filter"] == [{"terms": {"facets.country": ["BRA", "IDN", "GHA"]}}]


def test_two_facets_each_counted_with_the_other_selection_only(cluster, engine):
    body = searched(cluster, engine, q="mercury", filters={"type": ("guidance", "report"), "country": ("BRA",)})
    type_clause = {"terms": {"facets.type": ["guidance", "report"]}}
    country_clause = {"terms": {"facets.country": ["BRA"]}}

    assert body["post_filter"] == {"bool": {"filter": [type_clause, country_clause]}}
    assert body["aggs"]["facet_type"]["filter"] == {"bool": {"filter": [country_clause]}}
    assert body["aggs"]["facet_country"]["filter"] == {"bool": {"filter": [type_clause]}}
    assert body["aggs"]["facet_region"]["filter"] == {"bool": {"filter": [type_clause, country_clause]}}


def test_every_facet_counts_all_its_values(cluster, engine):
    body = searched(cluster, engine)
    sizes = set()
    for facet in CONTRACT_FACETS:
        terms = body["aggs"][f"facet_{facet}"]["aggs"]["values"]["terms"]
        assert set(terms) == {"field", "size"} and terms["field"] == f"facets.{facet}"
        sizes.add(terms["size"])
    assert min(sizes) >= 250  # about 200 countries, more than a century of years


def test_a_year_range_is_inclusive_and_part_of_the_year_selection(cluster, engine):
    body = searched(cluster, engine, filters={"type": ("report",)}, year_from=2015, year_to=2020)
    year_range = {"range": {"year": {"gte": 2015, "lte": 2020}}}
    type_clause = {"terms": {"facets.type": ["report"]}}

    assert body["post_filter"] == {"bool": {"filter": [type_clause, year_range]}}
    assert body["aggs"]["facet_year"]["filter"] == {"bool": {"filter": [type_clause]}}
    assert body["aggs"]["facet_type"]["filter"] == {"bool": {"filter": [year_range]}}


def test_an_open_year_range(cluster, engine):
    body = searched(cluster, engine, year_to=2010)
    assert body["post_filter"] == {"bool": {"filter": [{"range": {"year": {"lte": 2010}}}]}}


def test_year_values_and_a_range_together_form_the_year_selection(cluster, engine):
    body = searched(cluster, engine, filters={"year": ("2019", "2021")}, year_from=2020)
    assert body["post_filter"] == {
        "bool": {
            "filter": [
                {
                    "bool": {
                        "filter": [
                            {"terms": {"facets.year": ["2019", "2021"]}},
                            {"range": {"year": {"gte": 2020}}},
                        ]
                    }
                }
            ]
        }
    }
    assert body["aggs"]["facet_year"]["filter"] == {"match_all": {}}


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "relevance",
            [
                {"_score": {"order": "desc"}},
                {"date": {"order": "desc", "missing": "_last"}},
                {"title.sort": {"order": "asc"}},
                {"key": {"order": "asc"}},
            ],
        ),
        (
            "newest",
            [
                {"date": {"order": "desc", "missing": "_last"}},
                {"title.sort": {"order": "asc"}},
                {"key": {"order": "asc"}},
            ],
        ),
        (
            "oldest",
            [
                {"date": {"order": "asc", "missing": "_last"}},
                {"title.sort": {"order": "asc"}},
                {"key": {"order": "asc"}},
            ],
        ),
        ("title", [{"title.sort": {"order": "asc"}}, {"key": {"order": "asc"}}]),
    ],
)
def test_each_sort(cluster, engine, sort, expected):
    assert searched(cluster, engine, q="mercury", sort=sort)["sort"] == expected


def test_relevance_with_no_words_to_score_is_newest_first(cluster, engine):
    body = searched(cluster, engine, q="", sort="relevance")
    assert body["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}


@pytest.mark.parametrize(("page", "per_page", "start"), [(1, 20, 0), (3, 50, 100), (2, 10, 10), (100, 100, 9900)])
def test_pagination(cluster, engine, page, per_page, start):
    body = searched(cluster, engine, page=page, per_page=per_page)
    assert (body["from"], body["size"]) == (start, per_page)


def test_a_page_beyond_the_result_window_still_counts_but_asks_no_hits(cluster, engine):
    body = searched(cluster, engine, page=300, per_page=50)
    assert (body["from"], body["size"]) == (0, 0)
    assert body["track_total_hits"] is True
    assert "aggs" in body


def test_highlight_marks_words_in_escaped_summary_and_body(cluster, engine):
    highlight = searched(cluster, engine, q="mercury")["highlight"]
    assert highlight["pre_tags"] == ["<mark>"]
    assert highlight["post_tags"] == ["</mark>"]
    assert highlight["encoder"] == "html"
    assert set(highlight["fields"]) == {"summary", "body", "summary.en", "body.en"}


def test_numbered_names_are_phrases_whatever_their_punctuation(cluster, engine):
    for typed in ("COP1", "COP-1", "COP.1"):
        body = searched(cluster, engine, q=f"Minamata {typed}", sort="relevance")
        assert body["query"]["bool"]["must"] == [
            {
                "multi_match": {
                    "query": "minamata",
                    "fields": CONTRACT_TEXT_FIELDS,
                    "type": "cross_fields",
                    "operator": "and",
                }
            },
            {"multi_match": {"query": "cop 1", "fields": CONTRACT_TEXT_FIELDS, "type": "phrase"}},
        ]
        cluster.sent.clear()


def test_outside_english_the_query_is_also_read_as_english(cluster, engine):
    body = searched(cluster, engine, q="mercures", locale="fr", sort="relevance")
    english_fields = ["title.en^10", "keywords.en^5", "summary.en^2", "body.en"]

    def reading(fields):
        match = {"query": "mercures", "fields": fields, "type": "cross_fields", "operator": "and"}
        return {"bool": {"must": [{"multi_match": match}]}}

    assert body["query"] == {
        "bool": {"should": [reading(CONTRACT_TEXT_FIELDS), reading(english_fields)], "minimum_should_match": 1}
    }


def test_a_relaxed_search_counts_its_candidates_in_one_request(cluster, engine):
    cluster.answer(
        "POST",
        "/mep-documents-en/_search",
        {
            "hits": {"total": {"value": 0, "relation": "eq"}, "hits": []},
            "aggregations": {"candidates": {"buckets": {"0": {"doc_count": 3}, "1": {"doc_count": 5000}}}},
        },
    )
    params = SearchParams(q="mercury zanzibar", locale="en", filters={"type": ("guidance",)})
    assert engine.count_matches(params, ["mercury", "zanzibar"], cap=1000) == [3, 1000]
    request = cluster.only()
    assert request.body["size"] == 0
    assert request.body["query"] == {"bool": {"filter": [{"terms": {"facets.type": ["guidance"]}}]}}
    filters = request.body["aggs"]["candidates"]["filters"]["filters"]
    assert set(filters) == {"0", "1"}
    assert filters["0"]["bool"]["must"][0]["multi_match"]["query"] == "mercury"


def test_promoted_keys_leave_the_hits_but_not_the_counts(cluster, engine):
    body = searched(cluster, engine, exclude_keys=["page:1", "partner:4:en"], q="mercury", filters={"kind": ("news",)})
    kind_clause = {"terms": {"facets.kind": ["news"]}}
    excluded = {"ids": {"values": ["page:1", "partner:4:en"]}}
    assert body["post_filter"] == {"bool": {"filter": [kind_clause], "must_not": [excluded]}}
    # Facet counts include them; the total gets them back through the `excluded` aggregation.
    assert body["aggs"]["excluded"] == {"filter": {"bool": {"filter": [kind_clause, excluded]}}}
    facet_aggs = {name: agg for name, agg in body["aggs"].items() if name != "excluded"}
    assert "page:1" not in json.dumps(facet_aggs)
    assert "page:1" not in json.dumps(body["query"])


def test_the_total_counts_promoted_results_left_out_of_the_hits(cluster, engine):
    response = search_response(total=5, aggregations={"excluded": {"doc_count": 2}})
    cluster.answer("POST", "/mep-documents-en/_search", response)
    answer = engine.search(SearchParams(q="mercury"), exclude_keys=["page:1", "page:2", "page:3"])
    assert answer.count == 7


# --- Reading the answer ---------------------------------------------------------------------


CANNED_SEARCH = search_response(
    total=42,
    hits=[
        {
            "_index": "mep-documents-en",
            "_id": "page:17",
            "_score": 100012.5,
            "_source": {
                "key": "page:17",
                "kind": "resource",
                "title": "Guidance on ASGM national action plans",
                "url": "/en/library/asgm-nap-guidance/",
                "summary": "How to prepare a national action plan.",
                "type": "guidance",
                "year": 2019,
                "date": "2019-05-03",
                "languages": ["en", "fr"],
                "page_id": 17,
                "text_locale": "en",
            },
            "highlight": {
                "summary": ["How to prepare a national action plan for <mark>mercury</mark> &lt;b&gt;"],
                "body": ["ignored while the summary has a fragment"],
            },
        },
        {
            "_index": "mep-documents-en",
            "_id": "partner:4:en",
            "_score": 3.2,
            "_source": {
                "key": "partner:4:en",
                "kind": "partner",
                "title": "UNEP",
                "url": "/en/search/?partner=unep",
                "summary": "",
                "type": "",
                "year": None,
                "date": None,
                "languages": [],
                "page_id": None,
            },
            "highlight": {"body": ["the <mark>mercury</mark> programme"]},
        },
    ],
    aggregations={
        "facet_kind": {
            "doc_count": 42,
            "values": {
                "doc_count_error_upper_bound": 0,
                "sum_other_doc_count": 0,
                "buckets": [{"key": "resource", "doc_count": 40}, {"key": "partner", "doc_count": 2}],
            },
        },
        "facet_type": {"doc_count": 12, "values": {"buckets": [{"key": "guidance", "doc_count": 12}]}},
        "facet_country": {
            "doc_count": 9,
            "values": {"buckets": [{"key": "BRA", "doc_count": 9}, {"key": "GHA", "doc_count": 0}]},
        },
        "facet_year": {"doc_count": 5, "values": {"buckets": [{"key": "2019", "doc_count": 5}]}},
    },
)


def test_a_canned_answer_becomes_an_engine_answer(cluster, engine):
    cluster.answer("POST", "/mep-documents-en/_search", CANNED_SEARCH)

    answer = engine.search(SearchParams(q="mercury", sort="relevance"))

    assert answer.count == 42
    first, second = answer.hits
    assert first.key == "page:17"
    assert first.kind == "resource"
    assert first.title == "Guidance on ASGM national action plans"
    assert first.url == "/en/library/asgm-nap-guidance/"
    assert first.summary == "How to prepare a national action plan."
    assert first.type == "guidance"
    assert first.year == 2019
    assert first.date == date(2019, 5, 3)
    assert first.languages == ["en", "fr"]
    assert first.page_id == 17
    assert first.text_locale == "en"
    assert second.text_locale == ""  # documents indexed before text_locale existed
    assert first.highlight == "How to prepare a national action plan for <mark>mercury</mark> &lt;b&gt;"
    assert (second.key, second.kind, second.year, second.date, second.page_id) == (
        "partner:4:en",
        "partner",
        None,
        None,
        None,
    )
    assert second.highlight == "the <mark>mercury</mark> programme"  # the body's fragment when no summary's
    assert set(answer.facet_counts) == set(CONTRACT_FACETS)
    assert answer.facet_counts["kind"] == {"resource": 40, "partner": 2}
    assert answer.facet_counts["type"] == {"guidance": 12}
    assert answer.facet_counts["country"] == {"BRA": 9}  # zero counts left out
    assert answer.facet_counts["year"] == {"2019": 5}
    assert answer.facet_counts["pillar"] == {}


def test_a_language_with_nothing_indexed_answers_empty(cluster, engine):
    # ignore_unavailable=true on a missing index: no shards, no aggregations.
    cluster.answer("POST", "/mep-documents-ru/_search", search_response())
    answer = engine.search(SearchParams(q="ртуть", locale="ru"))
    assert (answer.count, answer.hits) == (0, [])
    assert answer.facet_counts == {facet: {} for facet in CONTRACT_FACETS}


# --- Autocomplete and "did you mean" --------------------------------------------------------


def test_suggest_asks_the_autocomplete_subfield_for_eight_titles(cluster, engine):
    cluster.answer(
        "POST",
        "/mep-documents-en/_search",
        search_response(
            total=2,
            hits=[
                {"_id": "page:1", "_source": {"title": "Mercury emissions", "url": "/en/a/"}},
                {"_id": "page:2", "_source": {"title": "Mercury-added products", "url": "/en/b/"}},
            ],
        ),
    )

    suggestions = engine.suggest("  merc ", "en")

    body = cluster.only().body
    assert body["query"] == {"match": {"title.autocomplete": {"query": "merc", "operator": "and"}}}
    assert body["size"] == 8
    assert body["_source"] == ["title", "url"]
    assert suggestions == [
        {"title": "Mercury emissions", "url": "/en/a/"},
        {"title": "Mercury-added products", "url": "/en/b/"},
    ]


def test_suggest_for_nothing_typed_sends_nothing(cluster, engine):
    assert engine.suggest("   ", "en") == []
    assert cluster.sent == []


def test_spelling_suggestion_is_a_phrase_suggester_on_unstemmed_words(cluster, engine):
    cluster.answer(
        "POST",
        "/mep-documents-en/_search",
        {
            **search_response(),
            "suggest": {
                "spelling": [
                    {
                        "text": "mercuri emisions",
                        "offset": 0,
                        "length": 16,
                        "options": [{"text": "mercury emissions", "score": 0.02}],
                    }
                ]
            },
        },
    )

    assert engine.spelling_suggestion("Mercuri emisions", "en") == "mercury emissions"

    body = cluster.only().body
    assert body["size"] == 0
    suggester = body["suggest"]
    assert suggester["text"] == "mercuri emisions"
    phrase = suggester["spelling"]["phrase"]
    assert phrase["field"] == "spelling"
    assert phrase["direct_generator"][0]["field"] == "spelling"
    assert phrase["collate"]["prune"] is False


def test_no_spelling_suggestion_when_nothing_better_or_chinese(cluster, engine):
    cluster.answer(
        "POST", "/mep-documents-en/_search", {**search_response(), "suggest": {"spelling": [{"options": []}]}}
    )
    assert engine.spelling_suggestion("mercury", "en") == ""
    assert engine.spelling_suggestion("汞污染", "zh-hans") == ""
    assert len(cluster.sent) == 1


# --- Writing ----------------------------------------------------------------------------------


def _documents():
    return [
        IndexedDocument(
            key="page:17",
            locale="en",
            kind="resource",
            title="Guidance on ASGM",
            url="/en/library/guidance-on-asgm/",
            summary="How to prepare a plan.",
            keywords="UNEP/MC/COP.1/17 UNEP",
            body="Full text about mercury.",
            symbols=["UNEP/MC/COP.1/17"],
            date=date(2019, 5, 3),
            facets={
                "kind": ["resource"],
                "type": ["guidance"],
                "article": [7],
                "year": ["2019"],
                "country": [],
                "provenance": ["partner"],
            },
            type="guidance",
            languages=["en", "fr"],
            page_id=17,
        ),
        IndexedDocument(
            key="partner:4:fr",
            locale="fr",
            kind="partner",
            title="PNUE",
            url="/fr/search/?partner=unep",
            facets={"kind": ["partner"], "partner": ["unep"]},
        ),
    ]


def test_documents_are_bulk_indexed_by_key_into_their_locale_index(cluster, engine):
    cluster.answer("HEAD", "/mep-documents-en", status=404)
    cluster.answer("PUT", "/mep-documents-en", {"acknowledged": True})
    cluster.answer("HEAD", "/mep-documents-fr", status=200)
    cluster.answer(
        "PUT",
        "/_bulk",
        bulk_response(
            [
                {"index": {"_index": "mep-documents-en", "_id": "page:17", "status": 201, "result": "created"}},
                {"index": {"_index": "mep-documents-fr", "_id": "partner:4:fr", "status": 200, "result": "updated"}},
            ]
        ),
    )

    assert engine.index_documents(iter(_documents())) == 2

    assert [(request.method, request.path) for request in cluster.sent] == [
        ("HEAD", "/mep-documents-en"),
        ("PUT", "/mep-documents-en"),
        ("HEAD", "/mep-documents-fr"),
        ("PUT", "/_bulk"),
    ]
    bulk = cluster.sent[-1]
    assert "refresh" not in bulk.params
    action_en, source_en, action_fr, source_fr = bulk.body
    assert action_en == {"index": {"_index": "mep-documents-en", "_id": "page:17"}}
    assert source_en == {
        "key": "page:17",
        "locale": "en",
        "kind": "resource",
        "title": "Guidance on ASGM",
        "url": "/en/library/guidance-on-asgm/",
        "summary": "How to prepare a plan.",
        "keywords": "UNEP/MC/COP.1/17 UNEP",
        "body": "Full text about mercury.",
        "symbols": ["UNEP/MC/COP.1/17"],
        "date": "2019-05-03",
        "year": 2019,
        "facets": {
            "kind": ["resource"],
            "type": ["guidance"],
            "article": ["7"],
            "year": ["2019"],
            "provenance": ["partner"],
        },
        "type": "guidance",
        "languages": ["en", "fr"],
        "page_id": 17,
        "text_locale": "en",
    }
    assert source_fr["text_locale"] == "fr"  # no text language given: the locale's own
    assert action_fr == {"index": {"_index": "mep-documents-fr", "_id": "partner:4:fr"}}
    assert (source_fr["date"], source_fr["year"], source_fr["page_id"]) == (None, None, None)
    assert source_fr["facets"] == {"kind": ["partner"], "partner": ["unep"]}


def test_an_engine_for_tests_refreshes_on_every_write(cluster):
    engine = ElasticsearchEngine(client=cluster.client(), index_prefix=PREFIX, refresh=True)
    cluster.answer("HEAD", "/mep-documents-fr", status=200)
    cluster.answer(
        "PUT",
        "/_bulk",
        bulk_response([{"index": {"_index": "mep-documents-fr", "_id": "partner:4:fr", "status": 200}}]),
    )
    engine.index_documents(_documents()[1:])
    assert cluster.only("PUT").params == {"refresh": "true"}

    cluster.answer("POST", "/mep-documents-en,mep-documents-fr,mep-documents-es/_refresh", {"_shards": {}})
    three_locales = ElasticsearchEngine(client=cluster.client(), index_prefix=PREFIX, locales=["en", "fr", "es"])
    three_locales.refresh()
    three_locales.optimise()  # what a rebuild ends with (search/backends/wagtail_bridge.py)
    for refresh in cluster.sent[-2:]:
        assert (refresh.method, refresh.path) == (
            "POST",
            "/mep-documents-en,mep-documents-fr,mep-documents-es/_refresh",
        )
        assert refresh.params == {"ignore_unavailable": "true", "allow_no_indices": "true"}


def test_nothing_to_index_sends_nothing(cluster, engine):
    assert engine.index_documents([]) == 0
    assert cluster.sent == []


def test_deleting_keys_asks_every_existing_locale_index_and_ignores_not_found(cluster, engine):
    for name in engine.index_names():
        cluster.answer("HEAD", f"/{name}", status=200 if name in ("mep-documents-en", "mep-documents-ar") else 404)
    cluster.answer(
        "PUT",
        "/_bulk",
        bulk_response(
            [
                {"delete": {"_index": "mep-documents-en", "_id": "page:17", "status": 200, "result": "deleted"}},
                {"delete": {"_index": "mep-documents-en", "_id": "page:18", "status": 404, "result": "not_found"}},
                {"delete": {"_index": "mep-documents-ar", "_id": "page:17", "status": 404, "result": "not_found"}},
                {"delete": {"_index": "mep-documents-ar", "_id": "page:18", "status": 200, "result": "deleted"}},
            ]
        ),
    )

    engine.delete_documents(["page:17", "page:18"])

    assert [request.path for request in cluster.sent if request.method == "HEAD"] == [
        f"/{name}" for name in engine.index_names()
    ]
    assert cluster.only("PUT").body == [
        {"delete": {"_index": "mep-documents-en", "_id": "page:17"}},
        {"delete": {"_index": "mep-documents-en", "_id": "page:18"}},
        {"delete": {"_index": "mep-documents-ar", "_id": "page:17"}},
        {"delete": {"_index": "mep-documents-ar", "_id": "page:18"}},
    ]


def test_deleting_when_no_index_exists_sends_no_bulk(cluster, engine):
    for name in engine.index_names():
        cluster.answer("HEAD", f"/{name}", status=404)
    engine.delete_documents(["page:1"])
    assert {request.method for request in cluster.sent} == {"HEAD"}
    engine.delete_documents([])
    assert len(cluster.sent) == len(LOCALES)


def test_clear_deletes_and_recreates_every_locale_index(cluster, engine):
    for name in engine.index_names():
        cluster.answer("DELETE", f"/{name}", {"error": {"type": "index_not_found_exception"}, "status": 404}, 404)
        cluster.answer("HEAD", f"/{name}", status=404)
        cluster.answer("PUT", f"/{name}", {"acknowledged": True})

    engine.clear()

    deleted = [request.path for request in cluster.sent if request.method == "DELETE"]
    created = [request.path for request in cluster.sent if request.method == "PUT"]
    assert deleted == created == [f"/{name}" for name in engine.index_names()]
    assert all(request.body["settings"]["analysis"] for request in cluster.sent if request.method == "PUT")


def test_document_count_for_one_locale_or_all(cluster, engine):
    cluster.answer("POST", "/mep-documents-zh_hans/_count", {"count": 7, "_shards": {}})
    cluster.answer("POST", "/" + ",".join(engine.index_names()) + "/_count", {"count": 31, "_shards": {}})

    assert engine.document_count("zh-hans") == 7
    assert engine.document_count() == 31
    assert cluster.sent[0].params == {"ignore_unavailable": "true", "allow_no_indices": "true"}


# --- Every document fits the strict mapping ------------------------------------------------


def unmapped(source, mapping, path=""):
    """What Elasticsearch would refuse under `dynamic: strict`: each key of `source`, at any depth,
    that the mapping does not declare, and each value whose shape does not fit its field."""
    problems = []
    properties = mapping.get("properties", {})
    for key, value in source.items():
        where = f"{path}{key}"
        if key not in properties:
            problems.append(f"{where}: not in the mapping")
            continue
        field = properties[key]
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            if "properties" in field or field.get("type") == "object":
                if isinstance(item, dict):
                    problems += unmapped(item, field, f"{where}.")
                else:
                    problems.append(f"{where}: {item!r} is not an object")
            elif not _fits(field["type"], item):
                problems.append(f"{where}: {item!r} does not fit a {field['type']} field")
    return problems


def _fits(field_type, value):
    if field_type in ("keyword", "text"):
        return isinstance(value, str)
    if field_type in ("integer", "long"):
        return isinstance(value, int) and not isinstance(value, bool)
    if field_type == "date":
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            return False
        return True
    return False


def test_the_mapping_walker_finds_unknown_keys_at_any_depth():
    # The check below is only as good as this walker: it must see what a strict mapping refuses.
    mapping = {"dynamic": "strict", "properties": {"year": {"type": "integer"}, "facets": {"type": "object"}}}
    mapping["properties"]["facets"]["properties"] = {"kind": {"type": "keyword"}}
    assert unmapped({"year": 2019, "facets": {"kind": ["news"]}}, mapping) == []
    assert unmapped({"colour": "red", "facets": {"kind": ["news"], "mood": ["calm"]}}, mapping) == [
        "colour: not in the mapping",
        "facets.mood: not in the mapping",
    ]
    assert unmapped({"year": "2019", "facets": ["news"]}, mapping) == [
        "year: '2019' does not fit a integer field",
        "facets: 'news' is not an object",
    ]


CONTRACT_KINDS = {"resource", "topic", "thematic-area", "country", "meeting", "event", "news", "partner"}


def documents_of_the_site():
    """Every search document the site has, built from its live pages and partners as indexing does."""
    from django.apps import apps

    from wagtail.models import Page

    from partners.models import Organisation
    from search.documents import build_page_document, build_partner_documents, configured_locales
    from search.indexing import searchable_pages

    documents = []
    for model in apps.get_models():
        if issubclass(model, Page) and getattr(model, "search_kind", None):
            documents += [doc for page in searchable_pages(model) if (doc := build_page_document(page))]
    for organisation in Organisation.objects.select_related("country__region"):
        documents += build_partner_documents(organisation, configured_locales())
    return documents


@pytest.mark.django_db
def test_every_document_of_every_kind_fits_its_strict_mapping(cluster, engine, tree):
    from partners.models import Organisation

    from .builders import build_gmp_site

    build_gmp_site(tree)
    unep = Organisation.objects.create(
        name="United Nations Environment Programme", slug="unep", acronym="UNEP", country=tree.kenya
    )
    tree.resource.publisher = unep
    tree.resource.save_revision().publish()
    documents = documents_of_the_site()
    assert {doc.kind for doc in documents} == CONTRACT_KINDS
    locales = sorted({doc.locale for doc in documents})
    for locale in locales:
        cluster.answer("HEAD", f"/{engine.index_name(locale)}", status=404)
        cluster.answer("PUT", f"/{engine.index_name(locale)}", {"acknowledged": True})
    cluster.answer(
        "PUT",
        "/_bulk",
        bulk_response([{"index": {"_index": "any", "_id": doc.key, "status": 201}} for doc in documents]),
    )

    engine.index_documents(documents)

    mappings = {
        request.path.strip("/"): request.body["mappings"]
        for request in cluster.sent
        if request.method == "PUT" and request.path != "/_bulk"
    }
    assert set(mappings) == {engine.index_name(locale) for locale in locales}
    lines = [line for request in cluster.sent if request.path == "/_bulk" for line in request.body]
    sent = list(zip(lines[::2], lines[1::2], strict=True))
    assert len(sent) == len(documents)
    for action, source in sent:
        mapping = mappings[action["index"]["_index"]]
        assert mapping["dynamic"] == "strict"
        assert unmapped(source, mapping) == [], source["key"]
    # The walk saw nested values, not just the top level.
    assert any(source["facets"].get("area") for _action, source in sent)
    # Every resource says who contributed it (the site's tree: the secretariat's library only).
    resources = [source for _action, source in sent if source["kind"] == "resource"]
    assert resources and all(source["facets"]["provenance"] == ["secretariat"] for source in resources)


# --- Health ---------------------------------------------------------------------------------


def test_check_accepts_a_yellow_cluster_and_raises_on_red(cluster, engine):
    cluster.answer("GET", "/_cluster/health", {"cluster_name": "docker-cluster", "status": "yellow"})
    engine.check()
    cluster.answer("GET", "/_cluster/health", {"cluster_name": "docker-cluster", "status": "red"})
    with pytest.raises(ElasticsearchUnavailable, match="red"):
        engine.check()


def test_check_raises_when_unreachable(cluster, engine):
    cluster.unreachable = True
    with pytest.raises(TransportConnectionError):
        engine.check()


# --- Chosen by the environment ------------------------------------------------------------


@pytest.fixture
def fresh_engine_cache():
    get_engine.cache_clear()
    yield
    get_engine.cache_clear()


def test_get_engine_is_elasticsearch_when_its_url_is_set(fresh_engine_cache):
    backends = {"default": {"BACKEND": "wagtail.search.backends.elasticsearch9", "INDEX": "mep", "TIMEOUT": 4}}
    with override_settings(ELASTICSEARCH_URL="http://search.internal:9200", WAGTAILSEARCH_BACKENDS=backends):
        engine = get_engine()
    assert isinstance(engine, ElasticsearchEngine)
    assert engine.index_prefix == "mep-documents"
    assert engine.index_name("zh-hans") == "mep-documents-zh_hans"
    node = engine.client.transport.node_pool.get()
    assert (node.host, node.port) == ("search.internal", 9200)


def test_get_engine_default_index_prefix(fresh_engine_cache):
    backends = {"default": {"BACKEND": "wagtail.search.backends.elasticsearch9"}}
    with override_settings(ELASTICSEARCH_URL="http://localhost:9200", WAGTAILSEARCH_BACKENDS=backends):
        assert get_engine().index_prefix == "exchange_platform-documents"


# --- The live-suite helper ------------------------------------------------------------------


def test_live_helper_skips_with_a_reason_when_no_url(monkeypatch):
    monkeypatch.delenv("ELASTICSEARCH_URL", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        live_elasticsearch_engine()
    assert "ELASTICSEARCH_URL is not set" in skipped.value.msg and "no server on this machine" in skipped.value.msg


def test_live_helper_fails_when_the_url_is_set_but_nothing_answers(monkeypatch):
    monkeypatch.setenv("ELASTICSEARCH_URL", "http://127.0.0.1:9")  # the discard port: refused at once
    started = time.monotonic()
    with pytest.raises(pytest.fail.Exception, match="does not answer"):
        live_elasticsearch_engine()
    assert time.monotonic() - started < 30


# --- The live suite (needs ELASTICSEARCH_URL; skipped on our machines) ----------------------


@pytest.fixture
def live():
    engine, cleanup = live_elasticsearch_engine()
    try:
        yield engine
    finally:
        cleanup()


def _doc(key, title, *, locale="en", kind="resource", summary="", body="", symbols=(), when=None, **facets):
    facets = {name: list(values) for name, values in facets.items()}
    facets["kind"] = [kind]
    if when:
        facets["year"] = [str(when.year)]
    return IndexedDocument(
        key=key,
        locale=locale,
        kind=kind,
        title=title,
        url=f"/{locale}/{key.replace(':', '-')}/",
        summary=summary,
        body=body,
        symbols=list(symbols),
        date=when,
        facets=facets,
        type=facets.get("type", [""])[0],
    )


@pytest.mark.elasticsearch
def test_live_symbol_ranks_first_and_facets_are_disjunctive(live):
    live.index_documents(
        [
            _doc(
                "page:1",
                "Report of the first meeting",
                symbols=["UNEP/MC/COP.1/17"],
                when=date(2017, 9, 29),
                type=["meeting-document"],
                country=["CHE"],
            ),
            _doc(
                "page:2",
                "UNEP MC COP 1 17 discussed at length",
                summary="Mercury emissions UNEP MC COP 1 17",
                when=date(2019, 1, 1),
                type=["report"],
                country=["BRA"],
            ),
            _doc("page:3", "Mercury emissions inventory guidance", when=date(2021, 6, 1), type=["guidance"]),
        ]
    )
    assert live.document_count("en") == 3

    answer = live.search(SearchParams(q="unep/mc/cop.1/17", sort="relevance"))
    assert answer.hits[0].key == "page:1"

    answer = live.search(SearchParams(q="mercury emissions", filters={"type": ("report",)}))
    assert [hit.key for hit in answer.hits] == ["page:2"]
    assert answer.facet_counts["type"] == {"report": 1, "guidance": 1}  # its own selection left out
    assert answer.facet_counts["country"] == {"BRA": 1}  # the type selection applied

    answer = live.search(SearchParams(year_from=2018, year_to=2019))
    assert [hit.key for hit in answer.hits] == ["page:2"]
    assert answer.facet_counts["year"] == {"2017": 1, "2019": 1, "2021": 1}

    answer = live.search(SearchParams(sort="oldest"), exclude_keys=["page:1"])
    assert [hit.key for hit in answer.hits] == ["page:2", "page:3"]
    assert answer.count == 3  # promoted results leave the hits, not the total
    assert answer.facet_counts["kind"] == {"resource": 3}


@pytest.mark.elasticsearch
def test_live_stemming_phrases_highlight_and_suggestions(live):
    live.index_documents(
        [
            _doc("page:1", "Artisanal gold mining", summary="Reducing <b>mercury</b> use in artisanal gold mining."),
            _doc("page:2", "Gold prices", summary="Mining of artisanal and gold."),
        ]
    )
    answer = live.search(SearchParams(q="mines", sort="relevance"))  # english stemming: mines ~ mining
    assert {hit.key for hit in answer.hits} == {"page:1", "page:2"}
    answer = live.search(SearchParams(q='"artisanal gold"', sort="relevance"))
    assert [hit.key for hit in answer.hits] == ["page:1"]
    answer = live.search(SearchParams(q="mercury", sort="relevance"))
    assert "<mark>mercury</mark>" in answer.hits[0].highlight
    assert "&lt;b&gt;" in answer.hits[0].highlight
    assert live.suggest("artis", "en") == [{"title": "Artisanal gold mining", "url": "/en/page-1/"}]
    assert live.spelling_suggestion("artisenal", "en") == "artisanal"

    live.delete_documents(["page:1"])
    assert live.document_count() == 1


@pytest.mark.elasticsearch
def test_live_languages_aliases_numbered_names_and_relaxed_counts(live):
    """The same cases as tests/test_search_languages.py runs on the database engines."""
    alias = _doc("page:20", "Guidance on storing mercury wastes", locale="fr")
    alias.text_locale = "en"
    live.index_documents(
        [
            _doc("page:21", "Выбросы ртути", locale="ru"),
            _doc("page:22", "Le mercure dans les produits", locale="fr"),
            _doc("page:23", "Guía para los mineros", locale="es"),
            _doc("page:24", "تقرير عن الزئبق", locale="ar"),
            _doc("page:25", "Key Issues at Stake at COP1 on the Minamata Convention"),
            _doc("page:26", "مقرر MC-4/3 بشأن النفايات", locale="ar"),
            _doc("page:27", "2023年汞排放报告", locale="zh-hans"),
            alias,
        ]
    )

    def keys(q, locale):
        return [hit.key for hit in live.search(SearchParams(q=q, locale=locale, sort="relevance")).hits]

    assert keys("ртуть", "ru") == ["page:21"]
    assert keys("mercures", "fr") == ["page:22"]
    assert keys("minero", "es") == ["page:23"]
    assert keys("زئبق", "ar") == keys("الزئبق", "ar") == ["page:24"]
    assert keys("waste", "fr") == ["page:20"]  # the alias's English text, read as English
    for typed in ("key issues stake COP Minamata", "COP1 Minamata", "COP-1 Minamata", "COP.1 Minamata"):
        assert keys(typed, "en") == ["page:25"], typed
    assert keys("مقرر MC 4/3", "ar") == ["page:26"]
    assert keys("汞 2023", "zh-hans") == ["page:27"]
    params = SearchParams(q="minamata zanzibar", locale="en")
    assert live.count_matches(params, ["minamata", "zanzibar"]) == [1, 0]


@pytest.mark.elasticsearch
def test_live_chinese_bigrams_and_clear(live):
    live.index_documents([_doc("page:5", "汞污染的健康影响", locale="zh-hans", summary="关于汞污染")])
    answer = live.search(SearchParams(q="污染", locale="zh-hans", sort="relevance"))
    assert [hit.key for hit in answer.hits] == ["page:5"]
    live.clear()
    live.refresh()
    assert live.document_count() == 0


# --- An export's walk: a point in time, paged with search_after, closed at the end ---------


class WalkingCluster(FakeCluster):
    """Answers each `POST /_search` of a walk with the next canned page, in order."""

    def __init__(self, pages, pit_ids=()):
        super().__init__()
        self.pages = list(pages)
        self.pit_ids = list(pit_ids)
        self.answer("POST", f"/{PREFIX}-en/_pit", {"id": "pit-0"})
        self.answer("DELETE", "/_pit", {"succeeded": True, "num_freed": 1})

    def handle(self, node_config, method, target, raw):
        if (method, urlsplit(target).path) == ("POST", "/_search"):
            page = self.pages.pop(0)
            if self.pit_ids:
                page = {**page, "pit_id": self.pit_ids.pop(0)}
            self.answer("POST", "/_search", page)
        return super().handle(node_config, method, target, raw)


def walk_page(numbers, total=None):
    """A page of walk hits for page ids `numbers`, each with its sort values (title, key)."""
    hits = [
        {"_id": f"page:{n}", "_source": {"key": f"page:{n}", "page_id": n}, "sort": [f"title {n:05d}", f"page:{n}"]}
        for n in numbers
    ]
    return search_response(total=total if total is not None else len(hits), hits=hits)


def walked(cluster, limit, **params):
    engine = ElasticsearchEngine(client=cluster.client(), index_prefix=PREFIX)
    walk = engine.match_keys(SearchParams(**params), limit)
    return walk, list(walk.keys)


def test_a_walk_opens_a_point_in_time_pages_with_search_after_and_closes_it():
    cluster = WalkingCluster(
        [walk_page(range(1000), total=2500), walk_page(range(1000, 2000)), walk_page(range(2000, 2500))]
    )
    walk, keys = walked(cluster, 50_000, q="mercury", sort="title", filters={"kind": ("resource",)})
    assert not walk.truncated
    assert [key.page_id for key in keys] == list(range(2500))
    assert keys[0].key == "page:0"
    opened, *searches, closed = cluster.sent
    assert (opened.method, opened.path, opened.params) == ("POST", f"/{PREFIX}-en/_pit", {"keep_alive": "1m"})
    assert opened.body is None
    assert [request.path for request in searches] == ["/_search"] * 3
    first, second, third = (request.body for request in searches)
    assert first == {
        "pit": {"id": "pit-0", "keep_alive": "1m"},
        "query": {
            "bool": {
                "must": [
                    {
                        "bool": {
                            "must": [
                                {
                                    "multi_match": {
                                        "query": "mercury",
                                        "fields": TEXT_FIELDS,
                                        "type": "cross_fields",
                                        "operator": "and",
                                    }
                                }
                            ]
                        }
                    }
                ],
                "filter": [{"terms": {"facets.kind": ["resource"]}}],
            }
        },
        "sort": [{"title.sort": {"order": "asc"}}, {"key": {"order": "asc"}}],
        "size": 1000,
        "_source": ["key", "page_id"],
        "track_total_hits": 50_001,
    }
    # No index in the path and no `from`: the point in time names the data, search_after the place.
    assert all("from" not in body and "index" not in body for body in (first, second, third))
    assert second["search_after"] == ["title 00999", "page:999"]
    assert third["search_after"] == ["title 01999", "page:1999"]
    assert second["track_total_hits"] is False and third["track_total_hits"] is False
    assert (closed.method, closed.path, closed.body) == ("DELETE", "/_pit", {"id": "pit-0"})


def test_a_walk_past_its_limit_is_cut_and_says_so():
    cluster = WalkingCluster([walk_page(range(3), total=4)])  # track_total_hits stops counting at limit + 1
    walk, keys = walked(cluster, 3, q="", sort="newest")
    assert walk.truncated
    assert [key.page_id for key in keys] == [0, 1, 2]
    searches = [request for request in cluster.sent if request.path == "/_search"]
    assert len(searches) == 1
    assert searches[0].body["size"] == 3
    assert searches[0].body["track_total_hits"] == 4
    assert searches[0].body["query"] == {"match_all": {}}
    assert searches[0].body["sort"][-1] == {"key": {"order": "asc"}}  # the unique tiebreaker
    assert cluster.sent[-1].method == "DELETE"


def test_a_walk_follows_the_point_in_time_id_elasticsearch_hands_back():
    cluster = WalkingCluster([walk_page(range(1000), total=1200), walk_page(range(1000, 1200))], ["pit-1", "pit-2"])
    walked(cluster, 10_000)
    searches = [request.body for request in cluster.sent if request.path == "/_search"]
    assert searches[1]["pit"]["id"] == "pit-1"
    assert cluster.sent[-1].body == {"id": "pit-2"}


def test_a_walk_abandoned_early_still_closes_its_point_in_time():
    cluster = WalkingCluster([walk_page(range(1000), total=5000)])
    engine = ElasticsearchEngine(client=cluster.client(), index_prefix=PREFIX)
    walk = engine.match_keys(SearchParams(), 10_000)
    next(walk.keys)
    walk.keys.close()
    assert (cluster.sent[-1].method, cluster.sent[-1].path) == ("DELETE", "/_pit")


def test_a_walk_in_a_language_with_no_index_is_empty():
    cluster = FakeCluster()
    cluster.answer("POST", f"/{PREFIX}-fr/_pit", {"error": {"type": "index_not_found_exception"}}, status=404)
    walk, keys = walked(cluster, 100, locale="fr")
    assert (walk.truncated, keys) == (False, [])
    assert [request.path for request in cluster.sent] == [f"/{PREFIX}-fr/_pit"]
