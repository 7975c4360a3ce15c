"""The one search service: the HTML page, the JSON API, the exports and the feed all call it.

    params = params_from_query(request.GET, "fr")      # may raise InvalidSearchParams
    outcome = run_search(params)                      # SearchOutcome: results, facets, promoted…
    walk = match_keys(params, limit=50_000)           # KeyWalk: every match's key, in order (exports)

The engine (search/backends/) finds and counts; this module adds what is the same for every
engine: facet labels in the visitor's language, editors' promoted results, "did you mean",
and the anonymous query log.
"""

import logging

from django.db import DatabaseError
from django.utils.translation import gettext as _

from .backends import get_engine
from .facets import facet_sort_key, labels, vocabulary
from .params import FACETS, InvalidSearchParams, SearchParams, parse_search_params
from .promotions import promoted_for
from .querylog import record_search
from .results import FacetValue, SearchHit, SearchOutcome

logger = logging.getLogger(__name__)

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


def run_search(params, *, log=True, promotions=True):
    engine = get_engine()
    promoted = _promoted_hits(params) if promotions and params.q else []
    try:
        answer = engine.search(params, exclude_keys=[hit.key for hit in promoted])
    except _engine_errors() as error:
        logger.warning("Search engine %s failed on %r: %s", engine.name, params.q, error, exc_info=True)
        return SearchOutcome(
            params=params,
            count=0,
            results=[],
            facets={},
            error=_("The search could not be run just now. Please try again, or with fewer words."),
        )
    outcome = SearchOutcome(
        params=params,
        count=answer.count,
        results=answer.hits,
        facets=_labelled_facets(params, answer.facet_counts),
        promoted=promoted if params.page == 1 else [],
    )
    if params.q and not answer.count:
        try:
            outcome.suggestion = engine.spelling_suggestion(params.q, params.locale)
        except _engine_errors():
            logger.warning("Spelling suggestion failed for %r", params.q, exc_info=True)
    if log and params.page == 1:
        _record(params, answer.count)
    return outcome


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
