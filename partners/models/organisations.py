"""Partner organisations: governments, IGOs, NGOs, academia and companies active on mercury.

An organisation is a publisher of library resources, a contributor with its own contribution
space (partners/spaces.py) and people (partners.Contributor), and has a public profile under the
partner directory (partners.PartnerIndexPage). It is translatable like the vocabularies: the
default-locale row is the one resources, spaces and people point to; translations carry the name
and profile in another language, and facts (kind, country, areas, logo) are read on the source.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index

from hub.localize.fields import SourceOnlyField, SynchronizedField, TranslatableField, fixed


class OrganisationQuerySet(models.QuerySet):
    def default_locale(self):
        """Organisations in the source locale: the rows resources, spaces and people point to."""
        return self.filter(locale=Locale.get_default())

    def active(self):
        return self.filter(active=True)


class Organisation(TranslatableMixin, index.Indexed, models.Model):
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
        help_text=_("Stable identifier used in the profile's address, the `partner` facet and imports."),
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
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
        help_text=_("Shown on the profile and in the directory; its alt text names the organisation."),
    )
    gmp_partner = models.BooleanField(
        _("Global Mercury Partnership partner"), default=False, help_text=_("Listed as a partner of the GMP.")
    )
    gmp_areas = models.ManyToManyField(
        "hub.GMPArea",
        blank=True,
        related_name="organisations",
        verbose_name=_("GMP partnership areas"),
        help_text=_("The partnership areas it works in."),
    )
    description = models.TextField(
        _("short profile"), blank=True, help_text=_("What it does on mercury, in two or three plain sentences.")
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Clear to block its people at once: they can no longer sign in or accept an invitation."),
    )

    objects = OrganisationQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("acronym")]),
        FieldPanel("slug"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("country"),
                FieldPanel("website"),
                FieldPanel("logo"),
                FieldPanel("gmp_partner"),
                FieldPanel("gmp_areas"),
            ],
            heading=_("About"),
        ),
        FieldPanel("description"),
        FieldPanel("active"),
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.SearchField("acronym", boost=2),
        index.AutocompleteField("name"),
        index.AutocompleteField("acronym"),
        index.FilterField("slug"),
        index.FilterField("kind"),
        index.FilterField("locale_id"),
    ]
    # The name and profile are translated; identifiers and facts stay those of the source row.
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("acronym"),
        *fixed("slug"),
        SynchronizedField("kind"),
        SynchronizedField("country"),
        SynchronizedField("website"),
        SynchronizedField("logo"),
        SynchronizedField("gmp_partner"),
        SourceOnlyField("gmp_areas"),
        TranslatableField("description"),
        SynchronizedField("active"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def validate_unique(self, exclude=None):
        # As BaseTaxonomy: the admin form has no locale field, keep (slug, locale) in the check.
        if exclude and self.locale_id:
            exclude = {name for name in exclude if name != "locale"}
        super().validate_unique(exclude=exclude)

    def delete(self, *args, **kwargs):
        if self.locale_id == Locale.get_default().pk:
            from partners.spaces import remove_empty_space

            remove_empty_space(self)
        return super().delete(*args, **kwargs)

    @property
    def source(self):
        """The default-locale row: the one resources, spaces, groups and people point to."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return self.get_translation_or_none(default) or self
