"""The database engine: SQLite FTS5 embedded, PostgreSQL full text in production-sized sites.

A search costs two statements whatever the number of facets:
1. counts: the matching documents of the locale are read once (a CTE); each row carries one
   boolean per selected facet ("does it match that facet's selection?"); its facet keys are
   unnested and grouped, each key counted only where every *other* facet's flag holds. That is
   the disjunctive count of every facet, plus the total, in one pass.
2. the page of results: the same conditions with every flag, ordered, limited.

Relevance is computed only for the rows a page needs to be ordered: SQLite's bm25 over the
FTS5 columns (title 10, keywords 5, summary 2, body 1); PostgreSQL's ts_rank over the small
`rank_vector` (title, keywords, summary: no body), so a broad query never reads whole texts.
An exact UN symbol match is ranked before everything else.
"""

import difflib
import html
import re

from django.core.cache import cache
from django.db import connection, transaction

from search.documents import looks_like_symbol, normalise_symbol
from search.models import SearchDocument
from search.params import FACETS
from search.results import EngineAnswer, SearchHit
from search.text import ParsedQuery, pg_config, prepare, tokens

from .base import SearchEngine

TABLE = SearchDocument._meta.db_table
HIGHLIGHT_SOURCE_CHARS = 60_000  # of the body read for a snippet
SNIPPET_CHARS = 220
BM25_WEIGHTS = "10.0, 5.0, 2.0, 1.0"  # title, keywords, summary, body
PG_RANK_WEIGHTS = "'{0.0, 0.2, 0.4, 1.0}'"  # D (unused in rank_vector), C summary, B keywords, A title
RESULT_COLUMNS = (
    "d.id, d.key, d.kind, d.title, d.url, d.summary, d.resource_type, d.year, d.date, d.languages, d.page_id"
)


