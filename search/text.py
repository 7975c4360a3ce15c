"""Text preparation shared by indexing and querying, so both sides of a match see the same tokens.

- Punctuation becomes space (a UN symbol is found by its parts as well as whole), and so does the
  boundary between letters and digits: `COP1`, `COP-1`, `COP 1` and `COP.1` are all the words
  `cop 1`, `MC-4/3` and `MC 4/3` both `mc 4 3`.
- Runs of Chinese, Japanese or Korean characters become overlapping bigrams: neither SQLite's
  unicode61 tokenizer nor PostgreSQL's parser segments CJK text, and bigrams are what
  Elasticsearch's `cjk` analyzer indexes too.
- Words are stemmed in the language the text is written in (Snowball, through PyStemmer) for
  SQLite, whose FTS5 has no stemmer beyond English; PostgreSQL stems with its own text-search
  configuration of the same language (`PG_CONFIGS`), Elasticsearch with its language analyzer.

A document's text is in one language: its page's locale, or for a locale alias (an untranslated
page) its source page's, usually English. A query is therefore read once per language the
locale's documents can be written in (`reading_locales`: the locale's own and the default
language) and a document matches when the reading in its language does.
"""

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass

from django.conf import settings

import Stemmer

# Han, Hiragana, Katakana, Hangul and CJK punctuation-free ranges.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_CJK_RUN = re.compile(f"[{_CJK}]+")
# A CJK run, or a run of other letters and digits ("2023年汞" is "2023" and "年汞").
_WORD = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+", re.UNICODE)
_PLAIN_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Digit runs: spaced out from any letters around them ("cop1" -> "cop 1", "4/3" -> "4 3").
_DIGITS = re.compile(r"(\d+)")
# Arabic vowel marks and the tatweel: not letters, so they would split a word in two.
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
_PHRASE = re.compile(r'"([^"]*)"')
_OPERATORS = re.compile(r"\b(?:AND|OR|NOT)\b")

# PostgreSQL text-search configuration per Wagtail locale (contracts §2).
PG_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic", "zh-hans": "simple"}
# Snowball stemmer per Wagtail locale, for SQLite. Chinese has no stemmer: bigrams only.
SNOWBALL = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}


def pg_config(locale):
    return PG_CONFIGS.get(locale, "simple")


def reading_locales(locale):
    """The languages a document of `locale` may be written in: its own, and the default
    language of untranslated aliases (English)."""
    return list(dict.fromkeys([locale, settings.LANGUAGE_CODE]))


_stemmers = threading.local()  # a PyStemmer object is not thread-safe: one per thread


def _stemmer(locale):
    cache = getattr(_stemmers, "by_locale", None)
    if cache is None:
        cache = _stemmers.by_locale = {}
    if locale not in cache:
        algorithm = SNOWBALL.get(locale)
        cache[locale] = Stemmer.Stemmer(algorithm) if algorithm else None
    return cache[locale]


def stem_words(words, locale):
    """Words (already lower-cased tokens) stemmed in `locale`'s language; unknown languages unchanged."""
    stemmer = _stemmer(locale) if locale else None
    return stemmer.stemWords(words) if stemmer and words else list(words)


def _bigrams(run):
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text):
    """Words of the text, lower-cased, split between letters and digits, CJK runs as bigrams."""
    return _tokens(text)[0]


def _tokens(text):
    """(words, single CJK characters of the runs longer than one), in one pass over the text."""
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", text or ""))
    text = _DIGITS.sub(r" \1 ", text).lower()  # letters and digits apart: "cop1" is "cop 1"
    if not _CJK_RUN.search(text):
        return _PLAIN_WORD.findall(text), []  # most texts: no CJK, one C-level scan
    found, singles = [], []
    for word in _WORD.findall(text):
        if _CJK_RUN.match(word):
            found.extend(_bigrams(word))
            if len(word) > 1:
                singles.extend(word)
        else:
            found.append(word)
    return found, singles


