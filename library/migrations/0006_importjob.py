import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0005_file_text"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportJob",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("file_name", models.CharField(help_text="The name of the uploaded file.", max_length=255)),
                ("dry_run", models.BooleanField(default=False, help_text="Check and report only, changing nothing.")),
                ("upload", models.BinaryField(blank=True, help_text="The uploaded file, until the task has read it.")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Waiting to start"),
                            ("running", "Running"),
                            ("done", "Finished"),
                            ("failed", "Stopped with an error"),
                        ],
                        default="queued",
                        max_length=10,
                    ),
                ),
                ("rows_total", models.PositiveIntegerField(default=0, help_text="Data rows in the file.")),
                ("rows_done", models.PositiveIntegerField(default=0, help_text="Rows applied (or checked) so far.")),
                (
                    "report",
                    models.JSONField(blank=True, default=dict, help_text="Counts, failed rows, drafts and warnings."),
                ),
                ("message", models.TextField(blank=True, help_text="Why the import stopped, when it did.")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        help_text="Who uploaded the file; the import applies this user's page permissions.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="library_import_jobs",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "library import",
                "verbose_name_plural": "library imports",
                "ordering": ["-created_at"],
            },
        ),
    ]
