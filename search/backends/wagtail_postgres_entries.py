"""Writing Wagtail's own (admin) index entries on PostgreSQL without an expression tree per page.

modelsearch's `PostgresIndex.add_items` builds, for every object, three Django expression
trees (title, autocomplete and body, one `SearchVector` per text) and compiles each to SQL:
about 1.6 ms a resource page, more than writing the entry costs the database. It also walks
the object's search fields five times (title, autocomplete, body and their plain texts).

`add_items` here walks them once, with modelsearch's own `ObjectIndexer.prepare_field` (so
the texts and weights are modelsearch's), and writes the SQL those trees compile to,
`setweight(to_tsvector(config, text), weight)` joined with `||`, in modelsearch's own
INSERT … ON CONFLICT statement. `tsvector`'s `||` is associative, so a chain is the balanced
tree modelsearch nests. `tests/test_index_rebuild_costs.py` checks that the entries are
modelsearch's, column for column.
"""

from modelsearch.backends.database.postgres.postgres import IndexEntry, ObjectIndexer
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import get_content_type_pk

from hub.bulk_sql import execute_bound

WEIGHTS = frozenset("ABCD")
BATCH = 1000  # entries in one statement

_UPSERT = (
    f"INSERT INTO {IndexEntry._meta.db_table} "  # noqa: S608 - the model's own table name
    "(content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text) "
    "VALUES {rows} "
    "ON CONFLICT (content_type_id, object_id) "
    "DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0, autocomplete = EXCLUDED.autocomplete, "
    "body = EXCLUDED.body, title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text"
)


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
                rows.append(f"(%s, %s, {vectors[0]}, {vectors[1]}, {vectors[2]}, 1.0, %s, %s)")
            execute_bound(self.write_connection, _UPSERT.format(rows=", ".join(rows)), params)
        self._refresh_title_norms()
