"""BasePage composes the mixins; it adds no behaviour of its own."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from hub.localize.fields import SynchronizedField, TranslatableField, fixed

from .mixins import ListingFields


class BasePage(ListingFields, Page):
    """Abstract parent of every public page type.

    `search_kind` names the `kind` facet value of contracts §3 ("topic", "event", …);
    None keeps a page type out of the kind facet (index pages).
    """

    search_kind = None

    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description")],
            heading=_("For search engines"),
        ),
        *ListingFields.listing_panels,
        FieldPanel("show_in_menus"),
    ]
    search_fields = Page.search_fields + ListingFields.search_fields + [index.FilterField("locale_id")]
    # Wagtail API v2 (/api/v2/pages/): every type starts from these (hub/api_fields.py).
    api_fields = [APIField("listing_title"), APIField("listing_summary")]
    # What wagtail-localize translates and what it copies, stated on every page type
    # (docs/translation.md; tests/test_translatable_fields.py checks every field has a decision).
    # The slug stays the same in every language, so /fr/… mirrors /en/… (contracts §2).
    translatable_fields = [
        TranslatableField("title"),
        *fixed("slug"),
        SynchronizedField("show_in_menus"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("listing_title"),
        TranslatableField("listing_summary"),
        SynchronizedField("listing_image"),
    ]

    class Meta:
        abstract = True
