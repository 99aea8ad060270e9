"""Local days off (hari libur daerah): the only part of the working-day calendar kept here.

National holidays and cuti bersama come from the `holidays` package (see core/workdays.py).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record, snapshot
from kotacerdas.core.models import LocalDayOff
from kotacerdas.core.permissions import require_admin

NAME_MAX_LENGTH = LocalDayOff._meta.get_field("name").max_length


@transaction.atomic
def local_day_off_create(*, actor, date: dt.date, name: str) -> LocalDayOff:
    """Record a local day off (e.g. by Keputusan Wali Kota); SLA clocks skip it from then on."""
    require_admin(actor)
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not isinstance(date, dt.date):
        errors["date"] = _("Tanggal wajib diisi.")
    elif LocalDayOff.objects.filter(date=date).exists():
        errors["date"] = _("Tanggal ini sudah tercatat sebagai hari libur daerah.")
    if not name:
        errors["name"] = _("Keterangan wajib diisi.")
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = _("Keterangan paling panjang %(max)d karakter.") % {"max": NAME_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    day_off = LocalDayOff.objects.create(date=date, name=name)
    audit_record(
        actor=actor, action="create", obj=day_off, changes=snapshot(day_off, ["date", "name"])
    )
    return day_off


@transaction.atomic
def local_day_off_delete(*, actor, day_off: LocalDayOff) -> None:
    """Remove a local day off that was recorded by mistake or revoked."""
    require_admin(actor)
    changes = snapshot(day_off, ["date", "name"])
    object_id, object_repr = day_off.pk, str(day_off)
    day_off.delete()
    audit_record(
        actor=actor,
        action="delete",
        object_type=LocalDayOff._meta.label,
        object_id=object_id,
        object_repr=object_repr,
        changes=changes,
    )
