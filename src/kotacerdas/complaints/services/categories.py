"""Administration of complaint categories and URC units (issue #5 item 2: "categories
configured by administrators, each with a default responsible agency and URC").

A category is an Open311 service with its SLA settings (issue #5 item 5) and its extra
questions (attributes). Only administrators write here; every write is audited; bad input
raises a ValidationError with Indonesian messages per field and writes nothing. A category is
never deleted: it is deactivated (its cases keep it). Its code (the Open311 `service_code`)
is fixed once created, so apps that stored it keep working.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.complaints.models import (
    AttributeDatatype,
    CaseType,
    Category,
    CategoryAttribute,
    UrcUnit,
)
from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.models import Agency, Role, User
from kotacerdas.core.permissions import require_admin

CODE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WARN_SHARE_MIN, WARN_SHARE_MAX = Decimal("0.10"), Decimal("0.95")
# (field, label, minimum, maximum)
DAY_LIMITS = (
    ("verify_days", 1, 60),
    ("respond_days", 1, 120),
    ("autoclose_days", 1, 60),
    ("outer_days", 1, 365),
    ("reopen_days", 0, 60),
)
URC_MINUTES = (5, 1440)
LIST_DATATYPES = (AttributeDatatype.SINGLEVALUELIST, AttributeDatatype.MULTIVALUELIST)
CATEGORY_AUDITED = [
    "code",
    "name",
    "description",
    "group",
    "keywords",
    "case_type",
    "default_agency",
    "default_urc",
    "is_emergency",
    "urc_response_minutes",
    "verify_days",
    "respond_days",
    "autoclose_days",
    "outer_days",
    "reopen_days",
    "warn_share",
    "is_active",
]
ATTRIBUTE_AUDITED = ["code", "description", "datatype", "required", "order", "values", "is_private"]
URC_AUDITED = ["name", "agency", "phone", "is_active"]


# --- helpers


def _text(errors: dict, data: dict, name: str, *, limit: int, required: bool = False) -> str:
    value = str(data.get(name) or "").strip()
    if required and not value:
        errors[name] = _("Wajib diisi.")
    elif len(value) > limit:
        errors[name] = _("Terlalu panjang: maksimum %(max)s karakter.") % {"max": limit}
    return value


def _int(errors: dict, data: dict, name: str, low: int, high: int, *, optional: bool = False):
    raw = data.get(name)
    if raw in (None, ""):
        if optional:
            return None
        errors[name] = _("Wajib diisi.")
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        errors[name] = _("Harus berupa bilangan bulat.")
        return None
    if not low <= value <= high:
        errors[name] = _("Harus antara %(low)s dan %(high)s.") % {"low": low, "high": high}
        return None
    return value


def _fk(errors: dict, data: dict, name: str, model: type, message: str):
    value = data.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, model):
        obj = value
    else:
        obj = model.objects.filter(pk=value).first() if str(value).isdigit() else None
    if obj is None or not obj.is_active:
        errors[name] = message
        return None
    return obj


def _code(errors: dict, value: Any, *, taken: bool, field: str = "code") -> str:
    code = str(value or "").strip()
    if not code:
        errors[field] = _("Kode wajib diisi.")
    elif len(code) > 50 or not CODE_RE.match(code):
        errors[field] = _(
            "Kode hanya huruf kecil, angka dan tanda hubung (misalnya jalan-rusak), maksimum 50."
        )
    elif taken:
        errors[field] = _("Kode %(code)s sudah dipakai.") % {"code": code}
    return code


def _update_audited(
    *, actor: Any, obj: Any, cleaned: dict[str, Any], fields: list[str], extra: dict | None = None
) -> None:
    """Set `cleaned` on `obj`, save, and audit what changed (plus `extra` changes)."""
    before = snapshot(obj, fields)
    for name, value in cleaned.items():
        setattr(obj, name, value)
    obj.save()
    changes = {**diff(before, snapshot(obj, fields)), **(extra or {})}
    if changes:
        audit_record(actor=actor, action="update", obj=obj, changes=changes)


# --- categories


def clean_category(data: dict[str, Any], *, category: Category | None = None) -> dict[str, Any]:
    """The checked fields of a category form; raises ValidationError({field: message})."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    if category is None:
        code = str(data.get("code") or "").strip()
        cleaned["code"] = _code(
            errors, code, taken=bool(code) and Category.objects.filter(code=code).exists()
        )
    elif "code" in data and str(data["code"] or "").strip() not in ("", category.code):
        errors["code"] = _("Kode layanan tidak dapat diubah (dipakai aplikasi Open311).")
    cleaned["name"] = _text(errors, data, "name", limit=200, required=True)
    cleaned["description"] = _text(errors, data, "description", limit=4000)
    cleaned["group"] = _text(errors, data, "group", limit=100)
    cleaned["keywords"] = _text(errors, data, "keywords", limit=300)
    case_type = str(data.get("case_type") or CaseType.COMPLAINT)
    if case_type not in CaseType.values:
        errors["case_type"] = _("Jenis laporan tidak dikenal.")
    cleaned["case_type"] = case_type
    for name, low, high in DAY_LIMITS:
        cleaned[name] = _int(errors, data, name, low, high)
    if (
        cleaned["outer_days"]
        and cleaned["verify_days"]
        and cleaned["respond_days"]
        and cleaned["outer_days"] < cleaned["verify_days"] + cleaned["respond_days"]
    ):
        errors["outer_days"] = _(
            "Batas akhir harus paling sedikit jumlah hari verifikasi dan tindak lanjut."
        )
    cleaned["is_emergency"] = bool(data.get("is_emergency"))
    minutes = _int(errors, data, "urc_response_minutes", *URC_MINUTES, optional=True)
    if cleaned["is_emergency"] and minutes is None and "urc_response_minutes" not in errors:
        errors["urc_response_minutes"] = _("Kategori darurat wajib memiliki batas respons URC.")
    cleaned["urc_response_minutes"] = minutes
    try:
        share = Decimal(str(data.get("warn_share", "")).strip().replace(",", "."))
    except InvalidOperation:
        share = None
    if share is None or not share.is_finite():
        errors["warn_share"] = _("Isi porsi waktu berupa angka desimal, misalnya 0,75.")
    elif not WARN_SHARE_MIN <= share <= WARN_SHARE_MAX:
        errors["warn_share"] = _("Porsi waktu peringatan harus antara 0,1 dan 0,95.")
    elif share != share.quantize(Decimal("0.01")):
        errors["warn_share"] = _("Porsi waktu peringatan paling banyak dua angka desimal.")
    cleaned["warn_share"] = share
    cleaned["default_agency"] = _fk(
        errors, data, "default_agency", Agency, _("Pilih Perangkat Daerah yang aktif.")
    )
    cleaned["default_urc"] = _fk(errors, data, "default_urc", UrcUnit, _("Pilih unit URC aktif."))
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def category_create(*, actor: Any, data: dict[str, Any]) -> Category:
    require_admin(actor)
    category = Category.objects.create(**clean_category(data))
    audit_record(
        actor=actor, action="create", obj=category, changes=snapshot(category, CATEGORY_AUDITED)
    )
    return category


