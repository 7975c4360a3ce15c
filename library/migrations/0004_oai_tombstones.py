from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0003_resource_files_authors_collections"),
    ]

    operations = [
        migrations.CreateModel(
            name="SetDeparture",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "identifier",
                    models.CharField(help_text="The resource identifier, as harvesters know it.", max_length=255),
                ),
                ("set_spec", models.CharField(help_text="The OAI set it left, e.g. collection:gmp.", max_length=255)),
                ("departed_at", models.DateTimeField(db_index=True)),
            ],
            options={
                "ordering": ["departed_at", "identifier"],
                "constraints": [
                    models.UniqueConstraint(fields=("identifier", "set_spec"), name="one_departure_per_set")
                ],
            },
        ),
    ]
