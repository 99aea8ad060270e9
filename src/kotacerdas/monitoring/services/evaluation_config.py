"""Writes of the per-year evaluation settings (Issue 3, item 6): cap, bands, index weights."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core import permissions
from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.monitoring.evaluation.index import COMPONENTS
from kotacerdas.monitoring.models import EvaluationConfig
from kotacerdas.monitoring.models.config import default_bands, default_index_weights


def _number(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: _("Isikan angka.")}) from None
    if not number.is_finite():
        raise ValidationError({field: _("Isikan angka.")})
    return number


def _clean_weights(weights: dict[str, Any]) -> dict[str, float | int]:
    unknown = sorted(set(weights) - set(COMPONENTS))
    if unknown:
        raise ValidationError(
            {
                "index_weights": _("Komponen tidak dikenal: %(names)s.")
                % {"names": ", ".join(unknown)}
            }
        )
    cleaned: dict[str, float | int] = {}
    for name in COMPONENTS:
        number = _number(weights.get(name, 0), name)
        if number < 0:
            raise ValidationError({name: _("Bobot tidak boleh negatif.")})
        cleaned[name] = int(number) if number == number.to_integral_value() else float(number)
    if sum(Decimal(str(v)) for v in cleaned.values()) <= 0:
        raise ValidationError({"index_weights": _("Jumlah bobot harus lebih dari nol.")})
    return cleaned


def _clean_bands(bands: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not bands:
        raise ValidationError({"bands": _("Sedikitnya satu pita warna diperlukan.")})
    cleaned = []
    for band in bands:
        label = str(band.get("label", "")).strip()
        colour = str(band.get("colour", "")).strip()
        if not label:
            raise ValidationError({"bands": _("Setiap pita warna perlu nama.")})
        if not (len(colour) == 7 and colour.startswith("#")):
            raise ValidationError({"bands": _("Warna ditulis #rrggbb.")})
        minimum = _number(band.get("min"), "bands")
        cleaned.append({"min": int(minimum) if minimum == int(minimum) else float(minimum),
                        "label": label, "colour": colour})  # fmt: skip
    mins = [b["min"] for b in cleaned]
    if len(set(mins)) != len(mins):
        raise ValidationError({"bands": _("Batas bawah pita warna tidak boleh sama.")})
    if min(mins) != 0:
        raise ValidationError({"bands": _("Pita terendah harus mulai dari 0.")})
    return sorted(cleaned, key=lambda b: b["min"], reverse=True)


@transaction.atomic
def evaluation_config_update(
    *,
    actor: Any,
    year: int,
    achievement_cap: Any = None,
    bands: list[dict[str, Any]] | None = None,
    index_weights: dict[str, Any] | None = None,
) -> EvaluationConfig:
    """Issue 3 item 6: an administrator sets a year's achievement cap, colour bands and the
    weights of the national evaluation index. Arguments left None keep their value."""
    permissions.require_admin(actor)
    config = EvaluationConfig.objects.select_for_update().filter(year=year).first()
    created = config is None
    if created:
        config = EvaluationConfig(
            year=year, bands=default_bands(), index_weights=default_index_weights()
        )
    before = {} if created else snapshot(config)
    if achievement_cap is not None:
        cap = _number(achievement_cap, "achievement_cap")
        if cap < 100 or cap > 1000:
            raise ValidationError(
                {"achievement_cap": _("Batas atas capaian harus antara 100 dan 1000.")}
            )
        config.achievement_cap = cap
    if bands is not None:
        config.bands = _clean_bands(bands)
    if index_weights is not None:
        config.index_weights = _clean_weights(index_weights)
    config.full_clean()
    config.save()
    changes = diff(before, snapshot(config))
    audit_record(actor=actor, action="create" if created else "update", obj=config, changes=changes)
    return config
