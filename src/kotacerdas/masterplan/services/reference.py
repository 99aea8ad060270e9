"""Administrators keep the names of the regulation's reference data (Pasal 15-22): the six
dimensions, their elements and the priority-program areas, in Indonesian and English. Codes
never change (imports, API and reports rely on them)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core import permissions
from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.masterplan.models import Dimension, Element, PriorityArea

EDITABLE_FIELDS = {
    Dimension: ("name_id", "name_en", "description"),
    Element: ("name_id", "name_en"),
    PriorityArea: ("name_id", "name_en"),
}


@transaction.atomic
def reference_name_update(
    *, actor: Any, obj: Dimension | Element | PriorityArea, data: dict[str, Any]
) -> Dimension | Element | PriorityArea:
    """Pasal 15(1), 16-22: correct the bilingual name of a dimension, element or area."""
    permissions.require_admin(actor)
    model = type(obj)
    allowed = EDITABLE_FIELDS[model]
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(
            {field: _("Kolom ini tidak dapat diubah di sini.") for field in unknown}
        )
    obj = model.objects.select_for_update().get(pk=obj.pk)
    before = snapshot(obj)
    errors = {}
    for field, value in data.items():
        value = (value or "").strip()
        if field in {"name_id", "name_en"} and not value:
            errors[field] = _("Nama wajib diisi.")
        setattr(obj, field, value)
    if errors:
        raise ValidationError(errors)
    obj.full_clean()
    changes = diff(before, snapshot(obj))
    if changes:
        obj.save()
        audit_record(actor=actor, action="update", obj=obj, changes=changes)
    return obj
