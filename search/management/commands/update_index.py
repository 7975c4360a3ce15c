"""`manage.py update_index [--backend NAME] [--changed] [--jobs N]`: Wagtail's command, fit for a big library.

Wagtail's own `update_index` (modelsearch's rebuild command) reads every indexed model in
OFFSET chunks inside one transaction and indexes each object as it is. At 100,000 resources,
each in six locales, that is 600,000 pages, most of them locale aliases, and on SQLite the
transaction holds the write lock for the whole run. This command is the same rebuild with these
changes (the rest, rebuilders and indexes, is Wagtail's):

- chunks are read by primary key (keyset), with no transaction around the run, so an editor or
  an import can write meanwhile and the last chunk costs what the first did;
- the relations a model's search fields follow (taxonomy, authors, files, tags: modelsearch
  reads each once per text it builds, one query at a time) are read per chunk
  (`with_search_relations`);
- locale aliases are indexed from their sources: in the public search their documents are
  copied in SQL (search.indexing.index_aliases), in Wagtail's database index their entries too
  (library.importing.indexing.copy_entries); other backends (Elasticsearch) index them as pages;
- a progress bar per model (tqdm, on stderr; `-v 0` hides it);
- Wagtail's database index refreshes its title norms once, not after every chunk
  (search/backends/wagtail_database.py);
- a full rebuild starts with fresh planner statistics (`analyse_tables`), and `--jobs N`
  rebuilds up to N backends at once in processes of their own (PostgreSQL).

`--changed` (what `make run` uses at every start) indexes only what is missing or stale and does
nothing when the indexes are current: see search/freshness.py.
"""

import multiprocessing
import multiprocessing.connection

from django.core.management.base import CommandError
from django.db import connection, connections

from wagtail.models import Page

from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.index import get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import DEFAULT_CHUNK_SIZE, group_models_by_index
from modelsearch.management.commands.rebuild_modelsearch_index import Command as WagtailCommand
from tqdm import tqdm

from hub.seed.indexing import with_search_relations
from library.importing.indexing import copy_entries
from search import freshness
from search.backends.wagtail_database import title_norms_deferred

ALIAS_CHUNK = 5000  # alias ids per copy: no object is loaded for them
CHANGED_CHUNK = 10_000  # ids of missing or stale objects per query (SQLite's parameter limit)


