"""Funded projects (GEF, the Specific International Programme) shown on Party profiles."""

from django.db import models
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

    project_id = models.CharField(
        _("project ID"), max_length=64, unique=True, help_text=_("GEF ID, or our own stable id (e.g. sip-1-arg).")
    )
    programme = models.CharField(_("programme"), max_length=10, choices=Programme.choices)
    title = models.CharField(_("title"), max_length=500, blank=True, help_text=_("Official title where known."))
    countries = models.ManyToManyField("hub.Country", related_name="projects", blank=True)
    agency = models.CharField(_("implementing agency"), max_length=255, blank=True)
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
        FieldPanel("countries"),
        MultiFieldPanel(
            [
                FieldPanel("agency"),
                FieldPanel("status"),
                FieldPanel("approval_date"),
                FieldRowPanel([FieldPanel("amount_usd"), FieldPanel("cofinancing_usd")]),
            ],
            heading=_("Funding"),
        ),
        FieldPanel("url"),
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
