"""Template helpers for the public site: navigation, languages, breadcrumbs and dates.

Templates only print values; these tags resolve pages in the visitor's locale and
format dates the way each language writes them.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import formats, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page, Site

register = template.Library()

# Native names of the six UN languages, independent of the active language.
NATIVE_NAMES = dict(settings.LANGUAGES)


def _request(context):
    return context.get("request")


def _site(context):
    request = _request(context)
    return Site.find_for_request(request) if request is not None else None


def _is_page(value):
    return isinstance(value, Page)


@register.simple_tag(takes_context=True)
def site_home(context):
    """The home page of the current site in the visitor's language (live), or None."""
    request = _request(context)
    if request is None:
        return None
    if not hasattr(request, "_hub_site_home"):
        site = Site.find_for_request(request)
        request._hub_site_home = site.root_page.localized.specific if site else None
    return request._hub_site_home


def _menu_item(page, request, current, label=""):
    """A menu entry for a page, resolved to the active locale's live translation."""
    localized = page.localized
    if not localized.live:
        return None
    # An editor's label is written in the source language; other locales show the
    # translated page title instead, so the menu never mixes languages.
    use_label = label and localized.locale_id == page.locale_id
    state = ""
    if current is not None:
        if current.pk == localized.pk:
            state = "page"
        elif current.path.startswith(localized.path):
            state = "true"
    return {
        "url": localized.get_url(request),
        "label": label if use_label else localized.title,
        "current": state,
    }


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Main navigation from SiteSettings.main_menu, or the home page's menu children."""
    from hub.models import SiteSettings

    request = _request(context)
    current = context.get("page") if _is_page(context.get("page")) else None
    items = []
    if request is not None:
        for block in SiteSettings.for_request(request).main_menu:
            value = block.value
            if value.get("page"):
                item = _menu_item(value["page"], request, current, value.get("label") or "")
            else:
                item = {"url": value.get("url"), "label": value.get("label"), "current": ""}
            if item and item["url"]:
                items.append(item)
        if not items:
            home = site_home(context)
            if home is not None:
                for child in home.get_children().live().public().in_menu():
                    item = _menu_item(child, request, current)
                    if item:
                        items.append(item)
    return {"items": items}


@register.simple_tag(takes_context=True)
def footer_menu(context):
    """Footer links from SiteSettings.footer_links, resolved like the main menu."""
    from hub.models import SiteSettings

    request = _request(context)
    if request is None:
        return []
    items = []
    for block in SiteSettings.for_request(request).footer_links:
        value = block.value
        if value.get("page"):
            item = _menu_item(value["page"], request, None, value.get("label") or "")
        else:
            item = {"url": value.get("url"), "label": value.get("label"), "current": ""}
        if item and item["url"]:
            items.append(item)
    return items


def _live_translations(page):
    if not _is_page(page) or not page.pk:
        return []
    return list(page.get_translations(inclusive=True).live().public().select_related("locale"))


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per site language: the current page's translation there, else that home.

    Pages without a Wagtail page (search, 404) keep their path in the other language
    when Django can translate it.
    """
    request = _request(context)
    page = context.get("page")
    active = translation.get_language()
    translations = {}
    for other in _live_translations(page):
        url = other.get_url(request)
        if url:  # None when the translation is not routable under any site
            translations[other.locale.language_code] = url
    links = []
    for code, name in settings.LANGUAGES:
        url = translations.get(code)
        if url is None and not _is_page(page) and request is not None:
            translated = translate_url(request.get_full_path(), code)
            if translated != request.get_full_path() or code == active:
                url = translated
        links.append(
            {
                "code": code,
                "name": NATIVE_NAMES.get(code, name),
                "url": url or f"/{code}/",
                "current": code == active,
                "exists": url is not None,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """(language code, absolute URL) of each live translation, for hreflang alternates."""
    request = _request(context)
    pages = _live_translations(context.get("page"))
    links = [(other.locale.language_code, other.get_full_url(request)) for other in pages]
    return [(code, url) for code, url in links if url]


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None):
    """Ancestors from the site's home page down, then the current page."""
    page = page or context.get("page")
    site = _site(context)
    if not _is_page(page) or site is None:
        return {"crumbs": [], "page": None}
    root_depth = site.root_page.depth
    crumbs = list(page.get_ancestors().filter(depth__gte=root_depth).specific(defer=True))
    if not crumbs:
        return {"crumbs": [], "page": None}
    return {"crumbs": crumbs, "page": page, "home_depth": root_depth, "request": _request(context)}


