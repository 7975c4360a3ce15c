"""Long statements of the bulk paths: a table of values inside one statement (for their
INSERT … SELECT copies), and statements whose values the server binds.

`VALUES (%s, %s), (%s, %s), …` with thousands of rows costs PostgreSQL's client more than the
statement costs the server: psycopg binds parameters on the client (Django's default), and
parses a statement this long anew each time, placeholder by placeholder. On PostgreSQL the
same table is therefore sent as one array per column and unnested by the server
(`unnest(%s::integer[], %s::text[])`); SQLite binds its parameters itself and keeps VALUES.
"""

import time


def values_cte(connection, name, columns, rows):
    """(`WITH name(columns…) AS (…) `, its parameters) for `rows`, tuples in the order of
    `columns`: [(column name, PostgreSQL type)]."""
    names = ", ".join(column for column, _type in columns)
    rows = list(rows)
    if connection.vendor == "postgresql":
        # Only the caller's own column names and type names are interpolated; values are parameters.
        arrays = ", ".join(f"%s::{pg_type}[]" for _column, pg_type in columns)
        params = [list(values) for values in zip(*rows, strict=True)] if rows else [[] for _column in columns]
        return f"WITH {name}({names}) AS (SELECT * FROM unnest({arrays})) ", params  # noqa: S608
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    return f"WITH {name}({names}) AS (VALUES {', '.join([row] * len(rows))}) ", [v for values in rows for v in values]


def execute_bound(connection, sql, params, fetch=False):
    """Execute one long statement (`%s` placeholders) with its parameters bound by the server.

    Django binds on the client with psycopg: it parses the statement placeholder by placeholder
    and writes every value into it as a literal, which for a multi-row INSERT of thousands of
    values costs more than the INSERT itself. On PostgreSQL the placeholders become `$1, $2 …`
    and psycopg's RawCursor sends the values beside the statement, in the caller's transaction;
    other databases run it through Django's own cursor. `fetch`: answer the rows it returns.
    The statement is logged where Django logs its own (DEBUG, tests counting queries).
    """
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if fetch else None
    from psycopg import RawCursor

    parts = sql.split("%s")
    if any("%" in part for part in parts):
        raise ValueError("execute_bound takes %s placeholders only (no other % in the statement)")
    numbered = "".join(f"{part}${number}" for number, part in enumerate(parts[:-1], start=1)) + parts[-1]
    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    started = time.monotonic()
    # Errors come out as Django's (IntegrityError, DatabaseError…), as from any ORM statement.
    with connection.wrap_database_errors, RawCursor(connection.connection) as cursor:
        cursor.execute(numbered, params)
        rows = cursor.fetchall() if fetch else None
    if connection.queries_logged:  # as Django's own cursor logs it (DEBUG, CaptureQueriesContext)
        connection.queries_log.append({"sql": numbered, "time": f"{time.monotonic() - started:.3f}"})
    return rows
