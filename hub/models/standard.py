"""About, contact and legal pages."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from hub.blocks import BaseStreamBlock
from hub.localize.fields import TranslatableField

from .base import BasePage


class StandardPage(BasePage):
    body = StreamField(BaseStreamBlock())

    parent_page_types = ["hub.HomePage", "hub.GMPHomePage", "hub.StandardPage"]
    subpage_types = ["hub.StandardPage"]
    search_kind = "topic"

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("body"),
    ]
    api_fields = [*BasePage.api_fields, APIField("body")]

    class Meta:
        verbose_name = _("standard page")