@transaction.atomic
def category_update(*, actor: Any, category: Category, data: dict[str, Any]) -> Category:
    require_admin(actor)
    category = Category.objects.select_for_update().get(pk=category.pk)
    cleaned = clean_category(data, category=category)
    _update_audited(actor=actor, obj=category, cleaned=cleaned, fields=CATEGORY_AUDITED)
    return category


@transaction.atomic
def category_set_active(*, actor: Any, category: Category, active: bool) -> Category:
    """Deactivate (no new cases; existing cases keep the category) or reactivate."""
    require_admin(actor)
    category = Category.objects.select_for_update().get(pk=category.pk)
    if category.is_active == active:
        return category
    category.is_active = active
    category.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor,
        action="update",
        obj=category,
        changes={"is_active": [not active, active]},
    )
    return category


# --- attributes


def parse_values(text: str) -> list[dict[str, str]]:
    """Choices written one per line as `key|name` (or just `key`); raises on a bad line."""
    values, keys = [], set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        key, _sep, name = line.partition("|")
        key, name = key.strip(), (name.strip() or key.strip())
        if not key or len(key) > 50 or len(name) > 200:
            raise ValidationError(
                {
                    "values": _("Baris %(line)s: tulis kunci|nama (kunci maksimum 50 karakter).")
                    % {"line": number}
                }
            )
        if key in keys:
            raise ValidationError(
                {"values": _("Kunci pilihan %(key)s tertulis dua kali.") % {"key": key}}
            )
        keys.add(key)
        values.append({"key": key, "name": name})
    return values


