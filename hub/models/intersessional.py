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
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from hub.blocks import BaseStreamBlock
from hub.localization import TIEBREAK
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
        )
        processes = list(processes)
        context.update(
            ongoing=[p for p in processes if p.is_ongoing],
            concluded=[p for p in processes if not p.is_ongoing],
        )
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
