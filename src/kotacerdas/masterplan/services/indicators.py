"""Writes of indicators and their yearly targets (Issue 3 item 4; Pasal 15(3), 29: the
achievement of the plan is measured against targets).

An indicator belongs to exactly one node: an activity, a program or a priority program. Who may
change it follows that node (agency officers: their own agency's nodes; priority programs:
administrators and the Tim Pelaksana).
"""

from __future__ import annotations

import decimal
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.masterplan.models import Indicator, IndicatorTarget
from kotacerdas.masterplan.services.tree import (
    _require_node_access,
    require_priority_program_access,
)

PERCENT_UNITS = {"%", "persen", "percent", "persentase"}
PERCENT_MAX = decimal.Decimal(100)
BASELINE_FIRST_YEAR = 2000
TARGET_FIRST_YEAR = 2018
LAST_YEAR = 2045
# ISO 37122:2019 numbers its indicators by clause ("5.1", "19.3"); SDG codes are goal, target
# or indicator ("11", "11.6", "11.6.2", "11.a.1"). Free text otherwise refused: kept bounded.
ISO37122_RE = re.compile(r"^\d{1,2}\.\d{1,2}$")
SDG_RE = re.compile(r"^\d{1,2}(\.[0-9a-z]{1,2}(\.\d{1,2})?)?$")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")

INDICATOR_FIELDS = (
    "code",
    "name",
    "definition",
    "level",
    "unit",
    "max_value",
    "direction",
    "aggregation",
    "frequency",
    "baseline_value",
    "baseline_year",
    "data_source",
    "verification_means",
    "iso37122_code",
    "sdg_code",
    "activity",
    "program",
    "priority_program",
)


