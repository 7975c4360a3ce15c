"""The twelve priority areas: a written summary plus sections filled from tagged content."""

from django.db import models
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from hub.api_fields import TermField
from hub.blocks import BaseStreamBlock
from hub.localization import TIEBREAK
from hub.localize.fields import TranslatableField, fixed
from hub.ordering import undated_last

from .base import BasePage
from .intersessional import IntersessionalIndexPage
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
    api_fields = [*BasePage.api_fields, APIField("intro")]

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
    api_fields = [*BasePage.api_fields, APIField("area", serializer=TermField()), APIField("summary"), APIField("body")]

    class Meta:
        verbose_name = _("thematic area page")

    def automatic_sections(self):
        """Everything tagged with this area, in this page's locale, grouped the way a visitor reads it.

        Selected on the source-locale pages, which carry the tags (hub/localization.py). Events of
        every type (intersessional meetings too) are listed as events; "intersessional" holds the
        intersessional processes (hub/models/intersessional.py), which are work, not dates.
        """
        area, locale = self.area, self.locale
        upcoming, past = split_events(tagged(area, "eventpage_set", locale))
        news = tagged(area, "newspage_set", locale).order_by(*undated_last("-date"), TIEBREAK)[:5]
        processes = tagged(area, "intersessionalprocesspage_set", locale)
        decisions_and_documents = live_resources_for(area, locale=locale, types=DECISION_AND_DOCUMENT_TYPES)
        source = area.source_term
        return {
            "decisions_and_documents": decisions_and_documents,
            "decisions": [item for item in decisions_and_documents if item.resource_type.slug == "decision"],
            "documents": [item for item in decisions_and_documents if item.resource_type.slug != "decision"],
            "resources": live_resources_for(area, limit=10, locale=locale, exclude_types=DECISION_AND_DOCUMENT_TYPES),
            "upcoming_events": list(upcoming[:5]),
            "past_events": list(past[:5]),
            "intersessional": list(self._processes_in_order(processes)),
            "news": list(news),
            "articles": list(source.articles.all()),
            "gmp_areas": list(source.gmp_areas.all()),
            "topics": list(tagged(area, "topicpage_set", locale).order_by("path")[:10]),
        }

    @staticmethod
    def _processes_in_order(processes):
        """Processes under way first (latest mandate first), then concluded ones (latest end first)."""
        if processes is None:
            return []
        processes = list(processes.order_by(*undated_last("-start_date"), "title", TIEBREAK))
        return [p for p in processes if p.is_ongoing] + sorted(
            (p for p in processes if not p.is_ongoing), key=lambda p: p.end_date, reverse=True
        )

    def intersessional_index(self):
        """The intersessional work index of this page's site and locale, if there is a live one."""
        home_path = self.path[: self.steplen * 2]
        return (
            IntersessionalIndexPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id, path__startswith=home_path)
            .order_by("path")
            .first()
        )

    def search_links(self):
        """Library search URLs filtered by this area and a resource type: "everything on it"."""
        base = reverse("search")
        slug = self.area.source_term.slug
        return {
            "decision": f"{base}?{urlencode({'area': slug, 'type': 'decision'})}",
            "document": f"{base}?{urlencode({'area': slug, 'type': 'meeting-document'})}",
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.automatic_sections())
        context.update(intersessional_index=self.intersessional_index(), search_links=self.search_links())
        return context
