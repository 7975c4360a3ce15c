"""A table of values inside one statement, for the bulk paths' INSERT … SELECT copies.

`VALUES (%s, %s), (%s, %s), …` with thousands of rows costs PostgreSQL's client more than the
statement costs the server: psycopg binds parameters on the client (Django's default), and
parses a statement this long anew each time, placeholder by placeholder. On PostgreSQL the
same table is therefore sent as one array per column and unnested by the server
(`unnest(%s::integer[], %s::text[])`); SQLite binds its parameters itself and keeps VALUES.
"""


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
