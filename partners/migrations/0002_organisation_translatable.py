"""Organisations become translatable: every existing row is a default-locale source row."""

import uuid

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


def bootstrap(apps, schema_editor):
    Organisation = apps.get_model("partners", "Organisation")
    Locale = apps.get_model("wagtailcore", "Locale")
    if not Organisation.objects.exists():
        return
    code = settings.LANGUAGE_CODE.split("-")[0]
    default = Locale.objects.filter(language_code=code).first() or Locale.objects.order_by("pk").first()
    if default is None:
        default = Locale.objects.create(language_code=code)
    for organisation in Organisation.objects.all():
        organisation.locale_id = default.pk
        organisation.translation_key = uuid.uuid4()
        organisation.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("hub", "0004_site_texts_per_locale"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="organisation",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
            ),
        ),
        migrations.RunPython(bootstrap, migrations.RunPython.noop),
    ]
