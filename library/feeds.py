"""Atom feeds of new resources (filled in by the presentation work)."""

from django.http import Http404


def library_feed_response(request, index_page):
    raise Http404("Feeds are not available yet.")
