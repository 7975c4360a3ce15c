"""Template helpers for the public site: navigation, languages, breadcrumbs and dates.

Templates only print values; these tags resolve pages in the visitor's locale and
format dates the way each language writes them.
"""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import conditional_escape, escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

from hub import cldr
from hub.content_language import (
    canonical_page,
    content_language,
    hreflang_alternates,
    lang_attributes,
    real_translations,
    untranslated_notice_context,
)
from hub.localization import in_locale
from hub.menus import menu_item, menu_items

register = template.Library()

# Native names of the six UN languages from CLDR ("Français", "العربية", "中文"), independent of
# the active language: a visitor finds their language in the switcher whatever page they are on.
NATIVE_NAMES = {code: cldr.native_language_name(code) for code, _name in settings.LANGUAGES}


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


@register.simple_tag(takes_context=True)
def site_texts(context):
    """The current site's texts (title, tagline, organisation, footer) in the visitor's language.

    Falls back to the default locale's texts while the language has none; None without a request.
    """
    from hub.models import SiteTexts

    request = _request(context)
    return SiteTexts.for_request(request) if request is not None else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Main navigation from the site's texts in the visitor's language, or the home page's menu children."""
    request = _request(context)
    current = context.get("page") if _is_page(context.get("page")) else None
    items = []
    if request is not None:
        items = menu_items(request, site_texts(context), "main_menu", current)
        if not items:
            home = site_home(context)
            if home is not None:
                for child in home.get_children().live().public().in_menu():
                    item = menu_item(child, request, current)
                    if item:
                        items.append(item)
    return {"items": items}


@register.simple_tag(takes_context=True)
def footer_menu(context):
    """Footer links from the site's texts in the visitor's language, resolved like the main menu."""
    request = _request(context)
    if request is None:
        return []
    return menu_items(request, site_texts(context), "footer_links", None)


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
    """(hreflang, absolute URL) of each real translation, then x-default: the source's.

    Aliases are left out: they repeat the source's text, and their canonical link names it.
    The sitemap lists the same alternates (hub/sitemaps.py).
    """
    page = context.get("page")
    if not _is_page(page):
        return []
    return hreflang_alternates(real_translations(page), _request(context))


@register.simple_tag(takes_context=True)
def canonical_url(context, page):
    """The absolute URL search engines should index: the source page's while this is an alias."""
    if not _is_page(page):
        return ""
    url = canonical_page(page).get_full_url(_request(context)) or ""
    request = _request(context)
    number = request.GET.get("page") if request is not None else None
    if url and number and number != "1" and not page.alias_of_id:
        url += "?" + urlencode({"page": number})
    return url


@register.filter
def lang_attrs(page):
    """` lang="en" dir="ltr"` on an element holding a page's text written in another language.

    Empty when the text is in the visitor's language. Use on the element that holds the text
    (a title, a summary, a body), not on interface text around it.
    """
    if not _is_page(page):
        return ""
    attributes = lang_attributes(content_language(page))
    return format_html_join("", ' {}="{}"', attributes.items())


@register.filter
def text_lang_attrs(language_code):
    """` lang="en" dir="ltr"` for text known to be written in `language_code` (a locale code)."""
    return format_html_join("", ' {}="{}"', lang_attributes(language_code).items())


@register.inclusion_tag("includes/untranslated_notice.html", takes_context=True)
def untranslated_notice(context, page=None):
    """A notice on untranslated text: the language it is in and links to the real translations."""
    page = page or context.get("page")
    if not _is_page(page):
        return {"show": False}
    return untranslated_notice_context(page, _request(context))


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
    """A date as the visitor's language writes it in full (CLDR): "8 July 2020", "8 juillet 2020"."""
    if not value:
        return ""
    return cldr.format_date(value)


@register.filter
def shorttime(value):
    """A time of day, 24-hour in every language, as UN meeting schedules are written."""
    if value in (None, ""):
        return ""
    return cldr.format_time(value)


@register.simple_tag
def daterange(start, end=None):
    """ "30 October – 3 November 2023", or one date when the range is a single day (CLDR intervals)."""
    if not start:
        return ""
    return cldr.format_date_range(start, end)


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
        return cldr.format_year_month(value)
    return fulldate(value)


@register.filter
def number(value, decimals=None):
    """A count or amount with the visitor's separators, Western digits: 1,234 · 1 234 · 1.234."""
    if value in (None, ""):
        return ""
    try:
        return cldr.format_number(value, decimals=int(decimals) if decimals not in (None, "") else None)
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.filter
def money(value, currency="USD"):
    """A money amount in whole units as the visitor's language writes it: "US$1,250,000"."""
    if value in (None, ""):
        return ""
    try:
        return cldr.format_money(value, currency or "USD")
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.filter
def filesize(value):
    """A size in bytes with the visitor's unit names: "1.2 MB", "1,2 Mo", "1,2 МБ"."""
    if value in (None, ""):
        return ""
    try:
        return cldr.format_file_size(value)
    except (TypeError, ValueError, ArithmeticError):
        return value


def _live_in_locale(queryset, locale=None):
    """The first live, public page of `queryset` in `locale` (None: the active language), or None.

    Selected on the source-locale pages, whose links are set, and mapped to the locale
    (hub/localization.py): never another locale's page.
    """
    return in_locale(queryset, locale).order_by("path").first()


@register.simple_tag(takes_context=True)
def term_page(context, term):
    """The live page presenting a taxonomy term (a thematic area's page, a country's profile),
    in the locale of the page being shown (else the visitor's language).

    Uses the reverse relations `ThematicArea.pages`, `GMPArea.pages` and `Country.profiles`;
    None when there is no such page in that locale, so templates print the name without a link.
    """
    if term is None:
        return None
    source = getattr(term, "source_term", term)
    page = context.get("page")
    locale = page.locale if _is_page(page) else None
    for accessor in ("pages", "profiles"):
        manager = getattr(source, accessor, None)
        if manager is not None:
            return _live_in_locale(manager.all(), locale)
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
    """ISO 639-1 codes as language names in the visitor's language, listed as it lists (CLDR)."""
    return cldr.format_list(cldr.language_name(code) for code in codes or [])


@register.filter
def listed(items, attribute=None):
    """Items (text, or safe HTML such as links) joined as the visitor's language lists them (CLDR).

    With an attribute name, that attribute of each item: `{{ articles|listed:"symbol" }}`.
    """
    values = [getattr(item, attribute) if attribute else item for item in items or []]
    return mark_safe(cldr.format_list(conditional_escape(value) for value in values))  # noqa: S308 - escaped


@register.filter
def breakable(value):
    """A UN symbol (UNEP/MC/COP.5/17/Add.1) that wraps after each slash on narrow screens.

    Isolated in <bdi>, so inside Arabic text its slashes and digits keep their left-to-right order.
    """
    if not value:
        return value
    return mark_safe("<bdi>" + escape(str(value)).replace("/", "/<wbr>") + "</bdi>")  # noqa: S308 - escaped above


@register.filter
def iframe_title(html, title):
    """Give an embedded player's iframe an accessible name (embed providers rarely do)."""
    html = str(html or "")
    if not html or "<iframe" not in html or " title=" in html.split("<iframe", 1)[1].split(">", 1)[0]:
        return mark_safe(html)  # noqa: S308 - HTML from Wagtail's embed finder
    return mark_safe(html.replace("<iframe", f'<iframe title="{escape(title)}"', 1))  # noqa: S308
