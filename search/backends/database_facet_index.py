"""Facet counts from postings kept in memory: the database engine's counting (database.py).

Why: a search's disjunctive facet counts read every matching document's facet keys. In SQL that
is one unnest and hash per key: for a broad word at 100,000 resources, 1.2 million keys on
every search, and a browse with a common filter costs as much. Here each process keeps, per
locale, which documents hold each facet key, as positions in the locale's sorted document ids
(one int32 array for every key, `offsets` marking each key's run), plus each document's year.
A search asks the database only for its matches' ids (none for a browse: the whole locale),
and counting is array work in numpy: a filter is a mask set from its keys' positions, and a
facet's counts are one gather of the mask at its keys' positions summed per key. That is the
same rule as the SQL statement (`SqlSearch.counts_sql`): a document counts for facet F's keys
when it passes every selection except perhaps F's own.

Freshness: postings are stamped when read (migration 0010 records every write of documents),
and a search uses them only after asking the database whether anything was written since (one
indexed lookup). Otherwise the search counts in SQL, as it always did, and the postings are read
again: by a thread of the process in the background (`SEARCH_FACET_INDEX = "background"`, the
default: no visitor waits for it, and at most one read per locale runs at a time, spaced by
at least five times the last read's duration, so a long import is not chased read after read),
or at once inside the search (`"inline"`: the tests, so every search test counts this way
after its data changed), or never (`"off"`). A match id missing from the postings (written
after them) also sends the search to SQL.

A selective search counts from the matching documents' own keys instead (the same postings
by document, `doc_keys`): its cost follows the matches, not the locale's size.

Memory: about 8 bytes per facet key of a document (both orders), 20 per document: some 12 MB
per locale at 100,000 resources. Postings older than STAMP_MAX_AGE are read again (the change log is pruned).
"""

import logging
import threading
import time

from django.conf import settings
from django.db import connection

import numpy as np

from search.params import FACETS

from .database_sql import FACET_KEYS, NEWEST, TABLE

# Count from the documents' own keys when they hold fewer entries than this share of the keys'
# runs (about as many entries read either way at 1; the tests set 0 and infinity).
BY_DOCUMENTS_BELOW = 1.0

logger = logging.getLogger(__name__)

NO_YEAR = np.iinfo(np.int32).min
STAMP_MAX_AGE = 3600  # s; the change log keeps a day (PRUNE_AFTER)
PRUNE_AFTER = "1 day"
MIN_REBUILD_INTERVAL = 5.0  # s between two reads of one locale's postings in the background
REBUILD_INTERVAL_FACTOR = 5  # … or this many times the last read's duration, if longer


def mode():
    return settings.SEARCH_FACET_INDEX  # checked by the settings


# ---- the stamp: what the postings were read after -------------------------------------------


def read_stamp(cursor):
    """The stamp to keep with postings read after this call (migration 0010)."""
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT pg_current_snapshot()::text, (SELECT coalesce(max(id), 0) FROM site_search_document_change)"
        )
        return tuple(cursor.fetchone())
    cursor.execute("SELECT changes FROM site_search_document_change WHERE id = 1")
    return (cursor.fetchone()[0],)


def is_current(cursor, stamp):
    """True when no document was written since `stamp` was read."""
    if connection.vendor == "postgresql":
        snapshot, last_id = stamp
        cursor.execute(
            # This transaction's own changes are not visible in its snapshots (its id is not
            # below their xmax), but those made before the stamp are in the postings: only a
            # later one (a greater id) makes them stale.
            "SELECT NOT EXISTS (SELECT 1 FROM site_search_document_change c WHERE c.id > %s "
            "OR (c.xid >= pg_snapshot_xmin(%s::pg_snapshot) AND NOT pg_visible_in_snapshot(c.xid, %s::pg_snapshot) "
            "AND c.xid IS DISTINCT FROM pg_current_xact_id_if_assigned()))",
            [last_id, snapshot, snapshot],
        )
        return cursor.fetchone()[0]
    return read_stamp(cursor) == stamp


def _prune(cursor):
    if connection.vendor == "postgresql":
        cursor.execute(f"DELETE FROM site_search_document_change WHERE at < now() - interval '{PRUNE_AFTER}'")  # noqa: S608


# ---- one locale's postings -----------------------------------------------------------------


