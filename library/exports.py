"""Exports of resources as CSV, JSON (the import schema, CONTRACTS §4), RIS and BibTeX.

`export_response` serves the library listing (`<library>/export/?format=…`), the search
export and a resource's `cite/ris/` and `cite/bibtex/`. Responses stream in chunks, each chunk
loading its relations in a few queries, so ten thousand resources never sit in memory.

Only live, public resources are written, whatever the caller passes (a stale search index
may still name a page since unpublished or made private); a resource's own citation is the one
exception: Wagtail has already checked the page before serving its route. CSV cells go
through hub/spreadsheets.py against formula injection. An export cut short by a ceiling says
so in the file (a last CSV row or JSON item under the key "#", a RIS line, a BibTeX @comment)
and in the `X-Export-Truncated` header.
"""

import csv
import json
import re
from itertools import islice

from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils.translation import gettext as _

from hub.spreadsheets import safe_cell

from .citation import Author, Related
from .citation.writers import bibtex_chunks, ris_chunks
from .importing.reading import NOTE_KEY  # the note closing a truncated export, skipped on import
from .importing.schema import COLUMNS as IMPORT_COLUMNS
from .importing.schema import DERIVED_COLUMNS

CHUNK_SIZE = 500

# CONTRACTS §4, in order: an export is a valid import file. Then who contributed each record
# (contracts §3 `provenance`, and the contributing organisation's slug): last, so consumers
# reading columns by position keep working; an import skips them (importing/schema.py).
COLUMNS = [*IMPORT_COLUMNS, *DERIVED_COLUMNS]
FORMATS = {
    # format: (file extension, content type)
    "csv": ("csv", "text/csv; charset=utf-8"),
    "json": ("json", "application/json; charset=utf-8"),
    "ris": ("ris", "application/x-research-info-systems; charset=utf-8"),
    "bibtex": ("bib", "application/x-bibtex; charset=utf-8"),
}
# Many-to-many relations and the term fields the exports need from each.
TERM_FIELDS = {
    "pillars": ("slug",),
    "thematic_areas": ("slug", "name"),
    "gmp_areas": ("slug",),
    "countries": ("iso3",),
    "articles": ("number",),
    "collections": ("slug",),
}


def export_response(request, resources, filename, fmt=None, truncated_at=None):
    """Stream `resources` (a queryset, search results or a list) as an attachment `<filename>.<ext>`.

    `truncated_at`: the caller stopped after this many matches though more matched; the file
    and the `X-Export-Truncated` header say so.
    """
    fmt = fmt or request.GET.get("format", "")
    if fmt not in FORMATS:
        choices = ", ".join(FORMATS)
        if fmt:
            message = _("Unknown export format '%(format)s'. Use format= one of: %(choices)s.")
        else:
            message = _("Say which export format you want: format= one of %(choices)s.")
        return HttpResponseBadRequest(
            message % {"format": fmt, "choices": choices},
            content_type="text/plain; charset=utf-8",
        )
    extension, content_type = FORMATS[fmt]
    writer = {"csv": csv_rows, "json": json_chunks, "ris": ris_chunks, "bibtex": bibtex_chunks}[fmt]
    notice = truncation_notice(truncated_at) if truncated_at is not None else ""
    response = StreamingHttpResponse(writer(iter_resources(resources), request, notice), content_type=content_type)
    if notice:
        response["X-Export-Truncated"] = str(truncated_at)
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "-", filename or "resources").strip("-.") or "resources"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}.{extension}"'
    return response


def truncation_notice(count):
    return _("This export stops after %(count)s records: more matched. Narrow the search to export the rest.") % {
        "count": f"{count:,}"
    }


def iter_resources(resources, chunk_size=None):
    """(page, Related) pairs in chunks, each chunk's relations loaded in a few flat queries.

    A queryset is narrowed to live, public pages; references (anything with a `pk`, e.g. a
    search's matches) are loaded as live, public resources, one query per chunk, and the others
    (other page types, drafts, private pages) left out. Loaded ResourcePages are taken as given.
    """
    from .models import ResourcePage

    chunk_size = chunk_size or CHUNK_SIZE
    if isinstance(resources, QuerySet):
        resources = resources.live().public().select_related("resource_type", "publisher", "meeting", "contributed_by")
        resources = resources.iterator(chunk_size=chunk_size)
    items = iter(resources)
    while chunk := list(islice(items, chunk_size)):
        if not all(isinstance(item, ResourcePage) for item in chunk):
            found = ResourcePage.objects.live().public().in_bulk([item.pk for item in chunk])
            chunk = [found[item.pk] for item in chunk if item.pk in found]
        prefetch_related_objects(chunk, "resource_type", "publisher", "meeting", "contributed_by")
        related = load_related([page.pk for page in chunk], source_ids(chunk))
        yield [(page, related[page.pk]) for page in chunk]


