"""The benchmark's target lines (benchmarks/measure.py `target_lines`): met, MISSED, not measured."""

from benchmarks.measure import target_lines

CLASSES = ("browse", "selective", "medium", "broad", "broad-unfiltered", "deep")


def _rows(a=10.0, c=10.0, http=20.0):
    return {name: {"a": a, "b": 500.0, "c": c, "http": http} for name in CLASSES}


def _line(lines, *words):
    found = [line for line in lines if all(word in line for word in words)]
    assert len(found) == 1, (words, lines)
    return found[0]


def test_every_line_ends_with_a_verdict():
    lines = target_lines("postgresql", 100_000, _rows(), {})
    assert lines
    for line in lines:
        assert line.endswith((": met", ": MISSED", ": not measured")), line


def test_postgresql_class_targets_met_and_missed():
    rows = _rows(a=40.0)
    rows["selective"]["a"] = 51.0  # target 50 ms
    rows["broad"]["a"] = 250.0  # target 250 ms: equal is met
    lines = target_lines("postgresql", 100_000, rows, {})
    assert _line(lines, "selective: (a) p95").endswith("MISSED")
    assert _line(lines, "medium: (a) p95").endswith(": met")
    assert _line(lines, " broad: (a) p95").endswith(": met")
    assert _line(lines, "deep: (a) p95").endswith(": met")
    assert _line(lines, "broad-unfiltered: (a) p95").endswith(": met")


def test_ratio_to_the_floor_per_class_on_postgresql_only():
    rows = _rows(a=30.0, c=20.0)  # 1.5x: met
    rows["medium"]["c"] = 10.0  # 3x: missed
    lines = target_lines("postgresql", 100_000, rows, {})
    assert _line(lines, "browse: (a)/(c)").endswith(": met")
    assert _line(lines, "medium: (a)/(c)").endswith("MISSED")
    assert not [line for line in target_lines("sqlite", 10_000, rows, {}) if "(a)/(c)" in line]


def test_http_may_add_30_ms_to_the_service():
    rows = _rows(a=40.0, http=70.0)
    rows["broad"]["http"] = 70.5
    lines = target_lines("sqlite", 10_000, rows, {})
    assert _line(lines, "browse: HTTP").endswith(": met")
    assert _line(lines, " broad: HTTP").endswith("MISSED")


def test_sqlite_every_class_100_ms():
    rows = _rows(a=99.0)
    rows["deep"]["a"] = 101.0
    lines = target_lines("sqlite", 10_000, rows, {})
    assert _line(lines, "browse: (a) p95").endswith(": met")
    assert _line(lines, "deep: (a) p95").endswith("MISSED")


def test_a_class_without_samples_is_not_measured():
    rows = _rows()
    del rows["deep"]
    rows["broad-unfiltered"]["http"] = None
    lines = target_lines("postgresql", 100_000, rows, {})
    assert _line(lines, "deep: (a) p95").endswith("not measured")
    assert _line(lines, "deep: (a)/(c)").endswith("not measured")
    assert _line(lines, "broad-unfiltered: HTTP").endswith("not measured")


def test_missing_timings_are_not_measured_never_invented():
    lines = target_lines("postgresql", 100_000, _rows(), {})
    for key in ("prepare_seconds", "import_rate", "update_index_seconds", "load"):
        assert _line(lines, key if key != "load" else "load (").endswith("not measured")
    site = [line for line in target_lines("sqlite", 10_000, _rows(), {}) if "site" in line]
    assert len(site) == len(CLASSES)
    assert all(line.endswith("not measured") for line in site)


def test_postgresql_pipeline_targets():
    timings = {"prepare_seconds": 1300.0, "import_rate": 320.0, "update_index_seconds": 600.0}
    lines = target_lines("postgresql", 100_000, _rows(), timings)
    assert _line(lines, "prepare_seconds").endswith("MISSED")
    assert _line(lines, "import_rate").endswith(": met")
    assert _line(lines, "update_index_seconds").endswith(": met")
    lines = target_lines("postgresql", 100_000, _rows(), {"import_rate": 299.0})
    assert _line(lines, "import_rate").endswith("MISSED")


def test_sqlite_update_index_within_three_minutes():
    assert _line(target_lines("sqlite", 10_000, _rows(), {"update_index_seconds": 181}), "update_index").endswith(
        "MISSED"
    )
    assert _line(target_lines("sqlite", 10_000, _rows(), {"update_index_seconds": 179}), "update_index").endswith(
        ": met"
    )


def test_load_needs_zero_errors():
    load = {"requests": 9000, "errors": 0, "seconds": 60, "throughput": 150.0, "p50": 80, "p95": 200, "p99": 300}
    assert _line(target_lines("postgresql", 100_000, _rows(), {"load": load}), "load (").endswith(": met")
    line = _line(target_lines("postgresql", 100_000, _rows(), {"load": {**load, "errors": 3}}), "load (")
    assert line.endswith("MISSED")
    assert "requests 9,000" in line


def test_site_is_under_150_ms_per_class():
    site = {name: {"p50": 60.0, "p95": 120.0, "runs": 10} for name in CLASSES}
    site["broad"] = {"p50": 100.0, "p95": 150.0, "runs": 10}  # strictly under
    del site["deep"]
    lines = target_lines("sqlite", 10_000, _rows(), {"site": site})
    assert _line(lines, "site browse").endswith(": met")
    assert _line(lines, "site broad:").endswith("MISSED")
    assert _line(lines, "site deep").endswith("not measured")


def test_a_smaller_run_says_what_size_the_targets_are_for():
    lines = target_lines("postgresql", 2_000, _rows(), {})
    assert any("set for 100,000 resources" in line for line in lines)
    assert not any("set for" in line for line in target_lines("postgresql", 100_000, _rows(), {}))