class DatabaseEngine(SearchEngine):
    name = "database"

    @property
    def vendor(self):
        return connection.vendor

    # ---- searching -------------------------------------------------------------------------

    def search(self, params, exclude_keys=()):
        query = _SqlSearch(params, self.vendor)
        with transaction.atomic(), connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(query.planner_settings())
            cursor.execute(*query.counts_sql())
            rows = cursor.fetchall()
            total, facet_counts = _read_counts(rows, params)
            hits = []
            if total and params.offset < total + len(exclude_keys):
                cursor.execute(*query.page_sql(exclude_keys))
                hits = [_hit(row) for row in cursor.fetchall()]
        if hits and query.parsed:
            self._add_highlights(hits, query.parsed)
        return EngineAnswer(count=total, hits=hits, facet_counts=facet_counts)

    def _add_highlights(self, hits, parsed):
        ids = [hit.document_id for hit in hits]
        texts = dict(
            SearchDocument.objects.filter(id__in=ids).values_list("id", "summary")
        )  # summary first: it is what the visitor reads
        bodies = {}
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(ids))
            cursor.execute(
                f"SELECT id, substr(body, 1, {HIGHLIGHT_SOURCE_CHARS}) FROM {TABLE} WHERE id IN ({placeholders})", ids
            )
            bodies = dict(cursor.fetchall())
        for hit in hits:
            hit.highlight = highlight(texts.get(hit.document_id, ""), bodies.get(hit.document_id, ""), parsed.all_terms)

    def suggest(self, text, locale, limit=8):
        words = tokens(text)
        if not words:
            return []
        if self.vendor == "postgresql":
            tsquery = " & ".join(words[:-1] + [words[-1] + ":*"])
            sql = (
                f"SELECT title, url FROM {TABLE} WHERE locale = %s AND search_vector @@ to_tsquery(%s::regconfig, %s) "
                f"ORDER BY ts_rank(rank_vector, to_tsquery(%s::regconfig, %s)) DESC, date DESC NULLS LAST LIMIT %s"
            )
            config = pg_config(locale)
            args = [locale, config, tsquery, config, tsquery, limit]
        else:
            match = "{title keywords} : " + " ".join(f'"{word}"' for word in words[:-1])
            match += f' "{words[-1]}"*'
            sql = (
                f"SELECT d.title, d.url FROM site_search_fts f JOIN {TABLE} d ON d.id = f.rowid "
                f"WHERE site_search_fts MATCH %s AND d.locale = %s "
                f"ORDER BY bm25(site_search_fts, {BM25_WEIGHTS}), d.date DESC LIMIT %s"
            )
            args = [match, locale, limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            return [{"title": title, "url": url} for title, url in cursor.fetchall()]

    def spelling_suggestion(self, text, locale):
        """Replace each word the locale's titles do not know by the closest one they do."""
        words = tokens(text)
        if not words:
            return ""
        vocabulary = self._title_vocabulary(locale)
        if not vocabulary:
            return ""
        corrected, changed = [], False
        for word in words:
            if word in vocabulary or word.isdigit():
                corrected.append(word)
                continue
            close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
            corrected.append(close[0] if close else word)
            changed = changed or bool(close)
        return " ".join(corrected) if changed else ""

    def _title_vocabulary(self, locale):
        key = f"site-search-vocabulary:{locale}:{self.document_count(locale)}"
        vocabulary = cache.get(key)
        if vocabulary is None:
            words = set()
            for title, keywords in (
                SearchDocument.objects.filter(locale=locale).values_list("title", "keywords").iterator(chunk_size=2000)
            ):
                words.update(word for word in tokens(f"{title} {keywords[:2000]}") if len(word) > 2)
            vocabulary = sorted(words)
            cache.set(key, vocabulary, 3600)
        return vocabulary

    # ---- indexing --------------------------------------------------------------------------

    def index_documents(self, documents):
        documents = list(documents)
        if not documents:
            return
        with transaction.atomic():
            self.delete_documents([document.key for document in documents])
            if self.vendor == "postgresql":
                self._insert_postgresql(documents)
            else:
                self._insert_with_fts5(documents)

    def _insert_with_fts5(self, documents):
        SearchDocument.objects.bulk_create([_row(document) for document in documents], batch_size=500)
        ids = dict(SearchDocument.objects.filter(key__in=[d.key for d in documents]).values_list("key", "id"))
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO site_search_fts (rowid, title, keywords, summary, body) VALUES (%s, %s, %s, %s, %s)",
                [
                    (ids[doc.key], prepare(doc.title), prepare(_keywords(doc)), prepare(doc.summary), prepare(doc.body))
                    for doc in documents
                ],
            )

    def _insert_postgresql(self, documents):
        """One INSERT per document with its vectors computed in place (no second write)."""
        columns = [field.column for field in SearchDocument._meta.concrete_fields if field.column != "id"]
        values = ", ".join(f"%({column})s" for column in columns)
        vectors = (
            "setweight(to_tsvector(%(c)s::regconfig, %(t)s), 'A')"
            " || setweight(to_tsvector(%(c)s::regconfig, %(k)s), 'B')"
            " || setweight(to_tsvector(%(c)s::regconfig, %(s)s), 'C')"
        )
        facet_columns = [f"f_{facet}" for facet in FACETS]
        facet_values = ", ".join(f"%({column})s" for column in facet_columns)
        body_vector = "setweight(to_tsvector(%(c)s::regconfig, %(b)s), 'D')"
        sql = (
            f"INSERT INTO {TABLE} ({', '.join(columns)}, facet_array, {', '.join(facet_columns)}, rank_vector, "
            f"search_vector) VALUES ({values}, %(facet_array)s, {facet_values}, {vectors}, {vectors} || {body_vector})"
        )
        rows = []
        for document in documents:
            row = _row(document)
            params = {
                field.column: field.get_db_prep_save(getattr(row, field.attname), connection)
                for field in SearchDocument._meta.concrete_fields
                if field.column != "id"
            }
            params.update({f"f_{facet}": [f"{facet}:{v}" for v in document.facets.get(facet, ())] for facet in FACETS})
            params.update(
                facet_array=row.facet_keys,
                c=pg_config(document.locale),
                t=prepare(document.title),
                k=prepare(_keywords(document)),
                s=prepare(document.summary),
                b=prepare(document.body),
            )
            rows.append(params)
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def delete_documents(self, keys):
        keys = list(keys)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            ids = list(SearchDocument.objects.filter(key__in=chunk).values_list("id", flat=True))
            if not ids:
                continue
            if self.vendor == "sqlite":
                with connection.cursor() as cursor:
                    placeholders = ", ".join(["%s"] * len(ids))
                    cursor.execute(f"DELETE FROM site_search_fts WHERE rowid IN ({placeholders})", ids)
            SearchDocument.objects.filter(id__in=ids).delete()

    def clear(self):
        with transaction.atomic():
            if self.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("DELETE FROM site_search_fts")
            SearchDocument.objects.all().delete()

    def optimise(self):
        """After a rebuild: fresh planner statistics (SQLite counts ~160x slower without them)."""
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("INSERT INTO site_search_fts (site_search_fts) VALUES ('optimize')")
                cursor.execute(f"ANALYZE {TABLE}")
            elif self.vendor == "postgresql":
                cursor.execute(f"ANALYZE {TABLE}")

    def document_count(self, locale=None):
        documents = SearchDocument.objects.all()
        if locale:
            documents = documents.filter(locale=locale)
        return documents.count()

    def check(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {TABLE} LIMIT 1")


class _SqlSearch:
    """Builds the two statements of one search for one vendor. Every value is a parameter."""

    def __init__(self, params, vendor):
        self.params = params
        self.vendor = vendor
        self.parsed = ParsedQuery(params.q)
        self.symbol = normalise_symbol(params.q) if looks_like_symbol(params.q) else ""
        self.config = pg_config(params.locale)
        self.flag_facets = [facet for facet in FACETS if self._selected(facet)]
        self._counting = False

    def _selected(self, facet):
        if facet == "year":
            p = self.params
            return bool(p.selected("year")) or p.year_from is not None or p.year_to is not None
        return bool(self.params.selected(facet))

    # -- pieces

    def _tsquery(self):
        parts, args = [], []
        if self.parsed.words:
            parts.append("plainto_tsquery(%s::regconfig, %s)")
            args += [self.config, self.parsed.pg_plain()]
        for phrase in self.parsed.pg_phrases():
            parts.append("phraseto_tsquery(%s::regconfig, %s)")
            args += [self.config, phrase]
        return "(" + " && ".join(parts) + ")", args

    def _symbol_condition(self, alias="d"):
        # Symbols are stored space-separated and normalised; match one whole symbol.
        escaped = self.symbol.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"(' ' || {alias}.symbols || ' ') LIKE %s ESCAPE '\\'", [f"% {escaped} %"]

    def _base_where(self):
        """Locale and text: the conditions no facet selection can widen."""
        where, args = ["d.locale = %s"], [self.params.locale]
        if self.parsed:
            if self.vendor == "postgresql":
                tsquery, tsargs = self._tsquery()
                text_sql, text_args = f"d.search_vector @@ {tsquery}", tsargs
            else:
                text_sql = "d.id IN (SELECT rowid FROM site_search_fts WHERE site_search_fts MATCH %s)"
                text_args = [self.parsed.fts5_match()]
            if self.symbol:
                symbol_sql, symbol_args = self._symbol_condition()
                text_sql, text_args = f"({text_sql} OR {symbol_sql})", text_args + symbol_args
            where.append(text_sql)
            args += text_args
        elif self.params.q:
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
            if self.vendor == "postgresql":
                conditions.append(f"d.{self.array_column(facet)} && ARRAY[" + placeholders + "]::text[]")
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
            return f"SELECT x.k, COUNT(*) FROM ({inner}) x GROUP BY x.k", select_args + args
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

    def page_sql(self, exclude_keys=()):
        where, args = self._base_where()
        for facet in self.flag_facets:
            sql, flag_args = self._flag(facet)
            where.append(sql)
            args += flag_args
        if exclude_keys:
            where.append("d.key NOT IN (" + ", ".join(["%s"] * len(exclude_keys)) + ")")
            args += list(exclude_keys)
        order, order_args, join = self._order()
        conditions = " AND ".join(where)
        sql = f"SELECT {RESULT_COLUMNS} FROM {TABLE} d {join} WHERE {conditions} ORDER BY {order} LIMIT %s OFFSET %s"
        return sql, order_args[0] + args + order_args[1] + [self.params.per_page, self.params.offset]

    def _order(self):
        """ORDER BY, its arguments (before WHERE, after WHERE) and any join it needs."""
        sort = self.params.sort
        newest = "d.date DESC NULLS LAST, d.sort_title, d.id"
        if sort == "oldest":
            return "d.date ASC NULLS LAST, d.sort_title, d.id", ([], []), ""
        if sort == "title":
            return "d.sort_title, d.id", ([], []), ""
        if sort == "newest" or not self.parsed:
            return newest, ([], []), ""
        symbol_first, symbol_args = "", []
        if self.symbol:
            condition, symbol_args = self._symbol_condition()
            symbol_first = f"CASE WHEN {condition} THEN 0 ELSE 1 END, "
        if self.vendor == "postgresql":
            tsquery, tsargs = self._tsquery()
            order = f"{symbol_first}ts_rank({PG_RANK_WEIGHTS}, d.rank_vector, {tsquery}, 1) DESC, {newest}"
            return order, ([], symbol_args + tsargs), ""
        join = (
            f"LEFT JOIN (SELECT rowid, bm25(site_search_fts, {BM25_WEIGHTS}) AS score FROM site_search_fts "
            "WHERE site_search_fts MATCH %s) f ON f.rowid = d.id"
        )
        order = f"{symbol_first}COALESCE(f.score, 0) ASC, {newest}"
        return order, ([self.parsed.fts5_match()], symbol_args), join


def _read_counts(rows, params):
    counts = {}
    for key, count in rows:
        facet, _sep, value = key.partition(":")
        counts.setdefault(facet, {})[value] = count
    kinds = counts.get("kind", {})
    chosen = params.selected("kind")
    total = sum(count for kind, count in kinds.items() if not chosen or kind in chosen)
    return total, counts


def _hit(row):
    (document_id, key, kind, title, url, summary, resource_type, year, date, languages, page_id) = row
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
    )
    hit.document_id = document_id
    return hit