class LocalePostings:
    def __init__(self, locale, stamp, ids, years, by_newest, keys, offsets, positions):
        self.locale = locale
        self.stamp = stamp
        self.read_at = time.monotonic()
        self.ids = ids  # int64, sorted: a document's position is its index here
        self.years = years  # int32, NO_YEAR where the document has none
        self.by_newest = by_newest  # positions in the newest-first order (database_sql.NEWEST)
        self.keys = keys  # "facet:value", sorted, so each facet's keys are one run
        self.offsets = offsets  # key i's positions are positions[offsets[i]:offsets[i + 1]]
        self.positions = positions
        self.key_index = {key: index for index, key in enumerate(keys)}
        # The same postings by document: document p's keys (indexes into `keys`) are
        # doc_keys[doc_offsets[p]:doc_offsets[p + 1]]. Counting a few documents reads their keys
        # rather than gathering the mask at every key's positions (_sum_runs).
        key_of_entry = np.repeat(np.arange(len(keys), dtype=np.int32), np.diff(offsets))
        self.doc_keys = key_of_entry[np.argsort(positions, kind="stable")]
        self.doc_offsets = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(np.bincount(positions, minlength=len(ids)), out=self.doc_offsets[1:])
        self.facet_runs = {}
        for index, key in enumerate(keys):
            facet = key.partition(":")[0]
            first, _last = self.facet_runs.get(facet, (index, index))
            self.facet_runs[facet] = (first, index + 1)

    @property
    def size(self):
        return len(self.ids)

    @classmethod
    def read(cls, cursor, locale):
        stamp = read_stamp(cursor)
        # The newest-first order is the database's own (its collation sorts the titles).
        sql = f"SELECT d.id, d.year, row_number() OVER (ORDER BY {NEWEST}) FROM {TABLE} d WHERE d.locale = %s"  # noqa: S608
        cursor.execute(f"{sql} ORDER BY d.id", [locale])
        rows = cursor.fetchall()
        ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        years = np.fromiter((NO_YEAR if row[1] is None else row[1] for row in rows), dtype=np.int32, count=len(rows))
        newest = np.fromiter((row[2] for row in rows), dtype=np.int64, count=len(rows))
        by_newest = np.argsort(newest).astype(np.int32)
        keys, runs = [], []
        for key, documents in _postings(cursor, locale):
            positions = np.searchsorted(ids, documents)
            # An id missing from `ids` was written between the two reads: the stamp is then
            # stale already, and these postings are never used (`is_current`).
            found = positions < len(ids)
            found[found] = ids[positions[found]] == documents[found]
            positions = positions[found]
            if len(positions):
                keys.append(key)
                runs.append(np.sort(positions).astype(np.int32))
        order = sorted(range(len(keys)), key=keys.__getitem__)
        keys = [keys[index] for index in order]
        runs = [runs[index] for index in order]
        offsets = np.zeros(len(runs) + 1, dtype=np.int64)
        np.cumsum([len(run) for run in runs], out=offsets[1:])
        positions = np.concatenate(runs) if runs else np.zeros(0, dtype=np.int32)
        return cls(locale, stamp, ids, years, by_newest, keys, offsets, positions)

    # -- counting

    def matched(self, ids, exact=True):
        """The mask of the documents with these ids. `exact`: None when one is not in the
        postings; otherwise those are left out (other locales' documents)."""
        ids = np.asarray(ids, dtype=np.int64)
        positions = np.searchsorted(self.ids, ids)
        inside = positions < self.size
        inside[inside] = self.ids[positions[inside]] == ids[inside]
        if exact and not inside.all():
            return None
        mask = np.zeros(self.size, dtype=bool)
        mask[positions[inside]] = True
        return mask

    def newest_first(self, mask, start, stop):
        """The ids of the documents `mask` holds, newest first, from `start` to `stop`."""
        order = np.flatnonzero(mask[self.by_newest])[start:stop]
        return self.ids[self.by_newest[order]]

    def _selection(self, params, facet):
        """The mask of documents passing `facet`'s selection (as SqlSearch._flag)."""
        mask = None
        values = params.selected(facet)
        if values:
            mask = np.zeros(self.size, dtype=bool)
            for value in values:
                index = self.key_index.get(f"{facet}:{value}")
                if index is not None:
                    mask[self.positions[self.offsets[index] : self.offsets[index + 1]]] = True
        if facet == "year":
            has_year = self.years != NO_YEAR
            if params.year_from is not None:
                has_year &= self.years >= params.year_from
            if params.year_to is not None:
                has_year &= self.years <= params.year_to
            if params.year_from is not None or params.year_to is not None:
                mask = has_year if mask is None else mask & has_year
        return mask

    def counts(self, params, matches):
        """([(key, count)] of every key counted at least once, as `counts_sql` answers; the mask
        of the documents passing every selection): `matches` is the mask of the documents the
        locale and text allow."""
        selections = {}
        for facet in FACETS:
            selection = self._selection(params, facet)
            if selection is not None:
                selections[facet] = selection
        passing = matches.copy()
        for selection in selections.values():
            passing &= selection
        per_key = self._sum_runs(passing, 0, len(self.keys))
        for facet in selections:
            if facet not in self.facet_runs:
                continue
            others = matches.copy()
            for other, selection in selections.items():
                if other != facet:
                    others &= selection
            first, last = self.facet_runs[facet]
            per_key[first:last] = self._sum_runs(others, first, last)
        counted = np.flatnonzero(per_key)
        return [(self.keys[index], int(per_key[index])) for index in counted], passing

    def _sum_runs(self, mask, first, last):
        """Per key in keys[first:last], how many of its documents `mask` holds: from the
        documents' own keys when that reads fewer entries than the keys' runs (a selective
        search), else by gathering the mask at the runs' positions."""
        if first == last:
            return np.zeros(0, dtype=np.int64)
        start, end = self.offsets[first], self.offsets[last]
        documents = np.flatnonzero(mask)
        if len(documents) * len(self.positions) < BY_DOCUMENTS_BELOW * (end - start) * max(self.size, 1):
            return self._sum_documents(documents, first, last)
        hits = mask[self.positions[start:end]]
        # Runs are never empty (keys without documents are left out), as reduceat requires.
        return np.add.reduceat(hits, self.offsets[first:last] - start, dtype=np.int64)

    def _sum_documents(self, documents, first, last):
        """_sum_runs for the documents at these positions, from their own keys."""
        starts = self.doc_offsets[documents]
        lengths = self.doc_offsets[documents + 1] - starts
        # Every document's range of doc_keys, concatenated: each entry's index is its
        # document's start plus its place within the document.
        entries = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(lengths.sum())
        keys = self.doc_keys[entries]
        if first > 0 or last < len(self.keys):
            keys = keys[(keys >= first) & (keys < last)]
        return np.bincount(keys - first, minlength=last - first).astype(np.int64)


