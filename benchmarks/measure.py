"""Timing the query mix on one database and printing its table (child process).

Each query is first answered once by every contender and the answers compared: (a), (b) and
(c) must agree on the total; (a) and (c) also on the first page and on every facet's counts.
A disagreement is printed loudly, never hidden. Then each query is run BENCH_REPEAT times by
every contender in turn (so a burst of load on a shared machine hits all of them alike), each
contender stopping early once it has spent BENCH_MAX_SECONDS on that query.
"""

import os
import time
import warnings

from django.db import connection

from search.models import SearchDocument

from . import contenders
from .output import milliseconds, percentile, ratio, say, table

TARGETS = {
    # vendor: ({class: p95 of (a) in ms}, a/c p95 ratio or None, the size the targets are set for)
    "postgresql": ({"browse": 100, "selective": 50, "medium": 50, "broad": 250}, 1.5, 100_000),
    "sqlite": ({"browse": 100, "selective": 100, "medium": 100, "broad": 100}, None, 10_000),
}
CONTENDERS = ("a", "b", "c", "http")


def _env_number(name, default, kind=int):
    try:
        return kind(os.environ.get(name, "") or default)
    except ValueError:
        return default


def _compare(label, a, b, c):
    """Loud lines for every disagreement; True when all agree."""
    problems = []
    if not a.total == b.total == c.total:
        problems.append(f"TOTAL differs: (a) {a.total}, (b) {b.total}, (c) {c.total}")
    if a.page != c.page:
        problems.append(f"FIRST PAGE differs between (a) and (c): {a.page[:5]}… vs {c.page[:5]}…")
    if a.facets != c.facets:
        facets = sorted(name for name in set(a.facets) | set(c.facets) if a.facets.get(name) != c.facets.get(name))
        problems.append(f"FACET COUNTS differ between (a) and (c) for: {', '.join(facets)}")
    for problem in problems:
        say(f"  !!! MISMATCH {label}: {problem}")
    return not problems


def _fraction(query, locale, documents):
    from .floor import FloorQuery

    matching = FloorQuery(query["q"], {}, locale).count() if query["q"] else documents
    return matching / documents


def measure(marker):
    # The HTML page is rendered without collected static files (whitenoise would say so per request).
    warnings.filterwarnings("ignore", message="No directory at")
    mix = marker["mix"]
    locale = mix["locale"]
    vendor = connection.vendor
    repeat = max(1, _env_number("BENCH_REPEAT", 10))
    budget = _env_number("BENCH_MAX_SECONDS", 10.0, float)
    documents = SearchDocument.objects.filter(locale=locale).count()
    say(
        f"{documents:,} search documents in {locale!r}; {marker['resources']:,} generated resources; "
        f"{repeat} runs per query and contender (at most {budget:.0f} s each)."
    )
    wagtail = contenders.Wagtail(locale)
    page = contenders.Page(locale)
    rows, all_agree = [], True
    for name, spec in mix["classes"].items():
        queries = spec["queries"]
        if not queries:
            say(f"  {name}: no query ({spec.get('note', '')})")
            continue
        samples = {contender: [] for contender in CONTENDERS}
        final, agree = [], True
        for query in queries:
            label = f"{name} q={query['q']!r} {query['filters']}"
            a = contenders.service(query, locale)
            b = wagtail(query)
            c = contenders.floor(query, locale, a.promoted)
            page(query)
            agree = _compare(label, a, b, c) and agree
            final.append(a.total / documents)
            runs = {
                "a": lambda query=query: contenders.service(query, locale),
                "b": lambda query=query: wagtail(query),
                "c": lambda query=query, keys=a.promoted: contenders.floor(query, locale, keys),
                "http": lambda query=query: page(query),
            }
            spent = dict.fromkeys(CONTENDERS, 0.0)
            for _ in range(repeat):
                for contender, run in runs.items():
                    if spent[contender] > budget:
                        continue
                    started = time.perf_counter()
                    run()
                    elapsed = time.perf_counter() - started
                    spent[contender] += elapsed
                    samples[contender].append(elapsed)
        all_agree = all_agree and agree
        text_share = sum(_fraction(query, locale, documents) for query in queries) / len(queries)
        rows.append(_row(name, vendor, marker["resources"], text_share, final, samples, agree, spec))
    _print(vendor, marker["resources"], rows, all_agree)


def _row(name, vendor, resources, text_share, final, samples, agree, spec):
    p = {contender: (percentile(s, 0.5), percentile(s, 0.95)) for contender, s in samples.items()}
    targets, ratio_target, _size = TARGETS.get(vendor, ({}, None, 0))
    target = targets.get(name)
    a95, c95 = p["a"][1], p["c"][1]
    met = []
    if target is not None:
        met.append("p95 met" if a95 <= target else "p95 MISSED")
    if ratio_target is not None:
        met.append("a/c met" if c95 and a95 / c95 <= ratio_target else "a/c MISSED")
    words = ", ".join(f"{word or '(none)'}" for word in spec["words"]) or "—"
    return [
        name,
        words,
        f"{text_share * 100:.2f}",
        f"{sum(final) / len(final) * 100:.2f}",
        *(f"{milliseconds(p[c][0])} / {milliseconds(p[c][1])}" for c in ("a", "b", "c")),
        f"{ratio(p['a'][0], p['b'][0])} / {ratio(p['a'][1], p['b'][1])}",
        f"{ratio(p['a'][0], p['c'][0])} / {ratio(p['a'][1], p['c'][1])}",
        f"{milliseconds(p['http'][0])} / {milliseconds(p['http'][1])}",
        ", ".join(
            item
            for item in (f"p95 ≤ {target} ms" if target else "", f"a/c ≤ {ratio_target}" if ratio_target else "")
            if item
        ),
        ", ".join(met) or "—",
        "yes" if agree else "NO",
        str(len(samples["a"])),
    ]


def _print(vendor, resources, rows, all_agree):
    headers = [
        "class",
        "words",
        "text %",
        "result %",
        "(a) p50/p95",
        "(b) p50/p95",
        "(c) p50/p95",
        "a/b",
        "a/c",
        "HTTP p50/p95",
        "target (a)",
        "met",
        "agree",
        "runs",
    ]
    say("")
    say(table(headers, rows))
    _targets, _ratio, size = TARGETS.get(vendor, ({}, None, 0))
    say("")
    say(
        "Times in ms. (a) search service, (b) modelsearch .search() + .facet() per facet, (c) one hand-written "
        "SQL statement, HTTP = GET of the search page. Ratios: p50 / p95."
    )
    say("text % = documents of the locale matching the words; result % = after the two filters.")
    if size and resources != size:
        say(f"The targets are set for {size:,} resources; this run has {resources:,}.")
    if not all_agree:
        say("!!! Some answers disagree: see the MISMATCH lines above.")
