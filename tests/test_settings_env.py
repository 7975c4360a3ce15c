"""Settings come from the environment (contracts §1): each case runs in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
VARIABLES = (
    "DATABASE_URL", "ELASTICSEARCH_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "MEDIA_ROOT", "REDIS_URL",
    "SEARCH_FACET_INDEX",
)  # fmt: skip

PROBE = """
import json, os
if os.environ.get("PROBE_SETUP") == "1":
    import django
    django.setup()  # the full app registry boots with these settings
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"],
    "name": str(db["NAME"]),
    "host": db.get("HOST", ""),
    "search": settings.WAGTAILSEARCH_BACKENDS["default"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "renditions": settings.CACHES.get("renditions", {}).get("BACKEND", ""),
    "debug": settings.DEBUG,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "media_root": str(settings.MEDIA_ROOT),
    "secret_key_set": bool(settings.SECRET_KEY),
    "facet_index": settings.SEARCH_FACET_INDEX,
}, default=str))
"""


def run_settings(profile, setup=False, **env):
    """Import the settings profile in a fresh interpreter (reading settings needs no app registry;
    `setup=True` also runs django.setup())."""
    clean = {key: value for key, value in os.environ.items() if key not in VARIABLES}
    clean["PROBE_SETUP"] = "1" if setup else "0"
    clean["DJANGO_SETTINGS_MODULE"] = f"exchange_platform.settings.{profile}"
    clean.update(env)
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", PROBE], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=120
    )


def settings_for(profile, setup=False, **env):
    result = run_settings(profile, setup=setup, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_dev_defaults_need_no_service():
    s = settings_for("dev", setup=True)
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["name"] == str(BASE_DIR / "db.sqlite3")
    assert s["search"]["BACKEND"] == "search.backends.wagtail_database"
    assert s["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert s["renditions"]
    assert s["debug"] is True
    assert s["secret_key_set"] is True
    assert "127.0.0.1" in s["allowed_hosts"]
    assert "gmp.localhost" in s["allowed_hosts"]
    assert s["media_root"] == str(BASE_DIR / "media")


def test_database_url_selects_postgresql():
    s = settings_for("dev", DATABASE_URL="postgres://exchange:secret@db.example.org:5432/exchange")
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["name"] == "exchange"
    assert s["host"] == "db.example.org"


def test_sqlite_database_url(tmp_path):
    s = settings_for("dev", DATABASE_URL=f"sqlite:///{tmp_path}/other.sqlite3")
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["name"] == f"{tmp_path}/other.sqlite3"


def test_elasticsearch_url_switches_the_search_backend():
    s = settings_for("dev", ELASTICSEARCH_URL="http://search.example.org:9200")
    assert s["search"]["BACKEND"] == "wagtail.search.backends.elasticsearch9"
    assert s["search"]["URLS"] == ["http://search.example.org:9200"]


def test_redis_url_selects_django_redis():
    s = settings_for("dev", REDIS_URL="redis://127.0.0.1:6379/3")
    assert s["cache"] == "django_redis.cache.RedisCache"
    assert s["cache_location"] == "redis://127.0.0.1:6379/3"
    assert s["renditions"] == "django_redis.cache.RedisCache"


@pytest.mark.parametrize(("raw", "expected"), [("0", False), ("false", False), ("1", True), ("yes", True)])
def test_debug_is_parsed(raw, expected):
    assert settings_for("dev", DEBUG=raw)["debug"] is expected


@pytest.mark.parametrize(("raw", "expected"), [(None, "background"), ("off", "off"), (" Inline ", "inline")])
def test_facet_postings_mode_is_read_from_the_environment(raw, expected):
    env = {} if raw is None else {"SEARCH_FACET_INDEX": raw}
    assert settings_for("dev", **env)["facet_index"] == expected


def test_a_mistyped_facet_postings_mode_is_refused_at_start():
    result = run_settings("dev", SEARCH_FACET_INDEX="sometimes")
    assert result.returncode != 0
    assert "SEARCH_FACET_INDEX='sometimes': write background, inline or off." in result.stderr


def test_allowed_hosts_and_media_root(tmp_path):
    s = settings_for("dev", ALLOWED_HOSTS="exchange.example.org, gmp.example.org ,", MEDIA_ROOT=str(tmp_path))
    assert s["allowed_hosts"] == ["exchange.example.org", "gmp.example.org"]
    assert s["media_root"] == str(tmp_path)


def test_production_refuses_to_start_without_secret_key():
    result = run_settings("production", setup=True)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_with_secret_key():
    s = settings_for("production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="exchange.example.org")
    assert s["debug"] is False
    assert s["allowed_hosts"] == ["exchange.example.org"]
    assert s["search"]["BACKEND"] == "search.backends.wagtail_database"


def test_production_with_every_service():
    s = settings_for(
        "production",
        setup=True,
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://exchange@10.0.0.5/exchange",
        ELASTICSEARCH_URL="https://es.internal:9200",
        REDIS_URL="redis://10.0.0.6:6379/0",
    )
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["search"]["BACKEND"] == "wagtail.search.backends.elasticsearch9"
    assert s["search"]["URLS"] == ["https://es.internal:9200"]
    assert s["cache"] == "django_redis.cache.RedisCache"
