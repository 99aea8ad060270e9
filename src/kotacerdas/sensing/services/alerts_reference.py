"""Reference data of the flood alert ladders, read from `sensing/data/` (see its SOURCES.md).

Used by the data migration, which passes in its historical models, so this module imports no
model. Idempotent: gauges are updated by `pos_id`; a ladder gets its version 1 only when it has
no version yet (versions made later by operators are never touched); places are created once
(an arrival lag an operator changed is kept). No audit event: reference data is part of the
release, its provenance is SOURCES.md and the migration.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
JAKARTA = ZoneInfo("Asia/Jakarta")

# Configuration defaults of this platform (not from the sources; operators change them).
DEFAULT_ARRIVAL_LAG = dt.timedelta(hours=2, minutes=30)  # P2C -> places downstream, 2-3 h
DEFAULT_ESCALATE_AFTER = dt.timedelta(minutes=15)
HYSTERESIS_MARGIN = {"cm": 10.0, "m3/s": 20.0}
# (pos_id, skema) -> (rise threshold in the ladder's unit, window): only the KP2C ladder at P2C,
# so that one gauge does not raise two rate-of-rise alarms for the same rise.
RISE_RULES = {("p2c", "KP2C"): (50.0, dt.timedelta(minutes=30))}
AUTHORITIES = {
    "KP2C": "Komunitas Peduli Sungai Cileungsi-Cikeas (KP2C)",
    "BPBD Kota Bekasi": "BPBD Kota Bekasi",
}
DERIVED_LEVEL = "Di atas normal"
DERIVED_NOTE = (
    "Diturunkan oleh platform: sumber hanya memberi batas normal, batas Siaga tidak ditemukan."
)
# Places and the P2C value from which their source says they are affected (from the `catatan`
# of the two CSV files): "bila P2C >= 450 cm berpotensi berdampak ... Kampung Lengkak dan Teluk
# Pucung"; Kampung Lebak and Gang Mawar: "air masuk pada Siaga 2 skala KP2C" (451 cm).
PLACE_AT_RISK_FROM = {
    "Kampung Lengkak": 450.0,
    "Teluk Pucung": 450.0,
    "Kampung Lebak": 451.0,
    "Gang Mawar / Jalan Mawar": 451.0,
}
# The P2C gauge stands in this housing estate (catatan: "lokasi pos pantau P2C").
PLACE_LAG = {"Perumahan Pondok Gede Permai (PGP)": dt.timedelta(0)}
PLACES_GAUGE = "p2c"


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(text: str) -> float | None:
    text = (text or "").strip()
    return float(text) if text else None


def _unit(text: str) -> str:
    return "m3/s" if text.strip().startswith("m3/s") else "cm"


def _effective_from(text: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(0, 0), tzinfo=JAKARTA)


def ladder_levels(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The levels of one ladder from its CSV rows, lowest first, plus a derived level above a
    top level that has an upper bound (a "normal" bound with no Siaga bound above it)."""
    rows = sorted(rows, key=lambda r: _number(r["batas_bawah"]) or float("-inf"))
    levels = [
        {
            "name": row["status"],
            "lower": _number(row["batas_bawah"]),
            "upper": _number(row["batas_atas"]),
            "unit": _unit(row["satuan"]),
            "raises_alarm": row["status"].strip().lower() != "normal",
            "derived": False,
            "note": row["catatan"],
        }
        for row in rows
    ]
    top = levels[-1]
    if top["upper"] is not None:
        levels.append(
            {
                "name": DERIVED_LEVEL,
                "lower": None,
                "upper": None,
                "unit": top["unit"],
                "raises_alarm": True,
                "derived": True,
                "note": DERIVED_NOTE,
            }
        )
    return levels


def load_alert_reference(
    FloodGauge: Any,
    AlertLadder: Any,
    ThresholdSet: Any,
    AlertLevel: Any,
    FloodPlace: Any,
) -> None:
    """Gauges, ladders with their version 1, and flood-prone places (idempotent)."""
    groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    gauges: dict[str, Any] = {}
    for row in read_csv("pos_pantau_tma.csv"):
        groups[(row["pos_id"], row["skema"])].append(row)
        if row["pos_id"] not in gauges:
            gauges[row["pos_id"]], _ = FloodGauge.objects.update_or_create(
                pos_id=row["pos_id"],
                defaults={
                    "name": row["pos_nama"],
                    "river": row["sungai"],
                    "location_text": row["lokasi"],
                    "region_code": row["kode_wilayah"],
                },
            )
    for (pos_id, scheme), rows in groups.items():
        levels = ladder_levels(rows)
        unit = levels[0]["unit"]
        rise = RISE_RULES.get((pos_id, scheme))
        defaults = {
            "authority": AUTHORITIES.get(scheme, scheme),
            "unit": unit,
            "hysteresis_margin": HYSTERESIS_MARGIN[unit],
            "escalate_after": DEFAULT_ESCALATE_AFTER,
        }
        if rise:
            defaults |= {"rise_threshold": rise[0], "rise_window": rise[1]}
        ladder, _created = AlertLadder.objects.get_or_create(
            gauge=gauges[pos_id], scheme=scheme, defaults=defaults
        )
        if ThresholdSet.objects.filter(ladder=ladder).exists():
            continue
        first = rows[0]
        threshold_set = ThresholdSet.objects.create(
            ladder=ladder,
            version=1,
            effective_from=_effective_from(first["tanggal_sumber"]),
            source_url=first["sumber_url"],
            source_date=dt.date.fromisoformat(first["tanggal_sumber"]),
            note="pos_pantau_tma.csv",
        )
        AlertLevel.objects.bulk_create(
            AlertLevel(threshold_set=threshold_set, order=order, **level)
            for order, level in enumerate(levels)
        )
    gauge = gauges[PLACES_GAUGE]
    for row in read_csv("kali_bekasi_titik_rawan.csv"):
        FloodPlace.objects.get_or_create(
            gauge=gauge,
            name=row["nama"],
            defaults={
                "kelurahan": row["kelurahan"],
                "kecamatan": row["kecamatan"],
                "region_code": row["kode_wilayah"],
                "arrival_lag": PLACE_LAG.get(row["nama"], DEFAULT_ARRIVAL_LAG),
                "at_risk_from": PLACE_AT_RISK_FROM.get(row["nama"]),
                "source_url": row["sumber_url"],
                "note": row["catatan"],
            },
        )
