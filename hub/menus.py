"""Menu entries from the site texts' menus (SiteTexts.main_menu, footer_links), per request.

Used by the `main_menu` and `footer_menu` template tags (hub_tags).
"""


def menu_item(page, request, current, label=""):
    """A menu entry for a page, resolved to the active locale's live translation.

    `label` is the menu's own label, given only when it is written in the active language;
    otherwise the page's title in that language is shown, so a menu never mixes languages.
    """
    localized = page.localized
    if not localized.live:
        return None
    state = ""
    if current is not None:
        if current.pk == localized.pk:
            state = "page"
        elif current.path.startswith(localized.path):
            state = "true"
    return {
        "url": localized.get_url(request),
        "label": label or localized.title,
        "current": state,
    }


def menu_items(request, texts, field, current):
    """The entries of one of SiteTexts' menus (`main_menu`, `footer_links`) for this request."""
    if texts is None:
        return []
    # Labels are written in the texts' language: shown only when that is the visitor's.
    own_labels = not texts.is_fallback
    items = []
    for block in getattr(texts, field):
        value = block.value
        label = (value.get("label") or "") if own_labels else ""
        if value.get("page"):
            item = menu_item(value["page"], request, current, label)
        else:
            item = {"url": value.get("url"), "label": value.get("label"), "current": ""}
        if item and item["url"] and item["label"]:
            items.append(item)
    return items
