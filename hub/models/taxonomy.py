"""Controlled vocabularies, editable by knowledge managers and translatable.

Every taxonomy carries a contract slug (CONTRACTS.md §4) that stays the same in every
locale: facets, imports and URLs use the slug, visitors see the localised name.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

from hub.localize.fields import SourceOnlyField, SynchronizedField, TranslatableField, fixed


class TaxonomyQuerySet(models.QuerySet):
    def default_locale(self):
        """Terms in the source locale: the ones pages and resources are tagged with."""
        from wagtail.models import Locale

        return self.filter(locale=Locale.get_default())


class BaseTaxonomy(TranslatableMixin, index.Indexed, models.Model):
    """Name, stable slug, description and editorial order, in one locale."""

    name = models.CharField(_("name"), max_length=255, help_text=_("Name shown to visitors."))
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("Stable identifier used in URLs, facets and imports. Do not change it once published."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("One or two plain sentences shown beside the name.")
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0, help_text=_("Lower numbers are listed first."))

    objects = TaxonomyQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")],
            heading=_("Term"),
        )
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.SearchField("slug"),
        index.AutocompleteField("name"),
        index.FilterField("slug"),
        index.FilterField("locale_id"),
    ]
    # Names and descriptions are translated; the contract slug is the same in every locale.
    translatable_fields = [
        TranslatableField("name"),
        *fixed("slug"),
        TranslatableField("description"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name

    def validate_unique(self, exclude=None):
        # The admin form has no locale field, so Django would skip the (slug, locale) check and
        # the database would raise instead: keep locale in the check once the locale is known.
        if exclude and self.locale_id:
            exclude = {name for name in exclude if name != "locale"}
        super().validate_unique(exclude=exclude)

    @property
    def source_term(self):
        """The default-locale version of this term: pages are tagged with source terms."""
        from wagtail.models import Locale

        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return self.get_translation_or_none(default) or self


class Pillar(BaseTaxonomy):
    """The four knowledge pillars (scientific, technical, legal, implementation); tags pages and resources."""

    class Meta(BaseTaxonomy.Meta):
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")


class GMPArea(BaseTaxonomy):
    """Global Mercury Partnership partnership areas; tag resources and map to thematic areas."""

    short_name = models.CharField(_("short name"), max_length=100, blank=True, help_text=_("Short label for chips."))

    panels = BaseTaxonomy.panels + [FieldPanel("short_name")]
    translatable_fields = [*BaseTaxonomy.translatable_fields, TranslatableField("short_name")]

    class Meta(BaseTaxonomy.Meta):
        verbose_name = _("GMP partnership area")
        verbose_name_plural = _("GMP partnership areas")


class ConventionArticle(BaseTaxonomy):
    """An Article (1–35) or Annex (A–E) of the Convention; tags decisions, resources and areas."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        ANNEX = "annex", _("Annex")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    number = models.CharField(
        _("number"),
        max_length=3,
        validators=[RegexValidator(r"^([1-9][0-9]?|[A-E])$", _("An article number 1–35 or an annex letter A–E."))],
        help_text=_("Article number (e.g. 7) or annex letter (e.g. C); used by the `article` search facet."),
    )
    official_text_url = models.URLField(_("official text"), blank=True, help_text=_("Link to the authentic text."))

    panels = BaseTaxonomy.panels + [FieldPanel("kind"), FieldPanel("number"), FieldPanel("official_text_url")]
    translatable_fields = [
        *BaseTaxonomy.translatable_fields,
        SynchronizedField("kind"),
        *fixed("number"),
        SynchronizedField("official_text_url"),
    ]

    class Meta(BaseTaxonomy.Meta):
        verbose_name = _("Convention article or annex")
        verbose_name_plural = _("Convention articles and annexes")

    def __str__(self):
        return f"{self.symbol}: {self.name}"

    @property
    def symbol(self):
        return f"{self.get_kind_display()} {self.number}"


class ThematicArea(BaseTaxonomy):
    """The twelve priority areas; each has its own ThematicAreaPage and tags everything else."""

    articles = models.ManyToManyField(
        ConventionArticle, blank=True, related_name="thematic_areas", help_text=_("Articles and annexes it covers.")
    )
    gmp_areas = models.ManyToManyField(
        GMPArea, blank=True, related_name="thematic_areas", help_text=_("Related GMP partnership areas.")
    )

    panels = BaseTaxonomy.panels + [FieldPanel("articles"), FieldPanel("gmp_areas")]
    # Read on the source term only (ThematicAreaPage.automatic_sections uses `source_term`).
    translatable_fields = [*BaseTaxonomy.translatable_fields, SourceOnlyField("articles"), SourceOnlyField("gmp_areas")]

    class Meta(BaseTaxonomy.Meta):
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")


class Region(BaseTaxonomy):
    """UN regional groups; a Party belongs to one, resources and facets use them."""

    class Meta(BaseTaxonomy.Meta):
        verbose_name = _("UN region")
        verbose_name_plural = _("UN regions")


class Country(BaseTaxonomy):
    """A State or regional organisation (ISO 3166-1 where one exists); tags resources and profiles.

    The slug is the lower-case alpha-3 code; `iso3` keeps the upper-case code the contracts use.
    The European Union has no ISO 3166-1 code and uses the reserved `EUU`.
    """

    iso3 = models.CharField(
        _("ISO 3166-1 alpha-3"),
        max_length=3,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Three capital letters, e.g. KEN."))],
        help_text=_("Three-letter code, e.g. KEN. Used by the `country` facet and imports."),
    )
    iso2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, blank=True, help_text=_("Two-letter code."))
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="countries",
        help_text=_("UN regional group; empty for regional organisations."),
    )

    panels = BaseTaxonomy.panels + [FieldPanel("iso3"), FieldPanel("iso2"), FieldPanel("region")]
    # ISO codes are the same in every language; the region is a source-locale term, like page tags.
    translatable_fields = [*BaseTaxonomy.translatable_fields, *fixed("iso3", "iso2", "region")]
    search_fields = BaseTaxonomy.search_fields + [
        index.SearchField("iso3", boost=3),
        index.SearchField("iso2"),
        index.FilterField("iso3"),
    ]

    class Meta(BaseTaxonomy.Meta):
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale"), ("iso3", "locale")]


class ResourceType(BaseTaxonomy):
    """Kinds of library resources (contracts §4a): report, guidance, decision …"""

    class Meta(BaseTaxonomy.Meta):
        verbose_name = _("resource type")
        verbose_name_plural = _("resource types")
