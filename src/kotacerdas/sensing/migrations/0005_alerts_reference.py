"""Reference data of the flood alert ladders: the Kali Bekasi gauges, their ladders per scheme with
threshold set version 1, and the flood-prone places downstream of P2C (`sensing/data/`, sources
in its SOURCES.md). Idempotent, see `services/alerts_reference.py`. The gauges get their Thing
and Datastream later, when they exist, through `services.alerts_config.ladder_attach`.
"""

from django.db import migrations


def load(apps, schema_editor):
    from kotacerdas.sensing.services.alerts_reference import load_alert_reference

    load_alert_reference(
        apps.get_model("sensing", "FloodGauge"),
        apps.get_model("sensing", "AlertLadder"),
        apps.get_model("sensing", "ThresholdSet"),
        apps.get_model("sensing", "AlertLevel"),
        apps.get_model("sensing", "FloodPlace"),
    )


class Migration(migrations.Migration):
    dependencies = [("sensing", "0004_alerts")]
    # Reversing keeps the rows: alarms point at the levels (RESTRICT).
    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
