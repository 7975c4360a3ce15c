"""Timing the query mix on one database and printing its table (child process).

Each query is first answered once by every contender and the answers compared: (a), (b) and
(c) must agree on the total; (a) and (c) also on the first page and on every facet's counts.
A disagreement is printed loudly, never hidden. Then each query is run BENCH_REPEAT times by
every contender in turn (so a burst of load on a shared machine hits all of them alike), each
contender stopping early once it has spent BENCH_MAX_SECONDS on that query. The service (a)
and the page (HTTP) write the query log, as every real search does.

After the table, every target is printed on a line of its own with "met", "MISSED" or "not
measured" (`targets.target_lines`), including the pipeline's figures that the preparation
(and the load and site helpers) keep in the marker's "timings".
"""

import os
import time
import warnings

from django.db import connection

from search.backends.database_facet_index import facet_index
from search.models import SearchDocument

from . import contenders
from .mix import MIX_CLASSES, choose_mix
from .output import milliseconds, percentile, ratio, say, table

TARGETS = {
    # vendor: ({class: p95 of (a) in ms}, a/c p95 ratio or None, the size the targets are set for).
    # deep (page 50) is our own choice: as much as a broad query.
    "postgresql": (
        {"browse": 100, "selective": 50, "medium": 50, "broad": 250, "broad-unfiltered": 250, "deep": 250},
        1.5,
        100_000,
    ),
    "sqlite": (
        {"browse": 100, "selective": 100, "medium": 100, "broad": 100, "broad-unfiltered": 100, "deep": 100},
        None,
        10_000,
    ),
}
HTTP_OVER_SERVICE_MS = 30  # the page may add this much to the service's p95
SITE_TARGET_MS = 150  # the `make run` site (benchmarks/site.py): strictly under, per class
LOAD_ERRORS_TARGET = 0
# The pipeline's figures in the marker's "timings": (key, what, unit, "<=" or ">=", target) by vendor.
PIPELINE = {
    "postgresql": [
        ("prepare_seconds", "preparation (generation, aliases, indexes)", "s", "<=", 1200),
        ("import_rate", "import_resources", "resources/s", ">=", 300),
        ("update_index_seconds", "full update_index", "s", "<=", 600),
    ],
    "sqlite": [
        ("update_index_seconds", "full update_index", "s", "<=", 180),
    ],
}
CONTENDERS = ("a", "b", "c", "http")


def _env_number(name, default, kind=int):
    try:
        return kind(os.environ.get(name, "") or default)
    except ValueError:
        return default


