"""Writing search documents into the database engine's table (database.py): SQLite rows and
their FTS5 rows; PostgreSQL rows with their vectors and facet-key ids computed in the INSERT."""

from django.db import connection

from hub.bulk_sql import execute_bound
from search.models import SearchDocument
from search.params import FACETS
from search.text import pg_config, prepare

from .database_sql import FACET_KEYS, TABLE

INSERT_BATCH = 100  # documents per INSERT on PostgreSQL


def insert_with_fts5(documents):
    SearchDocument.objects.bulk_create([_row(document) for document in documents], batch_size=500)
    ids = dict(SearchDocument.objects.filter(key__in=[d.key for d in documents]).values_list("key", "id"))
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO site_search_fts (rowid, title, keywords, summary, body) VALUES (%s, %s, %s, %s, %s)",
            [
                (
                    ids[doc.key],
                    prepare(doc.title, doc.text_language),
                    prepare(_keywords(doc), doc.text_language),
                    prepare(doc.summary, doc.text_language),
                    prepare(doc.body, doc.text_language),
                )
                for doc in documents
            ],
        )


def insert_postgresql(documents):
    """Multi-row INSERTs with the vectors computed in place (no second write). Many rows per
    statement: the spelling vocabulary's statement-level trigger (migration 0008) then
    counts a batch's words once, not once per document."""
    columns = [field.column for field in SearchDocument._meta.concrete_fields if field.column != "id"]
    facet_columns = [f"f_{facet}" for facet in FACETS]
    rank = [("A", "t"), ("B", "k"), ("C", "s")]
    vectors = " || ".join(f"setweight(to_tsvector(%s::regconfig, %s), '{weight}')" for weight, _name in rank)
    body_vector = "setweight(to_tsvector(%s::regconfig, %s), 'D')"
    # The names of each row's parameters, in the order of the placeholders of `row_sql`.
    names = [*columns, "facet_array", *facet_columns]
    vector_names = [name for _weight, text in rank for name in ("c", text)]
    names += [*vector_names, *vector_names, "c", "b"]
    # Facet keys are stored as their ids in the vocabulary (migration 0009): added to it first,
    # then read back once per call and written as constants. (The SQL function
    # site_search_facet_key_ids, once per array of each row, cost as much as the rest of the row.)
    key_ids = ", ".join(["%s::integer[]"] * (1 + len(facet_columns)))
    placeholders = ", ".join(["%s"] * len(columns))
    row_sql = f"({placeholders}, {key_ids}, {vectors}, {vectors} || {body_vector})"
    head = (
        f"INSERT INTO {TABLE} ({', '.join(columns)}, facet_array, {', '.join(facet_columns)}, rank_vector, "
        "search_vector) VALUES "
    )
    rows, keys = [], set()
    for document in documents:
        row = _row(document)
        keys.update(row.facet_keys)
        params = {
            field.column: field.get_db_prep_save(getattr(row, field.attname), connection)
            for field in SearchDocument._meta.concrete_fields
            if field.column != "id"
        }
        params.update({f"f_{facet}": [f"{facet}:{v}" for v in document.facets.get(facet, ())] for facet in FACETS})
        params.update(
            facet_array=row.facet_keys,
            c=pg_config(document.text_language),
            t=prepare(document.title),
            k=prepare(_keywords(document)),
            s=prepare(document.summary),
            b=prepare(document.body),
        )
        keys.update(key for name in facet_columns for key in params[name])
        rows.append([params[name] for name in names])
    key_columns = [position for position, name in enumerate(names) if name == "facet_array" or name in facet_columns]
    with connection.cursor() as cursor:
        ids = _add_facet_keys(cursor, keys)
        for row in rows:
            for position in key_columns:
                row[position] = sorted({ids[key] for key in row[position]})
        for start in range(0, len(rows), INSERT_BATCH):
            batch = rows[start : start + INSERT_BATCH]
            execute_bound(
                connection, head + ", ".join([row_sql] * len(batch)), [value for row in batch for value in row]
            )


def _add_facet_keys(cursor, keys):
    """Give the facet keys not yet in the vocabulary their ids (PostgreSQL, migration 0009), and
    return {key: id} for all of `keys`.

    Only missing keys are inserted, so the identity is not spent on keys already known; a key
    another transaction adds meanwhile is skipped (ON CONFLICT) and read back with the rest."""
    if not keys:
        return {}
    keys = sorted(keys)
    cursor.execute(
        f"INSERT INTO {FACET_KEYS} (key) SELECT k FROM unnest(%s::text[]) k "
        f"WHERE NOT EXISTS (SELECT 1 FROM {FACET_KEYS} v WHERE v.key = k) ORDER BY k ON CONFLICT (key) DO NOTHING",
        [keys],
    )
    cursor.execute(f"SELECT key, id FROM {FACET_KEYS} WHERE key = ANY(%s::text[])", [keys])
    return dict(cursor.fetchall())


def _keywords(document):
    return document.keywords + " " + " ".join(document.symbols)


def _row(document):
    return SearchDocument(
        key=document.key,
        locale=document.locale,
        kind=document.kind,
        title=document.title,
        sort_title=document.sort_title,
        summary=document.summary,
        keywords=document.keywords,
        body=document.body,
        symbols=" ".join(document.symbols),
        url=document.url,
        date=document.date,
        year=document.year,
        resource_type=document.type,
        languages=" ".join(document.languages),
        facet_keys=sorted(f"{facet}:{value}" for facet, value in document.facet_pairs()),
        page_id=document.page_id,
        text_locale=document.text_language,
        published_at=document.published_at,
    )
