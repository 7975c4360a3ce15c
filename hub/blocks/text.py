"""Text blocks: heading, callout, quote."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    heading_text = blocks.CharBlock(classname="title", required=True, max_length=200)
    size = blocks.ChoiceBlock(
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")],
        default="h2",
        help_text=_("Heading level; the page title is the only H1."),
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        description = _("A section heading that also appears in the page outline for screen readers.")
        preview_value = {"heading_text": "Mercury in artisanal gold mining", "size": "h2"}


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("key", _("Key message")), ("warning", _("Caution"))],
        default="info",
    )
    title = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        description = _("A highlighted box for a key message or a caution.")
        preview_value = {
            "tone": "key",
            "title": "Key message",
            "text": "<p>Parties report on implementation every four years.</p>",
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        description = _("A quotation with its source.")
        preview_value = {
            "text": "Make mercury history.",
            "attribution": "Secretariat of the Minamata Convention",
        }
