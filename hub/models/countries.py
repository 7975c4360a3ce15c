"""Parties and signatories: one profile per State or regional organisation.

A profile fills itself: status facts (entry into force computed per Article 31 when not
recorded), the Party's projects with totals, its national reports and action plans, resources
and events about it and partner organisations based there, with no editor action.
"""

from decimal import Decimal
from types import SimpleNamespace

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from hub.api_fields import ProjectsField, TermField
from hub.blocks import BaseStreamBlock
from hub.convention import CONVENTION_ENTERED_INTO_FORCE, FIFTIETH_INSTRUMENT_DEPOSITED, entry_into_force
from hub.localization import TIEBREAK, in_locale
from hub.localize.fields import SynchronizedField, TranslatableField, fixed
from hub.ordering import undated_last

from .base import BasePage
from .tagging import live_resources_for, split_events, tagged

# Resource types (contracts §4a) with their own sections: Article 21 reports, Article 7 plans.
NATIONAL_REPORT = "national-report"
NATIONAL_ACTION_PLAN = "national-action-plan"
RESOURCES_SHOWN = 10
EVENTS_SHOWN = 5


def _optional_model(app_label, model_name):
    """A model of a higher layer by name, or None when that app is not installed."""
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


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
    api_fields = [*BasePage.api_fields, APIField("intro"), APIField("status_as_of")]

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
            convention_entered_into_force=CONVENTION_ENTERED_INTO_FORCE,
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
    api_fields = [
        *BasePage.api_fields,
        APIField("country", serializer=TermField()),
        APIField("status"),
        APIField("signature_date"),
        APIField("ratification_date"),
        APIField("instrument"),
        # The recorded date, or Article 31's (hub/convention.py); the flag says which.
        APIField("entry_into_force"),
        APIField("entry_into_force_is_computed"),
        APIField("status_as_of"),
        APIField("projects", serializer=ProjectsField()),
        APIField("body"),
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

    @property
    def deposited_before_convention_in_force(self):
        """True when Article 31's date is the Convention's own (deposit on or before the 50th instrument)."""
        return self.ratification_date is not None and self.ratification_date <= FIFTIETH_INSTRUMENT_DEPOSITED

    def in_force_from(self, today=None):
        """The entry-into-force date of a Party for which it is still to come, else None.

        Between deposit and the ninetieth day a State is a Party that is not yet bound: the
        profile says "Party (in force from …)" rather than simply "Party".
        """
        day = self.entry_into_force
        if self.status != self.Status.PARTY or day is None:
            return None
        return day if day > (today or timezone.localdate()) else None

    def automatic_sections(self, request=None):
        """Everything the platform holds about this Party, found with no editor action.

        Library pages and events are selected on their source-locale versions (which carry the
        country tag) and shown in this page's locale (hub/localization.py); projects and
        organisations are not pages and are read through the source country's reverse relations.
        """
        country, locale = self.country, self.locale
        projects = self._projects()
        events = tagged(country, "eventpage_set", locale)
        upcoming, past = split_events(events) if events is not None else ([], [])
        plans_and_reports = (NATIONAL_REPORT, NATIONAL_ACTION_PLAN)
        return {
            "projects": projects,
            "project_totals": project_totals(projects),
            "projects_as_of": max((timezone.localdate(p.updated) for p in projects if p.updated), default=None),
            "national_reports": live_resources_for(country, locale=locale, types=[NATIONAL_REPORT]),
            "action_plans": live_resources_for(country, locale=locale, types=[NATIONAL_ACTION_PLAN]),
            "resources": live_resources_for(
                country, limit=RESOURCES_SHOWN, locale=locale, exclude_types=plans_and_reports
            ),
            "resource_count": self._resource_count(plans_and_reports),
            "upcoming_events": list(upcoming[:EVENTS_SHOWN]),
            "past_events": list(past[:EVENTS_SHOWN]),
            "organisations": self._organisations(request),
        }

    def _projects(self):
        """The Party's projects, newest approval first, each with `area_links`: (area, its page here or None)."""
        from .thematic import ThematicAreaPage

        projects = list(
            self.country.source_term.projects.prefetch_related("countries", "thematic_areas").order_by(
                *undated_last("-approval_year", "-approval_date"), "title", "project_id"
            )
        )
        areas = {area.pk: area for project in projects for area in project.thematic_areas.all()}
        # One query for every area's page in this locale; the area link is fixed to the source
        # term in every locale, so translations and aliases carry the same area_id.
        pages = {}
        if areas:
            for page in in_locale(ThematicAreaPage.objects.filter(area_id__in=areas), self.locale):
                pages.setdefault(page.area_id, page)
        for project in projects:
            ordered = sorted(project.thematic_areas.all(), key=lambda area: (area.sort_order, area.name))
            project.area_links = [(area, pages.get(area.pk)) for area in ordered]
        return projects

    def _resource_count(self, excluded_types):
        resources = tagged(self.country, "resourcepage_set", self.locale)
        if resources is None:
            return 0
        return resources.exclude(resource_type__slug__in=excluded_types).count()

    def _organisations(self, request=None):
        """Active partner organisations based in this country, by name in this locale, each linking
        to its profile in this locale's partner directory (none: listed without a link).

        hub does not import partners: organisations come through `Country.organisations` and the
        directory is found by model name (`partners.PartnerIndexPage`), as the home page finds the library.
        """
        source = self.country.source_term
        manager = getattr(source, "organisations", None)
        if manager is None:
            return []
        # Translations copy the country; the source rows (the country's own locale) speak for them.
        rows = list(manager.filter(active=True, locale_id=source.locale_id))
        directory = self._partner_directory()
        base = (directory.get_url(request) or directory.url or "") if directory else ""
        entries = []
        for row in rows:
            shown = row.get_translation_or_none(self.locale) or row
            url = base + directory.reverse_subpage("organisation", kwargs={"slug": row.slug}) if directory else ""
            entries.append(
                SimpleNamespace(
                    name=shown.name,
                    acronym=shown.acronym or row.acronym,
                    kind=row.get_kind_display(),
                    url=url,
                    # An untranslated organisation's name is in the source language.
                    text_language=row.locale.language_code if shown.locale_id != self.locale_id else None,
                    sort_key=(shown.name.casefold(), str(row.translation_key)),
                )
            )
        return sorted(entries, key=lambda entry: entry.sort_key)

    def _partner_directory(self):
        """This site's partner directory in this page's locale: a sibling of the Party index."""
        model = _optional_model("partners", "PartnerIndexPage")
        parent = self.get_parent()
        if model is None or parent is None:
            return None
        return model.objects.sibling_of(parent).live().public().filter(locale_id=self.locale_id).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.automatic_sections(request))
        return context


