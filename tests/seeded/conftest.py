"""The real seed content, loaded once for every module in this package and rolled back after it.

Loading the seed takes about a minute (50 s on SQLite, 90 s on PostgreSQL, on an idle machine),
so the modules that need it share one load: each test then runs in its own savepoint, and the
rest of the suite still starts from an empty site.
"""

import io
from types import SimpleNamespace

from django.core.management import call_command
from django.db import transaction

import pytest

from ..builders import clear_caches


@pytest.fixture(scope="package")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            output = io.StringIO()
            call_command("load_seed_content", stdout=output)
            yield SimpleNamespace(output=output.getvalue())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            clear_caches()
