"""Writing Wagtail's own (admin) index entries on PostgreSQL without an expression tree per page.

modelsearch's `PostgresIndex.add_items` builds, for every object, three Django expression
trees (title, autocomplete and body, one `SearchVector` per text) and compiles each to SQL:
about 1.6 ms a resource page, more than writing the entry costs the database. It also walks
the object's search fields five times (title, autocomplete, body and their plain texts).

`add_items` here walks them once, with modelsearch's own `ObjectIndexer.prepare_field` (so
the texts and weights are modelsearch's), and writes the SQL those trees compile to,
`setweight(to_tsvector(config, text), weight)` joined with `||`, in an INSERT … ON CONFLICT
statement that updates what modelsearch's updates. `tsvector`'s `||` is associative, so a chain is the balanced
tree modelsearch nests. `tests/test_index_rebuild_costs.py` checks that the entries are
modelsearch's, column for column.

The title norm (the average title length over every entry / this title's length) is written
with the entry. modelsearch writes 1.0 and refreshes after every `add_items` call: an average
over the whole table, then an UPDATE that scans it for the 1.0s. At 100,000 resources that is
0.65 s, paid once for a page published in the admin and again for each of its locale aliases
(5.6 s for one publish). Here the average is read at most once an hour (cached) and the norm
computed in the INSERT; a rebuild's full refresh still rewrites every norm, and the cached
average is forgotten with it.
"""

from django.core.cache import cache
from django.db.models import Avg
from django.db.models.functions import Length

from modelsearch.backends.database.postgres.postgres import IndexEntry, ObjectIndexer
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import get_content_type_pk

from hub.bulk_sql import execute_bound

WEIGHTS = frozenset("ABCD")
BATCH = 1000  # entries in one statement

# The title norm (modelsearch: the average title length over every entry / this title's length,
# in lexemes) is written with the entry, from the cached average (`_title_length_average`).
_UPSERT = (
    f"INSERT INTO {IndexEntry._meta.db_table} "  # noqa: S608 - the model's own table name
    "(content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text) "
    "SELECT v.content_type_id, v.object_id, v.title, v.autocomplete, v.body, "
    "COALESCE(CAST(%s AS double precision) / NULLIF(length(v.title), 0), 1.0), v.title_text, v.body_text "
    "FROM (VALUES {rows}) AS v (content_type_id, object_id, title, autocomplete, body, title_text, body_text) "
    "ON CONFLICT (content_type_id, object_id) "
    "DO UPDATE SET title = EXCLUDED.title, title_norm = EXCLUDED.title_norm, autocomplete = EXCLUDED.autocomplete, "
    "body = EXCLUDED.body, title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text"
)
AVERAGE_SECONDS = 3600  # how long the average title length is reused before it is read again


def _average_key(index):
    settings = index.write_connection.settings_dict
    return f"wagtail-search:title-length-average:{settings.get('HOST')}:{settings.get('PORT')}:{settings['NAME']}"


def _title_length_average(index):
    """modelsearch's average title length (lexemes, over the entries with a title), read once an
    hour: over hundreds of thousands of entries a new one hardly moves it, and reading it is a scan
    of the whole table. None while no entry has a title."""
    key = _average_key(index)
    average = cache.get(key)
    if average is None:
        average = (
            index.entries.annotate(title_length=Length("title"))
            .filter(title_length__gt=0)
            .aggregate(Avg("title_length"))["title_length__avg"]
        )
        if average is not None:
            cache.set(key, average, AVERAGE_SECONDS)
    return average


def _vector(texts, config, params):
    """SQL for the vector of (text, weight) pairs, as ObjectIndexer.as_vector builds it."""
    texts = [(text.strip(), weight) for text, weight in texts]
    texts = [(text, weight) for text, weight in texts if text]
    if not texts:
        return "to_tsvector('')"
    parts = []
    for text, weight in texts:
        if weight not in WEIGHTS:
            raise ValueError(f"Unexpected search weight {weight!r}")
        if config is None:
            parts.append(f"setweight(to_tsvector(%s), '{weight}')")
            params.append(text)
        else:
            parts.append(f"setweight(to_tsvector(%s::regconfig, %s), '{weight}')")
            params.extend((config, text))
    return " || ".join(parts)


class QuickPostgresEntries:
    """Mixin for modelsearch's PostgresIndex (see the module docstring)."""

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        objs = list(objs)
        if not objs:
            return
        content_type_pk = get_content_type_pk(model)
        average = _title_length_average(self)
        config, autocomplete_config = self.backend.config, self.backend.autocomplete_config
        for start in range(0, len(objs), BATCH):
            rows, params = [], []
            for obj in objs[start : start + BATCH]:
                indexer = ObjectIndexer(obj, self.backend)
                title, autocomplete, body = [], [], []
                for field in indexer.search_fields:
                    for current, weight, value in indexer.prepare_field(obj, field):
                        if isinstance(current, SearchField):
                            (title if current.field_name == "title" else body).append((value, weight))
                        elif isinstance(current, AutocompleteField):
                            autocomplete.append((value, weight))
                params.extend((content_type_pk, indexer.id))
                vectors = [
                    _vector(title, config, params),
                    _vector(autocomplete, autocomplete_config, params),
                    _vector(body, config, params),
                ]
                params.append(" ".join(text.strip() for text, _weight in title if text.strip()))
                params.append(" ".join(text.strip() for text, _weight in body if text.strip()))
                rows.append(f"(%s, %s, {vectors[0]}, {vectors[1]}, {vectors[2]}, %s, %s)")
            execute_bound(self.write_connection, _UPSERT.format(rows=", ".join(rows)), [average, *params])
        if average is None:
            self._refresh_title_norms()  # the first titles: modelsearch's refresh, over what is there now

    def _refresh_title_norms(self, full=False):
        super()._refresh_title_norms(full=full)
        if full:  # a rebuild's final refresh: the next entries use the new average
            cache.delete(_average_key(self))
