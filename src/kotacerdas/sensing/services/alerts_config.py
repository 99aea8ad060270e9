"""Configuring the flood alert ladders: which Datastream a gauge's ladders watch, new threshold
versions, the rules of a ladder, the arrival lag of a place. Every write is audited.

`ladder_attach(datastream=, pos_id=)` is how a gauge's Thing and Datastream, made later than the
reference data (by the demo seed, the simulator or an operator through SensorThings), get their
ladders: it links the gauge (`FloodGauge.pos_id`, e.g. "p2c") to the Thing and points every
ladder of that gauge whose unit fits the Datastream's unit of measurement at it. A Datastream in
metres feeds a ladder in cm with factor 100 (likewise mm, and l/s for m³/s).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record
from kotacerdas.sensing.errors import EntityNotFound, InvalidEntity, PermissionDenied
from kotacerdas.sensing.models import (
    AlarmUnit,
    AlertLadder,
    AlertLevel,
    Datastream,
    FloodGauge,
    FloodPlace,
    ThingKind,
    ThresholdSet,
)
from kotacerdas.sensing.permissions import writes_everything

from .alerts import ladder_episode_close, watched_invalidate

# Datastream unit symbol -> (ladder unit, factor to the ladder unit).
UNIT_FACTORS: dict[str, tuple[str, float]] = {
    "cm": (AlarmUnit.CM, 1.0),
    "m": (AlarmUnit.CM, 100.0),
    "mm": (AlarmUnit.CM, 0.1),
    "m3/s": (AlarmUnit.M3S, 1.0),
    "m³/s": (AlarmUnit.M3S, 1.0),
    "m^3/s": (AlarmUnit.M3S, 1.0),
    "m3 s-1": (AlarmUnit.M3S, 1.0),
    "l/s": (AlarmUnit.M3S, 0.001),
}


def _require_configurer(actor: Any) -> None:
    if not writes_everything(actor):
        raise PermissionDenied(
            _("Hanya administrator atau operator sensor yang boleh mengatur tangga siaga.")
        )


def unit_of(datastream: Datastream) -> tuple[str, float] | None:
    symbol = str((datastream.unit_of_measurement or {}).get("symbol") or "").strip()
    return UNIT_FACTORS.get(symbol) or UNIT_FACTORS.get(symbol.lower())


@transaction.atomic
def ladder_attach(
    *, datastream: Datastream, pos_id: str, actor: Any = "system"
) -> list[AlertLadder]:
    """Point the ladders of gauge `pos_id` whose unit fits `datastream` at it (see module doc).

    The gauge's Thing becomes `datastream.thing`, marked kind river_gauge. Raises
    `EntityNotFound` for an unknown pos_id, `InvalidEntity` when no ladder of the gauge has
    the datastream's unit. Idempotent; returns the ladders now watching the datastream.
    """
    _require_configurer(actor)
    gauge = FloodGauge.objects.select_for_update().filter(pos_id=pos_id).first()
    if gauge is None:
        raise EntityNotFound(
            _("Pos pantau '%(pos)s' tidak dikenal.") % {"pos": pos_id}, field="pos_id"
        )
    unit = unit_of(datastream)
    ladders = list(AlertLadder.objects.select_for_update().filter(gauge=gauge).order_by("pk"))
    fitting = [ladder for ladder in ladders if unit and ladder.unit == unit[0]]
    if not fitting:
        raise InvalidEntity(
            _(
                "Satuan aliran data (%(symbol)s) tidak cocok dengan tangga siaga "
                "pos %(pos)s (%(units)s)."
            )
            % {
                "symbol": (datastream.unit_of_measurement or {}).get("symbol") or "-",
                "pos": gauge.name,
                "units": ", ".join(sorted({ladder.unit for ladder in ladders})) or "-",
            },
            field="unitOfMeasurement",
        )
    thing = datastream.thing
    if gauge.thing_id != thing.pk:
        gauge.thing = thing
        gauge.save(update_fields=["thing"])
    if thing.kind != ThingKind.RIVER_GAUGE:
        thing.kind = ThingKind.RIVER_GAUGE
        thing.save(update_fields=["kind"])
    changed = []
    for ladder in fitting:
        if ladder.datastream_id != datastream.pk or ladder.datastream_factor != unit[1]:
            changed.append(ladder.pk)
            ladder.datastream, ladder.datastream_factor = datastream, unit[1]
            ladder.current_level = ladder.current_value = ladder.current_time = None
            ladder.current_rise = None
            ladder.save(
                update_fields=[
                    "datastream", "datastream_factor", "current_level", "current_value",
                    "current_time", "current_rise",
                ]
            )  # fmt: skip
    if changed:
        audit_record(
            actor=actor,
            action="sensing.ladder.attach",
            obj=gauge,
            changes={"datastream": datastream.pk, "thing": thing.pk, "ladders": changed},
        )
        watched_invalidate()
    return fitting


def _level_rows(levels: list[dict[str, Any]], unit: str) -> list[dict[str, Any]]:
    if not levels:
        raise InvalidEntity(_("Tingkat siaga tidak boleh kosong."), field="levels")
    rows = []
    previous_top = float("-inf")
    for order, level in enumerate(levels):
        name = str(level.get("name") or "").strip()
        if not name:
            raise InvalidEntity(_("Setiap tingkat harus punya nama."), field="levels")
        lower, upper = level.get("lower"), level.get("upper")
        for bound in (lower, upper):
            if bound is not None and not isinstance(bound, int | float):
                raise InvalidEntity(_("Batas tingkat harus berupa angka."), field="levels")
        if lower is not None and upper is not None and upper < lower:
            raise InvalidEntity(
                _("Batas atas %(name)s lebih kecil dari batas bawahnya.") % {"name": name},
                field="levels",
            )
        bottom = lower if lower is not None else upper
        if bottom is not None and bottom <= previous_top and order:
            raise InvalidEntity(_("Tingkat harus urut dari yang terendah."), field="levels")
        previous_top = max(b for b in (lower, upper, previous_top) if b is not None)
        rows.append(
            {
                "order": order,
                "name": name,
                "lower": lower,
                "upper": upper,
                "unit": unit,
                "raises_alarm": bool(level.get("raises_alarm", True)),
                "note": str(level.get("note") or ""),
            }
        )
    return rows


@transaction.atomic
def threshold_set_create(
    *,
    actor: Any,
    ladder: AlertLadder,
    levels: list[dict[str, Any]],
    effective_from: dt.datetime | None = None,
    source_url: str = "",
    note: str = "",
) -> ThresholdSet:
    """A new version of the ladder's levels (lowest first: name, lower, upper, raises_alarm),
    in force from `effective_from` (default now). Alarms already raised keep their version."""
    _require_configurer(actor)
    ladder = AlertLadder.objects.select_for_update().get(pk=ladder.pk)
    effective_from = effective_from or timezone.now()
    if timezone.is_naive(effective_from):
        raise InvalidEntity(
            _("Waktu berlaku harus menyertakan zona waktu."), field="effective_from"
        )
    rows = _level_rows(levels, ladder.unit)
    last = ThresholdSet.objects.filter(ladder=ladder).order_by("-version").first()
    threshold_set = ThresholdSet.objects.create(
        ladder=ladder,
        version=(last.version + 1) if last else 1,
        effective_from=effective_from,
        source_url=source_url,
        note=note,
    )
    AlertLevel.objects.bulk_create(AlertLevel(threshold_set=threshold_set, **row) for row in rows)
    audit_record(
        actor=actor,
        action="sensing.threshold_set.create",
        obj=threshold_set,
        changes={
            "ladder": ladder.pk,
            "version": threshold_set.version,
            "effective_from": effective_from,
            "levels": [[r["name"], r["lower"], r["upper"]] for r in rows],
        },
    )
    watched_invalidate()  # the evaluation caches each ladder's versions
    return threshold_set


LADDER_RULES = ("hysteresis_margin", "rise_threshold", "rise_window", "escalate_after", "is_active")


@transaction.atomic
def ladder_configure(*, actor: Any, ladder: AlertLadder, **rules: Any) -> AlertLadder:
    """Change a ladder's rules (hysteresis margin, rate of rise, escalation delay, active)."""
    _require_configurer(actor)
    unknown = set(rules) - set(LADDER_RULES)
    if unknown:
        raise InvalidEntity(
            _("Aturan tidak dikenal: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    ladder = AlertLadder.objects.select_for_update().get(pk=ladder.pk)
    for name in ("hysteresis_margin", "rise_threshold"):
        if rules.get(name) is not None and rules[name] < 0:
            raise InvalidEntity(_("Nilai tidak boleh negatif."), field=name)
    for name in ("rise_window", "escalate_after"):
        if name in rules and (rules[name] is None or rules[name] <= dt.timedelta(0)):
            raise InvalidEntity(_("Jangka waktu harus lebih dari nol."), field=name)
    changes = {name: [getattr(ladder, name), value] for name, value in rules.items()}
    for name, value in rules.items():
        setattr(ladder, name, value)
    ladder.save(update_fields=list(rules))
    audit_record(actor=actor, action="sensing.ladder.configure", obj=ladder, changes=changes)
    if rules.get("is_active") is False:
        ladder_episode_close(ladder=ladder, note=_("Tangga siaga dinonaktifkan."))
    watched_invalidate()
    return ladder


@transaction.atomic
def flood_place_update(
    *,
    actor: Any,
    place: FloodPlace,
    arrival_lag: dt.timedelta | None = None,
    at_risk_from: float | None = None,
    clear_at_risk_from: bool = False,
) -> FloodPlace:
    """Set a place's arrival lag after its gauge and/or the gauge value it is affected from."""
    _require_configurer(actor)
    place = FloodPlace.objects.select_for_update().get(pk=place.pk)
    changes: dict[str, list[Any]] = {}
    if arrival_lag is not None:
        if arrival_lag < dt.timedelta(0) or arrival_lag > dt.timedelta(days=2):
            raise InvalidEntity(_("Jeda tiba harus antara 0 dan 48 jam."), field="arrival_lag")
        changes["arrival_lag"] = [place.arrival_lag, arrival_lag]
        place.arrival_lag = arrival_lag
    if at_risk_from is not None or clear_at_risk_from:
        changes["at_risk_from"] = [place.at_risk_from, at_risk_from]
        place.at_risk_from = at_risk_from
    if changes:
        place.save(update_fields=list(changes))
        audit_record(actor=actor, action="sensing.place.update", obj=place, changes=changes)
    return place
