"""The twelve priority areas: a written summary plus sections filled from tagged content."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from hub.blocks import BaseStreamBlock
from hub.localization import TIEBREAK
from hub.localize.fields import TranslatableField, fixed
from hub.ordering import undated_last

from .base import BasePage
from .tagging import DECISION_AND_DOCUMENT_TYPES, live_resources_for, split_events, tagged


class ThematicAreaIndexPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Shown above the list of areas."))

    parent_page_types = ["hub.HomePage"]
    subpage_types = ["hub.ThematicAreaPage"]
    max_count_per_parent = 1

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("intro"),
    ]

    class Meta:
        verbose_name = _("thematic area index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["areas"] = (
            ThematicAreaPage.objects.child_of(self)
            .live()
            .public()
            .filter(locale_id=self.locale_id)
            .select_related("area")
            .order_by("area__sort_order", "path")
        )
        return context


class ThematicAreaPage(BasePage):
    """One priority area. Editors write the summary; every other section fills itself from
    content tagged with the area (only live, public pages in the page's language)."""

    area = models.ForeignKey(
        "hub.ThematicArea",
        on_delete=models.PROTECT,
        related_name="pages",
        help_text=_("The area this page presents; tagged content appears here automatically."),
    )
    summary = RichTextField(
        _("topic summary"),
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("What the area covers and why it matters, for a non-specialist."),
    )
    body = StreamField(BaseStreamBlock(), blank=True, help_text=_("Optional further sections."))

    parent_page_types = ["hub.ThematicAreaIndexPage"]
    subpage_types = []
    search_kind = "thematic-area"

    content_panels = BasePage.content_panels + [FieldPanel("area"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=1.5),
        index.SearchField("body"),
        index.RelatedFields("area", [index.SearchField("name", boost=2), index.FilterField("slug")]),
    ]

    translatable_fields = [
        *BasePage.translatable_fields,
        *fixed("area"),
        TranslatableField("summary"),
        TranslatableField("body"),
    ]

    class Meta:
        verbose_name = _("thematic area page")

    def automatic_sections(self):
        """Everything tagged with this area, in this page's locale, grouped the way a visitor reads it.

        Selected on the source-locale pages, which carry the tags (hub/localization.py).
        """
        area, locale = self.area, self.locale
        events = tagged(area, "eventpage_set", locale)
        intersessional = events.filter(event_type="intersessional")
        upcoming, past = split_events(events.exclude(event_type="intersessional"))
        news = tagged(area, "newspage_set", locale).order_by(*undated_last("-date"), TIEBREAK)[:5]
        source = area.source_term
        return {
            "decisions_and_documents": live_resources_for(area, locale=locale, types=DECISION_AND_DOCUMENT_TYPES),
            "resources": live_resources_for(area, limit=10, locale=locale, exclude_types=DECISION_AND_DOCUMENT_TYPES),
            "upcoming_events": list(upcoming[:5]),
            "past_events": list(past[:5]),
            "intersessional": list(intersessional.order_by(*undated_last("-start_date", "-start_time"), TIEBREAK)[:5]),
            "news": list(news),
            "articles": list(source.articles.all()),
            "gmp_areas": list(source.gmp_areas.all()),
            "topics": list(tagged(area, "topicpage_set", locale).order_by("path")[:10]),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.automatic_sections())
        return context
