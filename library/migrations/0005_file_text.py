"""Extracted text moves from the revisioned ResourceFile rows to FileText, one row per document.

Rows that had been extracted (their `extracted_document_file` is set) give their document its
FileText; of several rows showing one document, the one read from the document's current file
wins, then the most recent. Rows still waiting, or blanked by a published revision, give none:
the next publish or file save queues their extraction. The reverse step copies the text back
onto every row of the document.
"""

import django.db.models.deletion
from django.db import migrations, models


def move_text_to_file_text(apps, schema_editor):
    ResourceFile = apps.get_model("library", "ResourceFile")
    FileText = apps.get_model("library", "FileText")
    Document = apps.get_model("wagtaildocs", "Document")
    extracted = (
        ResourceFile.objects.exclude(extracted_document_file="")
        .exclude(extraction_status="pending")
        .order_by("document_id", "-pk")
    )
    files = dict(Document.objects.filter(pk__in=extracted.values("document_id")).values_list("pk", "file"))
    hashes = dict(Document.objects.filter(pk__in=extracted.values("document_id")).values_list("pk", "file_hash"))
    chosen = {}
    for row in extracted.iterator(chunk_size=500):
        best = chosen.get(row.document_id)
        reads_current_file = row.extracted_document_file == files.get(row.document_id)
        if best is None or (reads_current_file and best.extracted_document_file != files.get(row.document_id)):
            chosen[row.document_id] = row
    FileText.objects.bulk_create(
        [
            FileText(
                document_id=document_id,
                status=row.extraction_status,
                text=row.extracted_text,
                error=row.extraction_error,
                file_name=row.extracted_document_file,
                # The checksum is only known to belong to the text if the file is still the one read.
                file_hash=hashes.get(document_id, "") if row.extracted_document_file == files.get(document_id) else "",
            )
            for document_id, row in chosen.items()
        ],
        batch_size=500,
    )


def copy_text_back_to_rows(apps, schema_editor):
    ResourceFile = apps.get_model("library", "ResourceFile")
    FileText = apps.get_model("library", "FileText")
    for record in FileText.objects.iterator(chunk_size=500):
        ResourceFile.objects.filter(document_id=record.document_id).update(
            extracted_text=record.text,
            extraction_status=record.status,
            extraction_error=record.error,
            extracted_document_file=record.file_name,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0004_oai_tombstones"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.CreateModel(
            name="FileText",
            fields=[
                (
                    "document",
                    models.OneToOneField(
                        help_text="The document whose file was read.",
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="file_text",
                        serialize=False,
                        to="wagtaildocs.document",
                        verbose_name="document",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting"),
                            ("done", "Text extracted"),
                            ("failed", "Failed"),
                            ("unsupported", "Not extracted for this format"),
                        ],
                        help_text="How the last extraction of this file ended.",
                        max_length=12,
                        verbose_name="text extraction",
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        blank=True, help_text="What search reads of the file.", verbose_name="extracted text"
                    ),
                ),
                (
                    "error",
                    models.CharField(
                        blank=True,
                        help_text="Why the text could not be read, or a note about it, for editors.",
                        max_length=500,
                        verbose_name="extraction error",
                    ),
                ),
                (
                    "file_name",
                    models.CharField(
                        help_text="The stored file name the text was read from.",
                        max_length=255,
                        verbose_name="file read",
                    ),
                ),
                (
                    "file_hash",
                    models.CharField(
                        blank=True,
                        help_text="SHA-1 of the file read, when the document knew it; a new checksum means new text.",
                        max_length=40,
                        verbose_name="checksum of the file read",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="first extracted")),
                ("extracted_at", models.DateTimeField(auto_now=True, verbose_name="last extracted")),
            ],
            options={
                "verbose_name": "extracted file text",
                "verbose_name_plural": "extracted file texts",
            },
        ),
        migrations.RunPython(move_text_to_file_text, copy_text_back_to_rows, elidable=False),
        migrations.RemoveField(model_name="resourcefile", name="extracted_document_file"),
        migrations.RemoveField(model_name="resourcefile", name="extracted_text"),
        migrations.RemoveField(model_name="resourcefile", name="extraction_error"),
        migrations.RemoveField(model_name="resourcefile", name="extraction_status"),
    ]