def _compare(label, a, b, c, unfiltered=False):
    """Loud lines for every disagreement; True when all agree.

    (b) searches library resources only: the mix's filters always hold a facet only resources
    have, but an unfiltered query also finds other pages, so there (b)'s total is compared with
    the resources among (a)'s matches (its `kind` count)."""
    problems = []
    if a.total != c.total:
        problems.append(f"TOTAL differs: (a) {a.total}, (c) {c.total}")
    resources = a.facets.get("kind", {}).get("resource", 0) if unfiltered else a.total
    if b.total != resources:
        what = "resources among (a)'s matches" if unfiltered else "(a)"
        problems.append(f"TOTAL differs: (b) {b.total}, {what} {resources}")
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
    missing = [name for name in MIX_CLASSES if name not in mix["classes"]]
    if missing:
        # A marker written before these classes existed: the mix is chosen again for this run.
        say(f"The kept query mix has no {', '.join(missing)} class: choosing the mix again.")
        mix = choose_mix()
    locale = mix["locale"]
    vendor = connection.vendor
    repeat = max(1, _env_number("BENCH_REPEAT", 10))
    budget = _env_number("BENCH_MAX_SECONDS", 10.0, float)
    documents = SearchDocument.objects.filter(locale=locale).count()
    # A process reads its facet postings in the background on its first search; measured here once.
    started = time.perf_counter()
    postings = facet_index.warm(locale)
    say(
        f"Facet postings of {locale!r} read in {time.perf_counter() - started:.2f} s: {len(postings.keys):,} keys, "
        f"{len(postings.positions):,} positions, {postings.size:,} documents."
    )
    say(
        f"{documents:,} search documents in {locale!r}; {marker['resources']:,} generated resources; "
        f"{repeat} runs per query and contender (at most {budget:.0f} s each)."
    )
    wagtail = contenders.Wagtail(locale)
    page = contenders.Page(locale)
    rows, rows_data, all_agree = [], {}, True
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
            # Promotions are only shown on page 1, but their keys leave the results on every page.
            promoted = a.promoted if contenders.page_number(query) == 1 else first_page(query, locale).promoted
            c = contenders.floor(query, locale, promoted)
            page(query)
            agree = _compare(label, a, b, c, unfiltered=not query["filters"]) and agree
            final.append(a.total / documents)
            runs = {
                "a": lambda query=query: contenders.service(query, locale),
                "b": lambda query=query: wagtail(query),
                "c": lambda query=query, keys=promoted: contenders.floor(query, locale, keys),
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
        rows_data[name] = {contender: percentile(s, 0.95) for contender, s in samples.items()}
    _print(vendor, marker["resources"], rows, all_agree)
    say("")
    timings = {**(marker.get("timings") or {}), **_served(vendor, mix, repeat)}
    say("")
    say("Targets:")
    for line in target_lines(vendor, marker["resources"], rows_data, timings):
        say(f"  {line}")


def _served(vendor, mix, repeat):
    """The site as people run it: on SQLite `make run`'s development server (benchmarks/site.py),
    on PostgreSQL 32 concurrent clients under gunicorn (benchmarks/load.py). BENCH_SKIP_SERVED=1
    leaves both out (their target lines then say "not measured")."""
    if os.environ.get("BENCH_SKIP_SERVED") == "1":
        return {}
    url = os.environ["DATABASE_URL"]
    if vendor == "sqlite":
        from .site import measure_site

        say("")
        say("The `make run` site (development server, development settings), over HTTP:")
        site = measure_site(url, mix, repeat)
        for name, figures in site.items():
            say(f"  {name}: p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms ({figures['runs']} runs)")
        return {"site": site}
    from .load import measure_load, summary

    seconds = _env_number("BENCH_LOAD_SECONDS", 60)
    say("")
    say(f"32 concurrent clients for {seconds} s under gunicorn (production settings), search page and API:")
    load = measure_load(url, mix, clients=32, seconds=seconds)
    say(f"  {summary(load)}")
    return {"load": load}


def first_page(query, locale):
    """The query's page 1 without a log row: the promoted keys a deeper page leaves out too."""
    return contenders.service({**query, "page": 1}, locale, log=False)


def _row(name, vendor, resources, text_share, final, samples, agree, spec):
    p = {contender: (percentile(s, 0.5), percentile(s, 0.95)) for contender, s in samples.items()}
    targets, ratio_target, _size = TARGETS.get(vendor, ({}, None, 0))
    target = targets.get(name)
    if name == "deep" and spec.get("queries"):
        name = f"deep (page {contenders.page_number(spec['queries'][0])})"
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
        "SQL statement, HTTP = GET of the search page; (a) and HTTP write the query log. Ratios: p50 / p95."
    )
    say(
        "broad-unfiltered: the broad word(s), no filter. deep: a medium or broad word with two filters at "
        "page 50 (offset 980), only queries with more than 1,000 results."
    )
    say("text % = documents of the locale matching the words; result % = after the two filters.")
    if size and resources != size:
        say(f"The targets are set for {size:,} resources; this run has {resources:,}.")
    if not all_agree:
        say("!!! Some answers disagree: see the MISMATCH lines above.")


# --- Targets, one line each ---------------------------------------------------------------------


def _verdict(ok):
    return "met" if ok else "MISSED"


def _ms(value):
    return f"{milliseconds(value)} ms"


