"""Merge of two parallel 0002 migrations (letter reference data; minutes e-mail timestamp)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0002_letter_classifications"),
        ("institutions", "0002_meetings_distribution_emailed"),
    ]

    operations = []
