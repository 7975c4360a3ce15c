"""`update_index` rebuilds the public search documents in place (search/backends/wagtail_bridge.py).

The live tests watch this from outside; here the steps are taken one by one: after the rebuild
starts nothing has gone, a chunk replaces only its own documents, and the end of the rebuild
removes what no longer belongs (a page unpublished behind the signals' back) while keeping what
it did not write itself but is live (as a page published while the rebuild ran).
"""

from django.core.management import call_command

from wagtail.models import Page

import pytest
from modelsearch.backends import get_search_backend

from library.models import ResourcePage
from search.models import SearchDocument

pytestmark = pytest.mark.django_db


def keys():
    return set(SearchDocument.objects.values_list("key", flat=True))


def test_a_rebuild_never_empties_the_index_and_ends_with_what_belongs(tree):
    call_command("update_index", backend_name="site", verbosity=0)
    before = keys()
    assert {f"page:{tree.resource.pk}", f"page:{tree.news.pk}", f"page:{tree.topic.pk}"} <= before
    backend = get_search_backend("site")
    index = backend.get_index_for_model(ResourcePage)
    rebuilder = backend.rebuilder_class(index)

    index = rebuilder.start()
    assert keys() == before, "a visitor searching now would miss documents"

    # Unpublished without signals (a raw update): only the rebuild can notice.
    Page.objects.filter(pk=tree.news.pk).update(live=False)
    index.add_items(ResourcePage, [tree.resource])
    assert keys() == before

    rebuilder.finish()
    assert keys() == before - {f"page:{tree.news.pk}"}
    # The topic was not in any chunk written here, but is live and public: it stays.
    assert f"page:{tree.topic.pk}" in keys()


def test_a_document_of_a_deleted_page_goes_at_the_end_of_a_rebuild(tree):
    call_command("update_index", backend_name="site", verbosity=0)
    news_key = f"page:{tree.news.pk}"
    # Deleted without Wagtail's signals (as a restore from an older backup would leave it).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("search.indexing.remove_object", lambda obj: None)
        tree.news.delete()
    assert news_key in keys()
    call_command("update_index", backend_name="site", verbosity=0)
    assert news_key not in keys()
