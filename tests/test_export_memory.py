"""A search export streams in bounded memory (docs/search.md, "Exports"): the engine's walk reads
the matching keys a chunk at a time and the export loads the pages a chunk at a time, so
exporting four times as many resources does not take four times the memory.

Measured with tracemalloc while the real view's StreamingHttpResponse is consumed, record by
record (nothing of the file is kept but a running check of its order). The chunks are made
small so that a few hundred resources are many chunks: what grows with the number of matches
then shows above what one chunk costs. No timings.
"""

import io
import json
import tracemalloc

from django.core.management import call_command
from django.db.models import F

import pytest

from library import exports
from library.models import ResourcePage
from search.backends import database
from search.documents import IndexedDocument
from search.models import SearchDocument
from search.params import SearchParams

pytestmark = pytest.mark.django_db

SMALL = 200  # resources; the larger export has four times as many
CHUNK = 10  # keys per fetch of the walk, resources per loaded chunk


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(database, "WALK_CHUNK", CHUNK)
    monkeypatch.setattr(exports, "CHUNK_SIZE", CHUNK)


def generate(count):
    """`count` synthetic resources in all, through the import's bulk path (same seed: extends)."""
    call_command("generate_library", str(count), "--seed", "4", stdout=io.StringIO(), stderr=io.StringIO())


def expected_identifiers():
    """The English resources' identifiers in the search's order without words: newest first."""
    documents = SearchDocument.objects.filter(locale="en", kind="resource").order_by(
        F("date").desc(nulls_last=True), "sort_title", "id"
    )
    identifiers = dict(ResourcePage.objects.values_list("pk", "identifier"))
    return [identifiers[page_id] for page_id in documents.values_list("page_id", flat=True)]


def export_peak(client, expected):
    """Peak traced memory while exporting every resource as JSON; checks each record against
    `expected`, in order, as it streams past."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        response = client.get("/en/search/export/", {"format": "json", "kind": "resource"})
        assert response.status_code == 200
        assert "X-Export-Truncated" not in response
        position, out_of_order = 0, 0
        for chunk in response.streaming_content:
            text = chunk.decode().lstrip(",\n")
            if text in ("[", "]\n", ""):
                continue
            record = json.loads(text)
            out_of_order += position >= len(expected) or record["identifier"] != expected[position]
            position += 1
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (position, out_of_order) == (len(expected), 0)
    return peak


def test_four_times_the_resources_export_in_about_the_same_memory(client, tree, small_chunks):
    generate(SMALL)
    smaller_expected = expected_identifiers()
    assert len(smaller_expected) >= SMALL
    export_peak(client, smaller_expected)  # once first: what the first export loads and caches for good
    smaller = export_peak(client, smaller_expected)

    generate(4 * SMALL)
    larger_expected = expected_identifiers()
    assert len(larger_expected) >= 4 * SMALL
    larger = export_peak(client, larger_expected)

    # Bounded: an export holding every page grows with the matches (hundreds of bytes each, past
    # 200 KB here); this one costs what a chunk costs, give or take what the allocator and
    # Django's caches happen to keep (tens of KB). The walk alone is measured at a larger scale below.
    assert larger < 1.5 * smaller, (smaller, larger)


def walk_peak(count):
    """Peak traced memory while walking `count` matching keys, documents made directly."""
    engine = database.DatabaseEngine()
    have = SearchDocument.objects.filter(locale="en", kind="resource", key__startswith="walk:").count()
    engine.index_documents(
        IndexedDocument(
            key=f"walk:{n}",
            locale="en",
            kind="resource",
            title=f"Walk {n}",
            url=f"/w/{n}/",
            facets={"kind": ["resource"]},
        )
        for n in range(have, count)
    )
    params = SearchParams(locale="en", filters={"kind": ("resource",)})
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        walk = engine.match_keys(params, limit=10 * count)
        walked = sum(1 for match in walk.keys if match.key.startswith("walk:"))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert walked == count and not walk.truncated
    return peak


def test_the_walk_over_every_match_holds_one_chunk_of_keys(small_chunks):
    """5,000 matches walked in the memory of 1,000: a walk reading every key at once would hold
    about 100 bytes per key (500 KB more)."""
    smaller = walk_peak(1000)
    larger = walk_peak(5000)
    assert larger < smaller + 100_000, (smaller, larger)
