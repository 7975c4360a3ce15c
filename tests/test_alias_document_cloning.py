"""Locale aliases' search documents copied in SQL equal the ones built in Python, and
`update_index` (ours: keyset chunks, aliases from their sources, `--changed`) keeps both indexes right."""

import io

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

import pytest
from modelsearch.conf import get_app_config

from library.models import ResourcePage
from search.backends import get_engine
from search.indexing import index_aliases, index_pages
from search.models import SearchDocument, SearchIndexState
from search.params import SearchParams
from tests.test_generate_library import french, generate, vocabularies  # noqa: F401 - fixtures used below

TABLE = SearchDocument._meta.db_table


def stored_rows(page_ids):
    """Every column of the documents of `page_ids` as the database holds them (PostgreSQL's
    vectors and facet columns too), and on SQLite each one's FTS5 row, by page id; the row's own
    id left out (it is the only thing a copy may not share)."""
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(page_ids))
        cursor.execute(f"SELECT * FROM {TABLE} WHERE page_id IN ({marks})", list(page_ids))  # noqa: S608
        names = [column[0] for column in cursor.description]
        rows = {}
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT title, keywords, summary, body FROM site_search_fts WHERE rowid = %s", [row["id"]]
                )
                row["fts"] = cursor.fetchone()
            row.pop("id")
            rows[row["page_id"]] = {name: str(value) for name, value in row.items()}
    return rows


def alias_pairs(french_locale):
    return list(
        ResourcePage.objects.filter(locale=french_locale, alias_of__isnull=False).values_list("alias_of_id", "pk")
    )


@pytest.mark.django_db
def test_a_cloned_alias_document_equals_the_one_built_for_it(french):  # noqa: F811
    generate(8, "--seed", 3, "--no-index")
    pairs = alias_pairs(french)
    assert len(pairs) == 8
    sources, aliases = [source for source, _alias in pairs], [alias for _source, alias in pairs]
    index_pages(ResourcePage, sources)
    index_pages(ResourcePage, aliases)  # built in Python, as any page
    built = stored_rows(aliases)
    assert len(built) == 8 and all(row["locale"] == "fr" and row["text_locale"] == "en" for row in built.values())
    assert index_aliases(ResourcePage, aliases) == 8  # copied from the sources' rows
    cloned = stored_rows(aliases)
    assert cloned == built
    # The copy is a document of its own: found in French, by its own key, and the sources' stay.
    answer = get_engine().search(SearchParams(locale="fr", q=ResourcePage.objects.get(pk=sources[0]).title))
    assert f"page:{aliases[0]}" in [hit.key for hit in answer.hits]
    assert len(stored_rows(sources)) == 8


@pytest.mark.django_db
def test_an_alias_whose_source_has_no_document_is_built_and_a_private_one_left_out(french):  # noqa: F811
    generate(3, "--seed", 4, "--no-index")
    (source, alias), (_source2, alias2), (source3, alias3) = alias_pairs(french)
    index_pages(ResourcePage, [source])
    ResourcePage.objects.filter(pk=source3).update(live=False)
    ResourcePage.objects.filter(pk=alias3).update(live=False)
    assert index_aliases(ResourcePage, [alias, alias2, alias3]) == 2
    french_resources = SearchDocument.objects.filter(locale="fr", kind="resource")
    assert set(french_resources.values_list("page_id", flat=True)) == {alias, alias2}


def entries_of(pages):
    entry = get_app_config().get_model("IndexEntry")
    content_type = ContentType.objects.get_for_model(ResourcePage)
    return dict(
        entry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in pages]).values_list(
            "object_id", "title"
        )
    )


def update_index(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("update_index", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.mark.django_db
def test_update_index_rebuilds_both_indexes_with_aliases_from_their_sources(french):  # noqa: F811
    generate(6, "--seed", 5, "--no-index")
    pairs = alias_pairs(french)
    output = update_index()
    assert "library.ResourcePage" in output and "12/12" in output  # the progress bar: 6 sources, 6 aliases
    aliases = [alias for _source, alias in pairs]
    titles = entries_of([source for source, _alias in pairs] + aliases)
    assert len(titles) == 12  # Wagtail's own index holds the aliases too, copied from their sources
    for source, alias in pairs:
        assert titles[str(alias)] == titles[str(source)]
    cloned = stored_rows(aliases)
    SearchDocument.objects.filter(page_id__in=aliases).delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM site_search_fts WHERE rowid NOT IN (SELECT id FROM site_search_searchdocument)")
    index_pages(ResourcePage, aliases)
    assert stored_rows(aliases) == cloned
    assert SearchIndexState.objects.filter(name="site-search-documents").exists()


@pytest.mark.django_db
def test_update_index_changed_does_nothing_when_current_and_only_what_changed_otherwise(french):  # noqa: F811
    generate(4, "--seed", 6, "--no-index")
    update_index("-v", "0")
    assert "0 objects indexed, 0 removed" in update_index("--changed", "--backend", "site")
    assert "0 objects indexed, 0 removed" in update_index("--changed", "--backend", "default")
    (source, alias), (source2, alias2), (source3, _alias3), _rest = alias_pairs(french)
    # Behind the signals' back: one page published again, one document lost, one page unpublished.
    ResourcePage.objects.filter(pk=source).update(title="Mercury in freshwater fish", last_published_at=timezone.now())
    SearchDocument.objects.filter(page_id=alias2).delete()
    ResourcePage.objects.filter(pk=source3).update(live=False)
    output = update_index("--changed", "--backend", "site")
    assert "2 objects indexed, 1 removed" in output
    assert SearchDocument.objects.get(page_id=source).title == "Mercury in freshwater fish"
    assert SearchDocument.objects.filter(page_id=alias2).exists()
    assert not SearchDocument.objects.filter(page_id=source3).exists()
    assert "0 objects indexed, 0 removed" in update_index("--changed", "--backend", "site")
    # New code that builds documents differently: the whole index is rebuilt.
    SearchIndexState.objects.filter(name="site-search-documents").update(value="older code")
    assert "the code that builds its documents changed: rebuilding it" in update_index("--changed", "--backend", "site")
    # Wagtail's own index: a missing entry is added.
    entry = get_app_config().get_model("IndexEntry")
    content_type = ContentType.objects.get_for_model(ResourcePage)
    entry.objects.filter(content_type=content_type, object_id=str(source2)).delete()
    assert "1 objects indexed" in update_index("--changed", "--backend", "default")
    assert str(source2) in entries_of([source2])
