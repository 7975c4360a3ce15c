"""Media blocks: captioned image, document list, embed."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class CaptionedImageBlock(blocks.StructBlock):
    # ImageBlock carries the alt text (or a "decorative" flag), as WCAG asks.
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)
    attribution = blocks.CharBlock(required=False, max_length=250, help_text=_("Photographer or source."))

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"
        description = _("An image with a caption and credit; served as a responsive rendition.")

    def get_preview_value(self):
        # Previews use an image from the library when there is one.
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("-pk").first()
        if image is None:
            return super().get_preview_value()
        return self.to_python({"image": {"image": image.pk, "alt_text": image.title}, "caption": image.title})


class DocumentListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=200)
    documents = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("document", DocumentChooserBlock()),
                ("title", blocks.CharBlock(required=False, help_text=_("Defaults to the document title."))),
            ],
            icon="doc-full",
        )
    )

    class Meta:
        icon = "doc-full-inverse"
        template = "blocks/document_list_block.html"
        description = _("A list of downloadable documents with their format and size.")

    def get_preview_value(self):
        from wagtail.documents import get_document_model

        documents = get_document_model().objects.order_by("-pk")[:3]
        return self.to_python(
            {"heading": "Documents", "documents": [{"document": doc.pk, "title": ""} for doc in documents]}
        )


class VideoEmbedBlock(blocks.StructBlock):
    embed = EmbedBlock(help_text=_("A YouTube or Vimeo address. Visitors get a link if the player cannot load."))
    title = blocks.CharBlock(max_length=200, help_text=_("Describes the video for screen-reader users."))

    class Meta:
        icon = "media"
        template = "blocks/embed_block.html"
        description = _("An embedded video or other media, with a plain link fallback.")
        # No preview value: previewing an embed would call the provider over the internet.
