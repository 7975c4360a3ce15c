"""What every public page reads about the site, kept in the cache between requests.

Each page's header and footer need the request's Wagtail site (`Site.find_for_request`: a query
ordered by a CASE expression, about 2 ms a request) and the site texts' menus (their pages
localized in the visitor's language: hub/menus.py). Both are kept in Django's cache (Redis,
shared by the site's processes, when REDIS_URL is set) under a version that every change that
can alter them replaces: a page published, unpublished, moved or deleted; a site or site texts
saved or deleted (`forget`, connected in apps.py).
"""

import time

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction

VERSION_KEY = "hub:site-cache:version"
CACHE_SECONDS = 3600
_MISSING = object()


def version():
    """The current version: part of every key cached here."""
    return cache.get_or_set(VERSION_KEY, time.time_ns, None)


def _new_version():
    cache.set(VERSION_KEY, time.time_ns(), None)


def forget(**_kwargs):
    """Receiver for the changes above: every entry cached here is left behind, now and again
    once the change commits (a request reading the old rows meanwhile may have cached them)."""
    _new_version()
    transaction.on_commit(_new_version)


class CachedSiteMiddleware:
    """Give the request its Wagtail site from the cache (`request._wagtail_site`, where
    `Site.find_for_request` keeps it), keyed by the host and port Wagtail matches on. A request
    that found none there and had its site looked up leaves it in the cache. Only hosts Django
    accepts (ALLOWED_HOSTS) are cached, so the keys are few; nothing is read from the database
    here (a request that needs no site never asks for one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            key = f"hub:site:{version()}:{request.get_host()}:{request.get_port()}"
        except DisallowedHost:
            return self.get_response(request)  # CommonMiddleware answers 400 for it
        site = cache.get(key, _MISSING)
        if site is not _MISSING:
            request._wagtail_site = site
        response = self.get_response(request)
        if site is _MISSING and hasattr(request, "_wagtail_site"):
            cache.set(key, request._wagtail_site, CACHE_SECONDS)
        return response
