"""Meetings of the Conference of the Parties and the negotiating committee."""

import datetime
import hashlib
import json
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index
from wagtail.signals import post_page_move

from hub import cldr, participant_files
from hub.api_fields import RowsField, TermField
from hub.blocks import BaseStreamBlock
from hub.content_language import is_rtl
from hub.localization import TIEBREAK, in_locale
from hub.localize.fields import SynchronizedField, TranslatableField, fixed
from hub.ordering import undated_last

from .base import BasePage
from .languages import LIVESTREAM_LANGUAGES, UN_LANGUAGE_CODES
from .news import NewsPage


class MeetingIndexPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["hub.HomePage"]
    subpage_types = ["hub.MeetingPage"]
    max_count_per_parent = 1

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("intro"),
    ]
    api_fields = [*BasePage.api_fields, APIField("intro")]

    class Meta:
        verbose_name = _("meeting index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        meetings = (
            MeetingPage.objects.child_of(self)
            .live()
            .public()
            .filter(locale_id=self.locale_id)
            .order_by(*undated_last("-start_date"), TIEBREAK)
        )
        context["cops"] = [m for m in meetings if m.meeting_kind == MeetingPage.Kind.COP]
        context["other_meetings"] = [m for m in meetings if m.meeting_kind != MeetingPage.Kind.COP]
        return context


