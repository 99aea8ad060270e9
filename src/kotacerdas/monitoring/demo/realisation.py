"""Demo realisation ("Contoh"): four quarters of 2026 for every demo activity.

DEMO ONLY: rows are is_demo=True and belong to the demo activities of masterplan/demo.py.

A believable spread: most activities on track against the quarter's expected cumulative
progress (25/50/75/100 %), some ahead, some lagging far behind, a few with problems and
inhibiting factors written out; indicator values around their 2026 targets (some above, many
below); budget realised in step with progress and never above the allocation. Quarters 1-3
are verified; quarter 4 is partly submitted (the Tim Pelaksana's queue), partly draft and
partly not entered yet (the demo officers of Dinkes and Dishub have quarter 4 left to enter).
Periods 1-2 are locked: "Laporan semester I telah disampaikan".

Deterministic (random.Random(2026), activities in code order) and idempotent: only missing
(activity, quarter) pairs are written, with bulk_create; each batch is ONE audit event
"demo.load" (actor "seed_demo") naming the model and how many rows (seed data, not a
person's edit).
"""

from __future__ import annotations

import datetime as dt
import decimal
import random
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from kotacerdas.core.audit.chain import audit_record
from kotacerdas.core.models import User
from kotacerdas.masterplan.models import (
    Activity,
    BudgetAllocation,
    Indicator,
    IndicatorAggregation,
    IndicatorDirection,
    IndicatorTarget,
)
from kotacerdas.monitoring.models import (
    IndicatorValue,
    Realisation,
    RealisationStatus,
    ReportingPeriod,
)

DEMO_ACTOR = "seed_demo"
SEED = 2026
YEAR = 2026
LOCKED_QUARTERS = (1, 2)
LOCK_REASON = "Laporan semester I telah disampaikan"
# Agencies whose demo officers (core demo accounts) still have quarter 4 to enter.
HANDS_ON_AGENCIES = ("DINKES", "DISHUB")
CENT = decimal.Decimal("0.01")
TEN_THOUSANDTH = decimal.Decimal("0.0001")

# profile: (weight, progress factor range against the expected, indicator factor range)
PROFILES = {
    "on_track": (55, (0.92, 1.03), (0.9, 1.08)),
    "ahead": (10, (1.03, 1.15), (1.02, 1.2)),
    "lagging": (25, (0.45, 0.7), (0.55, 0.85)),
    "problem": (10, (0.15, 0.4), (0.25, 0.6)),
}

TEXTS = {
    "on_track": {
        "driving": [
            "Dukungan pimpinan Perangkat Daerah dan anggaran tersedia tepat waktu.",
            "Koordinasi rutin dengan Tim Pelaksana dan mitra berjalan baik.",
            "Sumber daya manusia pelaksana sudah mengikuti pelatihan teknis.",
        ],
        "follow_up": [
            "Melanjutkan pelaksanaan sesuai jadwal dan menyiapkan laporan triwulan berikutnya.",
            "Menjaga kualitas layanan dan memperluas sosialisasi kepada warga.",
        ],
    },
    "lagging": {
        "problems": [
            "Proses pengadaan barang dan jasa mundur karena lelang ulang.",
            "Penyedia jasa terlambat menyerahkan hasil pekerjaan tahap pertama.",
            "Integrasi data dengan sistem Perangkat Daerah lain belum selesai.",
        ],
        "inhibiting": [
            "Keterbatasan tenaga teknis di bidang teknologi informasi.",
            "Revisi dokumen pelaksanaan anggaran memerlukan waktu persetujuan.",
            "Cuaca buruk menghambat pekerjaan fisik di lapangan.",
        ],
        "follow_up": [
            "Mempercepat proses pengadaan dan menambah frekuensi rapat evaluasi mingguan.",
            "Berkoordinasi dengan Diskominfostandi untuk percepatan integrasi data.",
        ],
    },
    "problem": {
        "problems": [
            "Lahan lokasi kegiatan masih bersengketa sehingga pekerjaan fisik tertunda.",
            "Anggaran kegiatan terkena rasionalisasi pada perubahan APBD.",
            "Aplikasi yang dibangun belum lolos uji keamanan informasi.",
        ],
        "inhibiting": [
            "Belum ada kesepakatan dengan pemilik lahan dan warga sekitar.",
            "Pergantian pejabat pelaksana teknis kegiatan di tengah tahun.",
            "Ketergantungan pada persetujuan kementerian teknis.",
        ],
        "follow_up": [
            "Mengajukan fasilitasi penyelesaian kepada Sekretariat Daerah.",
            "Menyusun ulang jadwal pelaksanaan dan mengusulkan perubahan target.",
        ],
    },
}


