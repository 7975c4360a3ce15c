"""`manage.py update_index [--backend NAME] [--changed]`: Wagtail's command, fit for a big library.

Wagtail's own `update_index` (modelsearch's rebuild command) reads every indexed model in
OFFSET chunks inside one transaction and indexes each object as it is. At 100,000 resources,
each in six locales, that is 600,000 pages, most of them locale aliases, and on SQLite the
transaction holds the write lock for the whole run. This command is the same rebuild with four
changes (the rest, rebuilders and indexes, is Wagtail's):

- chunks are read by primary key (keyset), with no transaction around the run, so an editor or
  an import can write meanwhile and the last chunk costs what the first did;
- a page's many-to-many taxonomy fields (modelcluster's ParentalManyToManyField, which
  modelsearch does not prefetch) are prefetched per chunk (`with_search_relations`);
- locale aliases are indexed from their sources: in the public search their documents are
  copied in SQL (search.indexing.index_aliases), in Wagtail's database index their entries too
  (library.importing.indexing.copy_entries); other backends (Elasticsearch) index them as pages;
- a progress bar per model (tqdm, on stderr; `-v 0` hides it).

`--changed` (what `make run` uses at every start) indexes only what is missing or stale and does
nothing when the indexes are current: see search/freshness.py.
"""

from modelcluster.fields import ParentalManyToManyField
from wagtail.models import Page

from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.index import RelatedFields, get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import DEFAULT_CHUNK_SIZE, group_models_by_index
from modelsearch.management.commands.rebuild_modelsearch_index import Command as WagtailCommand
from tqdm import tqdm

from library.importing.indexing import copy_entries
from search import freshness

ALIAS_CHUNK = 5000  # alias ids per copy: no object is loaded for them
CHANGED_CHUNK = 10_000  # ids of missing or stale objects per query (SQLite's parameter limit)


def with_search_relations(queryset):
    """`queryset` with the many-to-many fields its search fields follow prefetched."""
    model = queryset.model
    names = []
    for search_field in model.get_search_fields():
        if not isinstance(search_field, RelatedFields):
            continue
        fields = {field.name: field for field in model._meta.get_fields()}  # a method or property has none
        if isinstance(fields.get(search_field.field_name), ParentalManyToManyField):
            names.append(search_field.field_name)
    return queryset.prefetch_related(*names) if names else queryset


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

    def handle(self, **options):
        self.verbosity = options["verbosity"]
        self.changed = options.get("changed", False)
        names = [options["backend_name"]] if options["backend_name"] else get_app_config().get_search_backend_config()
        for name in names:
            self.update_backend(name, schema_only=options.get("schema_only", False), chunk_size=options["chunk_size"])

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
            total=total, desc=label, unit=" obj", disable=self.verbosity < 1, file=out, mininterval=interval
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
