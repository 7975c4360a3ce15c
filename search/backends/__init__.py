"""Search engines: the database (SQLite FTS5 or PostgreSQL full text) and Elasticsearch.

`get_engine()` picks one from the environment alone: Elasticsearch when ELASTICSEARCH_URL is
set, otherwise the database the site runs on. Every engine takes SearchParams and answers an
EngineAnswer; search/service.py adds labels, promotions and logging on top.
"""

from functools import cache

from django.conf import settings


@cache
def get_engine():
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        from .elasticsearch import ElasticsearchEngine

        return ElasticsearchEngine.from_settings()
    from .database import DatabaseEngine

    return DatabaseEngine()