def _profile(rng: random.Random) -> str:
    names = list(PROFILES)
    return rng.choices(names, weights=[PROFILES[n][0] for n in names])[0]


def _dec(value: float, quantum: decimal.Decimal) -> decimal.Decimal:
    return decimal.Decimal(repr(value)).quantize(quantum)


def _indicator_value(
    indicator: Indicator, target: decimal.Decimal, factor: float, quarter: int, noise: float
) -> decimal.Decimal | None:
    """The value reported for a quarter: aggregation-aware, around the year's target."""
    target_f = float(target)
    if indicator.direction == IndicatorDirection.LOWER:
        final = target_f / max(factor, 0.2)  # lower is better: behind means above the target
    else:
        final = target_f * factor
    if indicator.aggregation == IndicatorAggregation.INCREMENTAL:
        value = final / 4 * noise
    elif indicator.aggregation == IndicatorAggregation.CUMULATIVE:
        value = final * quarter / 4 * noise
    else:  # last value: moves from the baseline towards the final value
        start = float(indicator.baseline_value) if indicator.baseline_value is not None else 0.0
        value = start + (final - start) * quarter / 4 * noise
    value = max(value, 0.0)
    if indicator.max_value is not None:
        value = min(value, float(indicator.max_value))
    return _dec(value, TEN_THOUSANDTH)


def _audit_batch(model: Any, count: int, detail: dict[str, Any] | None = None) -> None:
    if count:
        audit_record(
            actor=DEMO_ACTOR,
            action="demo.load",
            object_type=model._meta.label,
            object_repr=f"{count} {model._meta.verbose_name_plural} (Contoh)",
            changes={"created": count, **(detail or {})},
        )


