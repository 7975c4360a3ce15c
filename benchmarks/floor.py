"""(c) The floor: one hand-written SQL statement per search, per vendor, for the whole answer.

It returns what the search service returns, in one round trip: the total, the first page of
results in the service's order, and every facet's disjunctive counts (each facet counted with
every other selected facet applied but not its own). It reads the same rows as the service
(`site_search_searchdocument` and its full-text structures) and is written as tightly as the
author could: the matching documents are read once (a materialised CTE carrying one boolean per
selected facet), the counts unnest only the keys each row can contribute, relevance is computed
only for the rows that pass every filter, and the display columns are read for the page's rows
only. The words of `q` become an FTS5 MATCH / a tsquery exactly as the service parses them
(search.text: that is the query language, not the engine). Snippet highlighting (done in Python
by the service for the 20 rows of a page) is not part of the floor.

Result rows: ("c", "facet:value", count) and ("p", key, position); the total is the sum of the
`kind` counts (every document has one kind), as the service computes it too.
SQL is assembled here from constant fragments (table and column names, placeholders); every
value is a bound parameter.
"""

from django.db import connection, transaction

from search.params import FACETS
from search.text import ParsedQuery

TABLE = "site_search_searchdocument"
BM25 = "10.0, 5.0, 2.0, 1.0"  # title, keywords, summary, body: the service's weights
PG_RANK = "'{0.0, 0.2, 0.4, 1.0}'"
ORDER_NEWEST = "date DESC NULLS LAST, sort_title, id"


