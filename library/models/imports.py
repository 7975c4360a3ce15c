"""An admin import running in the background: who started it, how far it got, what it reported."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """One upload of the admin's "Import resources" form, run by a background task.

    The uploaded file is kept here (not in the public media folder) until the task has read it;
    the report is kept as JSON so its page can show it after the task is gone.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Stopped with an error")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="library_import_jobs",
        help_text=_("Who uploaded the file; the import applies this user's page permissions."),
    )
    file_name = models.CharField(max_length=255, help_text=_("The name of the uploaded file."))
    dry_run = models.BooleanField(default=False, help_text=_("Check and report only, changing nothing."))
    upload = models.BinaryField(
        blank=True, editable=False, help_text=_("The uploaded file, until the task has read it.")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0, help_text=_("Data rows in the file."))
    rows_done = models.PositiveIntegerField(default=0, help_text=_("Rows applied (or checked) so far."))
    report = models.JSONField(default=dict, blank=True, help_text=_("Counts, failed rows, drafts and warnings."))
    message = models.TextField(blank=True, help_text=_("Why the import stopped, when it did."))
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("library import")
        verbose_name_plural = _("library imports")

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def visible_to(self, user):
        """Only its owner and superusers may see a job (its report names rows and files)."""
        return user.is_superuser or (self.user_id is not None and self.user_id == user.pk)
