"""BasePage composes the mixins; it adds no behaviour of its own."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

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
    # The slug stays the same in every language, so /fr/… mirrors /en/… (contracts §2).
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta:
        abstract = True
