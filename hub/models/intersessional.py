"""Intersessional work: expert groups and processes a COP decision mandates between meetings.

A process is content, not an event: it has a mandate (the decisions that set it up), a period,
and outputs (the documents it produced). Thematic area pages list the processes tagged with
their area (hub/models/thematic.py).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from hub import cldr
from hub.api_fields import MandatesField, OutputsField
from hub.blocks import BaseStreamBlock
from hub.localization import TIEBREAK, in_locale
from hub.localize.fields import SynchronizedField, TranslatableField
from hub.ordering import undated_last

from .base import BasePage
from .mixins import TaxonomyFields


class IntersessionalIndexPage(BasePage):
    """Every intersessional process, those under way first."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["hub.HomePage"]
    subpage_types = ["hub.IntersessionalProcessPage"]
    max_count_per_parent = 1

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("intro"),
    ]
    api_fields = [*BasePage.api_fields, APIField("intro")]

    class Meta:
        verbose_name = _("intersessional work index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        processes = (
            IntersessionalProcessPage.objects.child_of(self)
            .live()
            .public()
            .filter(locale_id=self.locale_id)
            .order_by(*undated_last("-start_date"), "title", TIEBREAK)
            .prefetch_related("thematic_areas", "mandates")
        )
        processes = list(processes)
        for process in processes:
            process.shown_decisions = process.mandating_decisions()
        ongoing = [p for p in processes if p.is_ongoing]
        # Concluded: the most recently concluded first.
        concluded = sorted((p for p in processes if not p.is_ongoing), key=lambda p: p.end_date, reverse=True)
        context.update(ongoing=ongoing, concluded=concluded, groups=[("ongoing", ongoing), ("concluded", concluded)])
        return context


class OutputBlock(blocks.StreamBlock):
    """What a process produced: a page on the site (a report in the library), a file, or a link."""

    page = blocks.PageChooserBlock(label=_("Page on this site"))
    document = DocumentChooserBlock(label=_("Document"))
    link = blocks.StructBlock(
        [
            ("title", blocks.CharBlock(label=_("title"))),
            ("url", blocks.URLBlock(label=_("address"))),
        ],
        label=_("External link"),
        icon="link",
    )