def project_totals(projects):
    """Totals by programme and by agency: count, and USD where amounts are recorded.

    A group whose projects have no recorded amount gets `amount` None (shown as "not recorded"),
    never 0; `with_amount` says how many of its projects the sum covers.
    """

    def grouped(key, label):
        groups = {}
        for project in projects:
            group = groups.setdefault(
                key(project), SimpleNamespace(label=label(project), count=0, amount=None, with_amount=0)
            )
            group.count += 1
            if project.amount_usd is not None:
                group.amount = (group.amount or Decimal(0)) + project.amount_usd
                group.with_amount += 1
        return sorted(groups.values(), key=lambda group: (-group.count, str(group.label).casefold()))

    by_programme = grouped(lambda p: p.programme, lambda p: p.get_programme_display())
    by_agency = grouped(lambda p: p.agency.strip().casefold(), lambda p: p.agency.strip() or _("Agency not recorded"))
    known = [project.amount_usd for project in projects if project.amount_usd is not None]
    cofinancing = [project.cofinancing_usd for project in projects if project.cofinancing_usd is not None]
    return SimpleNamespace(
        by_programme=by_programme,
        by_agency=by_agency,
        # The two tables the profile shows, in order (captions translated here, not in the template).
        tables=[
            SimpleNamespace(
                id="totals-programme",
                caption=_("Projects and funding by programme"),
                label_heading=_("Programme"),
                groups=by_programme,
            ),
            SimpleNamespace(
                id="totals-agency",
                caption=_("Projects and funding by implementing agency"),
                label_heading=_("Implementing agency"),
                groups=by_agency,
            ),
        ],
        count=len(projects),
        amount=sum(known, Decimal(0)) if known else None,
        with_amount=len(known),
        cofinancing=sum(cofinancing, Decimal(0)) if cofinancing else None,
    )
