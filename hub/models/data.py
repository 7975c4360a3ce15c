"""Facts and figures: the data page of charts computed from the site's own records."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField

from hub.blocks import BaseStreamBlock
from hub.charts import data_page_charts
from hub.localize.fields import TranslatableField

from .base import BasePage


class DataPage(BasePage):
    """Parties, projects and the library in numbers; every chart is drawn from live records."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, help_text=_("Optional notes shown below the charts."))

    parent_page_types = ["hub.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("intro"),
        TranslatableField("body"),
    ]
    api_fields = [*BasePage.api_fields, APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("facts and figures page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(data_page_charts())
        return context
