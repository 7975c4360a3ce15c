"""(c) The floor: one hand-written SQL statement per search, per vendor, for the whole answer.

It returns what the search service returns, in one round trip: the total, the first rows of
results in the service's order, and every facet's disjunctive counts (each facet counted with
every other selected facet applied but not its own). It is written independently of the
service: nothing is imported from search/backends, and the text matching is built here, by
hand (a `to_tsquery` per language on PostgreSQL, an FTS5 MATCH expression on SQLite). It shares
with the service only what the index itself is: the table, its columns, and how its text was cut
into words (`search.text.tokens`, and on SQLite the Snowball stems the FTS5 table holds).

The statement: the matching documents are read once (a materialised CTE carrying one boolean
per selected facet, the text matched once); the counts unnest only the keys each row can
contribute; the order is the service's bounded relevance (docs/search.md "Ranking"): when more
than CANDIDATES documents pass every filter, only the CANDIDATES newest whose title or keywords
hold the words are ranked, first, and the rest follow newest first; otherwise every match is
ranked. Relevance is ts_rank over `rank_vector` (PostgreSQL) or bm25 (SQLite), with the
service's weights. Snippets (done in Python by the service for a page's 20 rows) are not part of
the floor, nor are exact UN symbols (the benchmark's words are none).

Result rows: ("c", "facet:value", count) and ("p", key, position); the total is the sum of the
`kind` counts (every document has one kind), as the service computes it too.
SQL is assembled here from constant fragments (table and column names, placeholders); every
value is a bound parameter.
"""

import re

from django.conf import settings
from django.db import connection, transaction

from search.params import FACETS  # the contract's facet names (contracts §3)
from search.text import stem_words, tokens

TABLE = "site_search_searchdocument"
FTS = "site_search_fts"
FACET_KEYS = "site_search_facet_key"  # PostgreSQL: facet key -> the id the rows store
CANDIDATES = 1000  # the service's bound on ranked matches (docs/search.md "Ranking")
BM25 = "10.0, 5.0, 2.0, 1.0"  # title, keywords, summary, body
PG_RANK = "'{0.0, 0.2, 0.4, 1.0}'"  # D, C summary, B keywords, A title
PG_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}
NEWEST = "m.date DESC NULLS LAST, m.sort_title, m.id"
_QUOTED = re.compile(r'"([^"]*)"')
_OPERATORS = {"AND", "OR", "NOT"}


def query_words(q):
    """(words, phrases) of a typed query: quoted text and words typed with parts (`COP1`) are
    phrases; upper-case AND/OR/NOT are dropped; every word is required."""
    words, phrases = [], []
    for quoted in _QUOTED.findall(q):
        found = tokens(quoted)
        (phrases.append(found) if len(found) > 1 else words.extend(found))
    for chunk in _QUOTED.sub(" ", q).replace('"', " ").split():
        if chunk in _OPERATORS:
            continue
        found = tokens(chunk)
        (phrases.append(found) if len(found) > 1 else words.extend(found))
    return words, phrases


