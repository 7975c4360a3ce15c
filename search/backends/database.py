"""The database engine: SQLite FTS5 embedded, PostgreSQL full text in production-sized sites.

A search costs two statements whatever the number of facets (built in database_queries.py):
1. counts: while the process's facet postings are current (database_facet_index.py), only the
   ids of the documents the text matches are read (none for a browse) and the postings count
   every facet in memory. Otherwise the counting statement: the matching documents with at
   most one failed facet selection are read once; each gives the facet keys it counts for (all
   of them, or only the failed facet's) and the keys are grouped. Either way every facet's
   disjunctive count in one pass; the total is the sum of the kind counts (every document has
   one kind).
2. the page of results: the same conditions with every selection, ordered, limited.

An export walks every match once with the second statement's conditions and order, selecting
only keys (`match_keys`).

Relevance is computed only for the rows a page needs to be ordered: SQLite's bm25 over the
FTS5 columns (title 10, keywords 5, summary 2, body 1); PostgreSQL's ts_rank over the small
`rank_vector` (title, keywords, summary: no body), so a broad query never reads whole texts.
An exact UN symbol match is ranked before everything else.
"""

from contextlib import nullcontext

from django.db import connection, transaction

from search.models import SearchDocument
from search.results import EngineAnswer
from search.text import pg_config, reading_locales, stem_words, tokens

from ..snippets import snippet
from . import database_postings_search as from_postings
from .base import KeyWalk, MatchKey, SearchEngine
from .database_facet_index import facet_index
from .database_postings_search import hit_from_row
from .database_queries import SqlSearch
from .database_sql import BM25_WEIGHTS, FACET_KEYS, TABLE
from .database_writing import insert_postgresql, insert_with_fts5

HIGHLIGHT_SOURCE_CHARS = 60_000  # of the body read for a snippet
WALK_CHUNK = 1000  # keys fetched at a time by an export's walk


