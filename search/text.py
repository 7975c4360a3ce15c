"""Text preparation shared by indexing and querying, so both sides of a match see the same tokens.

Punctuation becomes space (a UN symbol is found by its parts as well as whole), and runs of
Chinese, Japanese or Korean characters become overlapping bigrams: neither SQLite's unicode61
tokenizer nor PostgreSQL's parser segments CJK text, and bigrams are what Elasticsearch's `cjk`
analyzer indexes too.
"""

import re
import unicodedata

# Han, Hiragana, Katakana, Hangul and CJK punctuation-free ranges.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(rf"[{_CJK}]+|[^\W_]+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')
_OPERATORS = re.compile(r"\b(?:AND|OR|NOT)\b")

# PostgreSQL text-search configuration per Wagtail locale (contracts §2).
PG_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic", "zh-hans": "simple"}


def pg_config(locale):
    return PG_CONFIGS.get(locale, "simple")


def _bigrams(run):
    if len(run) == 1:
        return run
    return " ".join(run[i : i + 2] for i in range(len(run) - 1))


def tokens(text):
    """Words of the text, CJK runs expanded to bigrams, lower-cased."""
    found = []
    for word in _WORD.findall(unicodedata.normalize("NFKC", text or "")):
        if _CJK_RUN.fullmatch(word):
            found.extend(_bigrams(word).split())
        else:
            found.append(word.lower())
    return found


def prepare(text):
    """The text as the full-text engine should index it."""
    return " ".join(tokens(text))


class ParsedQuery:
    """A visitor's query: bare words (all required) and quoted phrases (words in order)."""

    def __init__(self, raw):
        self.raw = raw or ""
        self.phrases = []
        for phrase in _PHRASE.findall(self.raw):
            words = tokens(phrase)
            if words:
                self.phrases.append(words)
        rest = _PHRASE.sub(" ", self.raw).replace('"', " ")
        # Upper-case AND/OR/NOT are operators in other search boxes; here every word is required,
        # so they are dropped rather than searched for.
        self.words = tokens(_OPERATORS.sub(" ", rest))

    def __bool__(self):
        return bool(self.words or self.phrases)

    @property
    def all_terms(self):
        terms = list(self.words)
        for phrase in self.phrases:
            terms.extend(phrase)
        return terms

    def fts5_match(self, prefix_last=False):
        """An FTS5 MATCH expression: every token quoted, so no visitor input is ever syntax."""
        parts = [f'"{word}"' for word in self.words]
        if prefix_last and parts and not self.phrases:
            parts[-1] += "*"
        parts.extend('"' + " ".join(phrase) + '"' for phrase in self.phrases)
        return " AND ".join(parts)

    def pg_plain(self):
        return " ".join(self.words)

    def pg_phrases(self):
        return [" ".join(phrase) for phrase in self.phrases]