class FloorQuery:
    def __init__(self, q, filters, locale="en", per_page=20, exclude_keys=()):
        self.q = q or ""
        self.words, self.phrases = query_words(self.q)
        self.filters = {facet: tuple(values) for facet, values in filters.items() if values}
        self.locale = locale
        self.per_page = per_page
        self.exclude_keys = list(exclude_keys)
        self.vendor = connection.vendor
        self.facets = [facet for facet in FACETS if facet in self.filters]
        self.languages = list(dict.fromkeys([locale, settings.LANGUAGE_CODE]))

    @property
    def has_text(self):
        return bool(self.words or self.phrases)

    # -- text, by hand ----------------------------------------------------------------------------

    def _tsquery(self, weights=""):
        """to_tsquery per language of the locale's documents, ORed; `weights` ("AB") restricts it."""
        suffix = f":{weights}" if weights else ""

        def lexeme(word):
            return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'" + suffix

        parts = [lexeme(word) for word in self.words]
        parts += ["(" + " <-> ".join(lexeme(word) for word in phrase) + ")" for phrase in self.phrases]
        text = " & ".join(parts)
        sql = "(" + " || ".join(["to_tsquery(%s::regconfig, %s)"] * len(self.languages)) + ")"
        return sql, [arg for language in self.languages for arg in (PG_CONFIGS.get(language, "simple"), text)]

    def _match(self):
        """An FTS5 MATCH expression: every token quoted, stemmed per language, readings ORed."""
        readings = []
        for language in self.languages:
            parts = [f'"{stem}"' for stem in stem_words(self.words, language)]
            parts += ['"' + " ".join(stem_words(phrase, language)) + '"' for phrase in self.phrases]
            reading = " AND ".join(parts)
            if reading not in readings:
                readings.append(reading)
        return readings[0] if len(readings) == 1 else " OR ".join(f"({reading})" for reading in readings)

    def _text_condition(self):
        if not self.has_text:
            return ("1 = 0", []) if self.q.strip() else ("", [])
        if self.vendor == "postgresql":
            tsquery, args = self._tsquery()
            return f"d.search_vector @@ {tsquery}", args
        return f"d.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)", [self._match()]  # noqa: S608

    # -- facets -----------------------------------------------------------------------------------

    def _flag(self, facet):
        keys = [f"{facet}:{value}" for value in self.filters[facet]]
        if self.vendor == "postgresql":
            # Keys are stored as their ids in the facet key vocabulary (migration 0009).
            ids = f"ARRAY(SELECT v.id FROM {FACET_KEYS} v WHERE v.key IN ({', '.join(['%s'] * len(keys))}))"  # noqa: S608
            return f"d.f_{facet} && {ids}", keys
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
        parts = (where, [*flag_args, self.locale, *text_args], flag_columns, misses, passes)
        return self._postgresql(*parts) if self.vendor == "postgresql" else self._sqlite(*parts)

    def _exclusion(self):
        if not self.exclude_keys:
            return "", []
        return f" AND m.key NOT IN ({', '.join(['%s'] * len(self.exclude_keys))})", list(self.exclude_keys)

    def _postgresql(self, where, m_args, flag_columns, misses, passes):
        # One array per row: all keys when it passes everything, the failed facet's keys when it
        # fails exactly one, nothing otherwise (such rows are not even read into the counts).
        keys = "m.facet_array"
        if self.facets:
            keys = (
                "CASE " + " ".join(f"WHEN NOT m.ok_{f} THEN m.f_{f}" for f in self.facets) + " ELSE m.facet_array END"
            )
        facet_columns = "".join(f", d.f_{facet}" for facet in self.facets)
        exclusion, exclusion_args = self._exclusion()
        if self.has_text:
            tsquery, tsargs = self._tsquery()
            weighted, weighted_args = self._tsquery("AB")
            # More than CANDIDATES passing: rank only the newest title/keyword matches (c), first.
            ranked = "(s.small OR c.id IS NOT NULL)"
            extra = (
                f", s AS (SELECT COUNT(*) <= {CANDIDATES} AS small FROM m WHERE {passes}), "  # noqa: S608
                f"c AS (SELECT m.id FROM m, s WHERE NOT s.small AND {passes} AND m.rank_vector @@ {weighted} "
                f"ORDER BY {NEWEST} LIMIT {CANDIDATES})"
            )
            extra_args = weighted_args
            rank = f"CASE WHEN {ranked} THEN ts_rank({PG_RANK}, m.rank_vector, {tsquery}, 1) ELSE 0 END"
            later = f"NOT {ranked}"
            source, rank_column, rank_args = "m CROSS JOIN s LEFT JOIN c ON c.id = m.id", ", d.rank_vector", tsargs
        else:
            extra, extra_args, rank, later, source, rank_column, rank_args = "", [], "0.0", "FALSE", "m", "", []
        order = f"later, rank DESC, {NEWEST.replace('m.', '')}"
        sql = (
            f"WITH m AS MATERIALIZED (SELECT d.id, d.key, d.date, d.sort_title, d.facet_array{facet_columns}"  # noqa: S608
            f"{rank_column}{flag_columns} FROM {TABLE} d WHERE {where}){extra}, "
            f"page AS (SELECT m.id, m.key, m.date, m.sort_title, {later} AS later, {rank} AS rank FROM {source} "
            f"WHERE {passes}{exclusion} ORDER BY {order} LIMIT %s) "
            f"SELECT 'c', v.key, x.n FROM (SELECT y.k, COUNT(*) AS n FROM (SELECT unnest({keys}) AS k FROM m "
            f"WHERE {misses} <= 1) y GROUP BY y.k) x JOIN {FACET_KEYS} v ON v.id = x.k "
            f"UNION ALL SELECT 'p', page.key, row_number() OVER (ORDER BY {order}) FROM page"
        )
        return sql, [*m_args, *extra_args, *rank_args, *exclusion_args, self.per_page]

    def _sqlite(self, where, m_args, flag_columns, misses, passes):
        exclusion, exclusion_args = self._exclusion()
        failed, failed_args = "NULL", []
        if self.facets:
            failed = "CASE " + " ".join(f"WHEN NOT m.ok_{f} THEN %s" for f in self.facets) + " END"
            failed_args = [f"{facet}:" for facet in self.facets]
        if self.has_text:
            match = self._match()
            # More than CANDIDATES passing: bm25 only for the newest title/keyword matches (c),
            # which come first; otherwise for every match. bm25 exists only in an FTS5 scan: one
            # scan of the matches, scoring lazily (a `rowid IN` constraint on the FTS5 table
            # would run the MATCH once per row).
            extra = (
                f", s AS (SELECT COUNT(*) <= {CANDIDATES} AS small FROM m WHERE {passes}), "  # noqa: S608
                f"c AS (SELECT m.id FROM m JOIN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s) t ON t.rowid = m.id "
                f"WHERE NOT (SELECT small FROM s) AND {passes} ORDER BY {NEWEST} LIMIT {CANDIDATES}), "
                f"r AS (SELECT rowid, CASE WHEN (SELECT small FROM s) OR rowid IN (SELECT id FROM c) "
                f"THEN bm25({FTS}, {BM25}) END AS score FROM {FTS} WHERE {FTS} MATCH %s)"
            )
            extra_args = ["{title keywords} : (" + match + ")", match]
            source, later, rank = "m JOIN r ON r.rowid = m.id", "r.score IS NULL", "COALESCE(r.score, 0)"
        else:
            extra, extra_args, source, later, rank = "", [], "m", "0", "0.0"
        order = f"later, rank, {NEWEST.replace('m.', '')}"
        sql = (
            f"WITH m AS MATERIALIZED (SELECT d.id, d.key, d.date, d.sort_title, d.facet_keys{flag_columns} "  # noqa: S608
            f"FROM {TABLE} d WHERE {where}){extra} "
            f"SELECT 'c', x.k, COUNT(*) FROM (SELECT j.value AS k, {failed} AS failed "
            f"FROM m, json_each(m.facet_keys) j WHERE {misses} <= 1) x "
            f"WHERE x.failed IS NULL OR substr(x.k, 1, length(x.failed)) = x.failed GROUP BY x.k "
            f"UNION ALL SELECT 'p', key, row_number() OVER (ORDER BY {order}) FROM ("
            f"SELECT m.id, m.key, m.date, m.sort_title, {later} AS later, {rank} AS rank FROM {source} "
            f"WHERE {passes}{exclusion} ORDER BY {order} LIMIT %s)"
        )
        return sql, [*m_args, *extra_args, *failed_args, *exclusion_args, self.per_page]

    def planner_settings(self):
        """The service's own settings for one statement (search/backends/database.py): no JIT for a
        short query, room to sort and group in memory, the GIN index for any text query (the
        service's counting statement also costs random pages as in memory, which keeps the GIN
        index ahead of a locale B-tree on the narrow rows)."""
        settings_sql = ["SET LOCAL jit = off", "SET LOCAL work_mem = '32MB'"]
        if self.has_text:
            settings_sql += ["SET LOCAL enable_seqscan = off", "SET LOCAL random_page_cost = 1.1"]
        return "; ".join(settings_sql)

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