class DatabaseEngine(SearchEngine):
    name = "database"

    @property
    def vendor(self):
        return connection.vendor

    def _reading(self):
        """Around a search's statements: a transaction on PostgreSQL, for its SET LOCAL settings.

        Not on SQLite: there every transaction begins IMMEDIATE (settings, DATABASES), taking the
        write lock, so a search would wait for an import's or a rebuild's chunk to commit. In WAL
        mode each statement reads a consistent snapshot without any lock.
        """
        return transaction.atomic() if self.vendor == "postgresql" else nullcontext()

    # ---- searching -------------------------------------------------------------------------

    def search(self, params, exclude_keys=()):
        with self._reading(), connection.cursor() as cursor:
            postings = facet_index.current(cursor, params.locale)
            # The selected keys' ids are read only if a statement needs them.
            query = SqlSearch(params, self.vendor, lambda: self._key_ids(cursor, params))
            counting = query.counting_settings() if self.vendor == "postgresql" else ""
            if self.vendor == "postgresql":
                cursor.execute("; ".join(filter(None, [query.planner_settings(), counting])))
            counted = from_postings.counts(cursor, query, postings) if postings else None
            if counted is None:
                cursor.execute(*query.counts_sql())
                rows = cursor.fetchall()
            else:
                rows = counted.rows
            if counting:
                cursor.execute("SET LOCAL random_page_cost TO DEFAULT")
            total, facet_counts = _read_counts(rows, params)
            hits = []
            if total and params.offset < total + len(exclude_keys):
                hits = self._page(cursor, query, total, postings, counted, exclude_keys)
        if hits and query.parsed:
            self._add_highlights(hits, query.parsed)
        return EngineAnswer(count=total, hits=hits, facet_counts=facet_counts)

    def _page(self, cursor, query, total, postings, counted, exclude_keys):
        bounded = query.bounded(total)
        if counted and query.ranks_candidates_apart():
            if not bounded:
                return from_postings.ranked_page(cursor, query, postings, counted, exclude_keys)
            hits = from_postings.bounded_page(cursor, query, postings, counted, exclude_keys)
            if hits is not None:
                return hits
        if bounded and query.splits_bounded_page():
            return self._bounded_page(cursor, query, exclude_keys)
        cursor.execute(*query.page_sql(exclude_keys, bounded=bounded))
        return [hit_from_row(row) for row in cursor.fetchall()]

    def _bounded_page(self, cursor, query, exclude_keys):
        """A page of a broad search in the bounded order (database_queries.py), read in parts:
        the candidates (at most RELEVANCE_CANDIDATES ids), the part of the page among them by
        relevance, and only if the page reaches past them the rest of the matches newest first.
        The same order as `page_sql(bounded=True)`, which reads and orders every match."""
        cursor.execute(*query.candidates_sql())
        candidates = cursor.fetchall()
        excluded = set(exclude_keys)
        kept = [document_id for document_id, key in candidates if key not in excluded]
        ids = [document_id for document_id, _key in candidates]

        def rest_page(rest_offset, count):
            cursor.execute(*query.newest_rest_sql(ids, exclude_keys, rest_offset, count))
            return [hit_from_row(row) for row in cursor.fetchall()]

        return from_postings.ranked_then_rest(cursor, query, kept, rest_page)

    def match_keys(self, params, limit):
        """A capped count, then one ordered statement read in chunks of WALK_CHUNK as the keys
        are consumed: memory stays bounded whatever matches, and time linear (no OFFSET).

        The count says, before the first key, whether the walk is truncated and whether the
        order ranks every match (database_queries.py). The walk's statement runs when the
        first key is asked for: on PostgreSQL through a server-side cursor in a transaction of
        its own, on SQLite as one statement stepped through in autocommit, which reads a WAL
        snapshot and never takes the write lock (see `_reading`).
        """
        with self._reading(), connection.cursor() as cursor:
            query = SqlSearch(params, self.vendor, self._key_ids(cursor, params))
            if self.vendor == "postgresql":
                cursor.execute(query.planner_settings())
            cursor.execute(*query.walk_count_sql(limit))
            found = cursor.fetchone()[0]
        keys = self._walk(query, limit, query.bounded(found)) if found else iter(())
        return KeyWalk(keys=keys, truncated=found > limit)

    def _walk(self, query, limit, bounded):
        with self._reading():
            if self.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # A cursor is planned for its first rows by default; this one is read to the end.
                    cursor.execute(f"{query.planner_settings()}; SET LOCAL cursor_tuple_fraction = 1.0")
            with connection.chunked_cursor() as cursor:
                cursor.execute(*query.keys_sql(limit, bounded))
                while rows := cursor.fetchmany(WALK_CHUNK):
                    yield from (MatchKey(key, page_id) for key, page_id in rows)

    def count_matches(self, params, queries, cap=1000):
        """One statement: a capped count subquery per candidate query."""
        if not queries:
            return []
        parts, args = [], []
        with self._reading(), connection.cursor() as cursor:
            key_ids = self._key_ids(cursor, params)
            for q in queries:
                sql, sql_args = SqlSearch(params.with_changes(q=q), self.vendor, key_ids).match_count_sql(cap)
                parts.append(sql)
                args += sql_args
            if self.vendor == "postgresql":
                cursor.execute(SqlSearch(params, self.vendor).planner_settings())
            cursor.execute("SELECT " + ", ".join(parts), args)
            return list(cursor.fetchone())

    def _key_ids(self, cursor, params):
        """PostgreSQL: the vocabulary ids of the keys `params` selects (migration 0009), so each
        statement carries them as constants. None on SQLite, which stores the keys as text."""
        if self.vendor != "postgresql":
            return None
        keys = SqlSearch.selected_keys(params)
        if not keys:
            return {}
        cursor.execute(f"SELECT key, id FROM {FACET_KEYS} WHERE key = ANY(%s)", [keys])
        return dict(cursor.fetchall())

    def _add_highlights(self, hits, parsed):
        ids = [hit.document_id for hit in hits]
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(ids))
            cursor.execute(
                f"SELECT id, summary, substr(body, 1, {HIGHLIGHT_SOURCE_CHARS}) FROM {TABLE} "  # noqa: S608
                f"WHERE id IN ({placeholders})",
                ids,
            )
            texts = {document_id: (summary, body) for document_id, summary, body in cursor.fetchall()}
        for hit in hits:
            # The summary first: it is what the visitor reads.
            summary, body = texts.get(hit.document_id, ("", ""))
            hit.highlight = snippet(summary or "", body or "", parsed.all_terms)

    def suggest(self, text, locale, limit=8):
        words = tokens(text)
        if not words:
            return []
        if self.vendor == "postgresql":
            # The words read in each language the locale's documents are written in (search/text.py).
            tsquery = " & ".join(words[:-1] + [words[-1] + ":*"])
            configs = [pg_config(language) for language in reading_locales(locale)]
            readings = " || ".join(["to_tsquery(%s::regconfig, %s)"] * len(configs))
            reading_args = [arg for config in configs for arg in (config, tsquery)]
            sql = (
                f"SELECT title, url FROM {TABLE} WHERE locale = %s AND search_vector @@ ({readings}) "
                f"ORDER BY ts_rank(rank_vector, ({readings})) DESC, date DESC NULLS LAST LIMIT %s"
            )
            args = [locale, *reading_args, *reading_args, limit]
        else:
            match = "{title keywords} : (" + _fts5_prefix_readings(words, locale) + ")"
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
        """Each word the locale's titles and keywords do not know replaced by the closest one they
        do, from the vocabulary the database keeps (database_spelling.py), or ""."""
        from .database_spelling import spelling_suggestion

        return spelling_suggestion(text, locale)

    # ---- indexing --------------------------------------------------------------------------

    def index_documents(self, documents):
        documents = list(documents)
        if not documents:
            return
        with transaction.atomic():
            self.delete_documents([document.key for document in documents])
            if self.vendor == "postgresql":
                insert_postgresql(documents)
            else:
                insert_with_fts5(documents)

    def clone_documents(self, clones):
        """Locale aliases' documents copied from their sources' (see database_cloning.py)."""
        from .database_cloning import clone_documents

        return clone_documents(self, clones)

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


def _read_counts(rows, params):
    counts = {}
    for key, count in rows:
        facet, _sep, value = key.partition(":")
        counts.setdefault(facet, {})[value] = count
    kinds = counts.get("kind", {})
    chosen = params.selected("kind")
    total = sum(count for kind, count in kinds.items() if not chosen or kind in chosen)
    return total, counts


def _fts5_prefix_readings(words, locale):
    """The typed words read in each language of the locale's documents, the last as a prefix
    both stemmed and as typed (a stem may be shorter than the word: "mercury" -> "mercuri")."""
    readings = []
    last = f'"{words[-1]}"*'
    for language in reading_locales(locale):
        stems = stem_words(words, language)
        parts = [f'"{stem}"' for stem in stems[:-1]]
        parts.append(f'({last} OR "{stems[-1]}"*)' if stems[-1] != words[-1] else last)
        reading = " AND ".join(parts)
        if reading not in readings:
            readings.append(reading)
    return " OR ".join(f"({reading})" for reading in readings)