def plain_number(value: decimal.Decimal) -> str:
    """12.5000 -> "12.5", 100.0000 -> "100" (never "1E+2")."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def is_percentage_unit(unit: str) -> bool:
    return (unit or "").strip().lower() in PERCENT_UNITS


def owner_agency_id(indicator: Indicator) -> int | None:
    node = indicator.activity or indicator.program
    return node.agency_id if node is not None else None


def require_indicator_access(actor: Any, indicator: Indicator) -> None:
    if indicator.activity_id is None and indicator.program_id is None:
        require_priority_program_access(actor)
    else:
        _require_node_access(actor, owner_agency_id(indicator))


def _as_decimal(value: Any) -> decimal.Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, decimal.Decimal):
        return value
    try:
        return decimal.Decimal(str(value).strip().replace(",", "."))
    except decimal.InvalidOperation:
        raise ValidationError(
            _("Nilai harus berupa angka: %(value)s.") % {"value": value}
        ) from None


def _validate(indicator: Indicator) -> None:
    errors: dict[str, Any] = {}
    owners = [indicator.activity_id, indicator.program_id, indicator.priority_program_id]
    owners_set = [
        o for o in (indicator.activity, indicator.program, indicator.priority_program) if o
    ]
    if len(owners_set) != 1 and len([o for o in owners if o]) != 1:
        errors["activity"] = _(
            "Indikator harus milik tepat satu: kegiatan, program, atau program prioritas."
        )
    if not CODE_RE.match(indicator.code or ""):
        errors["code"] = _(
            "Kode indikator 1-40 karakter: huruf, angka, titik, garis miring, atau tanda hubung."
        )
    elif Indicator.objects.filter(code=indicator.code).exclude(pk=indicator.pk).exists():
        errors["code"] = _("Kode indikator %(code)s sudah dipakai.") % {"code": indicator.code}
    if is_percentage_unit(indicator.unit):
        if indicator.max_value is None:
            indicator.max_value = PERCENT_MAX
        elif indicator.max_value > PERCENT_MAX:
            errors["max_value"] = _("Satuan persen: nilai maksimum paling tinggi 100.")
    if indicator.max_value is not None and indicator.max_value <= 0:
        errors["max_value"] = _("Nilai maksimum harus lebih dari 0.")
    if indicator.baseline_year is not None and not (
        BASELINE_FIRST_YEAR <= indicator.baseline_year <= LAST_YEAR
    ):
        errors["baseline_year"] = _("Tahun dasar harus antara %(first)s dan %(last)s.") % {
            "first": BASELINE_FIRST_YEAR,
            "last": LAST_YEAR,
        }
    if indicator.baseline_value is not None and indicator.baseline_year is None:
        errors["baseline_year"] = _("Isi tahun dasar untuk nilai dasar.")
    if (
        indicator.baseline_value is not None
        and indicator.max_value is not None
        and indicator.baseline_value > indicator.max_value
    ):
        errors["baseline_value"] = _("Nilai dasar melebihi nilai maksimum %(max)s.") % {
            "max": plain_number(indicator.max_value)
        }
    if indicator.iso37122_code and not ISO37122_RE.match(indicator.iso37122_code):
        errors["iso37122_code"] = _("Kode ISO 37122 berpola nomor klausul, mis. 5.1 atau 19.3.")
    if indicator.sdg_code and not SDG_RE.match(indicator.sdg_code):
        errors["sdg_code"] = _(
            "Kode SDG berpola tujuan.target.indikator, mis. 11, 11.6 atau 11.6.2."
        )
    try:
        indicator.full_clean(validate_unique=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _apply(indicator: Indicator, data: dict[str, Any]) -> None:
    unknown = sorted(set(data) - set(INDICATOR_FIELDS))
    if unknown:
        raise ValidationError(
            {field: _("Kolom ini tidak dapat diubah di sini.") for field in unknown}
        )
    for field, value in data.items():
        if field in {"max_value", "baseline_value"}:
            try:
                value = _as_decimal(value)
            except ValidationError as exc:
                raise ValidationError({field: exc.messages}) from None
        elif field in {"iso37122_code", "sdg_code"}:
            value = (value or "").strip().lower() if field == "sdg_code" else (value or "").strip()
        elif isinstance(value, str):
            value = value.strip()
        setattr(indicator, field, value)


@transaction.atomic
def indicator_create(*, actor: Any, data: dict[str, Any]) -> Indicator:
    """Issue 3 item 4: an indicator with level, unit, direction, aggregation, frequency,
    baseline and optional ISO 37122 / SDG mapping."""
    indicator = Indicator()
    _apply(indicator, data)
    require_indicator_access(actor, indicator)
    _validate(indicator)
    indicator.save()
    audit_record(actor=actor, action="create", obj=indicator, changes=snapshot(indicator))
    return indicator


@transaction.atomic
def indicator_update(*, actor: Any, indicator: Indicator, data: dict[str, Any]) -> Indicator:
    """Issue 3 item 4: change an indicator; existing targets must stay within its maximum."""
    require_indicator_access(actor, indicator)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    before = snapshot(indicator)
    _apply(indicator, data)
    require_indicator_access(actor, indicator)
    _validate(indicator)
    if indicator.max_value is not None:
        over = indicator.targets.filter(value__gt=indicator.max_value).values_list(
            "year", flat=True
        )
        if over:
            raise ValidationError(
                {
                    "max_value": _("Target tahun %(years)s melebihi nilai maksimum baru.")
                    % {"years": ", ".join(str(y) for y in over)}
                }
            )
    changes = diff(before, snapshot(indicator))
    if changes:
        indicator.save()
        audit_record(actor=actor, action="update", obj=indicator, changes=changes)
    return indicator


@transaction.atomic
def indicator_target_set(
    *, actor: Any, indicator: Indicator, year: int, value: Any
) -> IndicatorTarget | None:
    """Pasal 15(3): the target of an indicator for a year. `value=None` removes it."""
    require_indicator_access(actor, indicator)
    errors: dict[str, str] = {}
    if not isinstance(year, int) or not TARGET_FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = _("Tahun target harus antara %(first)s dan %(last)s.") % {
            "first": TARGET_FIRST_YEAR,
            "last": LAST_YEAR,
        }
    try:
        amount = _as_decimal(value)
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages}) from None
    if amount is not None:
        if not amount.is_finite():
            errors["value"] = _("Target harus berupa angka.")
        elif indicator.max_value is not None and amount > indicator.max_value:
            errors["value"] = _(
                "Target %(value)s melebihi nilai maksimum %(max)s untuk satuan %(unit)s."
            ) % {
                "value": plain_number(amount),
                "max": plain_number(indicator.max_value),
                "unit": indicator.unit,
            }
        elif amount < 0 and is_percentage_unit(indicator.unit):
            errors["value"] = _("Target persentase tidak boleh negatif.")
        elif abs(amount) >= decimal.Decimal(10) ** 14:
            errors["value"] = _("Target terlalu besar.")
    if errors:
        raise ValidationError(errors)
    existing = (
        IndicatorTarget.objects.select_for_update().filter(indicator=indicator, year=year).first()
    )
    if amount is None:
        if existing is not None:
            audit_record(actor=actor, action="delete", obj=existing, changes=snapshot(existing))
            existing.delete()
        return None
    amount = amount.quantize(decimal.Decimal("0.0001"))
    if existing is None:
        target = IndicatorTarget.objects.create(indicator=indicator, year=year, value=amount)
        audit_record(actor=actor, action="create", obj=target, changes=snapshot(target))
        return target
    before = snapshot(existing)
    existing.value = amount
    changes = diff(before, snapshot(existing))
    if changes:
        existing.save(update_fields=["value"])
        audit_record(actor=actor, action="update", obj=existing, changes=changes)
    return existing
