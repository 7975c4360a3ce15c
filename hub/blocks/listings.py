"""Blocks that list content automatically."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class ThematicAreaResourcesBlock(blocks.StructBlock):
    """The newest library resources tagged with one thematic area, in the page's locale.

    Resources live in a higher layer (library); this block reaches them through the
    reverse relation on the thematic area, so hub never imports library.
    """

    heading = blocks.CharBlock(required=False, max_length=200)
    area = SnippetChooserBlock("hub.ThematicArea")
    count = blocks.IntegerBlock(default=5, min_value=1, max_value=20)

    class Meta:
        icon = "list-ul"
        template = "blocks/thematic_area_resources_block.html"
        description = _("The latest resources on one thematic area, kept up to date automatically.")

    def get_preview_value(self):
        from hub.models import ThematicArea

        area = ThematicArea.objects.default_locale().first()
        return self.to_python({"heading": area.name if area else "", "area": area.pk if area else None, "count": 3})

    def get_context(self, value, parent_context=None):
        from hub.models.tagging import live_resources_for

        context = super().get_context(value, parent_context=parent_context)
        area = value.get("area")
        # In the locale of the page the block is on (else the visitor's language), never another's.
        page = (parent_context or {}).get("page")
        locale = getattr(page, "locale", None)
        context["resources"] = live_resources_for(area, limit=value.get("count") or 5, locale=locale) if area else []
        return context
