"""The four knowledge pillars and their topic pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from hub.api_fields import TermField
from hub.blocks import BaseStreamBlock
from hub.localize.fields import TranslatableField, fixed

from .base import BasePage
from .mixins import TaxonomyFields


class PillarPage(BasePage):
    """Scientific, technical, legal or implementation knowledge; parent of topic pages."""

    pillar = models.ForeignKey(
        "hub.Pillar", on_delete=models.PROTECT, related_name="+", help_text=_("The pillar this page presents.")
    )
    intro = models.TextField(_("introduction"), help_text=_("What this pillar covers, in two or three sentences."))
    body = StreamField(BaseStreamBlock(), blank=True)

    parent_page_types = ["hub.HomePage"]
    subpage_types = ["hub.TopicPage"]
    search_kind = "topic"

    content_panels = BasePage.content_panels + [FieldPanel("pillar"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    translatable_fields = [
        *BasePage.translatable_fields,
        *fixed("pillar"),
        TranslatableField("intro"),
        TranslatableField("body"),
    ]
    api_fields = [*BasePage.api_fields, APIField("pillar", serializer=TermField()), APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("pillar page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = TopicPage.objects.child_of(self).live().public().filter(locale_id=self.locale_id)
        return context


class TopicPage(TaxonomyFields, BasePage):
    """A topic within a pillar, e.g. the effectiveness evaluation or national reporting."""

    intro = models.TextField(_("introduction"), blank=True, help_text=_("A short lead paragraph."))
    body = StreamField(BaseStreamBlock(), help_text=_("The topic's content."))

    parent_page_types = ["hub.PillarPage"]
    subpage_types = []
    search_kind = "topic"

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    settings_panels = BasePage.settings_panels
    promote_panels = BasePage.promote_panels + TaxonomyFields.taxonomy_panels
    search_fields = (
        BasePage.search_fields
        + TaxonomyFields.search_fields
        + [index.SearchField("intro", boost=1.5), index.SearchField("body")]
    )

    translatable_fields = [
        *BasePage.translatable_fields,
        *TaxonomyFields.translatable_fields,
        TranslatableField("intro"),
        TranslatableField("body"),
    ]
    api_fields = [*BasePage.api_fields, APIField("intro"), APIField("body"), *TaxonomyFields.api_fields]

    class Meta:
        verbose_name = _("topic page")