@transaction.atomic
def load(*, stdout: Any = None) -> None:
    activities = list(
        Activity.objects.filter(is_demo=True).select_related("agency").order_by("code", "pk")
    )
    if not activities:
        if stdout:
            stdout.write("Realisasi contoh dilewati: belum ada kegiatan contoh.\n")
        return
    periods = {}
    for quarter in (1, 2, 3, 4):
        periods[quarter], _created = ReportingPeriod.objects.get_or_create(
            year=YEAR,
            quarter=quarter,
            defaults={
                "opens_on": dt.date(YEAR, quarter * 3 - 2, 1),
                "closes_on": dt.date(YEAR + (quarter == 4), (quarter * 3) % 12 + 1, 15),
            },
        )
    existing = set(
        Realisation.objects.filter(activity__in=activities, period__year=YEAR).values_list(
            "activity_id", "period__quarter"
        )
    )
    allocations = dict(
        BudgetAllocation.objects.filter(activity__in=activities, year=YEAR)
        .values("activity_id")
        .annotate(total=Sum("amount"))
        .values_list("activity_id", "total")
    )
    indicators: dict[int, list[Indicator]] = {}
    for indicator in Indicator.objects.filter(activity__in=activities).order_by("code"):
        indicators.setdefault(indicator.activity_id, []).append(indicator)
    targets = dict(
        IndicatorTarget.objects.filter(indicator__activity__in=activities, year=YEAR).values_list(
            "indicator_id", "value"
        )
    )
    team = User.objects.filter(username="timpelaksana").first()
    now = timezone.now()

    rng = random.Random(SEED)
    new: list[Realisation] = []
    values_for: dict[tuple[int, int], list[tuple[int, decimal.Decimal]]] = {}
    for index, activity in enumerate(activities):
        # Draw every number whether or not the row exists, so a partial earlier load and a
        # full load produce the same figures.
        profile = _profile(rng)
        _weight, (p_low, p_high), (i_low, i_high) = PROFILES[profile]
        progress_factor = rng.uniform(p_low, p_high)
        indicator_factor = rng.uniform(i_low, i_high)
        spend_factor = rng.uniform(0.82, 0.99)
        hands_on = activity.agency is not None and activity.agency.code in HANDS_ON_AGENCIES
        q4_roll = rng.random()
        texts = TEXTS["on_track" if profile in ("on_track", "ahead") else profile]
        text_picks = {key: rng.choice(options) for key, options in texts.items()}
        allocation = allocations.get(activity.pk)
        for quarter in (1, 2, 3, 4):
            jitter = rng.uniform(0.97, 1.03)
            noise = [rng.uniform(0.93, 1.07) for _ in indicators.get(activity.pk, [])]
            if quarter == 4:
                if hands_on:
                    status = None if index % 2 == 0 else RealisationStatus.DRAFT
                elif q4_roll < 0.45:
                    status = RealisationStatus.SUBMITTED
                elif q4_roll < 0.75:
                    status = RealisationStatus.DRAFT
                else:
                    status = None  # not entered yet
            else:
                status = RealisationStatus.VERIFIED
            if status is None or (activity.pk, quarter) in existing:
                continue
            expected = 25.0 * quarter
            progress = min(100.0, max(0.0, expected * progress_factor * jitter))
            budget = None
            if allocation is not None:
                budget = min(
                    allocation,
                    _dec(float(allocation) * progress / 100 * spend_factor, CENT),
                )
            lagging = profile in ("lagging", "problem")
            realisation = Realisation(
                activity=activity,
                period=periods[quarter],
                physical_progress=_dec(progress, CENT),
                budget_realised=budget,
                problems=text_picks.get("problems", "") if lagging else "",
                driving_factors=text_picks.get("driving", "") if not lagging else "",
                inhibiting_factors=text_picks.get("inhibiting", "") if lagging else "",
                follow_up_plan=text_picks.get("follow_up", ""),
                status=status,
                version={
                    RealisationStatus.DRAFT: 1,
                    RealisationStatus.SUBMITTED: 2,
                    RealisationStatus.VERIFIED: 3,
                }[status],
                submitted_at=now if status != RealisationStatus.DRAFT else None,
                verified_at=now if status == RealisationStatus.VERIFIED else None,
                verified_by=team if status == RealisationStatus.VERIFIED else None,
                is_demo=True,
            )
            new.append(realisation)
            values_for[(activity.pk, quarter)] = [
                (ind.pk, _indicator_value(ind, targets[ind.pk], indicator_factor, quarter, n))
                for ind, n in zip(indicators.get(activity.pk, []), noise, strict=True)
                if ind.pk in targets
            ]

    Realisation.objects.bulk_create(new, batch_size=500)
    _audit_batch(Realisation, len(new), {"year": YEAR})
    if new:
        saved = {
            (activity_id, quarter): pk
            for pk, activity_id, quarter in Realisation.objects.filter(
                activity__in=activities, period__year=YEAR, is_demo=True
            ).values_list("pk", "activity_id", "period__quarter")
        }
        value_rows = [
            IndicatorValue(realisation_id=saved[key], indicator_id=indicator_id, value=value)
            for key, pairs in values_for.items()
            for indicator_id, value in pairs
        ]
        IndicatorValue.objects.bulk_create(value_rows, batch_size=1000)
        _audit_batch(IndicatorValue, len(value_rows), {"year": YEAR})

    touched = {r.period_id for r in new}
    for quarter in LOCKED_QUARTERS:
        period = periods[quarter]
        if period.pk in touched and not period.is_locked:
            period.is_locked = True
            period.lock_reason = LOCK_REASON
            period.save(update_fields=["is_locked", "lock_reason"])
            audit_record(
                actor=DEMO_ACTOR,
                action="period.lock",
                obj=period,
                changes={"is_locked": [False, True], "lock_reason": ["", LOCK_REASON]},
            )
    if stdout:
        stdout.write(f"Realisasi contoh: {len(new)} baris baru untuk tahun {YEAR}.\n")
