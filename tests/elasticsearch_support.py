"""The live Elasticsearch suite's entry point: an engine on ELASTICSEARCH_URL with throwaway indices.

No Elasticsearch server can run on our development and CI machines, so tests that need one
skip there with a reason that says so. Where ELASTICSEARCH_URL *is* set (a developer with
docker compose, a CI with an Elasticsearch service container) an unreachable or red cluster is
a failure, never a skip: a green run must mean the engine really answered (STYLE.md 17).

Use the function through a fixture of your module (tests/test_search_elasticsearch_contract.py
does), or make `live_engine` below available to every test module with one line in
tests/conftest.py: `from .elasticsearch_support import live_engine  # noqa: F401`. (Importing it
into a test module instead makes ruff report the test's parameter as a redefinition, F811.)

    @pytest.mark.elasticsearch
    def test_symbol_first(live_engine):
        live_engine.index_documents([...])   # visible at once: the engine refreshes on write
        answer = live_engine.search(SearchParams(q="UNEP/MC/COP.1/17"))

Each engine gets its own index prefix (`test-<random>-documents-<locale>`), so runs in parallel
and the site's own indices never meet; the cleanup deletes exactly those indices.
"""

import os
import uuid

import pytest

from search.backends.elasticsearch import ElasticsearchEngine

SKIP_REASON = "Elasticsearch live suite skipped: ELASTICSEARCH_URL is not set (no server on this machine)."


def live_elasticsearch_engine(locales=None):
    """(engine, cleanup) on ELASTICSEARCH_URL; skips when unset, fails when set but unusable.

    Writes are refreshed before they return (`refresh=True`), so a test sees its own documents.
    """
    url = os.environ.get("ELASTICSEARCH_URL", "").strip()
    if not url:
        pytest.skip(SKIP_REASON)
    prefix = f"test-{uuid.uuid4().hex[:12]}-documents"
    engine = ElasticsearchEngine(url, index_prefix=prefix, locales=locales, refresh=True)
    try:
        engine.check()
    except Exception as error:  # unreachable, refused, red: all the same verdict here
        pytest.fail(f"ELASTICSEARCH_URL={url} is set but Elasticsearch does not answer: {error!r}")

    def cleanup():
        engine.delete_indices()
        engine.client.close()

    return engine, cleanup


@pytest.fixture
def live_engine():
    """An ElasticsearchEngine on its own empty indices, deleted after the test."""
    engine, cleanup = live_elasticsearch_engine()
    try:
        yield engine
    finally:
        cleanup()
