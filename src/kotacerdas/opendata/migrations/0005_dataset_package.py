"""The stored CKAN package of each dataset (ckan/stored.py): the fast path of package_search."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("opendata", "0004_search_speed"),
    ]

    operations = [
        migrations.CreateModel(
            name="DatasetPackage",
            fields=[
                (
                    "dataset",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="package",
                        serialize=False,
                        to="opendata.dataset",
                    ),
                ),
                ("body", models.TextField()),
                ("stamp", models.DateTimeField()),
            ],
            options={
                "verbose_name": "paket CKAN tersimpan",
                "verbose_name_plural": "paket CKAN tersimpan",
            },
        ),
    ]
