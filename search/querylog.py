"""Counting what visitors search for, without keeping anything that could identify them.

`record_search` is called by the search service once per search (page 1 only, so paging
through results is not counted again). It adds one to the day's row for (language, query
text) in SearchQueryStat and one hit to Wagtail's search-promotions Query, whose admin shows
editors which terms are popular when they choose what to promote.

What is stored is the normalised text only: case-folded, spaces collapsed, at most 200
characters, with anything that looks like an e-mail address or a phone/ID number replaced by
"[redacted]". Empty queries (visitors browsing the listing without typing) are not logged at
all: they are not search terms, and counting them would put "" at the top of every report.

On PostgreSQL both rows are written by one statement, in one round trip (in ten, the log cost a
selective search more than its own statements did). Logging must never make a search fail:
database errors are logged and swallowed, inside a savepoint so that a request-wide transaction
stays usable. Nor make it slow: on SQLite, where an import or a rebuild holds the one write lock
for a chunk at a time, the log waits at most LOG_LOCK_WAIT_MS for it and otherwise gives up
(with a warning), rather than the visitor waiting.
"""

import logging
import re
from contextlib import contextmanager, nullcontext

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

from .models.querylog import MAX_LOGGED_QUERY_LENGTH, SearchQueryStat
from .params import clean_query_text

logger = logging.getLogger(__name__)

REDACTED = "[redacted]"
# Bounds the work the expressions below do on hostile input; longer text is cut before it.
_MAX_INPUT = 1000
# Anything@anything: e-mail addresses, including ones typed without a domain suffix.
_EMAIL = re.compile(r"[^\s@]*[^\s@.,;:!?()]@[^\s@]+")
# Digits, optionally with a leading + or ( and single spaces, dots, hyphens or brackets
# between them: phone numbers ("+41 22 917 8192", "(555) 123-4567") and ID numbers
# ("756.1234.5678.97", "123-45-6789"). Whether it is redacted depends on its digit count.
_NUMBER = re.compile(r"\+?\(?\d(?:[ .\-()]{0,2}\d)*")
_YEAR = re.compile(r"(?:19|20)\d\d")
MIN_REDACTED_DIGITS = 6
LOG_LOCK_WAIT_MS = 250  # SQLite: how long a search's log row may wait for the write lock


def _redact_number(match):
    text = match.group(0)
    groups = re.findall(r"\d+", text)
    if sum(len(group) for group in groups) < MIN_REDACTED_DIGITS:
        return text
    if all(_YEAR.fullmatch(group) for group in groups):
        return text  # "2017-2020", "2010 2015 2020": periods, not personal numbers
    return REDACTED


def normalise_logged_query(q):
    """The text of a search as it may be stored: "" means "do not log"."""
    text = clean_query_text((q or "")[:_MAX_INPUT]).casefold()
    text = _EMAIL.sub(REDACTED, text)
    text = _NUMBER.sub(_redact_number, text)
    # Cut after redacting, so a cut can never leave part of an address or number behind.
    return " ".join(text.split())[:MAX_LOGGED_QUERY_LENGTH].rstrip()


def record_search(q, locale, result_count, *, day=None):
    """Count one search of `q` on the `locale` search page that found `result_count` results.

    `locale` is a language code ("en", "zh-hans"). Safe under concurrent requests: the row is
    incremented with an UPDATE … SET searches = searches + 1, created on a miss, and if another
    request created it first the unique constraint sends us back to the UPDATE.
    """
    query = normalise_logged_query(q)
    if not query:
        return
    day = day or timezone.localdate()
    locale = (locale or "")[: SearchQueryStat._meta.get_field("locale").max_length]
    zero = 1 if result_count == 0 else 0
    if connection.vendor == "postgresql" and _record_in_one_statement(day, locale, query, zero):
        return
    # One transaction for both rows: on SQLite it takes the write lock once, so a search waits
    # for it at most once; each row has its own savepoint, so one failing keeps the other.
    with _brief_lock_wait():
        try:
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        _increment(day, locale, query, zero)
                except DatabaseError:
                    logger.warning("Could not record a search in the query log", exc_info=True)
                try:
                    with transaction.atomic():
                        # Wagtail normalises again (lower case, max 255); ours is already stricter.
                        Query.get(query).add_hit(date=day)
                except DatabaseError:
                    logger.warning("Could not record a search hit for search promotions", exc_info=True)
        except DatabaseError as error:
            # Expected while an import or a rebuild holds SQLite's write lock: one line, no traceback.
            logger.warning("Could not record a search: the database is busy (%s)", error)


# Both rows in one round trip, each an upsert: the day's statistic, and Wagtail's promotions
# Query with its daily hits (what Query.get(text).add_hit(day) writes, in three statements and
# two more round trips). Statements' rows are locked in this order by every search.
_RECORD_SQL = f"""
WITH stat AS (
    INSERT INTO {SearchQueryStat._meta.db_table} AS s (day, locale, query, searches, zero_result_searches)
    VALUES (%s, %s, %s, 1, %s)
    ON CONFLICT (day, locale, query) DO UPDATE
    SET searches = s.searches + 1, zero_result_searches = s.zero_result_searches + EXCLUDED.zero_result_searches
), promoted AS (
    INSERT INTO {Query._meta.db_table} AS q (query_string) VALUES (%s)
    ON CONFLICT (query_string) DO UPDATE SET query_string = q.query_string
    RETURNING id
)
INSERT INTO {QueryDailyHits._meta.db_table} AS h (query_id, date, hits)
SELECT id, %s, 1 FROM promoted
ON CONFLICT (query_id, date) DO UPDATE SET hits = h.hits + 1
"""  # noqa: S608 - only the models' own table names are interpolated


def _record_in_one_statement(day, locale, query, zero):
    """PostgreSQL: both rows in one statement (atomic by itself, or in a savepoint inside a
    transaction). False if it failed: the caller then writes them one by one."""
    try:
        with transaction.atomic() if connection.in_atomic_block else nullcontext(), connection.cursor() as cursor:
            cursor.execute(_RECORD_SQL, [day, locale, query, zero, normalise_query_string(query), day])
    except DatabaseError:
        logger.warning("Could not record a search in one statement; recording its rows one by one", exc_info=True)
        return False
    return True


@contextmanager
def _brief_lock_wait():
    """On SQLite, this connection's busy timeout is LOG_LOCK_WAIT_MS for the log's writes only."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA busy_timeout = {LOG_LOCK_WAIT_MS}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(previous)}")


def _increment(day, locale, query, zero):
    rows = SearchQueryStat.objects.filter(day=day, locale=locale, query=query)
    changes = {"searches": F("searches") + 1, "zero_result_searches": F("zero_result_searches") + zero}
    if rows.update(**changes):
        return
    try:
        with transaction.atomic():
            SearchQueryStat.objects.create(day=day, locale=locale, query=query, searches=1, zero_result_searches=zero)
    except IntegrityError:
        # A concurrent request created the row between our UPDATE and INSERT.
        rows.update(**changes)
