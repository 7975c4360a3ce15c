"""hub.bulk_sql.execute_bound: server-side binding on PostgreSQL, Django's cursor elsewhere; the
same answers, Django's own exceptions, and the statement logged where Django logs its own."""

from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale

import pytest

from hub.bulk_sql import execute_bound, values_cte

TABLE = Locale._meta.db_table


@pytest.mark.django_db
def test_rows_come_back_in_order_with_odd_text_and_the_statement_is_logged():
    rows = [(1, "100% O'Brien \\ mercury"), (2, "زئبق"), (3, "")]
    table, params = values_cte(connection, "v", [("n", "integer"), ("t", "text")], rows)
    with CaptureQueriesContext(connection) as queries:
        found = execute_bound(connection, f"{table}SELECT n, t FROM v ORDER BY n", params, fetch=True)  # noqa: S608
    assert [tuple(row) for row in found] == rows
    assert len(queries.captured_queries) == 1 and "FROM v ORDER BY n" in queries.captured_queries[0]["sql"]


@pytest.mark.django_db
def test_a_broken_constraint_raises_djangos_integrity_error_and_the_transaction_goes_on():
    Locale.objects.get_or_create(language_code="fr")
    with pytest.raises(IntegrityError), transaction.atomic():
        execute_bound(connection, f"INSERT INTO {TABLE} (language_code) VALUES (%s)", ["fr"])  # noqa: S608
    assert Locale.objects.filter(language_code="fr").count() == 1


def test_a_stray_percent_sign_is_refused_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs the statement through Django's cursor, which has its own % rules")
    with pytest.raises(ValueError, match="placeholders only"):
        execute_bound(connection, "SELECT 1 WHERE 'a' LIKE 'a%' AND 1 = %s", [1])
