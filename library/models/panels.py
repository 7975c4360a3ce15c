"""An admin panel showing, per file, whether its text was extracted for search."""

from wagtail.admin.panels import Panel


class ExtractionStatusPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "library/admin/extraction_status_panel.html"

        def get_context_data(self, parent_context=None):
            from wagtail.documents import get_document_model

            context = super().get_context_data(parent_context)
            # The edit view's page comes from its latest revision, whose file rows are not from the
            # database: their documents and texts (FileText) are read here, in one query.
            files = list(self.instance.files.all()) if self.instance.pk else []
            documents = (
                get_document_model()
                .objects.select_related("file_text")
                .in_bulk({file.document_id for file in files if file.document_id})
            )
            for file in files:
                if file.document_id in documents:
                    file.document = documents[file.document_id]
            context["files"] = [file for file in files if file.document_id in documents]
            return context


class DownloadCountPanel(Panel):
    """Downloads of this resource's files, all time and in the last 30 days."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "library/admin/download_count_panel.html"

        def get_context_data(self, parent_context=None):
            from datetime import timedelta

            from django.db.models import Q, Sum
            from django.utils import timezone

            from .records import DownloadCount

            context = super().get_context_data(parent_context)
            instance = self.instance
            totals = {"all_time": 0, "last_30_days": 0}
            if instance.pk:
                since = timezone.localdate() - timedelta(days=30)
                totals = DownloadCount.objects.filter(document__resource_files__page=instance).aggregate(
                    all_time=Sum("count"), last_30_days=Sum("count", filter=Q(day__gte=since))
                )
            context["totals"] = {key: value or 0 for key, value in totals.items()}
            context["resource"] = instance
            return context
