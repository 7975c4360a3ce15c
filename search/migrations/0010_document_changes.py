"""What tells a process that its facet postings are out of date
(search/backends/database_facet_index.py).

A process keeps, per locale, the facet keys' postings read from `site_search_searchdocument`,
stamped when it read them. Before a search uses them it asks the database whether any document
was written since. Triggers record every write, whatever makes it (the Python indexer, the SQL
copies of locale aliases, a DELETE typed by hand):

- PostgreSQL: `site_search_document_change`, one row per statement writing documents, with the
  writing transaction's id. A statement-level trigger only inserts (a fresh id each time), so
  concurrent writers never wait for each other here. A stamp is the snapshot the postings were
  read after and the last change id it saw; postings are stale when a change is not visible in
  that snapshot (committed since, or in progress then) or came after it (the same transaction
  writing again). Rows older than a day are pruned by the reader.
- SQLite: one counter row that row triggers increase (SQLite has one writer at a time).
"""

from django.db import migrations

TABLE = "site_search_searchdocument"

PG_CREATE = [
    """
    CREATE TABLE site_search_document_change (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        at timestamptz NOT NULL DEFAULT now()
    )
    """,
    "CREATE INDEX site_search_document_change_xid ON site_search_document_change (xid)",
    """
    CREATE FUNCTION site_search_note_document_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO site_search_document_change DEFAULT VALUES;
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE TRIGGER site_search_document_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION site_search_note_document_change()
    """,
]
PG_DROP = [
    f"DROP TRIGGER site_search_document_changed ON {TABLE}",
    "DROP FUNCTION site_search_note_document_change()",
    "DROP TABLE site_search_document_change",
]

SQLITE_CREATE = [
    "CREATE TABLE site_search_document_change (id INTEGER PRIMARY KEY CHECK (id = 1), changes INTEGER NOT NULL)",
    "INSERT INTO site_search_document_change (id, changes) VALUES (1, 0)",
    *(
        f"""
        CREATE TRIGGER site_search_document_{event.lower()}_counted AFTER {event} ON {TABLE}
        BEGIN UPDATE site_search_document_change SET changes = changes + 1; END
        """
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
]
SQLITE_DROP = [
    *(f"DROP TRIGGER site_search_document_{event}_counted" for event in ("insert", "update", "delete")),
    "DROP TABLE site_search_document_change",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("site_search", "0009_integer_facet_keys")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_CREATE, "sqlite": SQLITE_CREATE}),
            _run({"postgresql": PG_DROP, "sqlite": SQLITE_DROP}),
        )
    ]
