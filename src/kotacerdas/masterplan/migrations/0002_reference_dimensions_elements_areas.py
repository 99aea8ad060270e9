"""Reference data of the regulation: six dimensions (Pasal 15(1)), 18 elements (Pasal 16-21),
19 priority-program areas (Pasal 22) and the readiness checklist (Pasal 6 huruf a).

Read from `masterplan/data/reference.json` by `masterplan.reference_data`. Idempotent (keyed by
code). No audit event: reference data is part of the platform's release; later edits by
administrators go through the audited `services.reference`.
"""

from django.db import migrations


def load(apps, schema_editor):
    from kotacerdas.masterplan import reference_data

    reference_data.load_reference(
        apps.get_model("masterplan", "Dimension"),
        apps.get_model("masterplan", "Element"),
        apps.get_model("masterplan", "PriorityArea"),
        apps.get_model("masterplan", "ReadinessQuestion"),
    )


class Migration(migrations.Migration):
    dependencies = [("masterplan", "0001_initial")]
    # Reversing keeps the rows: programs and indicators point at them (PROTECT).
    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
