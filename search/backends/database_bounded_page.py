"""A broad search's page on PostgreSQL read in parts (DatabaseEngine._bounded_page): the
statements, as a mixin of SqlSearch (database_queries.py), which builds the candidates and the
conditions they share."""

from .database_sql import NEWEST, PG_RANK_WEIGHTS, RESULT_COLUMNS, TABLE


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

    def ranked_candidates_sql(self, ids, offset, limit):
        """Results `offset`… of the candidates `ids`, by relevance as in `_bounded_order`."""
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
        return f"SELECT {RESULT_COLUMNS} FROM {TABLE} d WHERE d.id = ANY(%s)", [list(ids)]

    def excluded_ids_sql(self, keys):
        return f"SELECT d.id FROM {TABLE} d WHERE d.locale = %s AND d.key = ANY(%s)", [self.params.locale, list(keys)]