class IntersessionalProcessPage(TaxonomyFields, BasePage):
    """An expert group or intersessional process: its mandate, its period and its outputs."""

    class Kind(models.TextChoices):
        EXPERT_GROUP = "expert-group", _("Expert group")
        WORKING_GROUP = "working-group", _("Open-ended working group")
        SUBMISSIONS = "submissions", _("Call for submissions and compilation")
        ASSESSMENT = "assessment", _("Assessment or review")
        GUIDANCE = "guidance", _("Preparation of guidance")
        OTHER = "other", _("Other intersessional work")

    kind = models.CharField(_("kind of process"), max_length=20, choices=Kind.choices)
    summary = models.TextField(_("summary"), help_text=_("What the process is asked to do, in plain words."))
    start_date = models.DateField(_("from"), help_text=_("When the mandate was given (usually the decision's date)."))
    end_date = models.DateField(
        _("until"),
        null=True,
        blank=True,
        help_text=_("When the work concluded or is due to conclude; leave empty while it continues."),
    )
    outputs = StreamField(OutputBlock(), blank=True, help_text=_("Reports, guidance and other results of the work."))
    body = StreamField(BaseStreamBlock(), blank=True)

    parent_page_types = ["hub.IntersessionalIndexPage"]
    subpage_types = []
    # Contracts §3 fixes the kind facet's values; a process is found as a topic page.
    search_kind = "topic"

    content_panels = BasePage.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")])],
            heading=_("Period"),
        ),
        InlinePanel(
            "mandates",
            heading=_("Mandated by"),
            label=_("Decision"),
            help_text=_("The COP decisions that set up or extended this work."),
        ),
        FieldPanel("outputs"),
        FieldPanel("body"),
    ]
    promote_panels = BasePage.promote_panels + TaxonomyFields.taxonomy_panels
    search_fields = (
        BasePage.search_fields
        + TaxonomyFields.search_fields
        + [
            index.SearchField("summary", boost=1.5),
            index.SearchField("body"),
            index.FilterField("kind"),
            index.FilterField("start_date"),
        ]
    )

    translatable_fields = [
        *BasePage.translatable_fields,
        *TaxonomyFields.translatable_fields,
        SynchronizedField("kind"),
        TranslatableField("summary"),
        SynchronizedField("start_date"),
        SynchronizedField("end_date"),
        SynchronizedField("mandates"),
        TranslatableField("outputs"),
        TranslatableField("body"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("kind"),
        APIField("summary"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("is_ongoing"),
        APIField("mandates", serializer=MandatesField()),
        APIField("outputs", serializer=OutputsField()),
        APIField("body"),
        *TaxonomyFields.api_fields,
    ]

    class Meta:
        verbose_name = _("intersessional process")
        verbose_name_plural = _("intersessional processes")

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The work cannot conclude before its mandate.")})

    @property
    def is_ongoing(self):
        return self.end_date is None or self.end_date >= timezone.localdate()

    @property
    def period(self):
        """ "From 24 September 2017 until 25 November 2019", or "…, ongoing", in the active language."""
        start = cldr.format_date(self.start_date) if self.start_date else ""
        if self.end_date:
            end = cldr.format_date(self.end_date)
            if self.is_ongoing:
                return _("From %(start)s, due to conclude on %(end)s") % {"start": start, "end": end}
            return _("From %(start)s until %(end)s") % {"start": start, "end": end}
        return _("From %(start)s, ongoing") % {"start": start}

    def mandating_decisions(self, locale=None):
        """The decisions that mandate the work, in mandate order, as live public pages in `locale`
        (default: this page's). Mandates name source-locale decisions (aliases copy them as they are);
        a decision unpublished, private or missing in that locale is left out."""
        locale = locale or self.locale
        ids = [mandate.decision_id for mandate in self.mandates.all()]
        shown = _pages_in_locale(ids, locale)
        return list(dict.fromkeys(shown[pk] for pk in ids if pk in shown))

    def output_items(self, locale=None):
        """The outputs for a template: (kind, object) pairs, kind "page", "document" or "link".

        A page output is shown in `locale` (left out when it is not live and public there); a
        document in a restricted collection is left to the pages that may show it.
        """
        from hub.privacy import restricted_collection_ids

        locale = locale or self.locale
        page_ids = [block.value.pk for block in self.outputs if block.block_type == "page" and block.value]
        pages = _pages_in_locale(page_ids, locale)
        restricted = None
        items = []
        for block in self.outputs:
            if block.block_type == "page":
                page = pages.get(block.value.pk) if block.value else None
                if page is not None:
                    items.append(("page", page))
            elif block.block_type == "document" and block.value:
                if restricted is None:
                    restricted = set(restricted_collection_ids())
                if block.value.collection_id not in restricted:
                    items.append(("document", block.value))
            elif block.block_type == "link":
                items.append(("link", block.value))
        return items

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(decisions=self.mandating_decisions(), outputs=self.output_items())
        return context


def _pages_in_locale(ids, locale):
    """{id: the live, public, specific version in `locale` of that page}, for the ids that have one.

    Explicit links, not a tagged selection: each chosen page (in whatever locale an editor picked
    it) is followed to its version in `locale` by translation key (hub.localization.in_locale).
    """
    if not ids:
        return {}
    chosen = Page.objects.in_bulk(ids)
    shown = in_locale([chosen[pk] for pk in ids if pk in chosen], locale)
    specific = {page.translation_key: page for page in Page.objects.filter(pk__in=[p.pk for p in shown]).specific()}
    keys = {pk: chosen[pk].translation_key for pk in ids if pk in chosen}
    return {pk: specific[key] for pk, key in keys.items() if key in specific}


class IntersessionalMandate(Orderable):
    """One decision (a library resource, in the source locale) that mandates the process."""

    page = ParentalKey(IntersessionalProcessPage, on_delete=models.CASCADE, related_name="mandates")
    decision = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("decision"),
    )

    panels = [PageChooserPanel("decision", page_type="library.ResourcePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("mandating decision")
