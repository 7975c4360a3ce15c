"""Parties and signatories: one profile per State or regional organisation."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from hub.blocks import BaseStreamBlock
from hub.convention import entry_into_force
from hub.localization import TIEBREAK
from hub.localize.fields import SynchronizedField, TranslatableField, fixed
from hub.ordering import undated_last

from .base import BasePage
from .tagging import live_resources_for


class CountryIndexPage(BasePage):
    """All Parties and signatories, grouped by UN region and filterable by status."""

    intro = models.TextField(_("introduction"), blank=True)
    status_as_of = models.DateField(
        _("status as of"), null=True, blank=True, help_text=_("Date the ratification list was last checked.")
    )

    parent_page_types = ["hub.HomePage"]
    subpage_types = ["hub.CountryProfilePage"]
    max_count_per_parent = 1

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("status_as_of")]

    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("intro"),
        SynchronizedField("status_as_of"),
    ]

    class Meta:
        verbose_name = _("Party index")

    def get_context(self, request, *args, **kwargs):
        from .taxonomy import Region

        context = super().get_context(request, *args, **kwargs)
        profiles = (
            CountryProfilePage.objects.child_of(self)
            .live()
            .public()
            .filter(locale_id=self.locale_id)
            .select_related("country", "country__region")
            .order_by("country__name", TIEBREAK)
        )
        # Filters come from links, so an unknown value is simply ignored, never an error.
        status = request.GET.get("status", "")
        if status in CountryProfilePage.Status.values:
            profiles = profiles.filter(status=status)
        else:
            status = ""
        regions = list(Region.objects.default_locale())
        region = request.GET.get("region", "")
        if region in {r.slug for r in regions}:
            profiles = profiles.filter(country__region__slug=region)
        else:
            region = ""
        # Group by region object (not name) so headings show the region in the visitor's language.
        groups = {}
        for profile in profiles:
            groups.setdefault(profile.country.region, []).append(profile)
        ordered = sorted(groups.items(), key=lambda item: (item[0] is None, item[0].sort_order if item[0] else 0))
        context.update(
            groups=ordered,
            profile_count=sum(len(items) for items in groups.values()),
            regions=regions,
            statuses=CountryProfilePage.Status.choices,
            selected_status=status,
            selected_region=region,
        )
        return context


class CountryProfilePage(BasePage):
    """A Party's (or signatory's) profile: status, dates and what the platform holds about it."""

    class Status(models.TextChoices):
        PARTY = "party", _("Party")
        SIGNATORY = "signatory", _("Signatory")

    class Instrument(models.TextChoices):
        RATIFICATION = "ratification", _("Ratification")
        ACCEPTANCE = "acceptance", _("Acceptance")
        APPROVAL = "approval", _("Approval")
        ACCESSION = "accession", _("Accession")
        UNKNOWN = "", _("Not recorded")

    country = models.ForeignKey(
        "hub.Country",
        on_delete=models.PROTECT,
        related_name="profiles",
        help_text=_("The State or organisation this profile is about."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SIGNATORY)
    signature_date = models.DateField(_("signature"), null=True, blank=True)
    ratification_date = models.DateField(
        _("ratification, acceptance, approval or accession"),
        null=True,
        blank=True,
        help_text=_("Date the instrument was deposited."),
    )
    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices, blank=True)
    entry_into_force_date = models.DateField(_("entry into force for this Party"), null=True, blank=True)
    status_as_of = models.DateField(
        _("status as of"), help_text=_("The date on which the status and dates above were last confirmed.")
    )
    body = StreamField(BaseStreamBlock(), blank=True, help_text=_("National focal points, context, links."))

    parent_page_types = ["hub.CountryIndexPage"]
    subpage_types = []
    search_kind = "country"

    content_panels = BasePage.content_panels + [
        FieldPanel("country"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("signature_date"), FieldPanel("ratification_date")]),
                FieldRowPanel([FieldPanel("instrument"), FieldPanel("entry_into_force_date")]),
                FieldPanel("status_as_of"),
            ],
            heading=_("Status in the Convention"),
        ),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.FilterField("status"),
        index.RelatedFields("country", [index.SearchField("name", boost=2), index.FilterField("iso3")]),
    ]

    translatable_fields = [
        *BasePage.translatable_fields,
        *fixed("country"),
        SynchronizedField("status"),
        SynchronizedField("signature_date"),
        SynchronizedField("ratification_date"),
        SynchronizedField("instrument"),
        SynchronizedField("entry_into_force_date"),
        SynchronizedField("status_as_of"),
        TranslatableField("body"),
    ]

    class Meta:
        verbose_name = _("Party profile")

    def clean(self):
        super().clean()
        errors = {}
        if self.status == self.Status.PARTY and not self.ratification_date:
            errors["ratification_date"] = _("A Party needs the date its instrument was deposited.")
        signed_after_deposit = (
            self.signature_date and self.ratification_date and self.ratification_date < self.signature_date
        )
        if signed_after_deposit and self.instrument != self.Instrument.ACCESSION:
            errors["ratification_date"] = _("Ratification cannot precede signature.")
        if (
            self.entry_into_force_date
            and self.ratification_date
            and self.entry_into_force_date < self.ratification_date
        ):
            errors["entry_into_force_date"] = _("Entry into force cannot precede the deposit of the instrument.")
        if errors:
            raise ValidationError(errors)

    @property
    def region(self):
        return self.country.region

    @property
    def entry_into_force(self):
        """The recorded date, or the one Article 31 gives for the deposit (hub/convention.py)."""
        return self.entry_into_force_date or entry_into_force(self.ratification_date)

    @property
    def entry_into_force_is_computed(self):
        return not self.entry_into_force_date and self.ratification_date is not None

    def automatic_sections(self):
        country = self.country
        return {
            "projects": list(country.source_term.projects.order_by(*undated_last("-approval_date"), "title")),
            "national_reports": live_resources_for(country, locale=self.locale, types=["national-report"]),
            "resources": live_resources_for(country, limit=10, locale=self.locale, exclude_types=["national-report"]),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.automatic_sections())
        return context