class FloorQuery:
    def __init__(self, q, filters, locale="en", per_page=20, exclude_keys=()):
        self.parsed = ParsedQuery(q)
        self.q = q
        self.filters = {facet: tuple(values) for facet, values in filters.items() if values}
        self.locale = locale
        self.per_page = per_page
        self.exclude_keys = list(exclude_keys)
        self.vendor = connection.vendor
        self.facets = [facet for facet in FACETS if facet in self.filters]

    # -- text -------------------------------------------------------------------------------------

    def _text_condition(self):
        if not self.parsed:
            return ("1 = 0", []) if self.q.strip() else ("", [])
        if self.vendor == "postgresql":
            return f"d.search_vector @@ {self._tsquery_sql()}", self._tsquery_args()
        match = self.parsed.fts5_match(self.locale)
        return "d.id IN (SELECT rowid FROM site_search_fts WHERE site_search_fts MATCH %s)", [match]

    def _tsquery_sql(self):
        return self.parsed.pg_tsquery(self.locale)[0]

    def _tsquery_args(self):
        return self.parsed.pg_tsquery(self.locale)[1]

    # -- facets -----------------------------------------------------------------------------------

    def _keys(self, facet):
        return [f"{facet}:{value}" for value in self.filters[facet]]

    def _flag(self, facet):
        keys = self._keys(facet)
        if self.vendor == "postgresql":
            return f"d.f_{facet} && ARRAY[{', '.join(['%s'] * len(keys))}]::text[]", keys
        # The keys are JSON strings in the row's array text: a quoted key is found by position,
        # without parsing the JSON (codes and slugs hold no quote or backslash).
        return "(" + " OR ".join(["instr(d.facet_keys, %s) > 0"] * len(keys)) + ")", [f'"{key}"' for key in keys]

    # -- the statement ----------------------------------------------------------------------------

    def count_sql(self):
        """Only the documents matching the text (for choosing the query mix)."""
        text, args = self._text_condition()
        where = "d.locale = %s" + (f" AND {text}" if text else "")
        return f"SELECT COUNT(*) FROM {TABLE} d WHERE {where}", [self.locale, *args]  # noqa: S608

    def sql(self):
        text, text_args = self._text_condition()
        flags = [(facet, *self._flag(facet)) for facet in self.facets]
        flag_columns = "".join(f", ({sql}) AS ok_{facet}" for facet, sql, _args in flags)
        flag_args = [arg for _facet, _sql, args in flags for arg in args]
        misses = " + ".join(f"(CASE WHEN m.ok_{facet} THEN 0 ELSE 1 END)" for facet in self.facets) or "0"
        passes = " AND ".join(f"m.ok_{facet}" for facet in self.facets) or "TRUE"
        where = "d.locale = %s" + (f" AND {text}" if text else "")
        if self.vendor == "postgresql":
            return self._postgresql(where, text_args, flag_columns, flag_args, misses, passes)
        return self._sqlite(where, text_args, flag_columns, flag_args, misses, passes)

    def _exclusion(self, alias):
        if not self.exclude_keys:
            return "", []
        return f" AND {alias}.key NOT IN ({', '.join(['%s'] * len(self.exclude_keys))})", list(self.exclude_keys)

    def _postgresql(self, where, text_args, flag_columns, flag_args, misses, passes):
        # One array per row: all keys when it passes everything, the failed facet's keys when it
        # fails exactly one, nothing otherwise (such rows are not even read into the counts).
        keys = "m.facet_array"
        if self.facets:
            keys = (
                "CASE " + " ".join(f"WHEN NOT m.ok_{f} THEN m.f_{f}" for f in self.facets) + " ELSE m.facet_array END"
            )
        facet_columns = "".join(f", d.f_{facet}" for facet in self.facets)
        exclusion, exclusion_args = self._exclusion("m")
        if self.parsed:
            rank, rank_args, rank_column = (
                f"ts_rank({PG_RANK}, m.rank_vector, {self._tsquery_sql()}, 1)",
                self._tsquery_args(),
                ", d.rank_vector",
            )
        else:
            rank, rank_args, rank_column = "0.0", [], ""
        order = f"rank DESC, {ORDER_NEWEST}"
        sql = (
            f"WITH m AS MATERIALIZED (SELECT d.id, d.key, d.date, d.sort_title, d.facet_array{facet_columns}"  # noqa: S608
            f"{rank_column}{flag_columns} FROM {TABLE} d WHERE {where}), "
            f"page AS (SELECT m.id, m.key, m.date, m.sort_title, {rank} AS rank FROM m WHERE {passes}{exclusion} "
            f"ORDER BY {order} LIMIT %s) "
            f"SELECT 'c', x.k, COUNT(*) FROM (SELECT unnest({keys}) AS k FROM m WHERE {misses} <= 1) x "
            f"GROUP BY x.k "
            f"UNION ALL SELECT 'p', page.key, row_number() OVER (ORDER BY {order}) FROM page"
        )
        args = [*flag_args, self.locale, *text_args, *rank_args, *exclusion_args, self.per_page]
        return sql, args

    def _sqlite(self, where, text_args, flag_columns, flag_args, misses, passes):
        exclusion, exclusion_args = self._exclusion("m")
        failed, failed_args = "NULL", []
        if self.facets:
            failed = "CASE " + " ".join(f"WHEN NOT m.ok_{f} THEN %s" for f in self.facets) + " END"
            failed_args = [f"{facet}:" for facet in self.facets]
        if self.parsed:
            # bm25 exists only inside the FTS query: scored once, for the matches, and joined.
            rank = "s.score"
            scored = (
                f"JOIN (SELECT rowid, bm25(site_search_fts, {BM25}) AS score FROM site_search_fts "  # noqa: S608
                f"WHERE site_search_fts MATCH %s) s ON s.rowid = m.id"
            )
            scored_args = [self.parsed.fts5_match(self.locale)]
        else:
            rank, scored, scored_args = "0.0", "", []
        order = f"rank, {ORDER_NEWEST}"
        sql = (
            f"WITH m AS MATERIALIZED (SELECT d.id, d.key, d.date, d.sort_title, d.facet_keys{flag_columns} "  # noqa: S608
            f"FROM {TABLE} d WHERE {where}) "
            f"SELECT 'c', x.k, COUNT(*) FROM (SELECT j.value AS k, {failed} AS failed "
            f"FROM m, json_each(m.facet_keys) j WHERE {misses} <= 1) x "
            f"WHERE x.failed IS NULL OR substr(x.k, 1, length(x.failed)) = x.failed GROUP BY x.k "
            f"UNION ALL SELECT 'p', key, row_number() OVER (ORDER BY {order}) FROM ("
            f"SELECT m.id, m.key, m.date, m.sort_title, {rank} AS rank FROM m {scored} WHERE {passes}{exclusion} "
            f"ORDER BY {order} LIMIT %s)"
        )
        args = [*flag_args, self.locale, *text_args, *failed_args, *scored_args, *exclusion_args, self.per_page]
        return sql, args

    def planner_settings(self):
        """The service's own settings for one statement (search/backends/database.py): no JIT for a
        short query, room to sort and group in memory, the GIN index for any text query."""
        settings = ["SET LOCAL jit = off", "SET LOCAL work_mem = '32MB'"]
        if self.parsed:
            settings.append("SET LOCAL enable_seqscan = off")
        return "; ".join(settings)

    def run(self):
        """(total, [page keys], {facet: {value: count}})."""
        sql, args = self.sql()
        page, counts = [], {}
        with transaction.atomic(), connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(self.planner_settings())
            cursor.execute(sql, args)
            for part, key, number in cursor.fetchall():
                if part == "c":
                    facet, _sep, value = key.partition(":")
                    counts.setdefault(facet, {})[value] = number
                else:
                    page.append((number, key))
        # Every document has exactly one kind: the total is the kind counts of the documents that
        # pass every filter (those failing only `kind` are counted under their other kinds).
        kinds = counts.get("kind", {})
        chosen = self.filters.get("kind")
        total = sum(number for kind, number in kinds.items() if not chosen or kind in chosen)
        return total, [key for _position, key in sorted(page)], counts

    def count(self):
        sql, args = self.count_sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            return cursor.fetchone()[0]