def source_ids(pages):
    """{page id: id of its source-locale version} (itself when it has none), in one query.

    Vocabulary tags and keywords are decided on the source-locale page (a translation's copy may
    lag behind), so a French export reads them there, like every listing (hub/localization.py).
    """
    from wagtail.models import Page

    from hub.localization import default_language_code

    keys = {page.translation_key for page in pages}
    sources = Page.objects.filter(translation_key__in=keys, locale__language_code=default_language_code())
    by_key = dict(sources.values_list("translation_key", "pk"))
    return {page.pk: by_key.get(page.translation_key, page.pk) for page in pages}


def load_related(ids, sources=None):
    """{page id: Related} for a chunk of resources: one query per relation, no model instances
    for the vocabularies (prefetching through modelcluster costs milliseconds per resource).

    `sources` ({page id: source page id}) says where tags and keywords are read; authors and
    files are the page's own (wagtail-localize keeps them in step).
    """
    from .models import ResourceAuthor, ResourceFile, ResourcePage, ResourceTag

    sources = sources or {}
    tagged_by = {}  # source id: the chunk's page ids it speaks for
    for pk in ids:
        tagged_by.setdefault(sources.get(pk, pk), []).append(pk)
    related = {pk: Related(terms={name: [] for name in TERM_FIELDS}) for pk in ids}
    authors = ResourceAuthor.objects.filter(page_id__in=ids).order_by("page_id", "sort_order", "pk")
    for page_id, name, kind in authors.values_list("page_id", "name", "kind"):
        related[page_id].authors.append((name, kind))
    for item in ResourceFile.objects.filter(page_id__in=ids).select_related("document").order_by("sort_order", "pk"):
        related[item.page_id].files.append(item)
    tags = ResourceTag.objects.filter(content_object_id__in=list(tagged_by)).order_by("tag__name")
    for source_id, name in tags.values_list("content_object_id", "tag__name"):
        for page_id in tagged_by[source_id]:
            related[page_id].tags.append(name)
    for name, wanted in TERM_FIELDS.items():
        field = ResourcePage._meta.get_field(name)
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        rows = field.remote_field.through.objects.filter(**{f"{source}_id__in": list(tagged_by)})
        rows = rows.order_by(f"{target}__sort_order", f"{target}__name")
        for source_id, *values in rows.values_list(f"{source}_id", *(f"{target}__{column}" for column in wanted)):
            for page_id in tagged_by[source_id]:
                related[page_id].terms[name].append(dict(zip(wanted, values, strict=True)))
    return related


# --- CSV and JSON: the import schema -----------------------------------------------------


def import_row(page, related):
    """One resource as a row of the import schema (lists as lists), then its provenance."""
    terms = related.terms
    return {
        "identifier": page.identifier,
        "title": page.title,
        "resource_type": page.resource_type.slug,
        "publication_date": import_date(page),
        "summary": page.summary,
        "languages": sorted(related.languages(page)),
        "url": page.external_url,
        # Files stay on this platform; a re-import keeps the ones already attached.
        "file": "",
        "publisher": page.publisher.slug if page.publisher_id else page.publisher_name,
        # The importer tells people from organisations by the comma of "Family, Given".
        "authors": [Author(name, kind == "person").inverted for name, kind in related.authors],
        "pillars": [term["slug"] for term in terms["pillars"]],
        "thematic_areas": [term["slug"] for term in terms["thematic_areas"]],
        "gmp_areas": [term["slug"] for term in terms["gmp_areas"]],
        "countries": [term["iso3"] for term in terms["countries"]],
        "articles": [term["number"] for term in terms["articles"]],
        "collections": [term["slug"] for term in terms["collections"]],
        "tags": list(related.tags),
        "symbol": page.symbol,
        "meeting": page.meeting.slug if page.meeting_id else "",
        "license": page.licence,
        "provenance": page.provenance,
        "contributed_by": page.contributed_by.slug if page.contributed_by_id else "",
    }


def import_date(page):
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as precise as the date is known."""
    value = page.publication_date
    if not value:
        return ""
    return {"year": f"{value.year:04d}", "month": f"{value.year:04d}-{value.month:02d}"}.get(
        page.date_precision, value.isoformat()
    )


def _csv_cell(value):
    return safe_cell(";".join(value) if isinstance(value, list) else str(value or ""))


class _Echo:
    """csv.writer writes into this and gets the line back, so rows can be streamed."""

    def write(self, value):
        return value


def csv_rows(chunks, request, notice=""):
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for pages in chunks:
        rows = (import_row(page, related) for page, related in pages)
        yield "".join(writer.writerow([_csv_cell(row[name]) for name in COLUMNS]) for row in rows)
    if notice:
        yield writer.writerow([f"{NOTE_KEY} {notice}"] + [""] * (len(COLUMNS) - 1))


def json_chunks(chunks, request, notice=""):
    first = True
    yield "["
    for pages in chunks:
        for page, related in pages:
            yield ("\n" if first else ",\n") + json.dumps(import_row(page, related), ensure_ascii=False)
            first = False
    if notice:
        yield ("\n" if first else ",\n") + json.dumps({NOTE_KEY: notice}, ensure_ascii=False)
    yield "\n]\n"
