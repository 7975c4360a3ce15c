"""Bringing a benchmark database to N resources, indexed and analysed (child process).

Every step is skipped when its result is already there, so a second `make bench` starts
measuring at once: migrations (always checked, rarely applied), the seed (real vocabularies),
`generate_library N-k --seed 1 --no-index` (idempotent: it only adds what is missing), one
`update_index` of both search indexes (timed), then k more real-shaped rows through
`import_resources` as an operator imports them, each with its aliases and both indexes (timed:
the ingest rate), planner statistics. The query mix is chosen from the data once and kept in a
small JSON marker beside the SQLite files (benchmarks/.data/), with the preparation's timings
(`timings`: measured when the database was built, printed by every later run with their date).
"""

import datetime
import json
import os
import tempfile
import time
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wagtail.models import Locale

from library.models import ResourcePage

from .mix import choose_mix
from .output import say

SEED = 1
INGEST_SEED = 2  # the rows ingested through import_resources: identifiers synthetic-2-…
INGEST_SHARE = 50  # one resource in 50 is ingested through import_resources (2,000 of 100,000)
ROOT = Path(__file__).resolve().parent.parent


class Outgrown(Exception):
    """The database holds more generated resources than asked for: it must be rebuilt."""


def _step(name, function, *args, **kwargs):
    say(f"  {name}…")
    started = time.monotonic()
    result = function(*args, **kwargs)
    elapsed = time.monotonic() - started
    say(f"  {name}: {elapsed:.0f} s")
    return result, elapsed


def _pending():
    """The migrations not applied yet, as (app label, name)."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [(migration.app_label, migration.name) for migration, _backwards in plan]


def _generated(seed):
    prefix = f"synthetic-{seed}-"
    return ResourcePage.objects.filter(locale=Locale.get_default(), identifier__startswith=prefix).count()


def _indexes_complete():
    """Both search indexes hold every resource page (aliases included)."""
    from django.contrib.contenttypes.models import ContentType

    from modelsearch.conf import get_app_config

    from search.models import SearchDocument

    pages = ResourcePage.objects.count()
    entries = get_app_config().get_model("IndexEntry").objects
    content_type = ContentType.objects.get_for_model(ResourcePage)
    public = ResourcePage.objects.live().public().count()
    return (
        entries.filter(content_type=content_type).count() == pages
        and SearchDocument.objects.filter(kind="resource").count() == public
    )


def _pause_search_publishing_receiver():
    """The public search re-indexes a page when `page_published` is sent, unless the sender says
    it indexed the page in bulk; generation with --no-index does not, and `update_index` indexes
    everything right after it anyway, so that receiver is paused for the generation."""
    from wagtail.signals import page_published

    page_published.disconnect(dispatch_uid="site_search_page_published")


def _resume_search_publishing_receiver():
    from wagtail.models import Page
    from wagtail.signals import page_published

    from search.signal_handlers import _page_published

    page_published.connect(_page_published, sender=Page, dispatch_uid="site_search_page_published")


def _ingest(count):
    """`count` real-shaped rows through `import_resources`, as an operator imports a file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ingest.csv"
        call_command("generate_library", str(count), "--seed", str(INGEST_SEED), "--csv", str(path), verbosity=0)
        started = time.monotonic()
        call_command("import_resources", str(path), verbosity=0)
        return time.monotonic() - started


def _analyse():
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def prepare_database(resources, marker_path):
    started = time.monotonic()
    marker = json.loads(marker_path.read_text(encoding="utf-8")) if marker_path.exists() else {}
    timings = dict(marker.get("timings", {}))
    built_from_empty = False
    changed = False
    pending = _pending()
    if pending:
        _step(f"migrate ({len(pending)} migrations)", call_command, "migrate", interactive=False, verbosity=0)
        changed = True
    from hub.models import ResourceType

    if not ResourceType.objects.exists():
        _step("load_seed_content", call_command, "load_seed_content", verbosity=0)
        changed = built_from_empty = True
    ingest = max(1, resources // INGEST_SHARE)
    generate = resources - ingest
    generated, ingested = _generated(SEED), _generated(INGEST_SEED)
    if generated > generate or ingested > ingest:
        raise Outgrown(
            f"The database holds {generated + ingested} generated resources, more than the {resources} asked for."
        )
    if generated < generate:
        _pause_search_publishing_receiver()
        _step(
            f"generate_library {generate} --seed {SEED} --no-index (has {generated})",
            call_command,
            "generate_library",
            str(generate),
            "--seed",
            str(SEED),
            "--no-index",
            verbosity=1,
        )
        _resume_search_publishing_receiver()
        changed = True
    if os.environ.get("BENCH_REINDEX") == "1" or not _indexes_complete():
        _result, elapsed = _step(
            "update_index --jobs 2 (both indexes, rebuilt)", call_command, "update_index", jobs=2, verbosity=1
        )
        timings["update_index_seconds"] = round(elapsed, 1)
        timings["update_index_resources"] = generated or generate
        changed = True
    else:
        # New code that builds documents differently, or pages changed behind the signals' back.
        _step("update_index --changed", call_command, "update_index", changed=True, verbosity=1)
    if ingested < ingest:
        seconds = _step(f"import_resources of {ingest - ingested} rows", _ingest, ingest - ingested)[0]
        timings["import_rate"] = round((ingest - ingested) / max(seconds, 1e-6), 1)
        timings["import_rows"] = ingest - ingested
        changed = True
    if changed or not marker.get("analysed"):
        _step("ANALYZE", _analyse)
    if built_from_empty:
        timings["prepare_seconds"] = round(time.monotonic() - started, 1)
        timings["prepared_on"] = datetime.date.today().isoformat()
    if changed or marker.get("resources") != resources or "mix" not in marker:
        marker = {"resources": resources, "vendor": connection.vendor, "analysed": True, "timings": timings}
        marker["mix"] = _step("choose the query mix", choose_mix)[0]
        marker_path.write_text(json.dumps(marker, indent=1, sort_keys=True), encoding="utf-8")
    else:
        say("  data already there: nothing to do")
