"""The home page: the front door of each locale's tree."""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField

from hub.blocks import BaseStreamBlock
from hub.localization import TIEBREAK
from hub.localize.fields import TranslatableField
from hub.ordering import undated_last

from .base import BasePage


def _optional_model(app_label, model_name):
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


class HomePage(BasePage):
    """Entry points to the pillars, priority areas, library, Parties, meetings, events and news.

    Index pages of higher layers (the library) attach themselves here through their own
    `parent_page_types`; every hub type under the home page names HomePage as its parent.
    """

    hero_heading = models.CharField(
        _("hero heading"), max_length=255, help_text=_("The large statement at the top of the home page.")
    )
    hero_text = models.TextField(_("hero text"), blank=True, help_text=_("One or two sentences under the heading."))
    body = StreamField(BaseStreamBlock(), blank=True, help_text=_("Optional extra sections below the entry points."))

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
        verbose_name = _("home page")

    def _first_child(self, model):
        return model.objects.child_of(self).live().public().filter(locale_id=self.locale_id).first()

    def get_context(self, request, *args, **kwargs):
        from .countries import CountryIndexPage
        from .events import EventIndexPage, EventPage
        from .meetings import MeetingIndexPage
        from .news import NewsIndexPage, NewsPage
        from .pillars import PillarPage
        from .thematic import ThematicAreaIndexPage, ThematicAreaPage

        context = super().get_context(request, *args, **kwargs)
        # Every list is of this home page's own locale (its tree holds translations and aliases).
        live = {"locale_id": self.locale_id}
        context["pillars"] = PillarPage.objects.child_of(self).live().public().filter(**live)
        context["thematic_index"] = self._first_child(ThematicAreaIndexPage)
        context["thematic_areas"] = (
            ThematicAreaPage.objects.descendant_of(self)
            .live()
            .public()
            .filter(**live)
            .select_related("area")
            .order_by("area__sort_order", TIEBREAK)
        )
        context["country_index"] = self._first_child(CountryIndexPage)
        context["meeting_index"] = self._first_child(MeetingIndexPage)
        context["event_index"] = self._first_child(EventIndexPage)
        context["news_index"] = self._first_child(NewsIndexPage)
        events = EventPage.objects.descendant_of(self).live().public().filter(**live)
        context["upcoming_events"] = events.upcoming()[:3]
        context["latest_news"] = (
            NewsPage.objects.descendant_of(self)
            .live()
            .public()
            .filter(**live)
            .order_by(*undated_last("-date"), TIEBREAK)[:3]
        )
        # The library lives one floor up; reach its pages by model name without importing it.
        library_index_model = _optional_model("library", "LibraryIndexPage")
        context["library_index"] = (
            library_index_model.objects.child_of(self).live().public().filter(**live).first()
            if library_index_model
            else None
        )
        context["latest_resources"] = self._latest_resources()
        return context

    def _latest_resources(self, limit=4):
        resource_model = _optional_model("library", "ResourcePage")
        if resource_model is None:
            return []
        return list(
            resource_model.objects.descendant_of(self)
            .live()
            .public()
            .filter(locale_id=self.locale_id)
            .select_related("resource_type")
            .order_by(*undated_last("-publication_date"), TIEBREAK)[:limit]
        )
