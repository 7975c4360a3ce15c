"""The two SQL statements of one database search, per vendor (see database.py for the design),
and the one statement of an export's walk over every match (`keys_sql`).

Relevance is bounded. A search finding at most RELEVANCE_CANDIDATES documents (with its
filters) ranks every match, as it always did: PostgreSQL's ts_rank over `rank_vector` (title,
keywords, summary), SQLite's bm25 over every column. A broader one ranks only a bounded
candidate set: the RELEVANCE_CANDIDATES newest matches whose title or keywords hold the words
(PostgreSQL: the tsquery with weights A and B, `'mercuri':AB`, on `rank_vector`; SQLite: the
FTS5 column filter `{title keywords}:`). Those come first, by the same relevance; every other
match follows, newest first. An exact UN symbol still comes before everything, and every tie
ends with the document id, so the order is deterministic. The total and the facet counts do
not depend on the order. `bounded(total)` says which rule a search uses; the caller knows the
total from the counting statement (a search) or from a capped count (an export's walk).

Every value is a bound parameter; only constant fragments (table and column names,
placeholders) are assembled into the text.
"""

from search.documents import looks_like_symbol, normalise_symbol
from search.params import FACETS
from search.text import ParsedQuery, pg_config, reading_locales

from .database_bounded_page import BoundedPageParts
from .database_sql import BM25_WEIGHTS, FACET_KEYS, NEWEST, PG_RANK_WEIGHTS, RESULT_COLUMNS, TABLE

# Above this many matches only this many are ranked (module docstring): about what one
# ranking of a selective search costs, so a broad word costs no more than a selective one.
RELEVANCE_CANDIDATES = 1000