def symbol_sort_key(symbol):
    """Natural order for UN symbols: UNEP/MC/COP.1/2 before UNEP/MC/COP.1/10."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", symbol or "")]


class MeetingPage(BasePage):
    """A COP or INC session: dates, venue, documents and decisions by symbol, a live schedule."""

    class Kind(models.TextChoices):
        COP = "cop", _("Conference of the Parties")
        INC = "inc", _("Intergovernmental negotiating committee")
        OTHER = "other", _("Other meeting")

    meeting_kind = models.CharField(_("kind of meeting"), max_length=10, choices=Kind.choices)
    short_name = models.CharField(
        _("short name"), max_length=30, help_text=_("As delegates say it, e.g. COP-5 or INC-3.")
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=255, blank=True, help_text=_("Building and city, or Online."))
    city = models.CharField(
        _("city"), max_length=100, blank=True, help_text=_("The host city; empty for a meeting held online only.")
    )
    country = models.ForeignKey(
        "hub.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("The host country; InforMEA and Party profiles read it."),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("What the meeting is for, in plain words."))
    body = StreamField(BaseStreamBlock(), blank=True)
    registration_url = models.URLField(
        _("registration page"),
        blank=True,
        max_length=500,
        help_text=_("The external page where participants register, where there is one."),
    )
    schedule_updated_at = models.DateTimeField(
        _("schedule updated at"), null=True, blank=True, editable=False, help_text=_("Set when the schedule changes.")
    )
    schedule_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    parent_page_types = ["hub.MeetingIndexPage"]
    subpage_types = ["hub.MeetingParticipantsPage"]
    search_kind = "meeting"

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("meeting_kind"), FieldPanel("short_name")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("country")]),
                FieldPanel("registration_url"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel(
            "sessions",
            heading=_("Schedule"),
            label=_("Session"),
            help_text=_("Update during the meeting; visitors see when it last changed."),
        ),
        InlinePanel("livestreams", heading=_("Livestreams"), label=_("Livestream")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("short_name", boost=3),
        index.AutocompleteField("short_name"),
        index.SearchField("summary"),
        index.SearchField("venue"),
        index.FilterField("start_date"),
    ]

    translatable_fields = [
        *BasePage.translatable_fields,
        SynchronizedField("meeting_kind"),
        TranslatableField("short_name"),
        SynchronizedField("start_date"),
        SynchronizedField("end_date"),
        TranslatableField("venue"),
        TranslatableField("city"),
        *fixed("country"),
        TranslatableField("summary"),
        TranslatableField("body"),
        SynchronizedField("registration_url"),
        SynchronizedField("sessions"),
        SynchronizedField("livestreams"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("meeting_kind"),
        APIField("short_name"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("venue"),
        APIField("city"),
        APIField("country", serializer=TermField()),
        APIField("summary"),
        APIField("body"),
        APIField("registration_url"),
        APIField(
            "sessions",
            serializer=RowsField(
                ["date", "start_time", "end_time", "title", "room", "notes"], rows="schedule_sessions"
            ),
        ),
        APIField("livestreams", serializer=RowsField(["language", "url"])),
        APIField("schedule_updated_at"),
    ]

    class Meta:
        verbose_name = _("meeting page")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})

    def _schedule_fingerprint(self):
        rows = [
            [str(s.date), str(s.start_time), str(s.end_time), s.title, s.room, s.notes] for s in self.sessions.all()
        ]
        # No sessions, no fingerprint: a meeting without a schedule has no "updated at".
        return hashlib.sha256(json.dumps(rows).encode()).hexdigest() if rows else ""

    def save(self, *args, **kwargs):
        # Only a full save (create or publish) moves the public "updated at"; draft revisions
        # save with update_fields and must not announce changes visitors cannot see yet.
        if kwargs.get("update_fields") is None:
            fingerprint = self._schedule_fingerprint()
            # Compared with the stored row, not with the values this object carries: a revision
            # published later carries the fingerprint and time of when it was drafted, and would
            # otherwise put an older schedule back under an older "updated at".
            stored = (
                type(self)
                ._default_manager.filter(pk=self.pk)
                .values_list("schedule_fingerprint", "schedule_updated_at")
            )
            previous, previous_at = (stored.first() if self.pk else None) or (self.schedule_fingerprint, None)
            if fingerprint != previous:
                self.schedule_fingerprint = fingerprint
                self.schedule_updated_at = timezone.now()
            elif previous_at is not None:
                self.schedule_updated_at = previous_at
        return super().save(*args, **kwargs)

    @property
    def is_upcoming(self):
        """Not over yet: before the first day or running. Registration and livestreams show while it is."""
        return self.end_date >= timezone.localdate()

    def schedule_sessions(self):
        """The sessions by day and time (an all-day session first in its day), whatever order editors
        added them in: the template groups consecutive sessions by day."""
        return sorted(
            self.sessions.all(),
            key=lambda s: (s.date, s.start_time is not None, s.start_time or datetime.time.min, s.sort_order or 0),
        )

    def livestreams_by_language(self):
        """[{code, label, native, streams}] in the order of LIVESTREAM_LANGUAGES (floor first).

        `label` names the language in the visitor's language (CLDR); `native` names it in itself,
        for people who look for their own language, unless that is the visitor's language already.
        """
        active = (translation.get_language() or "en").split("-")[0]
        order = {code: position for position, (code, _label) in enumerate(LIVESTREAM_LANGUAGES)}
        labels = dict(LIVESTREAM_LANGUAGES)
        groups = {}
        streams = sorted(self.livestreams.all(), key=lambda s: (order.get(s.language, len(order)), s.sort_order or 0))
        for stream in streams:
            group = groups.get(stream.language)
            if group is None:
                code = stream.language if stream.language in UN_LANGUAGE_CODES else ""
                group = groups[stream.language] = {
                    "code": code,
                    "label": str(labels.get(stream.language, stream.language)),
                    "native": cldr.native_language_name(code) if code and code != active else "",
                    "native_dir": "rtl" if code and is_rtl(code) else "ltr",
                    "streams": [],
                }
            group["streams"].append(stream)
        return list(groups.values())

    def news(self):
        """Live, public news about this meeting, in this page's locale, newest first.

        NewsPage.meeting is set on the source-locale news and names the source meeting, so the
        news are selected there (whichever version of this meeting is shown) and mapped here.
        """
        about = NewsPage.objects.filter(meeting__translation_key=self.translation_key)
        return in_locale(about, self.locale).order_by(*undated_last("-date"), TIEBREAK)

    def documents_by_symbol(self):
        """(decisions, other documents) of this meeting, in this page's locale, in natural symbol order.

        Documents are library resources (a higher layer) reached through their `meeting` link.
        That link is set on the source-locale resource and points at the source meeting (aliases
        and translations keep it), so the documents are selected there, whichever version of the
        meeting they name, and shown in this page's locale: each document once, in every locale.
        """
        manager = getattr(self, "documents", None)
        if manager is None:
            return [], []
        selected = manager.model._default_manager.filter(meeting__translation_key=self.translation_key)
        resources = list(in_locale(selected, self.locale).select_related("resource_type"))
        resources.sort(key=lambda r: (symbol_sort_key(r.symbol or r.title), str(r.translation_key)))
        decisions = [r for r in resources if r.resource_type.slug == "decision"]
        others = [r for r in resources if r.resource_type.slug != "decision"]
        return decisions, others

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["decisions"], context["meeting_documents"] = self.documents_by_symbol()
        context["schedule"] = self.schedule_sessions()
        # Streams are for following the meeting live: none once it is over.
        context["livestreams"] = self.livestreams_by_language() if self.is_upcoming else []
        context["news"] = self.news()
        # The participants' area is private: only show the link to people who may open it.
        context["participant_areas"] = [
            child
            for child in MeetingParticipantsPage.objects.child_of(self).live()
            if all(r.accept_request(request) for r in child.get_view_restrictions())
        ]
        return context


class MeetingSession(Orderable):
    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"), null=True, blank=True)
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("session"), max_length=255, help_text=_("e.g. Plenary, Contact group on finance."))
    room = models.CharField(_("room"), max_length=100, blank=True)
    notes = models.CharField(_("notes"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("room"), FieldPanel("notes")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time < self.start_time:
            raise ValidationError({"end_time": _("A session cannot end before it starts.")})


class MeetingLivestream(Orderable):
    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="livestreams")
    language = models.CharField(_("language"), max_length=10, choices=LIVESTREAM_LANGUAGES)
    url = models.URLField(_("stream address"))

    panels = [FieldRowPanel([FieldPanel("language"), FieldPanel("url")])]

    class Meta(Orderable.Meta):
        verbose_name = _("livestream")


class MeetingParticipantsPage(BasePage):
    """In-session documents for registered participants.

    Protect it with Wagtail page privacy (the seed restricts it to the "Meeting participants"
    group); listings, search and the sitemap only ever show public pages, so others never see it.
    Its files live in a private collection of its own, restricted like the page and kept in step
    by the receivers below (hub/participant_files.py).
    """

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, help_text=_("In-session documents and notices."))

    parent_page_types = ["hub.MeetingPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("intro"),
        TranslatableField("body"),
    ]

    class Meta:
        verbose_name = _("participants' area")


@receiver(post_save, sender=MeetingParticipantsPage, dispatch_uid="hub.participants.secure_area")
def secure_participants_area(sender, instance, raw=False, **kwargs):
    # Every save, drafts included: a document linked in a draft is private before it is published.
    if not raw:
        participant_files.secure_area(instance)


def _areas_under(page_id):
    page = Page.objects.filter(pk=page_id).first()
    if page is None:  # the restriction went with its page
        return MeetingParticipantsPage.objects.none()
    return MeetingParticipantsPage.objects.descendant_of(page, inclusive=True)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="hub.participants.restriction_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="hub.participants.restriction_deleted")
def follow_page_privacy(sender, instance, raw=False, **kwargs):
    if not raw:
        participant_files.resync_restrictions(_areas_under(instance.page_id))


@receiver(m2m_changed, sender=PageViewRestriction.groups.through, dispatch_uid="hub.participants.restriction_groups")
def follow_page_privacy_groups(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, PageViewRestriction):
        participant_files.resync_restrictions(_areas_under(instance.page_id))


@receiver(post_page_move, dispatch_uid="hub.participants.page_moved")
def follow_moved_areas(sender, instance, **kwargs):
    # A moved area (or meeting) may now sit under a different private section.
    participant_files.resync_restrictions(_areas_under(instance.pk))
