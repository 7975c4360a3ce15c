"""Template helpers for the search page."""

import re

from django import template
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

register = template.Library()

_MARK = re.compile(r"(</?mark>)")


@register.filter
def highlight(hit):
    """A result's snippet with its <mark> tags, and nothing else of HTML.

    The engines escape the document's text and the visitor's words and add only <mark>; this
    is the one place the page trusts markup from a result, so it checks that promise again:
    any other `<` or `>` is escaped (entities already in the text are left as they are).
    """
    text = getattr(hit, "highlight", "") or ""
    parts = _MARK.split(text)
    cleaned = [part if _MARK.fullmatch(part) else part.replace("<", "&lt;").replace(">", "&gt;") for part in parts]
    return mark_safe("".join(cleaned))  # noqa: S308 - only <mark> tags survive, see above


@register.simple_tag
def facet_values(name, values):
    """One facet's checkboxes as <li> items, built here rather than by an {% include %} per value.

    A facet such as Country lists a couple of hundred values and the page prints every one (the
    rest behind "Show all"): one include each cost most of the page's rendering time. The markup
    is what search/includes/facet_value.html printed.
    """
    results = escape(_("results"))
    items = []
    for value in values:
        identifier = escape(f"f-{name}-{slugify(value.value)}")
        checked = " checked" if value.selected else ""
        items.append(
            f'\n    <li class="facet-value"><input type="checkbox" id="{identifier}" name="{escape(name)}" '
            f'value="{escape(value.value)}"{checked} data-auto-submit> <label for="{identifier}">{escape(value.label)} '
            f'<span class="count">({localize(value.count)}<span class="visually-hidden"> {results}</span>)</span>'
            "</label></li>"
        )
    return mark_safe("".join(items))  # noqa: S308 - every value escaped above