def prepare(text, locale=None):
    """The text as the full-text engine should index it; stemmed when `locale` is given (SQLite).

    The characters of CJK runs also follow, one by one, after the text: a one-character query
    (汞, mercury) must find the runs it is part of, and, kept apart, they leave the bigrams of a
    run next to each other for phrase queries (Elasticsearch: `cjk_bigram` with unigrams).
    """
    words, singles = _tokens(text)
    return " ".join(stem_words(words, locale) + singles)


@functools.lru_cache(maxsize=1024)
def _is_cjk(token):
    return bool(_CJK_RUN.match(token))


@dataclass(frozen=True)
class QueryUnit:
    """What the visitor typed as one piece: a word, a quoted phrase, or a word made of parts.

    `COP1`, `COP-1` or `UNEP/MC/COP.1/17` is one unit whose parts must follow each other (a
    phrase), so it does not match a text that has `cop` here and `1` there. A CJK run is one
    unit of bigrams that are each required.
    """

    raw: str
    words: tuple
    phrase: bool


class ParsedQuery:
    """A visitor's query: units (words, and phrases whose words must be in order), all required."""

    def __init__(self, raw):
        self.raw = raw or ""
        self.units = []
        for phrase in _PHRASE.findall(self.raw):
            words = tokens(phrase)
            if words:
                self.units.append(QueryUnit(f'"{phrase.strip()}"', tuple(words), len(words) > 1))
        rest = _PHRASE.sub(" ", self.raw).replace('"', " ")
        # Upper-case AND/OR/NOT are operators in other search boxes; here every word is required,
        # so they are dropped rather than searched for.
        for chunk in _OPERATORS.sub(" ", rest).split():
            words = tokens(chunk)
            if not words:
                continue
            joined = len(words) > 1 and not any(_is_cjk(word) for word in words)
            self.units.append(QueryUnit(chunk, tuple(words), joined))
        self.words = [word for unit in self.units if not unit.phrase for word in unit.words]
        self.phrases = [list(unit.words) for unit in self.units if unit.phrase]

    def __bool__(self):
        return bool(self.units)

    @property
    def all_terms(self):
        terms = list(self.words)
        for phrase in self.phrases:
            terms.extend(phrase)
        return terms

    def without(self, indexes):
        """The query text with the units at `indexes` left out (a relaxed search)."""
        return " ".join(unit.raw for position, unit in enumerate(self.units) if position not in indexes)

    # -- SQLite FTS5 (documents stemmed in Python, in their own language)

    def fts5_match(self, locale, prefix_last=False):
        """An FTS5 MATCH expression: the query read in each language of `locale`'s documents,
        the readings ORed. Every token is quoted, so no visitor input is ever syntax."""
        readings = []
        for language in reading_locales(locale):
            parts = [f'"{word}"' for word in stem_words(self.words, language)]
            if prefix_last and parts and not self.phrases:
                parts[-1] += "*"
            parts.extend('"' + " ".join(stem_words(phrase, language)) + '"' for phrase in self.phrases)
            reading = " AND ".join(parts)
            if reading and reading not in readings:
                readings.append(reading)
        if len(readings) == 1:
            return readings[0]
        return " OR ".join(f"({reading})" for reading in readings)

    # -- PostgreSQL (documents stemmed by the configuration of their own language)

    def pg_tsquery(self, locale):
        """SQL for a tsquery (and its arguments): one reading per language of `locale`'s documents,
        each with that language's configuration (its stemming and stop words), ORed."""
        readings, args = [], []
        for language in reading_locales(locale):
            config = pg_config(language)
            parts = []
            if self.words:
                parts.append("plainto_tsquery(%s::regconfig, %s)")
                args += [config, " ".join(self.words)]
            for phrase in self.phrases:
                parts.append("phraseto_tsquery(%s::regconfig, %s)")
                args += [config, " ".join(phrase)]
            readings.append("(" + " && ".join(parts) + ")")
        return "(" + " || ".join(readings) + ")", args
