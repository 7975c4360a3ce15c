"""The database engine's "did you mean": each word of a query the locale's titles and keywords do
not know, replaced by the closest word they do, read from a vocabulary the database keeps in
step with the documents (migration site_search 0008), never from the documents themselves.

- PostgreSQL: one statement (after the SET LOCAL of its similarity threshold); for each word,
  the nearest words of the locale by trigram distance (`pg_trgm`, GIN index on
  `site_search_spelling_word`), with their document counts.
- SQLite: the locale's FTS5 vocabulary table `site_search_spelling_<locale>_vocab` (term,
  documents), read by term ranges, which it answers without a scan: first the words themselves
  (known words stay), then the words starting with the same two letters as a misspelt word (or
  those two swapped, or without its second or first letter), and only for a word still without
  a candidate, the words differing from it in the second letter alone (the range of its first
  letter, filtered in SQL). At most three statements. A slip in the first letter itself
  (`nercury`) is not corrected there; PostgreSQL's trigrams correct it.

Candidates are ranked in Python, the same on both: fewest edits (a swap of two neighbouring
letters is one), then most documents, so a common word wins over a rare one as close. A word of
three to five letters may be one edit away, a longer one two. Words under three letters, numbers
and words with marks are kept as typed; a query with Chinese (bigrams) gets no suggestion.
"""

import re
from collections import Counter

from django.db import connection, transaction

from search.text import tokens

VOCABULARY = "site_search_spelling_{}_vocab"  # SQLite: fts5vocab(site_search_spelling_<locale>, row)
WORDS = "site_search_spelling_word"  # PostgreSQL: (locale, word, documents)
LOCALE_TABLES = {"en": "en", "fr": "fr", "es": "es", "ar": "ar", "zh-hans": "zh_hans", "ru": "ru"}
MAX_WORDS = 8  # words of a query checked; longer queries keep the rest as typed
TRIGRAM_CANDIDATES = 20  # nearest words read per word on PostgreSQL
# pg_trgm's default, 0.3, misses one swap in a six-letter word ("reprot": 0.27 to "report").
TRIGRAM_THRESHOLD = 0.2
SECOND_LETTER_WORDS = 3  # words of a query given SQLite's dearer second-letter search
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")  # as search/text.py


def spelling_suggestion(text, locale):
    """The query with its misspelt words corrected, or "" when no word has a better spelling."""
    words = tokens(text)
    if not words or any(_CJK.search(word) for word in words):
        return ""
    checked = [word for word in dict.fromkeys(words[:MAX_WORDS]) if _correctable(word)]
    if not checked:
        return ""
    if connection.vendor == "postgresql":
        corrections = _postgresql_corrections(checked, locale)
    elif connection.vendor == "sqlite":
        corrections = _sqlite_corrections(checked, locale)
    else:
        return ""
    if not corrections:
        return ""
    return " ".join(corrections.get(word, word) for word in words)


def closest(word, candidates):
    """The best correction of `word` among (term, documents) pairs, or None (known, or none close).

    Fewest edits first, then the most documents, then alphabetical, so the answer is stable.
    """
    allowed = 1 if len(word) <= 5 else 2
    letters = Counter(word)
    best = None
    for term, documents in candidates:
        if term == word:
            return None  # a known word is never corrected
        if documents <= 0 or not _correctable(term) or abs(len(term) - len(word)) > allowed:
            continue
        # Each edit leaves at most one more letter without a partner in the other word: a cheap
        # bound that spares most candidates the full comparison.
        if max(len(word), len(term)) - (letters & Counter(term)).total() > allowed:
            continue
        distance = edit_distance(word, term, allowed)
        if distance <= allowed:
            key = (distance, -documents, term)
            best = min(best, key) if best else key
    return best[2] if best else None


def edit_distance(a, b, ceiling):
    """Edits (insert, delete, replace, swap of neighbours) from a to b; ceiling + 1 once past it."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > ceiling:
            return ceiling + 1
        previous2, previous = previous, current
    return previous[-1]


def _correctable(word):
    return len(word) > 2 and word.isalpha()


# ---- PostgreSQL ---------------------------------------------------------------------------------


def _postgresql_corrections(words, locale):
    # `%` (similar enough: pg_trgm.similarity_threshold) is what the GIN index answers; the
    # nearest of those come first. The exact word, when known, is the nearest of all.
    sql = (
        "SELECT asked.word, near.word, near.documents FROM unnest(%s::text[]) AS asked(word) "  # noqa: S608
        "CROSS JOIN LATERAL (SELECT w.word, w.documents FROM " + WORDS + " w "
        "WHERE w.word %% asked.word AND w.locale = %s AND w.documents > 0 "
        "ORDER BY w.word <-> asked.word, w.documents DESC LIMIT %s) AS near"
    )
    # SET LOCAL lasts to the end of the transaction, as the search's planner settings do.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL pg_trgm.similarity_threshold = {TRIGRAM_THRESHOLD}")
        cursor.execute(sql, [words, locale, TRIGRAM_CANDIDATES])
        candidates = _grouped(cursor.fetchall())
    return {word: best for word in words if (best := closest(word, candidates.get(word, ())))}


# ---- SQLite -------------------------------------------------------------------------------------


def _sqlite_corrections(words, locale):
    if locale not in LOCALE_TABLES:
        return {}
    vocabulary = VOCABULARY.format(LOCALE_TABLES[locale])
    with connection.cursor() as cursor:
        known = _read(cursor, vocabulary, [(word, "term = %s", [word]) for word in words])
        unknown = [word for word in words if word not in known]
        if not unknown:
            return {}
        candidates = _read(
            cursor, vocabulary, [_starting(word, prefix) for word in unknown for prefix in _prefixes(word)]
        )
        corrections = {word: best for word in unknown if (best := closest(word, candidates.get(word, ())))}
        still = [word for word in unknown if word not in corrections][:SECOND_LETTER_WORDS]
        if still:
            candidates = _read(cursor, vocabulary, [_second_letter(word) for word in still])
            corrections.update({word: best for word in still if (best := closest(word, candidates.get(word, ())))})
    return corrections


def _prefixes(word):
    """Two-letter starts the right word may have: the same (a slip after the second letter), the
    first two swapped, the second letter or the first one too many."""
    return list(dict.fromkeys([word[:2], word[1] + word[0], word[0] + word[2], word[1:3]]))


def _starting(word, prefix):
    # fts5vocab answers term >= and < itself; UTF-8 byte order is code point order.
    return word, "term >= %s AND term < %s", [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)]


def _second_letter(word):
    """The words that differ from `word` only in its second letter, or lack it: the first
    letter's range, the rest compared in SQL so that only those few reach Python."""
    condition = "term >= %s AND term < %s AND (substr(term, 3) = %s OR substr(term, 3) = %s)"
    return word, condition, [word[0], chr(ord(word[0]) + 1), word[2:], word[1:]]


def _read(cursor, vocabulary, reads):
    """{asked word: [(term, documents)]} for (asked word, condition on term, arguments), in one
    statement."""
    parts, args = [], []
    for asked, condition, condition_args in reads:
        parts.append(f"SELECT %s, term, doc FROM {vocabulary} WHERE {condition}")  # noqa: S608 - constants
        args += [asked, *condition_args]
    cursor.execute(" UNION ALL ".join(parts), args)
    return _grouped(cursor.fetchall())


def _grouped(rows):
    grouped = {}
    for asked, term, documents in rows:
        grouped.setdefault(asked, []).append((term, documents))
    return grouped
