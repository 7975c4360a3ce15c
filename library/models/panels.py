"""An admin panel showing, per file, whether its text was extracted for search."""

from wagtail.admin.panels import Panel


class ExtractionStatusPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "library/admin/extraction_status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context["files"] = list(instance.files.select_related("document")) if instance.pk else []
            return context
