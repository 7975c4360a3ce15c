"""Bringing a benchmark database to N generated resources, indexed and analysed (child process).

Every step is skipped when its result is already there, so a second `make bench` starts
measuring at once: migrations (always checked, rarely applied), the seed (real vocabularies),
`generate_library N --seed 1` (idempotent: it only adds what is missing), the search indexes
(counted; the public documents are also rebuilt when the code that builds them changed),
planner statistics. The query mix is chosen from the data once and kept in a small
JSON marker beside the SQLite files (benchmarks/.data/), so every later run measures the same
queries.
"""

import hashlib
import json
import os
import time
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wagtail.models import Locale

from modelsearch.conf import get_app_config

from library.models import ResourcePage

from .mix import choose_mix
from .output import say

SEED = 1
ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS_CODE = ("search/documents.py", "search/indexing.py")


class Outgrown(Exception):
    """The database holds more generated resources than asked for: it must be rebuilt."""


def _step(name, function, *args, **kwargs):
    say(f"  {name}…")
    started = time.monotonic()
    result = function(*args, **kwargs)
    say(f"  {name}: {time.monotonic() - started:.0f} s")
    return result


def _pending():
    """The migrations not applied yet, as (app label, name)."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [(migration.app_label, migration.name) for migration, _backwards in plan]


def _generated():
    return ResourcePage.objects.filter(locale=Locale.get_default(), identifier__startswith=f"synthetic-{SEED}-").count()


def _search_backends():
    """Configured search backends: Wagtail's own ("default", the admin's and modelsearch's) and any
    others (the public search's bridge)."""
    names = list(get_app_config().get_search_backend_config())
    return [name for name in names if name == "default"], [name for name in names if name != "default"]


def _site_index_complete():
    """The public search documents of the default locale's resources are all there."""
    try:
        from search.models import SearchDocument
    except ImportError:  # the search app has no document index
        return True
    locale = Locale.get_default()
    resources = ResourcePage.objects.live().public().filter(locale=locale).count()
    return SearchDocument.objects.filter(locale=locale.language_code, kind="resource").count() == resources


def _documents_code():
    """A fingerprint of the code that builds the public search documents: when it changes, the
    documents are rebuilt (their count alone would not show a change in their content)."""
    digest = hashlib.sha256()
    for name in DOCUMENTS_CODE:
        path = ROOT / name
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


def _default_index_complete():
    from django.contrib.contenttypes.models import ContentType

    entries = get_app_config().get_model("IndexEntry").objects
    content_type = ContentType.objects.get_for_model(ResourcePage)
    return entries.filter(content_type=content_type).count() == ResourcePage.objects.count()


def _pause_search_publishing_receiver():
    """The public search re-indexes a page when `page_published` is sent, one page at a time;
    the import sends it for every new resource (with `indexed_in_bulk=True`). The documents are
    rebuilt by `update_index` right after the generation anyway, so that receiver is paused for
    it in this process. (Harmless once the receiver honours `indexed_in_bulk`.)"""
    from wagtail.signals import page_published

    page_published.disconnect(dispatch_uid="site_search_page_published")


def _analyse():
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def prepare_database(resources, marker_path):
    marker = json.loads(marker_path.read_text(encoding="utf-8")) if marker_path.exists() else {}
    changed = False
    pending = _pending()
    if pending:
        _step(f"migrate ({len(pending)} migrations)", call_command, "migrate", interactive=False, verbosity=0)
        changed = True
    pending = {app for app, _name in pending}
    from hub.models import ResourceType

    if not ResourceType.objects.exists():
        _step("load_seed_content", call_command, "load_seed_content", verbosity=0)
        changed = True
    generated = _generated()
    if generated > resources:
        raise Outgrown(f"The database holds {generated} generated resources, more than the {resources} asked for.")
    wagtail, others = _search_backends()
    if generated < resources:
        # Wagtail's own index is written from the pages in memory, as they are generated; the
        # public search documents (search/) are built by `update_index` afterwards, as after
        # any bulk load.
        options = ["--index-backend", wagtail[0]] if wagtail and others else []
        _pause_search_publishing_receiver()
        _step(
            f"generate_library {resources} --seed {SEED} (has {generated})",
            call_command,
            "generate_library",
            str(resources),
            "--seed",
            str(SEED),
            *options,
            verbosity=1,
        )
        changed = True
    if wagtail and not _default_index_complete():
        _step("update_index --backend default", call_command, "update_index", backend_name=wagtail[0], verbosity=0)
        changed = True
    stale = marker.get("documents_code") != _documents_code()
    if "site_search" in pending or stale or os.environ.get("BENCH_REINDEX") == "1" or not _site_index_complete():
        for name in others:
            _step(f"update_index --backend {name}", call_command, "update_index", backend_name=name, verbosity=0)
        changed = True
    if changed or not marker.get("analysed"):
        _step("ANALYZE", _analyse)
    if changed or marker.get("resources") != resources or "mix" not in marker:
        marker = {
            "resources": resources,
            "vendor": connection.vendor,
            "analysed": True,
            "documents_code": _documents_code(),
        }
        marker["mix"] = _step("choose the query mix", choose_mix)
        marker_path.write_text(json.dumps(marker, indent=1, sort_keys=True), encoding="utf-8")
    else:
        say("  data already there: nothing to do")
