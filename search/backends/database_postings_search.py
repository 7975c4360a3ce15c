"""A database search answered from the facet postings (database_facet_index.py): the counts,
and the pages that need only the ids of the documents passing every selection. DatabaseEngine
(database.py) calls these while the postings are current, and its SQL statements otherwise."""

from typing import NamedTuple

import numpy as np

from search.results import SearchHit

from . import database_queries
from .database_facet_index import is_current, read_match_ids


class Counted(NamedTuple):
    """What the facet postings answered: the counting statement's rows, the mask of the
    documents passing every selection, and (PostgreSQL, a page read in parts) the mask of
    those whose title or keywords hold the words."""

    rows: list
    passing: np.ndarray
    titles: np.ndarray | None


def counts(cursor, query, postings):
    """The counting statement's rows from the facet postings (database_facet_index.py), as
    `Counted`, or None when a match is missing from them (written since: SQL counts it)."""
    statement = query.match_ids_sql()
    titles = None
    if statement is None:
        matches = np.ones(postings.size, dtype=bool)
    else:
        sql, args, exact = statement
        ids, title_ids = read_match_ids(cursor, sql, args)
        matches = postings.matched(ids, exact=exact)
        # Ids outside the postings were left out as other locales'. They are, unless a
        # document was written since the search found the postings current: asked again.
        if matches is None or not (exact or is_current(cursor, postings.stamp)):
            return None
        if title_ids is not None:
            titles = postings.matched(title_ids)
    rows, passing = postings.counts(query.params, matches)
    return Counted(rows, passing, titles)


def bounded_page(cursor, query, postings, counted, exclude_keys):
    """`_bounded_page` with its candidates and the rest of the matches ordered from the
    postings (their newest-first order is the database's): only the ranked candidates and
    the page's rows are read. None when the postings went stale meanwhile (SQLite)."""
    titles = counted.titles
    if titles is None:
        # SQLite: the title and keyword matches are read only now that the search is bounded.
        ids, _none = read_match_ids(cursor, *query.title_ids_sql())
        titles = postings.matched(ids, exact=False)
        if not is_current(cursor, postings.stamp):
            return None
    candidates = postings.newest_first(counted.passing & titles, 0, database_queries.RELEVANCE_CANDIDATES)
    excluded = excluded_ids(cursor, query, exclude_keys)
    kept = candidates[~np.isin(candidates, excluded)].tolist()

    def rest_page(rest_offset, count):
        rest = counted.passing & ~postings.matched(np.concatenate([candidates, excluded]), exact=False)
        ids = postings.newest_first(rest, rest_offset, rest_offset + count).tolist()
        if not ids:
            return []
        cursor.execute(*query.rows_by_id_sql(ids))
        rows = {row[0]: row for row in cursor.fetchall()}
        return [hit_from_row(rows[document_id]) for document_id in ids if document_id in rows]

    return ranked_then_rest(cursor, query, kept, rest_page)


def ranked_then_rest(cursor, query, kept, rest_page):
    """A page of the bounded order: the candidates `kept` by relevance, then, if the page
    reaches past them, `rest_page(offset among the rest, count)`."""
    offset, size = query.params.offset, query.params.per_page
    hits = []
    if offset < len(kept):
        cursor.execute(*query.ranked_candidates_sql(kept, offset, min(size, len(kept) - offset)))
        hits = [hit_from_row(row) for row in cursor.fetchall()]
    if len(hits) < size:
        hits += rest_page(max(0, offset - len(kept)), size - len(hits))
    return hits


def excluded_ids(cursor, query, exclude_keys):
    if not exclude_keys:
        return np.zeros(0, dtype=np.int64)
    cursor.execute(*query.excluded_ids_sql(exclude_keys))
    return np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)


def ranked_page(cursor, query, postings, counted, exclude_keys):
    """A page of a search that ranks every match: they are the documents passing every
    selection, which the postings know, ranked by the candidates' statement."""
    ids = postings.ids[counted.passing]
    ids = ids[~np.isin(ids, excluded_ids(cursor, query, exclude_keys))].tolist()
    cursor.execute(*query.ranked_candidates_sql(ids, query.params.offset, query.params.per_page))
    return [hit_from_row(row) for row in cursor.fetchall()]


def hit_from_row(row):
    """A SearchHit from a row of RESULT_COLUMNS (database_sql.py)."""
    (document_id, key, kind, title, url, summary, resource_type, year, date, languages, page_id, text_locale) = row
    hit = SearchHit(
        key=key,
        kind=kind,
        title=title,
        url=url,
        summary=summary,
        type=resource_type,
        year=year,
        date=date,
        languages=languages.split() if languages else [],
        page_id=page_id,
        text_locale=text_locale or "",
    )
    hit.document_id = document_id
    return hit
