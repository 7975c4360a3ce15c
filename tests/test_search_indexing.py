"""The public search documents follow the site: publish, draft, unpublish, privacy, move, delete, rebuild."""

import io
import re

from django.core.management import call_command

from wagtail.models import Page

import pytest
from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_models

from partners.models import Organisation
from search import freshness
from search.models import SearchDocument

from .builders import restrict_to_participants

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared_rebuilt(shared_tree, django_db_blocker):
    # The factories save pages without publishing them, so their tags were written after the
    # index saw them (as for Wagtail's own index); a rebuild, as after an import, sets that right.
    with django_db_blocker.unblock():
        call_command("update_index", backend_name="site", verbosity=0)


@pytest.fixture
def tree(shared_rebuilt, tree):
    return tree


def document(page):
    return SearchDocument.objects.filter(key=f"page:{page.pk}").first()


def test_live_pages_are_indexed_with_their_facets(tree):
    doc = document(tree.resource)
    assert doc is not None
    assert doc.kind == "resource" and doc.locale == "en"
    assert doc.url == "/en/library/nap-guidance/"
    assert {"kind:resource", "type:guidance", "area:asgm", "country:KEN", "year:2019"} <= set(doc.facet_keys)
    # A page about Kenya is also about Kenya's UN region.
    assert "region:africa" in doc.facet_keys
    assert document(tree.decision).symbols == "MC-5/1"
    assert {"country:KEN", "kind:country", "region:africa"} <= set(document(tree.party).facet_keys)
    assert document(tree.home) is None, "the home page has no search kind"


def test_private_pages_never_reach_the_index(tree):
    assert document(tree.participants) is None


def test_a_draft_does_not_change_the_public_document(tree):
    page = tree.topic
    page.title = "Unpublished working title"
    page.save_revision()
    assert document(page).title == "Mercury in fish"
    page.get_latest_revision().publish()
    assert document(page).title == "Unpublished working title"


def test_unpublish_and_delete_remove_the_document(tree):
    tree.news.unpublish()
    assert document(tree.news) is None
    resource_id = tree.resource.pk
    tree.resource.delete()
    assert not SearchDocument.objects.filter(key=f"page:{resource_id}").exists()


def test_privacy_on_a_subtree_removes_and_restores_it(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        restriction = restrict_to_participants(tree.meeting)
    assert document(tree.meeting) is None
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert document(tree.meeting) is not None


def test_a_move_updates_the_urls_below(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tree.topic.move(tree.standard, pos="last-child")
    assert document(tree.topic).url == "/en/about/mercury-in-fish/"


def test_partners_are_searchable_in_every_locale(tree):
    organisation = Organisation.objects.create(name="Zero Mercury Working Group", slug="zmwg", acronym="ZMWG")
    docs = SearchDocument.objects.filter(key__startswith=f"partner:{organisation.pk}:")
    assert sorted(docs.values_list("locale", flat=True)) == sorted(["en", "fr", "es", "ar", "zh-hans", "ru"])
    assert docs.get(locale="fr").url == "/fr/partners/zmwg/"  # its profile in the directory
    organisation.delete()
    assert not SearchDocument.objects.filter(key__startswith=f"partner:{organisation.pk}:").exists()


def test_update_index_rebuilds_the_same_documents_with_progress(tree):
    before = sorted(SearchDocument.objects.values_list("key", "title", "url", "facet_keys"))
    SearchDocument.objects.all().delete()
    out, err = io.StringIO(), io.StringIO()
    call_command("update_index", stdout=out, stderr=err)
    after = sorted(SearchDocument.objects.values_list("key", "title", "url", "facet_keys"))
    assert after == before
    lines = out.getvalue().splitlines()
    assert "site: rebuilding public search documents" in lines
    # A progress bar per model the public search holds (searched page types and partners), on
    # stderr; the tree's three resources are one chunk.
    bars = err.getvalue().replace("\r", "\n")
    assert re.search(r"site: library\.ResourcePage: 100%.* 3/3 ", bars)
    searched = freshness.indexed_models(get_search_backend("site").get_index_for_model(Page), get_indexed_models())
    assert {f"{model._meta.app_label}.{model.__name__}" for model in searched} == set(
        re.findall(r"site: (\w+\.\w+): ", bars)
    )
    expected = sum(model.get_indexed_objects().count() for model in searched)
    assert f"site: indexed {expected} objects" in lines
