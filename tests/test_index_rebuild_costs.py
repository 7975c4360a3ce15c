"""What a rebuild of the search indexes costs does not grow with the library's size per object:
Wagtail's database index reads a chunk's relations once (`with_search_relations`), refreshes
its title norms once per bulk job (`title_norms_deferred`), and `update_index --jobs N`
rebuilds the backends in processes of their own where the database allows it."""

import re

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import Avg
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext

import pytest
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config

from hub.seed.indexing import with_search_relations
from library.models import ResourcePage
from search.backends.wagtail_database import title_norms_deferred
from search.models import SearchDocument
from tests.test_alias_document_cloning import update_index
from tests.test_generate_library import generate, vocabularies  # noqa: F401 - fixtures used below

NORM_REFRESH = re.compile(r'^UPDATE "wagtailsearch_indexentry" SET "title_norm"', re.IGNORECASE)


def sources():
    return list(with_search_relations(ResourcePage.objects.filter(alias_of__isnull=True).order_by("pk")))


def wagtail_index():
    return get_search_backend("default").get_index_for_model(ResourcePage)


def title_length_average():
    """modelsearch's average: title lengths in lexemes, over the entries with a title."""
    entries = get_app_config().get_model("IndexEntry").objects.annotate(length=Length("title"))
    return entries.filter(length__gt=0).aggregate(Avg("length"))["length__avg"]


def title_lengths(pages):
    entries = get_app_config().get_model("IndexEntry").objects.annotate(length=Length("title"))
    content_type = ContentType.objects.get_for_model(ResourcePage)
    rows = entries.filter(content_type=content_type, object_id__in=[str(page.pk) for page in pages])
    return dict(rows.values_list("object_id", "length"))


def refreshes(queries):
    return [query for query in queries.captured_queries if NORM_REFRESH.match(query["sql"])]


@pytest.mark.django_db
def test_a_chunk_of_resources_costs_wagtails_index_the_same_queries_whatever_its_size(vocabularies):  # noqa: F811
    generate(12, "--seed", 11, "--no-index")
    pages = sources()
    assert any(page.authors.all() for page in pages) and any(page.tags.all() for page in pages)
    index = wagtail_index()
    counts = []
    for chunk in (pages[:3], pages[3:]):  # read with their relations, as update_index reads a chunk
        with CaptureQueriesContext(connection) as queries:
            index.add_items(ResourcePage, chunk)
        counts.append(len(queries.captured_queries))
    # Without the prefetch every object read its authors, files and tags five times each.
    assert counts[0] == counts[1] <= 6
    entry = get_app_config().get_model("IndexEntry")
    content_type = ContentType.objects.get_for_model(ResourcePage)
    indexed = entry.objects.filter(content_type=content_type, object_id__in=[str(page.pk) for page in pages])
    assert indexed.count() == 12
    # The prefetched relations are what was indexed: an author's name is found in the entry's text.
    author = next(page for page in pages if page.authors.all())
    surname = author.authors.all()[0].name.split()[-1]
    assert author.pk in [page.pk for page in get_search_backend("default").search(surname, ResourcePage)]


@pytest.mark.django_db
def test_title_norms_are_refreshed_once_at_the_end_of_a_bulk_job(vocabularies):  # noqa: F811
    generate(6, "--seed", 12, "--no-index")
    index, pages = wagtail_index(), sources()
    # PostgreSQL's entries are written with their norms (wagtail_postgres_entries.py): nothing is
    # left to refresh, in a bulk job or out of it. SQLite's are refreshed as modelsearch does.
    expected_outside, expected_inside = (0, 0) if connection.vendor == "postgresql" else (2, 1)
    with CaptureQueriesContext(connection) as outside:
        index.add_items(ResourcePage, pages[:2])
        index.add_items(ResourcePage, pages[2:4])
    assert len(refreshes(outside)) == expected_outside  # modelsearch's own behaviour: one per call
    with CaptureQueriesContext(connection) as queries, title_norms_deferred():
        # modelsearch's add_bulk asks for a new index object each time: still one refresh.
        with title_norms_deferred():  # nested: only the outermost block refreshes
            wagtail_index().add_items(ResourcePage, pages[4:5])
        wagtail_index().add_items(ResourcePage, pages[5:])
        assert refreshes(queries) == []
    assert len(refreshes(queries)) == expected_inside
    entry = get_app_config().get_model("IndexEntry")
    content_type = ContentType.objects.get_for_model(ResourcePage)
    lengths = entry.objects.filter(content_type=content_type, object_id__in=[str(page.pk) for page in pages[4:]])
    assert lengths.count() == 2 and not lengths.filter(title_norm=1.0).exists()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the quick entry writer is PostgreSQL's index only")