def keyset_chunks(queryset, size):
    """Lists of at most `size` objects in primary-key order, each read by `pk > last`."""
    last = None
    queryset = queryset.order_by("pk")
    while True:
        chunk = list((queryset if last is None else queryset.filter(pk__gt=last))[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def analyse_tables():
    """Fresh planner statistics before a rebuild reads every page. Right after a bulk load
    (thousands of pages written a moment ago, before autovacuum's next pass) the chunk queries
    would otherwise be planned for the tables as they were."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def parallel_refused():
    """Why the backends cannot be rebuilt in parallel processes here, or None."""
    if connection.vendor != "postgresql":
        return f"{connection.vendor} has one writer at a time"
    if connection.in_atomic_block:
        return "the command runs inside a transaction, which other processes cannot see"
    return None


def index_name(index):
    return str(index) if type(index).__str__ is not object.__str__ else f"Wagtail's own index ({type(index).__name__})"


def entry_model(index):
    """Wagtail's database index entries (IndexEntry) when `index` stores them, else None."""
    entries = getattr(index, "entries", None)
    model = get_app_config().get_model("IndexEntry")
    return model if entries is not None and entries.model is model else None


class Command(WagtailCommand):
    help = (
        "Rebuild the search indexes (Wagtail's own and the public search's), or with --changed "
        "index only what is missing or stale."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--changed",
            action="store_true",
            help="Index only what is missing or stale (nothing when the indexes are current).",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            metavar="N",
            help="Rebuild up to N search backends at once, each in a process of its own "
            "(PostgreSQL only: SQLite has one writer at a time). Default 1.",
        )

    def handle(self, **options):
        self.verbosity = options["verbosity"]
        self.changed = options.get("changed", False)
        names = [options["backend_name"]] if options["backend_name"] else get_app_config().get_search_backend_config()
        schema_only, chunk_size = options.get("schema_only", False), options["chunk_size"]
        if options.get("jobs", 1) < 1:
            raise CommandError("--jobs must be at least 1.")
        if not self.changed and not schema_only:
            analyse_tables()
        jobs = min(options.get("jobs", 1), len(names))
        if jobs > 1:
            reason = parallel_refused()
            if reason is None:
                self.update_in_parallel(names, jobs, schema_only, chunk_size)
                return
            self.write(f"--jobs {jobs} ignored: {reason}; one backend after the other.")
        with title_norms_deferred():
            for name in names:
                self.update_backend(name, schema_only=schema_only, chunk_size=chunk_size)

    def update_in_parallel(self, names, jobs, schema_only, chunk_size):
        """Each backend in a forked process of its own, at most `jobs` at once.

        The backends' indexes are separate tables, so the processes never wait for each other's
        rows; on a 2-core machine two of them use both cores where one used about one. The
        parent's database connections are closed first: a child opens its own.
        """
        connections.close_all()
        context = multiprocessing.get_context("fork")
        waiting, running, failed = list(enumerate(names)), [], []
        while waiting or running:
            while waiting and len(running) < jobs:
                position, name = waiting.pop(0)
                process = context.Process(
                    target=self._update_in_child, args=(name, schema_only, chunk_size, position), name=name
                )
                process.start()
                running.append(process)
            finished = multiprocessing.connection.wait([process.sentinel for process in running])
            for process in [process for process in running if process.sentinel in finished]:
                process.join()
                running.remove(process)
                if process.exitcode:
                    failed.append(process.name)
        if failed:
            raise CommandError(f"Rebuilding {', '.join(failed)} failed (see above).")

    def _update_in_child(self, name, schema_only, chunk_size, position):
        self.bar_position = position
        try:
            with title_norms_deferred():
                self.update_backend(name, schema_only=schema_only, chunk_size=chunk_size)
        finally:
            self.stdout.flush()
            connections.close_all()

    def update_backend(self, backend_name, schema_only=False, chunk_size=DEFAULT_CHUNK_SIZE):
        backend = get_search_backend(backend_name)
        if not backend.rebuilder_class:
            self.write(f"Backend '{backend_name}' doesn't require rebuilding")
            return
        for index, models in group_models_by_index(backend, get_indexed_models()).items():
            if self.changed:
                plan = freshness.plan_for(index, models)
                if not isinstance(plan, str):
                    self.update_changed(backend_name, index, plan, chunk_size)
                    continue
                self.write(f"{backend_name}: {index_name(index)}: {plan}: rebuilding it")
            self.rebuild(backend_name, index, models, schema_only, chunk_size)

    def rebuild(self, backend_name, index, models, schema_only, chunk_size):
        self.write(f"{backend_name}: rebuilding {index_name(index)}")
        rebuilder = get_search_backend(backend_name).rebuilder_class(index)
        index = rebuilder.start()
        for model in models:
            index.add_model(model)
        count = 0
        if not schema_only:
            for model in freshness.indexed_models(index, models):
                count += self.index_model(backend_name, index, model, model.get_indexed_objects(), chunk_size)
        rebuilder.finish()
        freshness.record_rebuild(index)
        self.write(f"{backend_name}: indexed {count} objects")

    def update_changed(self, backend_name, index, plan, chunk_size):
        """Index the plan's objects (missing or stale) and drop what should no longer be there."""
        count = 0
        for model, ids in plan.to_index:
            if ids is None:
                count += self.index_model(backend_name, index, model, model.get_indexed_objects(), chunk_size)
                continue
            for start in range(0, len(ids), CHANGED_CHUNK):
                queryset = model.get_indexed_objects().filter(pk__in=ids[start : start + CHANGED_CHUNK])
                count += self.index_model(backend_name, index, model, queryset, chunk_size)
        removed = plan.remove()
        if count or removed:
            plan.finish()
        self.write(f"{backend_name}: {index_name(index)}: {count} objects indexed, {removed} removed (--changed)")

    def index_model(self, backend_name, index, model, queryset, chunk_size):
        """Index `queryset` (of `model`) into `index`, aliases from their sources where possible."""
        aliases = []
        entries = entry_model(index)
        if issubclass(model, Page) and (hasattr(index, "add_aliases") or entries is not None):
            # An alias of an alias is indexed as a page: its source may come after it.
            alias_rows = queryset.filter(alias_of__isnull=False, alias_of__alias_of__isnull=True)
            aliases = list(alias_rows.order_by("pk").values_list("alias_of_id", "pk"))
            queryset = queryset.exclude(pk__in=alias_rows.values("pk"))
        by_id = hasattr(index, "add_aliases")  # the public search reads each object again, by id
        queryset = queryset.select_related(None) if by_id else with_search_relations(queryset)
        total = queryset.count() + len(aliases)
        label = f"{backend_name}: {model._meta.app_label}.{model.__name__}"
        out = self.stderr._out
        # On a terminal the bar redraws every second; into a log, a line every 30 s is enough.
        interval = 1 if out.isatty() else 30
        with tqdm(
            total=total,
            desc=label,
            unit=" obj",
            disable=self.verbosity < 1,
            file=out,
            mininterval=interval,
            position=getattr(self, "bar_position", None),  # parallel backends: a line each
        ) as bar:
            for chunk in keyset_chunks(queryset.only("pk") if by_id else queryset, chunk_size):
                index.add_items(model, chunk)
                bar.update(len(chunk))
            for start in range(0, len(aliases), ALIAS_CHUNK):
                pairs = aliases[start : start + ALIAS_CHUNK]
                if hasattr(index, "add_aliases"):
                    index.add_aliases(model, [alias_id for _source, alias_id in pairs])
                else:
                    copy_entries(entries, model, pairs)
                bar.update(len(pairs))
        return total
