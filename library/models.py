"""Library resources: every document, decision, report or video the platform holds.

This is the foundation's core of the library: enough for meeting pages to list their
documents and decisions by symbol and for thematic areas and Party profiles to list
resources. The library issue grows it (files per language, citation, import, OAI-PMH).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from hub.blocks import BaseStreamBlock
from hub.fields import ChoiceListField
from hub.models import BasePage, TaxonomyFields
from hub.models.languages import UN_LANGUAGES


class LibraryIndexPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["hub.HomePage"]
    subpage_types = ["library.ResourcePage"]
    max_count_per_parent = 1

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("library")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
        from django.http import Http404

        context = super().get_context(request, *args, **kwargs)
        resources = (
            ResourcePage.objects.child_of(self)
            .live()
            .public()
            .select_related("resource_type")
            .order_by("-publication_date", "title")
        )
        try:
            context["resources"] = Paginator(resources, 20).page(request.GET.get("page", 1))
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404(_("No such page of resources.")) from error
        return context


class ResourcePage(TaxonomyFields, BasePage):
    class DatePrecision(models.TextChoices):
        YEAR = "year", _("Year")
        MONTH = "month", _("Year and month")
        DAY = "day", _("Full date")

    # Unique per locale, not globally: a resource's translations and wagtail-localize's alias
    # copies share the identifier, as they share the translation key (Wagtail copies every field
    # into aliases). `locale` lives on wagtailcore_page, so no database constraint can span both
    # columns; clean() and the importer enforce it.
    identifier = models.CharField(
        _("identifier"),
        max_length=255,
        db_index=True,
        help_text=_("Stable unique key: UN symbol, DOI, handle or our own id. Re-imports match on it."),
    )
    resource_type = models.ForeignKey(
        "hub.ResourceType", on_delete=models.PROTECT, related_name="resources", help_text=_("What kind of resource.")
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("Plain-text abstract shown first."))
    body = StreamField(BaseStreamBlock(), blank=True, help_text=_("Optional longer description."))
    publication_date = models.DateField(
        _("publication date"), null=True, blank=True, help_text=_("For a year only, enter 1 January of that year.")
    )
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("How much of the publication date is known."),
    )
    symbol = models.CharField(
        _("UN document symbol"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("e.g. UNEP/MC/COP.1/17 or MC-4/3."),
    )
    meeting = models.ForeignKey(
        "hub.MeetingPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        help_text=_("For meeting documents and decisions: the meeting that issued it."),
    )
    authors = models.CharField(_("authors"), max_length=500, blank=True, help_text=_("People or corporate authors."))
    publisher_name = models.CharField(_("publisher"), max_length=255, blank=True)
    languages = ChoiceListField(_("languages"), choices_list=UN_LANGUAGES, help_text=_("Languages it exists in."))
    external_url = models.URLField(_("external address"), blank=True, max_length=500)

    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = []
    search_kind = "resource"

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("identifier"), FieldPanel("resource_type")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("publication_date"), FieldPanel("date_precision")]),
                FieldPanel("authors"),
                FieldPanel("publisher_name"),
                FieldPanel("languages"),
                FieldPanel("external_url"),
            ],
            heading=_("Publication"),
        ),
        MultiFieldPanel([FieldPanel("symbol"), FieldPanel("meeting")], heading=_("Meeting document")),
        FieldPanel("body"),
    ]
    promote_panels = BasePage.promote_panels + TaxonomyFields.taxonomy_panels
    search_fields = (
        BasePage.search_fields
        + TaxonomyFields.search_fields
        + [
            index.SearchField("summary", boost=1.5),
            index.SearchField("body"),
            index.SearchField("symbol", boost=4),
            index.SearchField("identifier", boost=4),
            index.AutocompleteField("symbol"),
            index.FilterField("publication_date"),
            index.RelatedFields("resource_type", [index.FilterField("slug")]),
        ]
    )

    class Meta:
        verbose_name = _("resource")

    def clean(self):
        super().clean()
        if self.identifier:
            clash = ResourcePage.objects.filter(identifier=self.identifier, locale_id=self.locale_id)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"identifier": _("Another resource already has this identifier.")})
        if self.resource_type_id and self.resource_type.slug in ("decision", "meeting-document") and not self.symbol:
            raise ValidationError({"symbol": _("Decisions and meeting documents need their UN symbol.")})

    @property
    def year(self):
        return self.publication_date.year if self.publication_date else None
