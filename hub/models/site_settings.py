"""Settings editors change per site: identity, contact, menus and footer."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField


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
    class Brand(models.TextChoices):
        MINAMATA = "minamata", _("Minamata Convention")
        GMP = "gmp", _("Global Mercury Partnership")

    site_title = models.CharField(
        _("site title"), max_length=120, default="Minamata Exchange Platform", help_text=_("Shown in the header.")
    )
    brand = models.CharField(
        _("brand"), max_length=10, choices=Brand.choices, default=Brand.MINAMATA, help_text=_("Logo and colours.")
    )
    organisation_name = models.CharField(
        _("organisation"), max_length=255, default="Secretariat of the Minamata Convention on Mercury"
    )
    tagline = models.CharField(_("tagline"), max_length=255, blank=True, help_text=_("Shown under the site name."))
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    footer_text = models.TextField(_("footer text"), blank=True, help_text=_("Plain text, e.g. the address."))
    main_menu = StreamField([("link", MenuLinkBlock())], blank=True, help_text=_("Main navigation, in order."))
    footer_links = StreamField([("link", MenuLinkBlock())], blank=True, help_text=_("Links in the footer."))

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("site_title"),
                FieldPanel("brand"),
                FieldPanel("organisation_name"),
                FieldPanel("tagline"),
                FieldPanel("contact_email"),
            ],
            heading=_("Identity"),
        ),
        FieldPanel("main_menu"),
        FieldPanel("footer_links"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("site settings")
