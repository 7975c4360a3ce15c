"""Template helpers for library pages: citation data, download buttons, feed links, JSON-LD.

Templates only print; the bibliographic record (library/citation.py) is built once per page
and shared by the meta tags, the JSON-LD and the "Cite this" box.
"""

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe

from wagtail.models import Site

from hub import cldr
from hub.models.languages import UN_LANGUAGES
from library import citation

register = template.Library()

# Each language's name in that language from CLDR ("Français"), keyed by ISO 639-1 code ("zh", not "zh-hans").
NATIVE_NAMES = {code.split("-")[0]: cldr.native_language_name(code) for code, _name in settings.LANGUAGES}
VISITOR_NAMES = dict(UN_LANGUAGES)
JSON_SCRIPT_OPEN = '<script type="application/json">'


@register.simple_tag(takes_context=True)
def resource_citation(context, page):
    """Everything the resource page prints about citing it; built once per request."""
    request = context.get("request")
    cache = getattr(request, "_library_citation", None) if request is not None else None
    if cache and cache[0] == page.pk:
        return cache[1]
    record = citation.bibliographic_record(page, request)
    image_url = ""
    if page.cover_image_id:
        url = page.cover_image.get_rendition("max-1200x1200").url
        image_url = request.build_absolute_uri(url) if request is not None and url.startswith("/") else url
    result = {
        "record": record,
        "text": citation.citation_text(record),
        "json_ld": citation.json_ld(record, image_url=image_url),
        "highwire": citation.highwire_meta(record),
        "dublin_core": citation.dublin_core_meta(record),
    }
    if request is not None:
        request._library_citation = (page.pk, result)
    return result


@register.simple_tag
def jsonld(data):
    """A `<script type="application/ld+json">` whose content cannot close the script element.

    Django's json_script escapes <, > and & as \\u003C…; only its type attribute differs.
    """
    script = json_script(data, encoder=DjangoJSONEncoder)
    if not script.startswith(JSON_SCRIPT_OPEN):  # pragma: no cover - guards a Django change
        raise ValueError("json_script changed its output")
    return mark_safe('<script type="application/ld+json">' + script[len(JSON_SCRIPT_OPEN) :])  # noqa: S308


@register.simple_tag
def downloads(page):
    """The resource's files in UN language order, each with what its button says."""
    items = []
    for item in page.files_by_language():
        document = item.document
        size = citation.stored_size(document)
        language_name = str(VISITOR_NAMES.get(item.language, item.language))
        file_format = document.file_extension.upper()
        items.append(
            {
                "url": document.url,
                "language": item.language,
                "native_name": NATIVE_NAMES.get(item.language, item.language),
                "language_name": language_name,
                "format": file_format,
                "mime_type": document.content_type,
                "label": item.label,
                # "French, PDF, 1.2 MB": what the button says after "Download".
                "details": ", ".join(
                    part for part in (language_name, file_format, cldr.format_file_size(size) if size else "") if part
                ),
            }
        )
    return items


@register.simple_tag
def related_resources(page):
    """Live, public related resources, in the visitor's language where translated."""
    return page.public_related_resources()


def _library_for(page, request):
    """The library index a thematic area page's feed comes from: same site, same language."""
    from library.models import LibraryIndexPage

    site = Site.find_for_request(request) if request is not None else page.get_site()
    libraries = LibraryIndexPage.objects.live().public().filter(locale_id=page.locale_id)
    if site is not None:
        libraries = libraries.descendant_of(site.root_page, inclusive=False)
    return libraries.order_by("collection_id", "path").first()


@register.simple_tag(takes_context=True)
def feed_link(context, page):
    """(feed URL, title) for the `<link rel="alternate">` of a library or thematic area page."""
    from hub.models import ThematicAreaPage
    from library.feeds import ResourceFeed
    from library.models import LibraryIndexPage

    request = context.get("request")
    specific = getattr(page, "specific_deferred", page)
    area = None
    if isinstance(specific, LibraryIndexPage):
        library = specific
    elif isinstance(specific, ThematicAreaPage):
        library = _library_for(specific, request)
        area = specific.area.source_term
    else:
        return None
    if library is None:
        return None
    url = library.get_url(request) + "feed/"
    title = ResourceFeed().title({"library": library, "area": area})
    return {"url": f"{url}?area={area.slug}" if area else url, "title": title}


@register.simple_tag(takes_context=True)
def export_links(context, page):
    """(format label, URL) for the library listing's exports."""
    base = page.get_url(context.get("request")) + "export/?format="
    return [("CSV", base + "csv"), ("JSON", base + "json"), ("RIS", base + "ris"), ("BibTeX", base + "bibtex")]


@register.simple_tag
def meta_tags(pairs):
    """`<meta name=… content=…>` lines, escaped."""
    return mark_safe(  # noqa: S308 - format_html escapes every value
        "\n".join(format_html('<meta name="{}" content="{}">', name, value) for name, value in pairs)
    )


@register.simple_tag
def collection_resources(library, limit=6):
    """The newest resources a library index lists (its collection's, for the GMP hub)."""
    return list(library.get_resources()[:limit])
