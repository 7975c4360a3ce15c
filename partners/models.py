"""Partner organisations: governments, IGOs, NGOs, academia and companies active on mercury.

The library needs them as publishers now; the partners issue adds people, contribution
spaces and the review workflow on top of this model.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index


class Organisation(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        IGO = "igo", _("Intergovernmental organisation")
        NGO = "ngo", _("Non-governmental organisation")
        ACADEMIA = "academia", _("Academia and research")
        PRIVATE = "private-sector", _("Private sector")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=255, help_text=_("Full official name."))
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Stable identifier used by the `partner` facet and imports."),
    )
    acronym = models.CharField(_("acronym"), max_length=30, blank=True, help_text=_("e.g. UNEP, WHO."))
    kind = models.CharField(_("kind of organisation"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey(
        "hub.Country",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        help_text=_("Where it is based, when that matters (e.g. a national ministry)."),
    )
    website = models.URLField(_("website"), blank=True, max_length=500)
    gmp_partner = models.BooleanField(
        _("Global Mercury Partnership partner"), default=False, help_text=_("Listed as a partner of the GMP.")
    )
    description = models.TextField(_("description"), blank=True, help_text=_("What it does on mercury, briefly."))

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("acronym")]),
        FieldPanel("slug"),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("country"), FieldPanel("website"), FieldPanel("gmp_partner")],
            heading=_("About"),
        ),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.SearchField("acronym", boost=2),
        index.AutocompleteField("name"),
        index.AutocompleteField("acronym"),
        index.FilterField("slug"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name
