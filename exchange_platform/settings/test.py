"""Test profile: fast hashing, plain static storage, immediate tasks, throwaway media."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="exchange-platform-test-media-"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "r"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
for backend in WAGTAILSEARCH_BACKENDS.values():  # noqa: F405
    backend.setdefault("AUTO_UPDATE", True)
WHITENOISE_AUTOREFRESH = True
# Far above what any test sends from its one address; tests of the limits set their own.
RATELIMIT_SEARCH = RATELIMIT_SUGGEST = RATELIMIT_EXPORT = RATELIMIT_OAI = "100000/m"
# Facet postings read inside the search that finds them stale, so every search test counts
# from them after its data changed (search/backends/database_facet_index.py).
SEARCH_FACET_INDEX = "inline"
