"""News."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from hub.blocks import BaseStreamBlock
from hub.localization import TIEBREAK
from hub.localize.fields import SynchronizedField, TranslatableField, fixed
from hub.ordering import undated_last

from .base import BasePage
from .mixins import TaxonomyFields


class NewsIndexPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["hub.HomePage"]
    subpage_types = ["hub.NewsPage"]
    max_count_per_parent = 1
    per_page = 10

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("intro"),
    ]

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = (
            NewsPage.objects.child_of(self)
            .live()
            .public()
            .filter(locale_id=self.locale_id)
            .order_by(*undated_last("-date"), TIEBREAK)
        )
        try:
            context["news"] = Paginator(news, self.per_page).page(request.GET.get("page", 1))
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404(_("No such page of news.")) from error
        return context


class NewsPage(TaxonomyFields, BasePage):
    date = models.DateField(_("date"), default=timezone.localdate, help_text=_("Date of the news item."))
    intro = models.TextField(_("introduction"), help_text=_("The news in one or two sentences."))
    body = StreamField(BaseStreamBlock(), blank=True)
    meeting = models.ForeignKey(
        "hub.MeetingPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_items",
        help_text=_("The meeting this news is about; it is then listed on the meeting's page."),
    )

    parent_page_types = ["hub.NewsIndexPage"]
    subpage_types = []
    search_kind = "news"

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("meeting"),
    ]
    promote_panels = BasePage.promote_panels + TaxonomyFields.taxonomy_panels
    search_fields = (
        BasePage.search_fields
        + TaxonomyFields.search_fields
        + [index.SearchField("intro", boost=1.5), index.SearchField("body"), index.FilterField("date")]
    )

    translatable_fields = [
        *BasePage.translatable_fields,
        *TaxonomyFields.translatable_fields,
        SynchronizedField("date"),
        TranslatableField("intro"),
        TranslatableField("body"),
        *fixed("meeting"),
    ]

    class Meta:
        verbose_name = _("news page")