@register.filter
def fulldate(value):
    """A date as the visitor's language writes it in full: "8 July 2020", "8 juillet 2020"."""
    if not value:
        return ""
    # English is "30 October 2023" through exchange_platform/formats/en/formats.py.
    return formats.date_format(value, "DATE_FORMAT")


@register.filter
def shorttime(value):
    """A time of day; 24-hour in English, as UN meeting schedules are written."""
    if value in (None, ""):
        return ""
    return formats.time_format(value, "TIME_FORMAT")


@register.simple_tag
def daterange(start, end=None):
    """ "30 October – 3 November 2023", or one date when the range is a single day."""
    if not start:
        return ""
    if not end or end == start:
        return fulldate(start)
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    # Languages that write day-month-year can share the year (and month) across the range.
    first_formats = {"en": "j F", "fr": "j F", "es": r"j \d\e F"}
    if language in first_formats and start.year == end.year:
        if start.month == end.month:
            return f"{start.day}\u2013{fulldate(end)}"
        return f"{formats.date_format(start, first_formats[language])} \u2013 {fulldate(end)}"
    return f"{fulldate(start)} \u2013 {fulldate(end)}"


@register.filter
def resource_date(resource):
    """A resource's publication date to the precision it is known, localised."""
    value = getattr(resource, "publication_date", None)
    if not value:
        return ""
    precision = getattr(resource, "date_precision", "day")
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return fulldate(value)


def _live_in_locale(queryset):
    """The live page in the active locale, else the one in the default locale."""
    pages = list(queryset.live().public().select_related("locale"))
    if not pages:
        return None
    active = translation.get_language()
    for wanted in (active, Locale.get_default().language_code):
        for page in pages:
            if page.locale.language_code == wanted:
                return page
    return pages[0]


@register.simple_tag
def term_page(term):
    """The live page presenting a taxonomy term (a thematic area's page, a country's profile).

    Uses the reverse relations `ThematicArea.pages` and `Country.profiles`; None when
    there is no page, so templates print the name without a link.
    """
    if term is None:
        return None
    source = getattr(term, "source_term", term)
    for accessor in ("pages", "profiles"):
        manager = getattr(source, accessor, None)
        if manager is not None:
            return _live_in_locale(manager.all())
    return None


@register.filter
def localized_name(term):
    """A taxonomy term's name in the visitor's language (falls back to the source name)."""
    if term is None:
        return ""
    return getattr(term.localized, "name", str(term))


@register.filter
def verbose_name(page):
    """The page type as visitors read it ("event page" → "Event page")."""
    meta = getattr(page, "_meta", None)
    if meta is None:
        return ""
    name = str(meta.verbose_name)
    return name[:1].upper() + name[1:]


@register.simple_tag
def page_kind_label(page):
    """A short, visitor-facing label for a search result's kind."""
    kind = getattr(page, "search_kind", None)
    labels = {
        "resource": _("Library resource"),
        "topic": _("Topic"),
        "thematic-area": _("Thematic area"),
        "country": _("Party profile"),
        "meeting": _("Meeting"),
        "event": _("Event"),
        "news": _("News"),
        "partner": _("Partner"),
    }
    return labels.get(kind) or verbose_name(page)


@register.filter
def file_size(document):
    """A document's size in bytes, from the stored field or the file itself."""
    size = getattr(document, "file_size", None)
    if size:
        return size
    try:
        return document.file.size
    except (OSError, ValueError, AttributeError):
        return None


@register.filter
def language_names(codes):
    """ISO 639-1 codes as language names in the visitor's language, comma-separated."""
    from hub.models.languages import UN_LANGUAGES

    names = dict(UN_LANGUAGES)
    return ", ".join(str(names.get(code, code)) for code in codes or [])


@register.filter
def breakable(value):
    """Let long UN symbols (UNEP/MC/COP.5/17/Add.1) wrap after each slash on narrow screens."""
    if not value:
        return value
    return mark_safe(escape(str(value)).replace("/", "/<wbr>"))  # noqa: S308 - escaped above


@register.filter
def iframe_title(html, title):
    """Give an embedded player's iframe an accessible name (embed providers rarely do)."""
    html = str(html or "")
    if not html or "<iframe" not in html or " title=" in html.split("<iframe", 1)[1].split(">", 1)[0]:
        return mark_safe(html)  # noqa: S308 - HTML from Wagtail's embed finder
    return mark_safe(html.replace("<iframe", f'<iframe title="{escape(title)}"', 1))  # noqa: S308
