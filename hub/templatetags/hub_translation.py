"""Translation state of a page for templates (hub/localize/state.py).

{% load hub_translation %}
{% page_translation_state page as state %}   → "source", "alias", "translated" or "machine"
{% include "includes/machine_translation_notice.html" with page=page %}
"""

from django import template

from hub.localize.state import page_translation_state as _state

register = template.Library()


@register.simple_tag
def page_translation_state(page):
    return _state(page)


@register.simple_tag
def source_page(page):
    """The live page this one was translated from (the default locale's), or None."""
    from wagtail.models import Locale

    default = Locale.get_default()
    if page is None or page.locale_id == default.pk:
        return None
    return page.get_translations().filter(locale=default).live().first()