def test_an_entry_is_written_with_its_norm_from_the_cached_average_without_scanning_the_table(vocabularies):  # noqa: F811
    generate(4, "--seed", 16, "--no-index")
    index, pages = wagtail_index(), sources()
    index.add_items(ResourcePage, pages[:3])
    cache.clear()
    average = title_length_average()
    index.add_items(ResourcePage, pages[3:])  # reads the average once, and caches it
    with CaptureQueriesContext(connection) as queries:
        wagtail_index().add_items(ResourcePage, pages[3:])  # what one page's publish costs
    sql = [query["sql"] for query in queries.captured_queries]
    assert len(sql) == 1 and sql[0].startswith("INSERT INTO wagtailsearch_indexentry")  # no AVG, no UPDATE
    entry = get_app_config().get_model("IndexEntry").objects.get(object_id=str(pages[3].pk))
    assert entry.title_norm == pytest.approx(average / title_lengths(pages[3:])[str(pages[3].pk)])
    # A rebuild's full refresh rewrites every norm and forgets the cached average.
    index._refresh_title_norms(full=True)
    with CaptureQueriesContext(connection) as queries:
        wagtail_index().add_items(ResourcePage, pages[3:])
    assert any("AVG" in query["sql"] for query in queries.captured_queries)


@pytest.mark.django_db
def test_a_rebuilds_final_full_refresh_is_never_deferred(vocabularies):  # noqa: F811
    generate(2, "--seed", 13, "--no-index")
    index = wagtail_index()
    with CaptureQueriesContext(connection) as queries, title_norms_deferred():
        index.add_items(ResourcePage, sources())
        index._refresh_title_norms(full=True)  # what the rebuilder's finish() calls
        assert len(refreshes(queries)) == 1


@pytest.mark.django_db
def test_jobs_fall_back_to_one_backend_after_the_other_where_processes_cannot_share_the_work(vocabularies):  # noqa: F811
    generate(3, "--seed", 14, "--no-index")
    output = update_index("--jobs", "2")
    # SQLite has one writer; on PostgreSQL a test runs inside a transaction other processes cannot see.
    assert "--jobs 2 ignored" in output and "one backend after the other" in output
    assert "default: indexed" in output and "site: indexed" in output
    assert SearchDocument.objects.filter(page_id__in=[page.pk for page in sources()]).count() == 3


def test_jobs_must_be_a_positive_number():
    with pytest.raises(Exception, match="--jobs must be at least 1"):
        update_index("--jobs", "0")


@pytest.mark.django_db
def test_stale_entries_are_found_by_an_anti_join_and_only_they_go(vocabularies):  # noqa: F811
    generate(3, "--seed", 15, "--no-index")
    index, pages = wagtail_index(), sources()
    index.add_items(ResourcePage, pages)
    entry = get_app_config().get_model("IndexEntry")
    content_type = ContentType.objects.get_for_model(ResourcePage)
    # An entry whose object was deleted behind the signals' back.
    entry.objects.filter(content_type=content_type, object_id=str(pages[0].pk)).update(object_id="99999999")
    with CaptureQueriesContext(connection) as queries:
        index.delete_stale_entries()
    deletes = [query["sql"] for query in queries.captured_queries if "NOT EXISTS" in query["sql"].upper()]
    assert deletes and not any(" NOT IN " in query["sql"].upper() for query in queries.captured_queries)
    left = set(entry.objects.filter(content_type=content_type).values_list("object_id", flat=True))
    assert "99999999" not in left and {str(page.pk) for page in pages[1:]} <= left


def entry_rows(pages):
    """Every column of the pages' entries in Wagtail's index but the row id, by object id."""
    entry = get_app_config().get_model("IndexEntry")
    content_type = ContentType.objects.get_for_model(ResourcePage)
    rows = entry.objects.filter(content_type=content_type, object_id__in=[str(page.pk) for page in pages])
    columns = [field.attname for field in entry._meta.concrete_fields if not field.primary_key]
    return {row["object_id"]: {name: str(value) for name, value in row.items()} for row in rows.values(*columns)}


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the quick entry writer is PostgreSQL's index only")
def test_quick_postgres_entries_equal_modelsearchs_column_for_column(vocabularies):  # noqa: F811
    from modelsearch.backends.database.postgres.postgres import PostgresIndex

    generate(8, "--seed", 15, "--no-index")
    page = sources()[0]
    # Odd text: a percent sign, quotes, a backslash, and empty summary and body.
    ResourcePage.objects.filter(pk=page.pk).update(title="100% O'Brien's \\ mercury", summary="", body="")
    pages = sources()
    assert any(page.authors.all() for page in pages) and any(page.tags.all() for page in pages)
    index = wagtail_index()
    assert type(index).add_items is not PostgresIndex.add_items  # ours is in use
    cache.clear()  # the generation's own indexing cached the average of the entries then
    average = title_length_average()
    assert average is not None  # the seed's pages are indexed: the norms come from this average
    index.add_items(ResourcePage, pages)
    ours = entry_rows(pages)
    lengths = title_lengths(pages)
    assert len(ours) == 8 and "brien" in ours[str(page.pk)]["title"]
    entries = get_app_config().get_model("IndexEntry").objects
    entries.filter(object_id__in=ours).delete()  # the other entries stay
    PostgresIndex.add_items(index, ResourcePage, pages)  # modelsearch's own
    theirs = entry_rows(pages)
    # The norm is modelsearch's average title length over the entries / the title's length in
    # lexemes; ours reads the average before these eight are added, modelsearch after.
    norms = {object_id: float(row.pop("title_norm")) for object_id, row in ours.items()}
    for row in theirs.values():
        row.pop("title_norm")
    assert theirs == ours
    assert norms == pytest.approx({object_id: average / length for object_id, length in lengths.items()})
