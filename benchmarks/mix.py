"""The query mix, chosen from the data so that each class has the selectivity it claims.

Six classes, four queries each where the data allows, all facets, page 1 unless said:
- browse: no text, two filters;
- selective: a word in fewer than 1% of the locale's documents, two filters;
- medium: a word in about 10% of them, two filters;
- broad: a word in more than half ("mercury"), two filters;
- broad-unfiltered: the broad word(s) and no filter at all;
- deep: a medium or broad query with two filters at page DEEP_PAGE (offset 980 at 20 a page),
  only queries with more than DEEP_MIN_RESULTS results, so that the page is full.
The filter pairs use the most common values of the data, and each pair includes a facet only
resources have (type or collection), so every contender searches the same documents: the
service's whole index and modelsearch's ResourcePage queryset then hold the same resources.
A word is only chosen if modelsearch finds the same resources for it as the service's index
(their tokenisers differ: FTS5 porter vs unicode61; PostgreSQL configurations), so the totals
of the three contenders can be compared.
"""

import math
from collections import Counter

from wagtail.models import Locale

from library.models import ResourcePage
from search.models import SearchDocument
from search.text import tokens

from .floor import FloorQuery

LOCALE = "en"
CLASSES = {
    # class: (lowest fraction, highest fraction, aim)
    "selective": (0.001, 0.01, 0.004),
    "medium": (0.05, 0.2, 0.10),
    "broad": (0.5, 1.0, 0.8),
}
BROAD_WORD = "mercury"
WORDS_PER_CLASS = 2
PER_PAGE = 20
DEEP_PAGE = 50
DEEP_MIN_RESULTS = 1000  # page 50 at 20 a page starts at offset 980: more than 1,000 keeps it full
QUERIES_PER_CLASS = 4
# The classes choose_mix writes; a marker whose mix lacks one was chosen by an older version.
MIX_CLASSES = ("browse", "selective", "medium", "broad", "broad-unfiltered", "deep")
STOPWORDS = {"with", "from", "into", "that", "this", "which", "their", "there", "were", "have", "been", "they"}


def _most_common(counts, facet, exclude=()):
    found = [(count, key.partition(":")[2]) for key, count in counts.items() if key.startswith(f"{facet}:")]
    found = [(count, value) for count, value in found if value not in exclude]
    return max(found)[1] if found else None


def filter_pairs(counts):
    types = [value for value in ("report", "guidance") if counts.get(f"type:{value}")]
    if len(types) < 2:
        first = _most_common(counts, "type")
        types = [first, _most_common(counts, "type", exclude={first})]
    collection = "minamata" if counts.get("collection:minamata") else _most_common(counts, "collection")
    pairs = [
        {"type": types, "region": [_most_common(counts, "region")]},
        {"collection": [collection], "pillar": [_most_common(counts, "pillar")]},
        {"type": [_most_common(counts, "type")], "area": [_most_common(counts, "area")]},
        {"collection": [collection], "country": [_most_common(counts, "country")]},
    ]
    return [{facet: [v for v in values if v] for facet, values in pair.items()} for pair in pairs]


def _candidates(total):
    """(word, share of documents whose title holds it), from a sample of documents: title words
    are what visitors type (places, subjects, kinds of document)."""
    step = max(1, total // 20_000)
    documents = Counter()
    sampled = 0
    rows = SearchDocument.objects.filter(locale=LOCALE).order_by("id").values_list("title", flat=True)
    for number, title in enumerate(rows.iterator(chunk_size=5000)):
        if number % step:
            continue
        sampled += 1
        documents.update({word for word in tokens(title) if word.isalpha() and len(word) > 3})
    return {word: count / sampled for word, count in documents.items() if word not in STOPWORDS}


def _agrees(word):
    """The service's index and modelsearch find the same number of resources for `word`."""
    ours = FloorQuery(word, {"kind": ["resource"]}, LOCALE).run()[0]
    theirs = ResourcePage.objects.live().public().filter(locale=Locale.get_default()).search(word).count()
    return ours == theirs, ours, theirs


def _pick(name, candidates, total, chosen, limit=None):
    low, high, aim = CLASSES[name]
    ordered = sorted(candidates, key=lambda word: (abs(math.log(candidates[word] / aim)), word))
    if name == "broad":
        ordered = [BROAD_WORD, *(word for word in ordered if word != BROAD_WORD)]
    picked, tried = [], 0
    for word in ordered:
        if word in chosen or tried >= 60:
            continue
        tried += 1
        fraction = FloorQuery(word, {}, LOCALE).count() / total
        if not low <= fraction < high:
            continue
        agrees, ours, theirs = _agrees(word)
        if not agrees:
            continue
        picked.append((word, fraction))
        if len(picked) == (limit or WORDS_PER_CLASS) or (name == "broad" and picked and not limit):
            break
    return picked


def _deep(classes, pairs):
    """Medium and broad words with each filter pair, at page DEEP_PAGE: the combinations that
    have more than DEEP_MIN_RESULTS results (broad first: they are the likeliest to be full)."""
    words = [*classes["broad"]["words"], *classes["medium"]["words"]]
    queries, used = [], {}
    for word in words:
        for pair in pairs:
            if len(queries) == QUERIES_PER_CLASS:
                break
            total = FloorQuery(word, pair, LOCALE, PER_PAGE).run()[0]
            if total > DEEP_MIN_RESULTS:
                queries.append({"q": word, "filters": pair, "page": DEEP_PAGE, "results": total})
                used[word] = classes["broad"]["words"].get(word) or classes["medium"]["words"].get(word)
    if not queries:
        return {
            "words": {},
            "queries": [],
            "note": f"no medium or broad query with two filters has more than {DEEP_MIN_RESULTS:,} results",
        }
    return {"words": used, "queries": queries}


def choose_mix():
    total = SearchDocument.objects.filter(locale=LOCALE).count()
    counts = Counter()
    resources = SearchDocument.objects.filter(locale=LOCALE, kind="resource").values_list("facet_keys", flat=True)
    for keys in resources.iterator(chunk_size=5000):
        counts.update(keys)
    pairs = filter_pairs(counts)
    candidates = _candidates(total)
    classes = {"browse": {"words": {"": 1.0}, "queries": [{"q": "", "filters": pair} for pair in pairs]}}
    chosen = set()
    for name in CLASSES:
        picked = _pick(name, candidates, total, chosen)
        chosen.update(word for word, _fraction in picked)
        if not picked:
            classes[name] = {"words": {}, "queries": [], "note": "no word of this selectivity agrees in both indexes"}
            continue
        words = [word for word, _fraction in picked]
        classes[name] = {
            "words": dict(picked),
            "queries": [{"q": words[i % len(words)], "filters": pair} for i, pair in enumerate(pairs)],
        }
    # Broad words alone, one query per word: "mercury" first, then any other word in more than
    # half of the documents (the broad class keeps its one word, so its figures stay comparable).
    broad = dict(_pick("broad", candidates, total, chosen - set(classes["broad"]["words"]), QUERIES_PER_CLASS))
    classes["broad-unfiltered"] = {
        "words": dict(broad),
        "queries": [{"q": word, "filters": {}} for word in broad],
        **({} if broad else {"note": "no broad word"}),
    }
    classes["deep"] = _deep(classes, pairs)
    return {"locale": LOCALE, "documents": total, "classes": classes}
