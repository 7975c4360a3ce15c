"""Template helpers for the search page."""

import re

from django import template
from django.utils.safestring import mark_safe

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