def _keywords(document):
    return document.keywords + " " + " ".join(document.symbols)


def _row(document):
    return SearchDocument(
        key=document.key,
        locale=document.locale,
        kind=document.kind,
        title=document.title,
        sort_title=document.sort_title,
        summary=document.summary,
        keywords=document.keywords,
        body=document.body,
        symbols=" ".join(document.symbols),
        url=document.url,
        date=document.date,
        year=document.year,
        resource_type=document.type,
        languages=" ".join(document.languages),
        facet_keys=sorted(f"{facet}:{value}" for facet, value in document.facet_pairs()),
        page_id=document.page_id,
    )


def highlight(summary, body, terms):
    """A snippet around the first query term found (summary first, then body), terms marked.

    The visitor's text and the document's are both escaped; only <mark> is added.
    """
    patterns = [_term_pattern(term) for term in dict.fromkeys(terms) if term]
    if not patterns:
        return ""
    matcher = re.compile("|".join(patterns), re.IGNORECASE)
    for text in (summary or "", body or ""):
        found = matcher.search(text)
        if not found:
            continue
        start = max(0, found.start() - SNIPPET_CHARS // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < found.start() else start
        end = min(len(text), start + SNIPPET_CHARS)
        window = text[start:end]
        marked, last = [], 0
        for match in matcher.finditer(window):
            marked.append(html.escape(window[last : match.start()]))
            marked.append(f"<mark>{html.escape(match.group(0))}</mark>")
            last = match.end()
        marked.append(html.escape(window[last:]))
        prefix = "… " if start else ""
        suffix = " …" if end < len(text) else ""
        return prefix + "".join(marked) + suffix
    return ""


def _term_pattern(term):
    # CJK bigrams have no word boundaries; other words are marked by their stem, so
    # "emissions" is marked for a search on "emission".
    if not term.isascii() and not any(ch.isascii() for ch in term) and len(term) <= 2:
        return re.escape(term)
    stem = term[:-2] if len(term) >= 6 and term.isalpha() else term
    return r"\b" + re.escape(stem) + r"\w*"
