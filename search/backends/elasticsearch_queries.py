"""The Elasticsearch requests and answers, as plain functions (no client, no server).

`search_request` builds the ONE `_search` body of a faceted search; `parse_answer` reads its
response into an EngineAnswer. `walk_request` builds each page of an export's walk over every
match (a point in time and `search_after`). tests/test_search_elasticsearch_contract.py checks both field by
field. The engine that sends them: elasticsearch.py.
"""

from datetime import date

from ..documents import looks_like_symbol, normalise_symbol
from ..params import FACETS
from ..results import EngineAnswer, SearchHit
from ..text import ParsedQuery
from .elasticsearch_mapping import ENGLISH_SUBFIELD, has_english_reading

TEXT_FIELDS = ["title^10", "keywords^5", "summary^2", "body"]
# The same fields analysed as English: the text of untranslated aliases in a non-English index.
ENGLISH_TEXT_FIELDS = [
    f"{name}.{ENGLISH_SUBFIELD}{boost}"
    for name, _sep, boost in (field.partition("^") for field in TEXT_FIELDS)
    for boost in [f"^{boost}" if boost else ""]
]
# A symbol match is scored as this constant on top of any text score, so the document whose UN
# symbol was typed ranks first: BM25 text scores stay far below it.
SYMBOL_BOOST = 100_000
FACET_BUCKETS = 1000  # every value of a facet (about 200 countries, every year, every partner)
MAX_RESULT_WINDOW = 10_000  # Elasticsearch's index.max_result_window default
PIT_KEEP_ALIVE = "1m"  # how long a point in time outlives the export's last request
WALK_PAGE_SIZE = 1000  # keys per request of an export's walk
SOURCE_FIELDS = [
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
HIGHLIGHT = {
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "encoder": "html",  # the stored text is escaped; only our <mark> tags are markup
    "fields": {
        "summary": {"fragment_size": 200, "number_of_fragments": 1},
        "body": {"fragment_size": 200, "number_of_fragments": 1},
        # An alias's English text matched through its English subfields is marked there.
        f"summary.{ENGLISH_SUBFIELD}": {"fragment_size": 200, "number_of_fragments": 1},
        f"body.{ENGLISH_SUBFIELD}": {"fragment_size": 200, "number_of_fragments": 1},
    },
}
_DATE_DESC = {"date": {"order": "desc", "missing": "_last"}}
# As the database engine orders; `key` last everywhere, so equal dates and titles page stably.
# Relevance without any words to score (browsing) is ordered as newest.
SORTS = {
    "relevance": [
        {"_score": {"order": "desc"}},
        _DATE_DESC,
        {"title.sort": {"order": "asc"}},
        {"key": {"order": "asc"}},
    ],
    "newest": [_DATE_DESC, {"title.sort": {"order": "asc"}}, {"key": {"order": "asc"}}],
    "oldest": [
        {"date": {"order": "asc", "missing": "_last"}},
        {"title.sort": {"order": "asc"}},
        {"key": {"order": "asc"}},
    ],
    "title": [{"title.sort": {"order": "asc"}}, {"key": {"order": "asc"}}],
}


# --- The request --------------------------------------------------------------------------


def query_symbol(q):
    """The normalised UN symbol the visitor typed, or "" (the database engine's test)."""
    return normalise_symbol(q) if q and looks_like_symbol(q) else ""


def _reading(parsed, fields):
    must = []
    if parsed.words:
        must.append(
            {
                "multi_match": {
                    "query": " ".join(parsed.words),
                    "fields": fields,
                    "type": "cross_fields",
                    "operator": "and",
                }
            }
        )
    for phrase in parsed.phrases:
        must.append({"multi_match": {"query": " ".join(phrase), "fields": fields, "type": "phrase"}})
    return {"bool": {"must": must}} if must else None


def text_query(q, locale="en"):
    """Every bare word required (anywhere in the document), every quoted phrase in order.

    Words go through ParsedQuery like the database engine's, so operators, punctuation and
    words made of parts (`COP1`, a symbol: phrases) are treated the same; the index analyzer then
    stems them per language. `cross_fields` treats the weighted fields as one text: each word
    must occur in some field, not all in the same one. Outside the English index the query is
    also read in English, on the English subfields, for untranslated aliases' English text.
    An exact symbol is a second way in: its document matches even when the text part would not.
    A query of punctuation only looks for nothing, as in the database engine.
    """
    parsed = ParsedQuery(q)
    text = _reading(parsed, TEXT_FIELDS)
    if text and has_english_reading(locale):
        text = {"bool": {"should": [text, _reading(parsed, ENGLISH_TEXT_FIELDS)], "minimum_should_match": 1}}
    symbol = query_symbol(q)
    if not text and not symbol:
        return {"match_none": {}} if (q or "").strip() else {"match_all": {}}
    if not symbol:
        return text
    should = [{"constant_score": {"filter": {"term": {"symbols": symbol}}, "boost": SYMBOL_BOOST}}]
    if text:
        should.append(text)
    return {"bool": {"should": should, "minimum_should_match": 1}}


def selection_clauses(params):
    """facet -> the filter clause of its selection; the year range belongs to the year facet."""
    clauses = {}
    for facet in FACETS:
        parts = []
        values = params.selected(facet)
        if values:
            parts.append({"terms": {f"facets.{facet}": [str(value) for value in values]}})
        if facet == "year" and (params.year_from is not None or params.year_to is not None):
            bounds = {}
            if params.year_from is not None:
                bounds["gte"] = params.year_from
            if params.year_to is not None:
                bounds["lte"] = params.year_to
            parts.append({"range": {"year": bounds}})
        if parts:
            clauses[facet] = parts[0] if len(parts) == 1 else {"bool": {"filter": parts}}
    return clauses


def facet_aggregations(clauses):
    """One `filter` aggregation per facet with every other facet's selection: disjunctive counts."""
    aggs = {}
    for facet in FACETS:
        others = [clause for name, clause in clauses.items() if name != facet]
        aggs[f"facet_{facet}"] = {
            "filter": {"bool": {"filter": others}} if others else {"match_all": {}},
            "aggs": {"values": {"terms": {"field": f"facets.{facet}", "size": FACET_BUCKETS}}},
        }
    return aggs


def sort_name(params):
    """The sort to apply: relevance without any words to score is newest first."""
    sort = params.sort if params.sort in SORTS else "relevance"
    if sort == "relevance" and not ParsedQuery(params.q):
        sort = "newest"
    return sort


def search_request(params, exclude_keys=()):
    """The keyword arguments of `Elasticsearch.search` for one faceted search (one request)."""
    clauses = selection_clauses(params)
    offset, size = params.offset, params.per_page
    if offset + size > MAX_RESULT_WINDOW:
        # Past what Elasticsearch pages to: no hits, but still the total and the facet counts.
        offset, size = 0, 0
    sort = sort_name(params)
    aggs = facet_aggregations(clauses)
    if exclude_keys:
        # Promoted results leave the hits but not the total (as in the database engine): count
        # those that match everything else, and parse_answer adds them back.
        aggs["excluded"] = {
            "filter": {"bool": {"filter": [*clauses.values(), {"ids": {"values": list(exclude_keys)}}]}}
        }
    request = {
        "query": text_query(params.q, params.locale),
        "aggs": aggs,
        "highlight": HIGHLIGHT,
        "sort": SORTS[sort],
        "from_": offset,
        "size": size,
        "track_total_hits": True,
        "source": SOURCE_FIELDS,
    }
    post_filter = {}
    if clauses:
        post_filter["filter"] = [clauses[facet] for facet in FACETS if facet in clauses]
    if exclude_keys:
        # Promoted results: out of this page's hits, still in the facet counts.
        post_filter["must_not"] = [{"ids": {"values": list(exclude_keys)}}]
    if post_filter:
        request["post_filter"] = {"bool": post_filter}
    return request


def count_request(params, queries, cap):
    """One request counting, for each query text, the matches it would have instead of `q`
    with every selection applied (a `filters` aggregation, one bucket per query): a relaxed
    search compares its candidates. Counting stops past `cap` matches for the hits total."""
    clauses = selection_clauses(params)
    return {
        "query": {"bool": {"filter": [clauses[facet] for facet in FACETS if facet in clauses]}},
        "size": 0,
        "track_total_hits": cap,
        "aggs": {
            "candidates": {
                "filters": {"filters": {str(index): text_query(q, params.locale) for index, q in enumerate(queries)}}
            }
        },
    }


def parse_counts(response, count, cap):
    buckets = response_body(response).get("aggregations", {}).get("candidates", {}).get("buckets", {})
    return [min(cap, buckets.get(str(index), {}).get("doc_count", 0)) for index in range(count)]


def walk_request(params, pit_id, size, search_after=None, count_up_to=None):
    """One page of an export's walk over every match: keys only, in the search's order.

    It reads a point in time (`pit`), so every page sees the index as it was when the walk
    began, and continues after the previous page's last sort values (`search_after`): no
    `from`, so no 10,000 result window. Every sort ends with the unique `key`, the tiebreaker
    that makes "after" exact. The selections filter (no facet counts are asked for); only the
    first page counts the matches, up to `count_up_to`, to tell whether the walk is cut short.
    """
    clauses = selection_clauses(params)
    query = text_query(params.q, params.locale)
    if clauses:
        query = {"bool": {"must": [query], "filter": [clauses[facet] for facet in FACETS if facet in clauses]}}
    request = {
        "pit": {"id": pit_id, "keep_alive": PIT_KEEP_ALIVE},
        "query": query,
        "sort": SORTS[sort_name(params)],
        "size": size,
        "source": ["key", "page_id"],
        "track_total_hits": count_up_to if count_up_to else False,
    }
    if search_after is not None:
        request["search_after"] = search_after
    return request


# --- The answer ---------------------------------------------------------------------------


def response_body(response):
    """The JSON of a client response (an ObjectApiResponse has no `.get`), or a plain dict."""
    return getattr(response, "body", response)


def _date(value):
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def parse_hit(hit):
    source = hit.get("_source", {})
    highlight = hit.get("highlight", {})
    fragments = (
        highlight.get("summary")
        or highlight.get(f"summary.{ENGLISH_SUBFIELD}")
        or highlight.get("body")
        or highlight.get(f"body.{ENGLISH_SUBFIELD}")
        or []
    )
    return SearchHit(
        key=source.get("key") or hit.get("_id", ""),
        kind=source.get("kind", ""),
        title=source.get("title", ""),
        url=source.get("url", ""),
        summary=source.get("summary") or "",
        type=source.get("type") or "",
        year=source.get("year"),
        date=_date(source.get("date")),
        languages=list(source.get("languages") or []),
        highlight=" … ".join(fragments),
        page_id=source.get("page_id"),
        text_locale=source.get("text_locale") or "",
    )


def parse_answer(response):
    """An EngineAnswer from a `_search` response (a missing index answers with no aggregations).

    The count includes promoted results left out of the hits (the `excluded` aggregation).
    """
    response = response_body(response)
    hits = response.get("hits", {})
    total = hits.get("total", 0)
    count = total.get("value", 0) if isinstance(total, dict) else int(total or 0)
    aggregations = response.get("aggregations", {})
    count += aggregations.get("excluded", {}).get("doc_count", 0)
    facet_counts = {}
    for facet in FACETS:
        buckets = aggregations.get(f"facet_{facet}", {}).get("values", {}).get("buckets", [])
        facet_counts[facet] = {str(bucket["key"]): bucket["doc_count"] for bucket in buckets if bucket["doc_count"]}
    return EngineAnswer(count=count, hits=[parse_hit(hit) for hit in hits.get("hits", [])], facet_counts=facet_counts)


def document_source(document):
    """The indexed JSON of an IndexedDocument."""
    return {
        "key": document.key,
        "locale": document.locale,
        "kind": document.kind,
        "title": document.title,
        "url": document.url,
        "summary": document.summary,
        "keywords": document.keywords,
        "body": document.body,
        "symbols": list(document.symbols),
        "date": document.date.isoformat() if document.date else None,
        "year": document.year,
        "facets": {
            facet: [str(value) for value in values]
            for facet, values in document.facets.items()
            if facet in FACETS and values
        },
        "type": document.type,
        "languages": list(document.languages),
        "page_id": document.page_id,
        "text_locale": document.text_language,
    }


def spelling_suggester(text):
    """A phrase suggester over unstemmed title and keyword words; only corrections that find something."""
    return {
        "text": text,
        "spelling": {
            "phrase": {
                "field": "spelling",
                "size": 1,
                "gram_size": 1,
                "max_errors": 2,
                "direct_generator": [{"field": "spelling", "suggest_mode": "always", "min_word_length": 3}],
                "collate": {
                    "query": {"source": {"match": {"spelling": {"query": "{{suggestion}}", "operator": "and"}}}},
                    "prune": False,
                },
            }
        },
    }
