"""Per site: its brand and contact (SiteSettings), and its texts and menus per language (SiteTexts)."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Locale, Site, TranslatableMixin

from hub.localize.fields import TranslatableField, fixed


class MenuLinkBlock(blocks.StructBlock):
    """A menu item: a page (its title, translated, is the label) or an address with a label."""

    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, label=_("or an address"))
    label = blocks.CharBlock(required=False, max_length=60, help_text=_("Defaults to the page title."))

    class Meta:
        icon = "link"
        template = "blocks/menu_link_block.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": blocks.ValidationError(_("Choose a page or enter an address."))}
            )
        if value.get("url") and not value.get("label"):
            raise blocks.StructBlockValidationError(
                block_errors={"label": blocks.ValidationError(_("An address needs a label."))}
            )
        return value


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Brand and contact of a site: the same in every language.

    Everything visitors read (title, tagline, organisation, footer, menus) is in `SiteTexts`,
    one per site and language, so a translator can work on it like on any other snippet.
    """

    class Brand(models.TextChoices):
        MINAMATA = "minamata", _("Minamata Convention")
        GMP = "gmp", _("Global Mercury Partnership")

    brand = models.CharField(
        _("brand"), max_length=10, choices=Brand.choices, default=Brand.MINAMATA, help_text=_("Logo and colours.")
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("brand"), FieldPanel("contact_email")], heading=_("Identity")),
        HelpPanel(
            content=_(
                "The site title, tagline, organisation name, footer text and menus are edited per language "
                "under Snippets → Site texts."
            )
        ),
    ]

    class Meta:
        verbose_name = _("site settings")


class SiteTexts(TranslatableMixin, models.Model):
    """What a site says in one language: title, tagline, organisation, footer and menus.

    One record per site in the default locale, translated into the others with wagtail-localize
    (or by the seed). Templates read the active language's record through `for_request`, falling
    back to the default locale's while a language has none.
    """

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="texts",
        verbose_name=_("site"),
        help_text=_("The site these texts belong to."),
    )
    site_title = models.CharField(
        _("site title"), max_length=120, blank=True, help_text=_("Shown in the header and the browser tab.")
    )
    tagline = models.CharField(_("tagline"), max_length=255, blank=True, help_text=_("Shown under the site name."))
    organisation_name = models.CharField(
        _("organisation"), max_length=255, blank=True, help_text=_("Shown at the top of the footer.")
    )
    footer_text = models.TextField(_("footer text"), blank=True, help_text=_("Plain text, e.g. the address."))
    main_menu = StreamField(
        [("link", MenuLinkBlock())],
        blank=True,
        verbose_name=_("main menu"),
        help_text=_("Main navigation, in order. Pages show in the visitor's language; labels are this language's."),
    )
    footer_links = StreamField(
        [("link", MenuLinkBlock())], blank=True, verbose_name=_("footer links"), help_text=_("Links in the footer.")
    )

    panels = [
        FieldPanel("site"),
        MultiFieldPanel(
            [FieldPanel("site_title"), FieldPanel("tagline"), FieldPanel("organisation_name")],
            heading=_("Identity"),
        ),
        FieldPanel("main_menu"),
        FieldPanel("footer_links"),
        FieldPanel("footer_text"),
    ]
    translatable_fields = [
        *fixed("site"),
        TranslatableField("site_title"),
        TranslatableField("tagline"),
        TranslatableField("organisation_name"),
        TranslatableField("footer_text"),
        TranslatableField("main_menu"),
        TranslatableField("footer_links"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("site texts")
        verbose_name_plural = _("site texts")
        unique_together = [("translation_key", "locale"), ("site", "locale")]

    def __str__(self):
        return f"{self.site} ({self.locale})" if self.locale_id else str(self.site)

    @classmethod
    def for_site(cls, site, language_code=None):
        """The site's texts in a language (default: the active one), else in the default locale."""
        if site is None:
            return None
        rows = {row.locale.language_code: row for row in cls.objects.filter(site=site).select_related("locale")}
        wanted = language_code or translation.get_language() or settings.LANGUAGE_CODE
        for code in (wanted, Locale.get_default().language_code):
            if code in rows:
                return rows[code]
        return next(iter(rows.values()), None)

    @classmethod
    def for_request(cls, request):
        """`for_site` for the request's site and the active language, once per request and language."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        cache = getattr(request, "_hub_site_texts", None)
        if cache is None:
            cache = request._hub_site_texts = {}
        if language not in cache:
            cache[language] = cls.for_site(Site.find_for_request(request), language)
        return cache[language]

    @property
    def is_fallback(self):
        """True when shown for another language than its own (no texts in the active language yet)."""
        active = translation.get_language() or settings.LANGUAGE_CODE
        return self.locale.language_code != active
