"""Realisation figures for other pages and for the evaluation (Issue 3 items 5-6, 9).

Only verified or locked realisations count: a draft or a submission not yet checked by the
Tim Pelaksana never moves a dashboard.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from typing import Any

from kotacerdas.monitoring.models import IndicatorValue, Realisation, RealisationStatus

COUNTED_STATUSES = (RealisationStatus.VERIFIED, RealisationStatus.LOCKED)


def latest_progress_by_activity(
    activity_ids: Iterable[int], year: int
) -> dict[int, decimal.Decimal]:
    """{activity_id: physical_progress (cumulative %, Decimal)} of the latest verified-or-
    locked quarter of `year` that has a progress figure. Activities without one are absent.
    One query whatever the number of activities."""
    ids = list(activity_ids)
    if not ids:
        return {}
    rows = (
        Realisation.objects.filter(
            activity_id__in=ids,
            period__year=year,
            status__in=COUNTED_STATUSES,
            physical_progress__isnull=False,
        )
        .order_by("activity_id", "-period__quarter")
        .values_list("activity_id", "physical_progress")
    )
    result: dict[int, decimal.Decimal] = {}
    for activity_id, progress in rows:
        result.setdefault(activity_id, progress)
    return result


def realisation_values_for_evaluation(
    year: int, quarter: int | None = None
) -> dict[int, dict[str, Any]]:
    """The verified/locked realisation of every activity in `year`, for the evaluation.

    `quarter` limits to quarters 1..quarter (the situation at the end of that quarter);
    None means the whole year. Two queries. Returns::

        {
          activity_id: {
            "quarter": 3,                          # latest counted quarter (int)
            "physical_progress": Decimal("62.50"), # of that quarter, cumulative %, or None
            "budget_realised": Decimal("1.5E+8"),  # of that quarter, cumulative rupiah, or None
            "indicator_values": {indicator_id: Decimal},   # of that quarter
            "quarters": {                          # every counted quarter, ascending
              1: {"physical_progress": Decimal | None, "budget_realised": Decimal | None,
                  "indicator_values": {indicator_id: Decimal}, "status": "verified"},
              ...
            },
          },
          ...
        }

    Activities without any verified/locked quarter are absent. Progress and budget are
    cumulative to the end of their quarter; indicator values are as reported for that quarter
    (aggregate them by the indicator's `aggregation`: last value, cumulative or incremental).
    """
    qs = Realisation.objects.filter(period__year=year, status__in=COUNTED_STATUSES)
    if quarter is not None:
        qs = qs.filter(period__quarter__lte=quarter)
    rows = list(
        qs.order_by("activity_id", "period__quarter").values_list(
            "pk",
            "activity_id",
            "period__quarter",
            "physical_progress",
            "budget_realised",
            "status",
        )
    )
    values: dict[int, dict[int, decimal.Decimal]] = {}
    value_qs = IndicatorValue.objects.filter(
        realisation__period__year=year, realisation__status__in=COUNTED_STATUSES
    )
    if quarter is not None:
        value_qs = value_qs.filter(realisation__period__quarter__lte=quarter)
    for realisation_id, indicator_id, value in value_qs.values_list(
        "realisation_id", "indicator_id", "value"
    ):
        values.setdefault(realisation_id, {})[indicator_id] = value

    result: dict[int, dict[str, Any]] = {}
    for pk, activity_id, q, progress, budget, status in rows:
        entry = result.setdefault(activity_id, {"quarters": {}})
        quarter_values = {
            "physical_progress": progress,
            "budget_realised": budget,
            "indicator_values": values.get(pk, {}),
            "status": status,
        }
        entry["quarters"][q] = quarter_values
        entry["quarter"] = q
        entry["physical_progress"] = progress
        entry["budget_realised"] = budget
        entry["indicator_values"] = quarter_values["indicator_values"]
    return result
