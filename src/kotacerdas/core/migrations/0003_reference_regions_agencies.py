"""Reference data of Kota Bekasi: 12 kecamatan, 56 kelurahan, the Perangkat Daerah.

Loaded by a data migration so that every fresh database has it. Idempotent (update_or_create
by code). No audit event is recorded: reference data is not a user's write but part of the
platform's release, its provenance is `core/data/SOURCES.md` and this migration; changes made
later by people go through the audited services.
"""

from django.db import migrations


def load(apps, schema_editor):
    from kotacerdas.core import reference_data

    reference_data.load_regions(apps.get_model("core", "Region"))
    reference_data.load_agencies(
        apps.get_model("core", "Agency"),
        apps.get_model("core", "AgencyName"),
        apps.get_model("core", "Region"),
        apps.get_model("core", "Organisation"),
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_chain_head")]
    # Reversing keeps the rows: other apps' records point at them (PROTECT).
    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
