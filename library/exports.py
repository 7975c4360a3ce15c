"""Exports of resources as CSV, JSON, RIS and BibTeX (filled in by the presentation work)."""

from django.http import HttpResponseBadRequest


def export_response(request, resources, filename, fmt=None):
    return HttpResponseBadRequest("Exports are not available yet.")
