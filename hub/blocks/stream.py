"""The shared StreamBlock for every `body` field, grouped as editors see it."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock

from .listings import ThematicAreaResourcesBlock
from .media import CaptionedImageBlock, DocumentListBlock, VideoEmbedBlock
from .text import CalloutBlock, HeadingBlock, QuoteBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul", "hr", "superscript"]


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock(group=_("Text"))
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        group=_("Text"),
        preview_value="<p>The Convention entered into force on 16 August 2017.</p>",
        description=_("Formatted text with links."),
    )
    callout = CalloutBlock(group=_("Text"))
    quote = QuoteBlock(group=_("Text"))
    image = CaptionedImageBlock(group=_("Media"))
    documents = DocumentListBlock(group=_("Media"))
    embed = VideoEmbedBlock(group=_("Media"))
    table = TableBlock(
        group=_("Data"),
        template="blocks/table_block.html",
        description=_("A simple table with an optional header row."),
        preview_value={
            "first_row_is_table_header": True,
            "data": [["Meeting", "Year"], ["COP-1", "2017"], ["COP-5", "2023"]],
        },
    )
    area_resources = ThematicAreaResourcesBlock(group=_("Listings"))

    class Meta:
        block_counts = {}
