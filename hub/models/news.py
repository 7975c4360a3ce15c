"""News."""

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from hub.api_fields import MeetingField
from hub.blocks import BaseStreamBlock
from hub.localization import TIEBREAK, page_in_locale, source_version
from hub.localize.choosers import source_locale_only
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
    api_fields = [*BasePage.api_fields, APIField("intro")]

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


class NewsPageForm(WagtailAdminPageForm):
    """The meeting picker offers source-locale meetings only, newest first.

    News are linked to the source meeting, like library documents (hub/localization.py): a link
    to a French alias would be missed by the meeting's news section in every other locale.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("meeting")
        if field is not None:
            field.queryset = source_locale_only(field.queryset.model.objects.all()).order_by("-start_date", "pk")
            field.label_from_instance = lambda meeting: f"{meeting.short_name}: {meeting.title}"


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
        # A short list of meetings: a plain select (no modal, no locale switcher) of source meetings.
        FieldPanel("meeting", widget=forms.Select),
    ]
    base_form_class = NewsPageForm
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
    api_fields = [
        *BasePage.api_fields,
        APIField("date"),
        APIField("intro"),
        APIField("body"),
        APIField("meeting", serializer=MeetingField()),
        *TaxonomyFields.api_fields,
    ]

    class Meta:
        verbose_name = _("news page")

    def meeting_in_locale(self):
        """The meeting this news is about, in this page's locale (live and public), or None.

        Read on the source-locale news, where the link is decided (a translation may lag).
        """
        source = source_version(self)
        meeting = source.meeting if source.meeting_id else None
        return page_in_locale(meeting, self.locale) if meeting else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["meeting"] = self.meeting_in_locale()
        return context
