"""Template helpers for the search page."""

import html
import re
from functools import lru_cache

from django import template
from django.utils import numberformat
from django.utils.formats import get_format
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


@lru_cache(maxsize=4096)
def _value_id(name, value):
    """The checkbox's id: facet values are few and repeat on every page."""
    return html.escape(f"f-{name}-{slugify(value)}")


@register.simple_tag
def facet_values(name, values):
    """One facet's checkboxes as <li> items, built here rather than by an {% include %} per value.

    A facet such as Country lists a couple of hundred values and the page prints every one (the
    rest behind "Show all"): one include each cost most of the page's rendering time. The markup
    is what search/includes/facet_value.html printed. Text is escaped with the standard library's
    `html.escape`, which Django's `escape` wraps, and counts are formatted with the active
    language's number format read once per facet, not once per value.
    """
    results = html.escape(_("results"))
    field = html.escape(name)
    number = {
        "decimal_sep": get_format("DECIMAL_SEPARATOR"),
        "grouping": get_format("NUMBER_GROUPING"),
        "thousand_sep": get_format("THOUSAND_SEPARATOR"),
        "force_grouping": False,
        "use_l10n": True,
    }
    items = []
    for value in values:
        identifier = _value_id(name, value.value)
        checked = " checked" if value.selected else ""
        count = numberformat.format(value.count, **number)
        items.append(
            f'\n    <li class="facet-value"><input type="checkbox" id="{identifier}" name="{field}" '
            f'value="{html.escape(str(value.value))}"{checked} data-auto-submit> <label for="{identifier}">'
            f"{html.escape(str(value.label))} "
            f'<span class="count">({count}<span class="visually-hidden"> {results}</span>)</span>'
            "</label></li>"
        )
    return mark_safe("".join(items))  # noqa: S308 - every value escaped above
