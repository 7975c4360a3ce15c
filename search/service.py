"""The one search service: the HTML page, the JSON API, the exports and the feed all call it.

    params = params_from_query(request.GET, "fr")      # may raise InvalidSearchParams
    outcome = run_search(params)                      # SearchOutcome: results, facets, promoted…
    walk = match_keys(params, limit=50_000)           # KeyWalk: every match's key, in order (exports)

The engine (search/backends/) finds and counts; this module adds what is the same for every
engine: facet labels in the visitor's language, editors' promoted results, "did you mean",
the relaxed search when no document has all the words, and the anonymous query log.
"""

import logging
from itertools import combinations

from django.db import DatabaseError
from django.utils.translation import gettext as _

from .backends import get_engine
from .facets import facet_sort_key, labels, vocabulary
from .params import FACETS, InvalidSearchParams, SearchParams, parse_search_params
from .promotions import promoted_for
from .querylog import record_search
from .results import FacetValue, Relaxation, SearchHit, SearchOutcome
from .text import ParsedQuery

logger = logging.getLogger(__name__)

RELAX_MAX_DROPPED = 2  # words a relaxed search may leave out
RELAX_MAX_CANDIDATES = 45  # word combinations compared in one statement (10 words, 2 dropped)

__all__ = [
    "InvalidSearchParams",
    "SearchParams",
    "SearchUnavailable",
    "match_keys",
    "params_from_query",
    "run_search",
    "suggest",
]


class SearchUnavailable(Exception):
    """The engine could not answer (unreachable, or a query it cannot take)."""


def params_from_query(data, locale):
    """SearchParams from a QueryDict; unknown facet values are ignored and listed."""
    return parse_search_params(data, locale, vocabulary)


def run_search(params, *, log=True, promotions=True, relax=False):
    """The search's answer. With `relax`, a query whose words are never all found together is
    answered with the fewest words left out that find something, and says so (`relaxed`).

    `log`: True writes the query log row now; a callable is handed the write instead (a
    function of no argument), for a caller that runs it later, e.g. once the page is sent."""
    engine = get_engine()
    promoted = _promoted_hits(params) if promotions and params.q else []
    exclude_keys = [hit.key for hit in promoted]
    relaxation = None
    try:
        answer = engine.search(params, exclude_keys=exclude_keys)
    except _engine_errors() as error:
        logger.warning("Search engine %s failed on %r: %s", engine.name, params.q, error, exc_info=True)
        return SearchOutcome(
            params=params,
            count=0,
            results=[],
            facets={},
            error=_("The search could not be run just now. Please try again, or with fewer words."),
        )
    all_words_count = answer.count
    if relax and params.q and not answer.count:
        try:
            relaxation, answer = _relaxed(engine, params, exclude_keys, answer)
        except _engine_errors():
            logger.warning("Relaxed search failed for %r", params.q, exc_info=True)
    outcome = SearchOutcome(
        params=params,
        count=answer.count,
        results=answer.hits,
        facets=_labelled_facets(params, answer.facet_counts),
        promoted=promoted if params.page == 1 else [],
        relaxed=relaxation,
    )
    if params.q and not all_words_count:
        try:
            outcome.suggestion = engine.spelling_suggestion(params.q, params.locale)
        except _engine_errors():
            logger.warning("Spelling suggestion failed for %r", params.q, exc_info=True)
    if log and params.page == 1:
        # A relaxed search still found nothing the visitor asked for: all_words_count is logged.
        if callable(log):
            log(lambda: _record(params, all_words_count))
        else:
            _record(params, all_words_count)
    return outcome


def _relaxed(engine, params, exclude_keys, answer):
    """Leave out the fewest words (one, then two) that let the others find something.

    Each round compares every way of leaving that many words out in one statement (capped
    counts, every selection applied) and keeps the one finding most; on a tie the later words
    go, as visitors tend to type what matters first. Then the search is run with the rest.
    When leaving out two is not enough, the rarest words go first (`_relaxed_greedy`). At most
    four counting statements and one search more, and only after a search found nothing.
    """
    parsed = ParsedQuery(params.q)
    units = parsed.units
    for dropping in range(1, RELAX_MAX_DROPPED + 1):
        candidates = list(combinations(range(len(units)), dropping))
        if len(units) - dropping < 1 or len(candidates) > RELAX_MAX_CANDIDATES:
            break
        candidates.reverse()
        queries = [parsed.without(set(candidate)) for candidate in candidates]
        counts = engine.count_matches(params, queries)
        best = max(range(len(counts)), key=counts.__getitem__)
        if not counts[best]:
            continue
        relaxed = engine.search(params.with_changes(q=queries[best]), exclude_keys=exclude_keys)
        if not relaxed.count:
            break
        left_out = set(candidates[best])
        return (
            Relaxation(
                query=queries[best],
                dropped=[unit.raw for position, unit in enumerate(units) if position in left_out],
                words=[(unit.raw, position in left_out) for position, unit in enumerate(units)],
            ),
            relaxed,
        )
    return _relaxed_greedy(engine, params, exclude_keys, parsed) or (None, answer)