def clean_attribute(
    data: dict[str, Any], *, category: Category, attribute: CategoryAttribute | None = None
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    code = str(data.get("code") or "").strip()
    taken = (
        CategoryAttribute.objects.filter(category=category, code=code)
        .exclude(pk=attribute.pk if attribute else None)
        .exists()
    )
    cleaned: dict[str, Any] = {"code": _code(errors, code, taken=bool(code) and taken)}
    cleaned["description"] = _text(errors, data, "description", limit=300, required=True)
    datatype = str(data.get("datatype") or "")
    if datatype not in AttributeDatatype.values:
        errors["datatype"] = _("Pilih tipe jawaban.")
    cleaned["datatype"] = datatype
    cleaned["required"] = bool(data.get("required"))
    cleaned["is_private"] = bool(data.get("is_private"))
    cleaned["order"] = _int(errors, data, "order", 0, 999, optional=True) or 0
    raw_values = data.get("values") or []
    try:
        values = parse_values(raw_values) if isinstance(raw_values, str) else list(raw_values)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        values = []
    if datatype in LIST_DATATYPES and not values and "values" not in errors:
        errors["values"] = _("Tipe pilihan wajib memiliki paling sedikit satu pilihan.")
    elif datatype and datatype not in LIST_DATATYPES and values:
        errors["values"] = _("Pilihan hanya untuk tipe singlevaluelist atau multivaluelist.")
    cleaned["values"] = values
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def attribute_save(
    *,
    actor: Any,
    category: Category,
    data: dict[str, Any],
    attribute: CategoryAttribute | None = None,
) -> CategoryAttribute:
    """Add a question to a category, or change one (`attribute`)."""
    require_admin(actor)
    if attribute is not None and attribute.category_id != category.pk:
        raise ValidationError(_("Atribut ini bukan milik kategori tersebut."))
    cleaned = clean_attribute(data, category=category, attribute=attribute)
    if attribute is None:
        attribute = CategoryAttribute.objects.create(category=category, **cleaned)
        audit_record(
            actor=actor,
            action="create",
            obj=attribute,
            changes={"category": category.code, **snapshot(attribute, ATTRIBUTE_AUDITED)},
        )
        return attribute
    _update_audited(actor=actor, obj=attribute, cleaned=cleaned, fields=ATTRIBUTE_AUDITED)
    return attribute


@transaction.atomic
def attribute_delete(*, actor: Any, attribute: CategoryAttribute) -> None:
    """Remove a question (answers already given stay in the cases' attributes)."""
    require_admin(actor)
    audit_record(
        actor=actor,
        action="delete",
        obj=attribute,
        changes={"category": attribute.category.code, **snapshot(attribute, ATTRIBUTE_AUDITED)},
    )
    attribute.delete()


# --- URC units


def urc_officers(agency: Agency | None) -> list[User]:
    """Active users with the urc_officer role in `agency` (who may be members of its units)."""
    if agency is None:
        return []
    users = User.objects.filter(agency=agency, is_active=True).order_by("last_name", "username")
    return [user for user in users if Role.URC_OFFICER in (user.roles or [])]


def clean_urc_unit(data: dict[str, Any], *, unit: UrcUnit | None = None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    name = _text(errors, data, "name", limit=200, required=True)
    if (
        name
        and UrcUnit.objects.filter(name__iexact=name).exclude(pk=unit.pk if unit else None).exists()
    ):
        errors["name"] = _("Nama unit %(name)s sudah dipakai.") % {"name": name}
    agency = _fk(errors, data, "agency", Agency, _("Pilih Perangkat Daerah yang aktif."))
    if agency is None and "agency" not in errors:
        errors["agency"] = _("Pilih Perangkat Daerah unit ini.")
    phone = _text(errors, data, "phone", limit=40)
    member_ids = set()
    for value in data.get("members") or []:
        member_id = value.pk if isinstance(value, User) else value
        if not str(member_id).isdigit():
            errors["members"] = _("Petugas tidak dikenal.")
            break
        member_ids.add(int(member_id))
    allowed = {user.pk: user for user in urc_officers(agency)}
    strangers = member_ids - set(allowed)
    if strangers and "members" not in errors and agency is not None:
        errors["members"] = _(
            "Anggota unit harus pengguna aktif berperan Petugas URC dari %(agency)s."
        ) % {"agency": agency.name}
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "agency": agency,
        "phone": phone,
        "is_active": bool(data.get("is_active", True)),
        "members": sorted(member_ids),
    }


@transaction.atomic
def urc_unit_save(*, actor: Any, data: dict[str, Any], unit: UrcUnit | None = None) -> UrcUnit:
    """Create a URC unit, or change one (`unit`), with its members."""
    require_admin(actor)
    if unit is not None:
        unit = UrcUnit.objects.select_for_update().get(pk=unit.pk)
    cleaned = clean_urc_unit(data, unit=unit)
    members = cleaned.pop("members")
    if unit is None:
        unit = UrcUnit.objects.create(**cleaned)
        unit.members.set(members)
        audit_record(
            actor=actor,
            action="create",
            obj=unit,
            changes={**snapshot(unit, URC_AUDITED), "members": members},
        )
        return unit
    before_members = sorted(unit.members.values_list("pk", flat=True))
    unit.members.set(members)
    extra = {"members": [before_members, members]} if before_members != members else {}
    _update_audited(actor=actor, obj=unit, cleaned=cleaned, fields=URC_AUDITED, extra=extra)
    return unit
