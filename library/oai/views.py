"""The OAI-PMH 2.0 endpoint (filled in by the OAI-PMH work)."""

from django.http import Http404


def endpoint(request):
    raise Http404("OAI-PMH is not available yet.")
