"""Writing many rows of one table with one statement prepared once: the bulk paths' engine.

`QuerySet.bulk_create` compiles every batch anew and, on SQLite, sends at most 999 parameters a
statement (a few dozen pages); on PostgreSQL its multi-row VALUES lists cost the client about a
few microseconds a parameter. Here values are prepared by each field's own `get_db_prep_save` (what
the ORM does) and sent as:

- PostgreSQL: COPY, with primary keys drawn from the table's sequence first when the caller
  needs them (as a pg_dump restore writes them; the rows are those INSERT would make);
- SQLite: one prepared INSERT run by `executemany`, or multi-row INSERT … RETURNING when the new
  keys are needed (in row order, as Django's own bulk_create relies on);
- other databases: multi-row INSERT statements within their parameter limit.

Rows that a unique constraint may already hold (`insert_ignoring_conflicts`, the reference
index) go through a temporary table on PostgreSQL, since COPY has no conflict clause.
"""

import sqlite3

from django.db import connections, router

from hub.bulk_sql import execute_bound, values_cte

MAX_ROWS = 2000  # rows in one multi-row statement


def _max_params(connection):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        try:
            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except AttributeError:  # Python < 3.11
            return connection.features.max_query_params or 999
    return connection.features.max_query_params or 2000


class TableWriter:
    """Insert rows into `model`'s table, in the columns of `fields` (model fields, this order)."""

    def __init__(self, model, fields):
        self.model = model
        self.fields = list(fields)
        self.connection = connections[router.db_for_write(model)]
        self.quote = self.connection.ops.quote_name
        self.table = self.quote(model._meta.db_table)
        self.pk = model._meta.pk
        self.copy = self.connection.vendor == "postgresql"

    def values(self, obj):
        """The row of a model instance, prepared as the ORM prepares it for an INSERT."""
        connection = self.connection
        return tuple(field.get_db_prep_save(field.pre_save(obj, True), connection) for field in self.fields)

    def insert(self, rows):
        """Insert value tuples."""
        rows = list(rows)
        if not rows:
            return
        if self.copy:
            self._copy(self.fields, rows)
        elif self.connection.vendor == "sqlite":
            with self.connection.cursor() as cursor:
                cursor.executemany(self._insert_sql(self.fields, 1), rows)
        else:
            self._insert_batches(self.fields, rows)

    def insert_ignoring_conflicts(self, rows):
        """Insert value tuples, leaving out those a unique constraint already holds (as
        bulk_create(ignore_conflicts=True), without making a model instance per row).

        PostgreSQL: COPY into a temporary table, then one INSERT … SELECT … ON CONFLICT DO
        NOTHING (COPY has no conflict clause).
        """
        rows = list(rows)
        if not rows:
            return
        if self.copy:
            columns = ", ".join(self.quote(field.column) for field in self.fields)
            staging = self.quote(f"bulk_{self.model._meta.db_table}")
            with self.connection.cursor() as cursor:
                # Only quoted names of the model's table and columns are interpolated.
                cursor.execute(f"CREATE TEMPORARY TABLE {staging} AS SELECT {columns} FROM {self.table} WITH NO DATA")  # noqa: S608
                with cursor.cursor.copy(f"COPY {staging} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                cursor.execute(
                    f"INSERT INTO {self.table} ({columns}) SELECT {columns} FROM {staging} ON CONFLICT DO NOTHING"  # noqa: S608
                )
                cursor.execute(f"DROP TABLE {staging}")
        elif self.connection.vendor == "sqlite":
            with self.connection.cursor() as cursor:
                cursor.executemany(self._insert_sql(self.fields, 1, ignore_conflicts=True), rows)
        else:
            self._insert_batches(self.fields, rows, ignore_conflicts=True)

    def insert_objects(self, objects):
        self.insert(self.values(obj) for obj in objects)

    def insert_with_keys(self, rows):
        """Insert value tuples (without the primary key); answer the new keys in row order."""
        rows = list(rows)
        if not rows:
            return []
        if self.copy:
            keys = self._allocate_keys(len(rows))
            self._copy([self.pk, *self.fields], [(key, *row) for key, row in zip(keys, rows, strict=True)])
            return keys
        if not self.connection.features.can_return_rows_from_bulk_insert:
            raise NotImplementedError(f"{self.connection.vendor} cannot return keys from a multi-row INSERT")
        return [key for (key,) in self._insert_batches(self.fields, rows, returning=True)]

    def insert_objects_with_keys(self, objects):
        """Insert unsaved model instances and set their primary keys."""
        objects = list(objects)
        for obj, key in zip(objects, self.insert_with_keys(self.values(obj) for obj in objects), strict=True):
            obj.pk = key
            obj._state.adding = False
            obj._state.db = self.connection.alias
        return objects

    # ---------------------------------------------------------------------------------------------
    def _insert_sql(self, fields, count, returning=False, ignore_conflicts=False):
        columns = ", ".join(self.quote(field.column) for field in fields)
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        # Only the quoted names of the model's table and columns are interpolated.
        sql = f"INSERT INTO {self.table} ({columns}) VALUES {', '.join([row] * count)}"  # noqa: S608
        if ignore_conflicts:
            sql += " ON CONFLICT DO NOTHING"
        return sql + (f" RETURNING {self.quote(self.pk.column)}" if returning else "")

    def _insert_batches(self, fields, rows, returning=False, ignore_conflicts=False):
        batch_size = max(1, min(MAX_ROWS, _max_params(self.connection) // max(1, len(fields))))
        returned = []
        with self.connection.cursor() as cursor:
            for start in range(0, len(rows), batch_size):
                batch = rows[start : start + batch_size]
                cursor.execute(
                    self._insert_sql(fields, len(batch), returning, ignore_conflicts),
                    [value for row in batch for value in row],
                )
                if returning:
                    returned.extend(cursor.fetchall())
        return returned

    def _copy(self, fields, rows):
        columns = ", ".join(self.quote(field.column) for field in fields)
        with (
            self.connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def _allocate_keys(self, count):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [self.model._meta.db_table, self.pk.column, count],
            )
            return [key for (key,) in cursor.fetchall()]


def update_by_pk(model, objects, names):
    """Write the fields `names` of saved `objects` (one model).

    PostgreSQL: one UPDATE … FROM a table of the new values (hub.bulk_sql.values_cte), since
    `executemany` binds and sends each row on its own; elsewhere one UPDATE run for every row.
    """
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    rows = [
        (*(field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields), obj.pk)
        for obj in objects
    ]
    if not rows:
        return
    if connection.vendor == "postgresql":
        columns = [(f"c{position}", field.db_type(connection)) for position, field in enumerate(fields)]
        columns.append(("pk", model._meta.pk.db_type(connection)))
        values_sql, params = values_cte(connection, "v", columns, rows)
        assignments = ", ".join(f"{quote(field.column)} = v.c{position}" for position, field in enumerate(fields))
        # Only quoted table and column names of the model and their types are interpolated.
        sql = f"{values_sql}UPDATE {table} SET {assignments} FROM v WHERE {table}.{pk} = v.pk"  # noqa: S608
        execute_bound(connection, sql, params)
        return
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    # Only quoted table and column names of the model are interpolated; values are parameters.
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
