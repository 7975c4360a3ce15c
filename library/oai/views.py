"""The OAI-PMH 2.0 endpoint at /oai/ (contracts §6): one view, one handler per verb.

Every answer, errors included, is an HTTP 200 `text/xml` OAI-PMH document, as the protocol
wants: a harvester reads the error code from the XML, never from the status line.
"""

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from hub.ratelimits import rate_limited

from . import serialise, tokens
from .dublin_core import dublin_core
from .protocol import OAIError, check_metadata_prefix, date_range, parse_request
from .repository import Criteria, Repository, local_identifier, oai_identifier

SAMPLE_IDENTIFIER = "UNEP/MC/COP.1/17"  # shown by Identify while the library is empty


def page_size():
    return max(1, int(getattr(settings, "OAI_PAGE_SIZE", 100)))


def admin_emails():
    emails = settings.OAI_ADMIN_EMAIL
    return [emails] if isinstance(emails, str) else list(emails)


@csrf_exempt  # harvesters POST without a session; nothing here changes state
@rate_limited("RATELIMIT_OAI")
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request):
    params = request.POST if request.method == "POST" else request.GET
    now = datetime.datetime.now(tz=datetime.UTC)
    base_url = request.build_absolute_uri(request.path)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            oai_request = parse_request(params)
        except OAIError as error:
            root = serialise.envelope(now, base_url, None)
            serialise.error(root, error.code, error.message)
        else:
            root = serialise.envelope(now, base_url, oai_request.echo)
            try:
                HANDLERS[oai_request.verb](Context(request, Repository(), base_url), oai_request, root)
            except OAIError as error:
                if error.hides_arguments:
                    root = serialise.envelope(now, base_url, None)
                serialise.error(root, error.code, error.message)
    return HttpResponse(serialise.to_bytes(root), content_type="text/xml; charset=utf-8")


class Context:
    def __init__(self, request, repository, base_url):
        self.request = request
        self.repository = repository
        self.base_url = base_url


def _known_item(context, identifier, metadata):
    local = local_identifier(identifier)
    item = context.repository.get(local, metadata=metadata) if local else None
    if item is None:
        raise OAIError("idDoesNotExist", f"No item has the identifier '{identifier}'.")
    return item


def identify(context, oai_request, root):
    repository = context.repository
    sample = repository.records().order_by("pk").values_list("identifier", flat=True).first() or SAMPLE_IDENTIFIER
    serialise.identify(
        root,
        name=settings.OAI_REPOSITORY_NAME,
        base_url=context.base_url,
        admin_emails=admin_emails(),
        earliest=repository.earliest_datestamp(),
        sample_identifier=oai_identifier(sample),
        namespace=settings.OAI_IDENTIFIER_NAMESPACE,
    )


def list_metadata_formats(context, oai_request, root):
    identifier = oai_request.get("identifier")
    if identifier:
        # Every item, deleted ones too, is disseminated in oai_dc: noMetadataFormats cannot arise.
        _known_item(context, identifier, metadata=False)
    serialise.metadata_formats(root)


def list_sets(context, oai_request, root):
    if oai_request.get("resumptionToken") is not None:
        # All sets fit in one answer, so this repository never issues a ListSets token.
        raise OAIError("badResumptionToken", "ListSets answers in one response; this token was not issued here.")
    serialise.sets(root, context.repository.sets())


def get_record(context, oai_request, root):
    check_metadata_prefix(oai_request.get("metadataPrefix"))
    item = _known_item(context, oai_request.get("identifier"), metadata=True)
    body = serialise.add(root, "GetRecord")
    serialise.record(body, item, _metadata(context, item))


def _metadata(context, item):
    return None if item.deleted else dublin_core(item.resource, context.request)


def _list(context, oai_request, root, records):
    token = oai_request.get("resumptionToken")
    if token is not None:
        state = tokens.decode(token, oai_request.verb)
        arguments, after, cursor, total = state.arguments, state.position, state.cursor, state.complete_list_size
    else:
        arguments, after, cursor, total = oai_request.arguments, None, 0, None
    check_metadata_prefix(arguments["metadataPrefix"])
    start, end = date_range(arguments)
    criteria = Criteria(start, end, arguments.get("set"))
    size = page_size()
    items, more = context.repository.page(criteria, after, size, metadata=records)
    if not items:
        raise OAIError("noRecordsMatch", "No records match these arguments.")
    if total is None:
        # Counted once per harvest and carried in the token: the spec lets it be an estimate.
        total = context.repository.count(criteria) if more else len(items)
    body = serialise.add(root, oai_request.verb)
    for item in items:
        if records:
            serialise.record(body, item, _metadata(context, item))
        else:
            serialise.header(body, item)
    if token or more:
        next_token = ""
        if more:
            state = tokens.ResumptionState(oai_request.verb, arguments, items[-1].position, cursor + len(items), total)
            next_token = tokens.encode(state)
        serialise.resumption_token(body, next_token, cursor, max(total, cursor + len(items)))


def list_identifiers(context, oai_request, root):
    _list(context, oai_request, root, records=False)


def list_records(context, oai_request, root):
    _list(context, oai_request, root, records=True)


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}
