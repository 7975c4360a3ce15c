"""Events: Minamata Online sessions, webinars, meetings and intersessional work."""

import zoneinfo
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from hub.blocks import BaseStreamBlock
from hub.fields import ChoiceListField
from hub.localize.fields import SynchronizedField, TranslatableField, fixed

from .base import BasePage
from .languages import UN_LANGUAGES
from .mixins import TaxonomyFields
from .tagging import split_events


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone %(zone)s; use a name like Europe/Zurich."), params={"zone": value})


class EventQuerySet(PageQuerySet):
    def upcoming(self):
        return split_events(self)[0]

    def past(self):
        return split_events(self)[1]


class EventIndexPage(BasePage):
    """Upcoming events first, then the archive, ten to a page; filterable by type."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["hub.HomePage"]
    subpage_types = ["hub.EventPage"]
    max_count_per_parent = 1
    past_per_page = 10

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("intro"),
    ]
    api_fields = [*BasePage.api_fields, APIField("intro")]

    class Meta:
        verbose_name = _("event index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = EventPage.objects.child_of(self).live().public().filter(locale_id=self.locale_id)
        event_type = request.GET.get("type", "")
        if event_type in EventPage.EventType.values:
            events = events.filter(event_type=event_type)
        else:
            event_type = ""
        upcoming, past = split_events(events)
        paginator = Paginator(past, self.past_per_page)
        try:
            past_page = paginator.page(request.GET.get("page", 1))
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404(_("No such page of past events.")) from error
        context.update(
            upcoming_events=upcoming,
            past_events=past_page,
            event_types=EventPage.EventType.choices,
            selected_type=event_type,
        )
        return context


class EventPage(TaxonomyFields, BasePage):
    class EventType(models.TextChoices):
        MINAMATA_ONLINE = "minamata-online", _("Minamata Online session")
        WEBINAR = "webinar", _("Webinar")
        MEETING = "meeting", _("Meeting")
        INTERSESSIONAL = "intersessional", _("Intersessional activity")
        BRIEFING = "briefing", _("Briefing")
        PARTNERSHIP = "partnership", _("Partnership meeting")
        SIDE_EVENT = "side-event", _("Side event")
        OTHER = "other", _("Other")

    event_type = models.CharField(_("type of event"), max_length=20, choices=EventType.choices)
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Local time; leave empty for all-day.")
    )
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("Leave empty for a one-day event."))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("IANA name of the time zone the times are in, e.g. Europe/Zurich."),
    )
    location = models.CharField(_("location"), max_length=255, blank=True, help_text=_("Venue and city, or Online."))
    languages = ChoiceListField(
        _("languages"), choices_list=UN_LANGUAGES, help_text=_("Languages offered (interpretation or subtitles).")
    )
    organizers = models.CharField(_("organisers"), max_length=500, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True)
    registration_url = models.URLField(_("registration link"), blank=True, max_length=500)
    recording_url = models.URLField(_("recording link"), blank=True, max_length=500)

    objects = PageManager.from_queryset(EventQuerySet)()

    parent_page_types = ["hub.EventIndexPage"]
    subpage_types = []
    search_kind = "event"

    content_panels = BasePage.content_panels + [
        FieldPanel("event_type"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("time_zone"),
                FieldPanel("location"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("languages"),
        FieldPanel("organizers"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("registration_url"), FieldPanel("recording_url")], heading=_("Links")),
    ]
    promote_panels = BasePage.promote_panels + TaxonomyFields.taxonomy_panels
    search_fields = (
        BasePage.search_fields
        + TaxonomyFields.search_fields
        + [
            index.SearchField("intro"),
            index.SearchField("body"),
            index.SearchField("location"),
            index.FilterField("event_type"),
            index.FilterField("start_date"),
        ]
    )

    translatable_fields = [
        *BasePage.translatable_fields,
        *TaxonomyFields.translatable_fields,
        SynchronizedField("event_type"),
        SynchronizedField("start_date"),
        SynchronizedField("start_time"),
        SynchronizedField("end_date"),
        SynchronizedField("end_time"),
        *fixed("time_zone"),
        TranslatableField("location"),
        SynchronizedField("languages"),
        TranslatableField("organizers"),
        TranslatableField("intro"),
        TranslatableField("body"),
        SynchronizedField("registration_url"),
        SynchronizedField("recording_url"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("event_type"),
        APIField("start_date"),
        APIField("start_time"),
        APIField("end_date"),
        APIField("end_time"),
        APIField("time_zone"),
        APIField("location"),
        APIField("languages"),
        APIField("organizers"),
        APIField("intro"),
        APIField("body"),
        APIField("registration_url"),
        APIField("recording_url"),
        *TaxonomyFields.api_fields,
    ]

    class Meta:
        verbose_name = _("event page")

    def clean(self):
        super().clean()
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The event cannot end before it starts.")
        elif (
            self.start_time
            and self.end_time
            and self.end_time < self.start_time
            and (not self.end_date or self.end_date == self.start_date)
        ):
            errors["end_time"] = _("The event cannot end before it starts.")
        if self.end_time and not self.start_time:
            errors["start_time"] = _("Give a start time when you give an end time.")
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def starts_at(self):
        """Aware start, or None for an all-day event."""
        if self.start_time is None:
            return None
        return datetime.combine(self.start_date, self.start_time, tzinfo=self.zone)

    @property
    def ends_at(self):
        if self.end_time is None:
            return None
        return datetime.combine(self.end_date or self.start_date, self.end_time, tzinfo=self.zone)

    @property
    def is_upcoming(self):
        return (self.end_date or self.start_date) >= timezone.localdate()

    def get_languages_display(self):
        names = dict(UN_LANGUAGES)
        return [names.get(code, code) for code in self.languages or []]