def _compare_line(label, value, sign, target, unit=""):
    """ "label value sign target: met|MISSED|not measured"; None is not measured."""
    if value is None:
        return f"{label} {sign} {target:g}{unit}: not measured"
    ok = value <= target if sign == "<=" else value >= target
    shown = f"{value:.1f}" if isinstance(value, float) else f"{value}"
    return f"{label} {shown}{unit} {sign} {target:g}{unit}: {_verdict(ok)}"


def target_lines(vendor, resources, rows_data, timings):
    """Every target of `vendor`'s run as one line ending in "met", "MISSED" or "not measured".

    rows_data: {class: {"a": p95 ms, "c": p95 ms, "http": p95 ms}} (None or absent: no samples);
    timings: the marker's "timings" ({} when the preparation wrote none): prepare_seconds,
    import_rate, update_index_seconds, load ({"requests", "errors", "seconds", "throughput",
    "p50", "p95", "p99"}) and site ({class: {"p50", "p95", "runs"}}). A figure that is missing
    is "not measured", never guessed.
    """
    targets, ratio_target, size = TARGETS.get(vendor, ({}, None, 0))
    name = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(vendor, vendor)
    prefix = f"{name} {resources:,}"
    lines = []
    for cls, target in targets.items():
        p95 = rows_data.get(cls, {})
        lines.append(_compare_line(f"{prefix} {cls}: (a) p95", p95.get("a"), "<=", target, " ms"))
    if ratio_target is not None:
        for cls in targets:
            p95 = rows_data.get(cls, {})
            a, c = p95.get("a"), p95.get("c")
            value = a / c if a is not None and c else None
            lines.append(_compare_line(f"{prefix} {cls}: (a)/(c) p95", value, "<=", ratio_target, "x"))
    for cls in targets:
        p95 = rows_data.get(cls, {})
        a, http = p95.get("a"), p95.get("http")
        label = f"{prefix} {cls}: HTTP p95"
        if a is None or http is None:
            lines.append(f"{label} <= (a) p95 + {HTTP_OVER_SERVICE_MS} ms: not measured")
        else:
            limit = a + HTTP_OVER_SERVICE_MS
            lines.append(
                f"{label} {_ms(http)} <= (a) {_ms(a)} + {HTTP_OVER_SERVICE_MS} ms = {_ms(limit)}: "
                f"{_verdict(http <= limit)}"
            )
    for key, what, unit, sign, target in PIPELINE.get(vendor, []):
        value = timings.get(key)
        lines.append(_compare_line(f"{prefix} {what} ({key})", value, sign, target, f" {unit}"))
    if vendor == "postgresql":
        lines.append(_load_line(prefix, timings.get("load")))
    if vendor == "sqlite":
        lines.extend(_site_lines(prefix, timings.get("site"), targets))
    if size and resources != size:
        lines.append(f"(the targets are set for {size:,} resources; this run has {resources:,})")
    return lines


def _load_line(prefix, load):
    label = f"{prefix} load (32 clients, search page and API): errors"
    if not load or load.get("errors") is None:
        return f"{label} = {LOAD_ERRORS_TARGET}: not measured"
    units = {"requests": "", "seconds": " s", "throughput": " req/s", "p50": " ms", "p95": " ms", "p99": " ms"}
    figures = ", ".join(
        f"{key} {load[key]:,.{1 if key == 'throughput' else 0}f}{unit}"
        if isinstance(load[key], int | float)
        else f"{key} {load[key]}{unit}"
        for key, unit in units.items()
        if key in load and load[key] is not None
    )
    errors = load["errors"]
    return f"{label} {errors} = {LOAD_ERRORS_TARGET} ({figures}): {_verdict(errors == LOAD_ERRORS_TARGET)}"


def _site_lines(prefix, site, targets):
    lines = []
    for cls in targets:
        figures = (site or {}).get(cls)
        p95 = figures.get("p95") if isinstance(figures, dict) else figures
        label = f"{prefix} make-run site {cls}: p95"
        if p95 is None:
            lines.append(f"{label} < {SITE_TARGET_MS} ms: not measured")
        else:
            lines.append(f"{label} {_ms(p95)} < {SITE_TARGET_MS} ms: {_verdict(p95 < SITE_TARGET_MS)}")
    return lines