def _relaxed_greedy(engine, params, exclude_keys, parsed):
    """Most of the words, when no two can be left out: each word's own count (one statement), then
    the rarest words left out one more at a time until the rest find something (one statement
    comparing every such prefix), and the search with the fewest left out."""
    units = parsed.units
    if len(units) < 2:
        return None
    everything = set(range(len(units)))
    singles = engine.count_matches(params, [parsed.without(everything - {i}) for i in range(len(units))])
    if not any(singles):
        return None
    # Rarest first; on a tie the later word, as visitors tend to type what matters first.
    order = sorted(range(len(units)), key=lambda i: (singles[i], -i))
    left_outs = [set(order[:k]) for k in range(1, len(units))]
    queries = [parsed.without(left_out) for left_out in left_outs]
    counts = engine.count_matches(params, queries)
    for left_out, query, count in zip(left_outs, queries, counts, strict=True):
        if not count:
            continue
        relaxed = engine.search(params.with_changes(q=query), exclude_keys=exclude_keys)
        if not relaxed.count:
            return None
        return (
            Relaxation(
                query=query,
                dropped=[unit.raw for position, unit in enumerate(units) if position in left_out],
                words=[(unit.raw, position in left_out) for position, unit in enumerate(units)],
            ),
            relaxed,
        )
    return None


def match_keys(params, limit):
    """Every match of `params` once, in its order, at most `limit` (a KeyWalk): for exports.

    No facets, promotions or query log: an export is not a visitor's search.
    """
    engine = get_engine()
    try:
        return engine.match_keys(params, limit)
    except _engine_errors() as error:
        logger.warning("Search engine %s could not walk %r: %s", engine.name, params.q, error, exc_info=True)
        raise SearchUnavailable(_("The export could not be made just now. Please try again later.")) from error


def suggest(text, locale, limit=8):
    text = (text or "").strip()
    if len(text) < 2:
        return []
    try:
        return get_engine().suggest(text[:100], locale, limit=limit)
    except _engine_errors():
        logger.warning("Suggestions failed for %r", text, exc_info=True)
        return []


def _labelled_facets(params, counts):
    names = labels(params.locale)
    facets = {}
    for facet in FACETS:
        facet_counts = counts.get(facet, {})
        selected = set(params.selected(facet))
        facet_labels = names.get(facet, {})
        values = []
        for value in set(facet_counts) | selected:
            count = facet_counts.get(value, 0)
            if not count and value not in selected:
                continue
            label = facet_labels.get(value, value)
            values.append((facet_sort_key(facet, value, count, label), value, label, count))
        values.sort()
        facets[facet] = [FacetValue(value, label, count, value in selected) for _key, value, label, count in values]
    return facets


def _promoted_hits(params):
    hits = []
    try:
        promoted = promoted_for(params.q, params.locale)
    except DatabaseError:
        logger.warning("Promotions could not be read for %r", params.q, exc_info=True)
        return []
    for item in promoted:
        page_id = getattr(item, "pk", None) if hasattr(item, "get_url") else None
        if page_id is not None:
            hits.append(
                SearchHit(
                    key=f"page:{page_id}",
                    kind=getattr(item, "search_kind", None) or "topic",
                    title=item.title,
                    url=item.get_url() or "",
                    summary=getattr(item, "promotion_description", "") or getattr(item, "card_summary", ""),
                    promoted=True,
                    page_id=page_id,
                )
            )
        else:
            hits.append(
                SearchHit(
                    key=f"link:{item.url}",
                    kind="topic",
                    title=item.title,
                    url=item.url,
                    summary=item.description,
                    promoted=True,
                )
            )
    return hits


def _record(params, count):
    record_search(params.q, params.locale, count)


def _engine_errors():
    errors = [DatabaseError]
    try:
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        errors += [ApiError, TransportError]
    except ImportError:  # pragma: no cover - the client is a pinned dependency
        pass
    return tuple(errors)
