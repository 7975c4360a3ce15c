"""Funded projects (GEF, the Specific International Programme) shown on Party profiles.

Rows come from the seed (hub/seed/data/projects.json), `manage.py import_projects`
(library/importing/projects.py, CONTRACTS.md §5) or the admin (hub/admin_projects.py); all three
go through `Project.clean()`, so a completed project approved in the future or a negative
amount is refused the same way everywhere.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index


class Project(index.Indexed, models.Model):
    """A project record; Party profiles list a Party's projects with no editor action."""

    class Programme(models.TextChoices):
        GEF = "gef", _("Global Environment Facility")
        SIP = "sip", _("Specific International Programme")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept or pipeline")
        APPROVED = "approved", _("Approved")
        ONGOING = "ongoing", _("Under implementation")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    # A project in these states has been approved: its approval cannot lie in the future.
    APPROVED_STATES = (Status.APPROVED, Status.ONGOING, Status.COMPLETED)

    project_id = models.CharField(
        _("project ID"), max_length=64, unique=True, help_text=_("GEF ID, or our own stable id (e.g. sip-1-arg).")
    )
    programme = models.CharField(_("programme"), max_length=10, choices=Programme.choices)
    title = models.CharField(_("title"), max_length=500, blank=True, help_text=_("Official title where known."))
    countries = models.ManyToManyField("hub.Country", related_name="projects", blank=True)
    agency = models.CharField(_("implementing agency"), max_length=255, blank=True)
    executing_partners = models.TextField(
        _("executing partners"), blank=True, help_text=_("The national or regional bodies carrying it out, one a line.")
    )
    project_type = models.CharField(
        _("project type"),
        max_length=255,
        blank=True,
        help_text=_("As the programme names it, e.g. “Enabling Activity” or “Full-sized Project”."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    approval_date = models.DateField(_("approval date"), null=True, blank=True)
    approval_year = models.PositiveSmallIntegerField(
        _("approval year"),
        null=True,
        blank=True,
        help_text=_("Filled from the approval date; give it alone when only the year or month is known."),
    )
    round = models.PositiveSmallIntegerField(_("funding round"), null=True, blank=True)
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=14, decimal_places=2, null=True, blank=True)
    cofinancing_usd = models.DecimalField(
        _("co-financing (USD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    url = models.URLField(_("web page"), blank=True, max_length=500)
    source_url = models.URLField(
        _("source"), blank=True, max_length=500, help_text=_("Where the facts above were taken from.")
    )
    thematic_areas = models.ManyToManyField("hub.ThematicArea", related_name="projects", blank=True)
    updated = models.DateTimeField(auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("project_id"), FieldPanel("programme"), FieldPanel("round")]),
        FieldPanel("title"),
        FieldPanel("project_type"),
        FieldPanel("countries"),
        MultiFieldPanel(
            [
                FieldPanel("agency"),
                FieldPanel("executing_partners"),
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("approval_date"), FieldPanel("approval_year")]),
                FieldRowPanel([FieldPanel("amount_usd"), FieldPanel("cofinancing_usd")]),
            ],
            heading=_("Funding"),
        ),
        FieldPanel("url"),
        FieldPanel("source_url"),
        FieldPanel("thematic_areas"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("project_id"),
        index.SearchField("agency"),
        index.FilterField("programme"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        ordering = ["-approval_date", "project_id"]
        verbose_name = _("project")

    def __str__(self):
        return self.title or f"{self.get_programme_display()} {self.project_id}"

    def save(self, *args, **kwargs):
        if self.approval_date:
            self.approval_year = self.approval_date.year
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        for name in ("amount_usd", "cofinancing_usd"):
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = _("An amount cannot be negative.")
        if self.status in self.APPROVED_STATES:
            today = timezone.localdate()
            status = self.Status(self.status).label
            if self.approval_date and self.approval_date > today:
                errors["approval_date"] = _(
                    "A project whose status is “%(status)s” cannot be approved in the future (%(date)s)."
                ) % {"status": status, "date": self.approval_date.isoformat()}
            elif not self.approval_date and self.approval_year and self.approval_year > today.year:
                errors["approval_year"] = _(
                    "A project whose status is “%(status)s” cannot be approved in the future (%(year)s)."
                ) % {"status": status, "year": self.approval_year}
        if errors:
            raise ValidationError(errors)

    @property
    def display_title(self):
        if self.title:
            return self.title
        names = ", ".join(country.name for country in self.countries.all())
        label = self.get_programme_display()
        if self.round:
            return _("%(programme)s round %(round)s project in %(countries)s") % {
                "programme": label,
                "round": self.round,
                "countries": names,
            }
        return _("%(programme)s project in %(countries)s") % {"programme": label, "countries": names}

    display_title.fget.short_description = _("title")

    def approval_text(self):
        """The approval date as the import takes it: YYYY-MM-DD, or YYYY when only the year is known."""
        if self.approval_date:
            return self.approval_date.isoformat()
        return str(self.approval_year) if self.approval_year else ""

    def country_codes(self):
        """ISO alpha-3 codes, separated as the import separates lists (admin listing and export)."""
        return "; ".join(sorted(country.iso3 for country in self.countries.all()))

    country_codes.short_description = _("countries")

    def thematic_area_slugs(self):
        return "; ".join(sorted(area.slug for area in self.thematic_areas.all()))

    thematic_area_slugs.short_description = _("thematic areas")