def _postings(cursor, locale):
    """(key, int64 array of document ids) for every facet key of the locale's documents."""
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT v.key, string_agg(int8send(d.id), ''::bytea) FROM {TABLE} d "  # noqa: S608
            f"CROSS JOIN LATERAL unnest(d.facet_array) k JOIN {FACET_KEYS} v ON v.id = k "
            "WHERE d.locale = %s GROUP BY v.key"
        )
        cursor.execute(sql, [locale])
        for key, blob in cursor.fetchall():
            yield key, np.frombuffer(blob, dtype=">i8").astype(np.int64)
        return
    sql = (
        f"SELECT j.value, group_concat(d.id) FROM {TABLE} d, json_each(d.facet_keys) j "  # noqa: S608
        "WHERE d.locale = %s GROUP BY j.value"
    )
    cursor.execute(sql, [locale])
    for key, ids in cursor.fetchall():
        yield key, np.array(ids.split(","), dtype=np.int64)


def read_match_ids(cursor, sql, args):
    """(ids, title ids or None) a `SqlSearch.match_ids_sql` statement finds, as int64 arrays."""
    cursor.execute(sql, args)
    if connection.vendor == "postgresql":
        matches, titles = cursor.fetchone()
        return _unpacked(matches), None if titles is None else _unpacked(titles)  # NULL: not asked for
    return np.fromiter((row[0] for row in cursor.fetchall()), dtype=np.int64), None


def _unpacked(blob):
    return np.frombuffer(blob, dtype=">i8").astype(np.int64) if blob else np.zeros(0, dtype=np.int64)


# ---- the process's postings ----------------------------------------------------------------


class FacetIndex:
    """The postings of each locale this process has searched, read again when stale."""

    def __init__(self):
        self._postings = {}  # (database alias, database name, locale) -> LocalePostings
        self._lock = threading.Lock()
        self._reading = set()
        self._last_read = {}  # the same keys -> (finished at, duration)

    def current(self, cursor, locale):
        """The locale's postings if they are current, else None (and, by `mode`, read them)."""
        how = mode()
        if how == "off":
            return None
        slot = (connection.alias, connection.settings_dict["NAME"], locale)
        postings = self._postings.get(slot)
        fresh = postings is not None and time.monotonic() - postings.read_at < STAMP_MAX_AGE
        if fresh and is_current(cursor, postings.stamp):
            return postings
        if how == "inline":
            postings = self._read(cursor, slot)
            return postings if is_current(cursor, postings.stamp) else None
        self._read_in_background(slot)
        return None

    def warm(self, locale):
        """Read the locale's postings now, in this thread (benchmarks, a warm-up after start)."""
        with connection.cursor() as cursor:
            return self._read(cursor, (connection.alias, connection.settings_dict["NAME"], locale))

    def forget(self):
        with self._lock:
            self._postings.clear()
            self._last_read.clear()

    def _read(self, cursor, slot):
        started = time.monotonic()
        postings = LocalePostings.read(cursor, slot[2])
        _prune(cursor)
        with self._lock:
            self._postings[slot] = postings
            self._last_read[slot] = (time.monotonic(), time.monotonic() - started)
        return postings

    def _read_in_background(self, slot):
        with self._lock:
            if slot in self._reading:
                return
            finished, duration = self._last_read.get(slot, (None, 0.0))
            wait = max(MIN_REBUILD_INTERVAL, REBUILD_INTERVAL_FACTOR * duration)
            if finished is not None and time.monotonic() - finished < wait:
                return
            self._reading.add(slot)
        threading.Thread(target=self._background_read, args=(slot,), daemon=True, name="facet-postings").start()

    def _background_read(self, slot):
        try:
            with connection.cursor() as cursor:
                self._read(cursor, slot)
        except Exception:
            # Searches go on counting in SQL; a stale search tries again after the interval.
            logger.exception("Reading the facet postings of %s failed", slot[2])
            with self._lock:
                self._last_read[slot] = (time.monotonic(), 0.0)
        finally:
            connection.close()
            with self._lock:
                self._reading.discard(slot)


facet_index = FacetIndex()
