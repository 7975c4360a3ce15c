"""`update_index --jobs 2` on PostgreSQL: each backend rebuilt by a process of its own, over
committed data (a transactional test: the processes cannot see a test's open transaction)."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

import pytest
from modelsearch.conf import get_app_config

from library.models import ResourcePage
from search.models import SearchDocument
from tests.builders import build_tree
from tests.test_alias_document_cloning import update_index


@pytest.mark.skipif(
    not connection.settings_dict["ENGINE"].endswith("postgresql"),
    reason="--jobs runs processes on PostgreSQL only; on SQLite test_index_rebuild_costs.py covers the fallback",
)
# serialized_rollback: the closing flush then restores what migrations created (locales).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_jobs_rebuild_both_backends_in_processes_of_their_own_on_postgresql(home):
    tree = build_tree(home)
    SearchDocument.objects.all().delete()
    entry = get_app_config().get_model("IndexEntry")
    entry.objects.all().delete()
    output = update_index("--jobs", "2")
    assert "ignored" not in output
    # Each child wrote its own index; the parent saw both finish.
    assert SearchDocument.objects.filter(page_id=tree.resource.pk).exists()
    content_type = ContentType.objects.get_for_model(ResourcePage)
    assert entry.objects.filter(content_type=content_type, object_id=str(tree.resource.pk)).exists()