class SqlSearch(BoundedPageParts):
    """Builds the two statements of one search for one vendor. Every value is a parameter."""

    def __init__(self, params, vendor, key_ids=None):
        self.params = params
        self.vendor = vendor
        # PostgreSQL: {"facet:value": id} of the selected keys in the vocabulary (`selected_keys`),
        # or a function of no argument that reads them, called once if a statement needs them (a
        # search counted from the facet postings may need none); a key missing from it was never
        # indexed. Without it, the ids are looked up inside each statement, which hides them from
        # the planner's estimates.
        self._key_ids = key_ids
        self.parsed = ParsedQuery(params.q)
        self.symbol = normalise_symbol(params.q) if looks_like_symbol(params.q) else ""
        self.flag_facets = [facet for facet in FACETS if self._selected(facet)]
        self._counting = False

    @property
    def key_ids(self):
        if callable(self._key_ids):
            self._key_ids = self._key_ids()
        return self._key_ids

    @staticmethod
    def selected_keys(params):
        """Every "facet:value" key `params` selects (whose ids a PostgreSQL statement needs)."""
        return sorted({f"{facet}:{value}" for facet in FACETS for value in params.selected(facet)})

    def _selected(self, facet):
        if facet == "year":
            p = self.params
            return bool(p.selected("year")) or p.year_from is not None or p.year_to is not None
        return bool(self.params.selected(facet))

    # -- pieces

    def _tsquery(self):
        # Read in the locale's language and in that of its untranslated aliases (search/text.py).
        return self.parsed.pg_tsquery(self.params.locale)

    def _fts5_match(self):
        return self.parsed.fts5_match(self.params.locale)

    def _symbol_condition(self, alias="d"):
        # Symbols are stored space-separated and normalised; match one whole symbol.
        escaped = self.symbol.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"(' ' || {alias}.symbols || ' ') LIKE %s ESCAPE '\\'", [f"% {escaped} %"]

    def _base_where(self, text=True):
        """Locale and text: the conditions no facet selection can widen."""
        where, args = ["d.locale = %s"], [self.params.locale]
        if self.parsed and text:
            if self.vendor == "postgresql":
                tsquery, tsargs = self._tsquery()
                text_sql, text_args = f"d.search_vector @@ {tsquery}", tsargs
            else:
                text_sql = "d.id IN (SELECT rowid FROM site_search_fts WHERE site_search_fts MATCH %s)"
                text_args = [self._fts5_match()]
            if self.symbol:
                symbol_sql, symbol_args = self._symbol_condition()
                text_sql, text_args = f"({text_sql} OR {symbol_sql})", text_args + symbol_args
            where.append(text_sql)
            args += text_args
        elif self.params.q and not self.parsed:
            where.append("1 = 0")  # only punctuation: nothing to look for
        return where, args

    def array_column(self, facet):
        # Filtering the page goes through the GIN-indexed `facet_array`; counting through `f_<facet>`.
        return f"f_{facet}" if self._counting else "facet_array"

    def _flag(self, facet):
        """SQL that is true when a document matches `facet`'s own selection."""
        conditions, args = [], []
        values = [f"{facet}:{value}" for value in self.params.selected(facet)]
        if values:
            placeholders = ", ".join(["%s"] * len(values))
            if self.vendor == "postgresql" and self.key_ids is not None:
                # The ids as a constant: the planner estimates the overlap from its statistics
                # (a common value is not worth the GIN index; a rare one is).
                conditions.append(f"d.{self.array_column(facet)} && %s::integer[]")
                args.append(sorted(self.key_ids[value] for value in values if value in self.key_ids))
            elif self.vendor == "postgresql":
                ids = f"ARRAY(SELECT v.id FROM {FACET_KEYS} v WHERE v.key IN ({placeholders}))"
                conditions.append(f"d.{self.array_column(facet)} && {ids}")
                args += values
            else:
                # The JSON text holds each key in quotes: a substring test is exact and far
                # cheaper than json_each per row.
                conditions.append("(" + " OR ".join(["instr(d.facet_keys, %s) > 0"] * len(values)) + ")")
                args += [f'"{value}"' for value in values]
        if facet == "year":
            if self.params.year_from is not None:
                conditions.append("d.year >= %s")
                args.append(self.params.year_from)
            if self.params.year_to is not None:
                conditions.append("d.year <= %s")
                args.append(self.params.year_to)
        sql = " AND ".join(conditions)
        if facet == "year":
            # A document without a year must fail a year range, not make it unknown (NULL).
            return f"COALESCE({sql}, FALSE)", args
        return f"({sql})", args  # never NULL, and left bare so the GIN index can answer it

    # -- statements

    def planner_settings(self):
        """PostgreSQL settings for this transaction only.

        JIT compilation costs more than it saves on these short queries. With a text query the
        GIN index must be used even for broad words: a sequential scan would detoast every
        row's search vector (stored out of line), which the planner does not cost.
        """
        settings = ["SET LOCAL jit = off", "SET LOCAL work_mem = '32MB'"]
        if self.parsed:
            settings.append("SET LOCAL enable_seqscan = off")
        return "; ".join(settings)

    def counting_settings(self):
        """PostgreSQL settings for the counting statement only (set back to the default after it).

        With a text query its rows must come from the text's GIN index, never from a locale
        B-tree index with the text tested row by row (each row's search vector detoasted). With
        narrower rows (migration 0009) the planner costs both about alike (measured with the
        rank vector out of line: it chose the B-tree, 2-4x slower); a random page cost for data
        in memory (as it is: the locale's rows are read on every search) keeps the GIN index.
        """
        return "SET LOCAL random_page_cost = 1.1" if self.parsed else ""

    def counts_sql(self):
        """Every facet's disjunctive counts in one statement, in one pass over the matches.

        A document counts for facet F's values when it passes every selected facet except
        perhaps F itself; a document failing two or more selections counts nowhere. So only
        documents with at most one failed selection are read; each names its failure (`failed`,
        that facet's "name:" prefix), and each of its facet keys is counted where nothing failed
        or where the failure is the key's own facet. The total is not counted again: every
        document has exactly one `kind`, so it is the sum of the (selected) kind counts.
        """
        self._counting = True
        try:
            return self._counts_sql()
        finally:
            self._counting = False

    def _counts_sql(self):
        where, args = self._base_where()
        flags = [(facet, *self._flag(facet)) for facet in self.flag_facets]
        if flags:
            # At most one failed selection (each flag is true or false, summed as 0/1).
            misses = " + ".join(f"(CASE WHEN {sql} THEN 0 ELSE 1 END)" for _facet, sql, _args in flags)
            where.append(f"({misses}) <= 1")
            args += [arg for _facet, _sql, flag_args in flags for arg in flag_args]
            if len(flags) >= 2 and self.vendor == "postgresql" and not self.parsed:
                # Implied by the line above, but in a form the GIN index on facet_array can answer
                # (a BitmapOr), so a browse reads only the rows that pass some selection. Not with
                # text: the text's own GIN index must drive then (see planner_settings).
                self._counting = False
                indexed = [self._flag(facet) for facet in self.flag_facets]
                self._counting = True
                where.append("(" + " OR ".join(sql for sql, _args in indexed) + ")")
                args += [arg for _sql, flag_args in indexed for arg in flag_args]
        conditions = " AND ".join(where)
        select_args = []
        if self.vendor == "postgresql":
            # A document passing every selection gives all its keys; one failing facet F's gives
            # only F's keys (column f_F). The array is chosen once per row and unnested in the
            # select list (a ProjectSet), much cheaper than a join to a function scan.
            keys = "d.facet_array"
            if flags:
                whens = " ".join(f"WHEN NOT {sql} THEN d.f_{facet}" for facet, sql, _args in flags)
                keys = f"CASE {whens} ELSE d.facet_array END"
                select_args = [arg for _facet, _sql, flag_args in flags for arg in flag_args]
            inner = f"SELECT unnest({keys}) AS k FROM {TABLE} d WHERE {conditions}"
            counted = f"SELECT x.k, COUNT(*) AS n FROM ({inner}) x GROUP BY x.k"
            sql = f"SELECT v.key, c.n FROM ({counted}) c JOIN {FACET_KEYS} v ON v.id = c.k"
            return sql, select_args + args
        # SQLite: each key with the name of the row's failed facet ("type:"), kept when the
        # row failed nothing or the key belongs to the failed facet.
        if not flags:
            keys = f"{TABLE} d, json_each(d.facet_keys) j"
            return f"SELECT j.value, COUNT(*) FROM {keys} WHERE {conditions} GROUP BY j.value", args
        failed = "CASE " + " ".join(f"WHEN NOT {sql} THEN %s" for _facet, sql, _args in flags) + " END"
        for facet, _sql, flag_args in flags:
            select_args += [*flag_args, f"{facet}:"]
        base = f"SELECT d.facet_keys, {failed} AS failed FROM {TABLE} d WHERE {conditions}"
        own_facet = "substr(j.value, 1, length(b.failed)) = b.failed"
        sql = (
            f"WITH b AS MATERIALIZED ({base}) SELECT j.value, COUNT(*) FROM b, json_each(b.facet_keys) j "
            f"WHERE b.failed IS NULL OR {own_facet} GROUP BY j.value"
        )
        return sql, select_args + args

    def match_ids_sql(self):
        """(sql, args, exact) reading the ids of the documents the locale and the text allow (the
        facet postings count the rest: database_facet_index.py), or None when that is the whole
        locale. PostgreSQL packs them into one bytea (8 bytes each, big-endian): one value to
        read instead of a row per match; where a broad search's page is read in parts
        (`splits_bounded_page`), a second bytea holds those whose title or keywords hold the
        words, the candidates' condition, read in the same pass. SQLite reads the FTS5 matches
        alone, every locale's (not `exact`): the postings keep the locale's, which is cheaper
        than joining the documents to test each one's locale (an exact symbol needs them)."""
        where, args = self._base_where()
        if len(where) == 1:
            return None
        if self.vendor == "sqlite" and self.parsed and not self.symbol:
            return "SELECT rowid FROM site_search_fts WHERE site_search_fts MATCH %s", [self._fts5_match()], False
        conditions = " AND ".join(where)
        if self.vendor == "sqlite":
            return f"SELECT d.id FROM {TABLE} d WHERE {conditions}", args, True
        packed = "string_agg(int8send(d.id), ''::bytea)"
        if self.ranks_candidates_apart():
            weighted, weighted_args = self._title_keywords_tsquery()
            titles = f"coalesce({packed} FILTER (WHERE d.rank_vector @@ (SELECT {weighted})), ''::bytea)"
            sql = f"SELECT {packed}, {titles} FROM {TABLE} d WHERE {conditions}"
            return sql, [*weighted_args, *args], True
        return f"SELECT {packed}, NULL::bytea FROM {TABLE} d WHERE {conditions}", args, True

    def match_count_sql(self, cap):
        """A subquery counting this search's matches with every selection, up to `cap`
        (a relaxed search compares its candidates: only which finds most matters)."""
        where, args = self._base_where()
        for facet in self.flag_facets:
            sql, flag_args = self._flag(facet)
            where.append(sql)
            args += flag_args
        conditions = " AND ".join(where)
        return f"(SELECT COUNT(*) FROM (SELECT 1 FROM {TABLE} d WHERE {conditions} LIMIT %s) x)", [*args, cap]

    @property
    def ranks(self):
        """True when the order is relevance (there are words and no other sort was asked for)."""
        return bool(self.parsed) and self.params.sort not in ("newest", "oldest", "title")

    def bounded(self, total):
        """True when a search with `total` matches ranks only its candidates (module docstring)."""
        return self.ranks and total > RELEVANCE_CANDIDATES

    def walk_count_sql(self, limit):
        """A statement counting the matches far enough to tell whether a walk stopping at `limit`
        is truncated and whether its order is `bounded`."""
        sql, args = self.match_count_sql(max(limit, RELEVANCE_CANDIDATES) + 1)
        return f"SELECT {sql}", args

    def page_sql(self, exclude_keys=(), bounded=False):
        sql, args = self._ordered_sql(RESULT_COLUMNS, exclude_keys, bounded)
        return f"{sql} LIMIT %s OFFSET %s", [*args, self.params.per_page, self.params.offset]

    def keys_sql(self, limit, bounded=False):
        """Every match's key and page id, in the page's order, at most `limit` (the export's walk,
        read from the cursor in chunks)."""
        sql, args = self._ordered_sql("d.key, d.page_id", bounded=bounded)
        return f"{sql} LIMIT %s", [*args, limit]

    def _filters(self):
        where, args = [], []
        for facet in self.flag_facets:
            sql, flag_args = self._flag(facet)
            where.append(sql)
            args += flag_args
        return where, args

    def _ordered_sql(self, columns, exclude_keys=(), bounded=False):
        order, order_args, join = self._bounded_order() if bounded and self.ranks else self._order()
        # SQLite ranking joins the scored FTS5 matches, which already are the text condition.
        where, args = self._base_where(text=not join.startswith("JOIN"))
        filters, filter_args = self._filters()
        where += filters
        args += filter_args
        if exclude_keys:
            where.append("d.key NOT IN (" + ", ".join(["%s"] * len(exclude_keys)) + ")")
            args += list(exclude_keys)
        conditions = " AND ".join(where)
        sql = f"SELECT {columns} FROM {TABLE} d {join} WHERE {conditions} ORDER BY {order}"
        return sql, order_args[0] + args + order_args[1]

    def _symbol_first(self):
        if not self.symbol:
            return "", []
        condition, symbol_args = self._symbol_condition()
        return f"CASE WHEN {condition} THEN 0 ELSE 1 END, ", symbol_args

    def _order(self):
        """ORDER BY, its arguments (before WHERE, after WHERE) and any join it needs."""
        sort = self.params.sort
        if sort == "oldest":
            return "d.date ASC NULLS LAST, d.sort_title, d.id", ([], []), ""
        if sort == "title":
            return "d.sort_title, d.id", ([], []), ""
        if not self.ranks:
            return NEWEST, ([], []), ""
        symbol_first, symbol_args = self._symbol_first()
        if self.vendor == "postgresql":
            tsquery, tsargs = self._tsquery()
            order = f"{symbol_first}ts_rank({PG_RANK_WEIGHTS}, d.rank_vector, {tsquery}, 1) DESC, {NEWEST}"
            return order, ([], symbol_args + tsargs), ""
        # With a symbol, a document may match by its symbol alone (LEFT JOIN); otherwise the
        # scored matches are the text condition itself, read once.
        join = (
            f"{'LEFT ' if self.symbol else ''}JOIN (SELECT rowid, bm25(site_search_fts, {BM25_WEIGHTS}) AS score "
            "FROM site_search_fts WHERE site_search_fts MATCH %s) f ON f.rowid = d.id"
        )
        order = f"{symbol_first}COALESCE(f.score, 0) ASC, {NEWEST}"
        return order, ([self._fts5_match()], symbol_args), join

    def _candidates_sql(self, columns="d.id"):
        """The ranked candidates' ids: the newest RELEVANCE_CANDIDATES matches (every selection
        applied) whose title or keywords hold the words. Read from the matches' dates only: no
        relevance is computed here."""
        where, args = self._base_where(text=False)
        filters, filter_args = self._filters()
        where += filters
        if self.vendor == "postgresql":
            tsquery, tsargs = self._tsquery()
            weighted, weighted_args = self._title_keywords_tsquery()
            where += [f"d.search_vector @@ {tsquery}", f"d.rank_vector @@ {weighted}"]
            conditions = " AND ".join(where)
            # `date + 0`: the same order, but not the newest-first index's, which the planner
            # would walk testing every row's out-of-line search vector (see planner_settings).
            newest = NEWEST.replace("d.date", "(d.date + 0)")
            sql = f"SELECT {columns} FROM {TABLE} d WHERE {conditions} ORDER BY {newest} LIMIT %s"
            return sql, [*args, *filter_args, *tsargs, *weighted_args, RELEVANCE_CANDIDATES]
        conditions = " AND ".join(where)
        sql = (
            f"SELECT d.id FROM site_search_fts t JOIN {TABLE} d ON d.id = t.rowid "
            f"WHERE site_search_fts MATCH %s AND {conditions} ORDER BY {NEWEST} LIMIT %s"
        )
        match = "{title keywords} : (" + self._fts5_match() + ")"
        return sql, [match, *args, *filter_args, RELEVANCE_CANDIDATES]

    def _title_keywords_tsquery(self):
        """The query's tsquery restricted to weights A and B (title, keywords), one reading per
        language as `_tsquery`. Words are tokens (letters and digits), quoted all the same."""
        readings, args = [], []
        for language in reading_locales(self.params.locale):
            parts = [_weighted(word) for word in self.parsed.words]
            parts += ["(" + " <-> ".join(_weighted(word) for word in phrase) + ")" for phrase in self.parsed.phrases]
            readings.append("to_tsquery(%s::regconfig, %s)")
            args += [pg_config(language), " & ".join(parts)]
        return "(" + " || ".join(readings) + ")", args

    def _bounded_order(self):
        """`_order` for a broad search: the candidates first, by relevance, then the rest by date."""
        symbol_first, symbol_args = self._symbol_first()
        candidates, candidate_args = self._candidates_sql()
        if self.vendor == "postgresql":
            tsquery, tsargs = self._tsquery()
            join = f"LEFT JOIN ({candidates}) c ON c.id = d.id"
            rank = f"CASE WHEN c.id IS NULL THEN 0 ELSE ts_rank({PG_RANK_WEIGHTS}, d.rank_vector, {tsquery}, 1) END"
            order = f"{symbol_first}(c.id IS NULL), {rank} DESC, {NEWEST}"
            return order, (candidate_args, symbol_args + tsargs), join
        # bm25 exists only inside an FTS5 scan: the matches are read once, as in `_order`, and
        # scored only when they are candidates (CASE is lazy; a `rowid IN` constraint on the FTS5
        # table would run the MATCH once per candidate).
        join = (
            f"{'LEFT ' if self.symbol else ''}JOIN (SELECT rowid, CASE WHEN rowid IN ({candidates}) "
            f"THEN bm25(site_search_fts, {BM25_WEIGHTS}) END AS score FROM site_search_fts "
            "WHERE site_search_fts MATCH %s) f ON f.rowid = d.id"
        )
        order = f"{symbol_first}(f.score IS NULL), COALESCE(f.score, 0) ASC, {NEWEST}"
        return order, ([*candidate_args, self._fts5_match()], symbol_args), join


def _weighted(word):
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "':AB"
