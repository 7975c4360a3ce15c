"""A broad search's page read in parts (DatabaseEngine._bounded_page and, from the facet
postings, database_postings_search.bounded_page): the statements, as a mixin of SqlSearch
(database_queries.py), which builds the candidates and the conditions they share."""

import json

from .database_sql import BM25_WEIGHTS, NEWEST, PG_RANK_WEIGHTS, RESULT_COLUMNS, TABLE


class BoundedPageParts:
    def splits_bounded_page(self):
        """PostgreSQL reads a bounded page in parts (`candidates_sql`, `ranked_candidates_sql`,
        `newest_rest_sql`) instead of ordering every match in one statement: the candidates are
        read once, and a page within them (the first RELEVANCE_CANDIDATES results, page 50 of
        20 included) never reads the other matches. Not with an exact symbol, which comes before
        the candidates (one statement, `_bounded_order`), nor on SQLite, whose bm25 exists only
        inside an FTS5 scan of every match."""
        return self.vendor == "postgresql" and self.ranks and not self.symbol

    def candidates_sql(self):
        """The candidates' ids and keys, newest first (see `_candidates_sql`)."""
        return self._candidates_sql(columns="d.id, d.key")

    def ranks_candidates_apart(self):
        """True when the page of a bounded search can be had from its candidates' ids and the
        rest of the matches' order (`database_postings_search.bounded_page`): both databases, but not with
        an exact symbol, which comes before the candidates (`_bounded_order`)."""
        return self.ranks and not self.symbol

    def title_ids_sql(self):
        """SQLite: the FTS5 rows whose title or keywords hold the words (every locale's; the
        postings keep their locale's). PostgreSQL reads them with the matches (`match_ids_sql`)."""
        match = "{title keywords} : (" + self._fts5_match() + ")"
        return "SELECT rowid FROM site_search_fts WHERE site_search_fts MATCH %s", [match]

    def ranked_candidates_sql(self, ids, offset, limit):
        """Results `offset`… of the candidates `ids`, by relevance as in `_bounded_order`."""
        if self.vendor == "sqlite":
            # bm25 exists only in an FTS5 scan of the matches: computed for the candidates alone.
            scored = (
                "SELECT rowid, CASE WHEN rowid IN (SELECT value FROM json_each(%s)) "
                f"THEN bm25(site_search_fts, {BM25_WEIGHTS}) END AS score FROM site_search_fts "
                "WHERE site_search_fts MATCH %s"
            )
            sql = (
                f"SELECT {RESULT_COLUMNS} FROM ({scored}) f JOIN {TABLE} d ON d.id = f.rowid "
                f"WHERE f.score IS NOT NULL ORDER BY f.score ASC, {NEWEST} LIMIT %s OFFSET %s"
            )
            return sql, [json.dumps(list(ids)), self._fts5_match(), limit, offset]
        tsquery, tsargs = self._tsquery()
        rank = f"ts_rank({PG_RANK_WEIGHTS}, d.rank_vector, {tsquery}, 1)"
        sql = (
            f"SELECT {RESULT_COLUMNS} FROM {TABLE} d WHERE d.id = ANY(%s) "
            f"ORDER BY {rank} DESC, {NEWEST} LIMIT %s OFFSET %s"
        )
        return sql, [list(ids), *tsargs, limit, offset]

    def newest_rest_sql(self, candidate_ids, exclude_keys, offset, limit):
        """Results `offset`… of the matches that are not candidates, newest first."""
        where, args = self._base_where()
        filters, filter_args = self._filters()
        where += [*filters, "NOT (d.id = ANY(%s))"]
        args += [*filter_args, list(candidate_ids)]
        if exclude_keys:
            where.append("d.key NOT IN (" + ", ".join(["%s"] * len(exclude_keys)) + ")")
            args += list(exclude_keys)
        sql = f"SELECT {RESULT_COLUMNS} FROM {TABLE} d WHERE {' AND '.join(where)} ORDER BY {NEWEST} LIMIT %s OFFSET %s"
        return sql, [*args, limit, offset]

    def rows_by_id_sql(self, ids):
        """The result rows of these documents (in any order: the caller orders them)."""
        return f"SELECT {RESULT_COLUMNS} FROM {TABLE} d WHERE d.id {self._in_list()}", [self._list_arg(ids)]

    def excluded_ids_sql(self, keys):
        sql = f"SELECT d.id FROM {TABLE} d WHERE d.locale = %s AND d.key {self._in_list()}"
        return sql, [self.params.locale, self._list_arg(keys)]

    def _in_list(self):
        return "= ANY(%s)" if self.vendor == "postgresql" else "IN (SELECT value FROM json_each(%s))"

    def _list_arg(self, values):
        return list(values) if self.vendor == "postgresql" else json.dumps(list(values))
