"""The Global Mercury Partnership knowledge hub: a second Wagtail site with its own root.

Its library is a library.LibraryIndexPage showing collection `gmp`; resources are stored once
(under the Minamata library) and keep one canonical URL.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from hub.api_fields import TermField
from hub.blocks import BaseStreamBlock
from hub.localization import TIEBREAK
from hub.localize.fields import TranslatableField, fixed

from .base import BasePage
from .tagging import live_resources_for


class GMPHomePage(BasePage):
    """Front door of the GMP hub: its partnership areas and its library."""

    hero_heading = models.CharField(_("hero heading"), max_length=255, help_text=_("The large statement on top."))
    hero_text = models.TextField(_("hero text"), blank=True, help_text=_("One or two sentences under the heading."))
    body = StreamField(BaseStreamBlock(), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    content_panels = BasePage.content_panels + [FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("body")]

    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("hero_heading"),
        TranslatableField("hero_text"),
        TranslatableField("body"),
    ]
    api_fields = [*BasePage.api_fields, APIField("hero_heading"), APIField("hero_text"), APIField("body")]

    class Meta:
        verbose_name = _("GMP home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["areas"] = (
            GMPAreaPage.objects.child_of(self)
            .live()
            .public()
            .filter(locale_id=self.locale_id)
            .select_related("gmp_area")
            .order_by("gmp_area__sort_order", TIEBREAK)
        )
        context["library_index"] = (
            self.get_children()
            .live()
            .public()
            .filter(locale_id=self.locale_id, content_type__app_label="library", content_type__model="libraryindexpage")
            .first()
        )
        return context


class GMPAreaPage(BasePage):
    """One partnership area: what it works on, and the library resources tagged with it."""

    gmp_area = models.ForeignKey(
        "hub.GMPArea", on_delete=models.PROTECT, related_name="pages", help_text=_("The partnership area presented.")
    )
    summary = RichTextField(
        _("summary"), features=["bold", "italic", "link", "ul", "ol"], help_text=_("What the area works on.")
    )
    body = StreamField(BaseStreamBlock(), blank=True)

    parent_page_types = ["hub.GMPHomePage"]
    subpage_types = []
    search_kind = "topic"

    content_panels = BasePage.content_panels + [FieldPanel("gmp_area"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    translatable_fields = [
        *BasePage.translatable_fields,
        *fixed("gmp_area"),
        TranslatableField("summary"),
        TranslatableField("body"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("gmp_area", serializer=TermField()),
        APIField("summary"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("GMP partnership area page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Resources are stored in the Minamata tree; they are shown in this page's locale.
        context["resources"] = live_resources_for(self.gmp_area, limit=20, locale=self.locale)
        return context
