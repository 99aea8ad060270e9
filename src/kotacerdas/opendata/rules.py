"""Satu Data schedule and quality rules (Pasal 28: data up to date and accurate). Pure functions.

- The periods of a Daftar Data entry follow its frequency within its year; each is due
  `entry.due_days` days after it ends.
- A dataset's freshness comes from its frequency and its last release: the next release is
  expected one frequency interval after the last, with a grace period before it is stale.
- Quality scores of a release (completeness, conformity, timeliness, uniqueness, overall).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Frequency

# Months per period for each scheduled frequency (irregular: one period = the year).
MONTHS_PER_PERIOD = {
    Frequency.ANNUAL: 12,
    Frequency.SEMIANNUAL: 6,
    Frequency.QUARTERLY: 3,
    Frequency.MONTHLY: 1,
}
# Days after the next release is expected before a dataset counts as stale.
GRACE_DAYS = {
    Frequency.ANNUAL: 60,
    Frequency.SEMIANNUAL: 30,
    Frequency.QUARTERLY: 30,
    Frequency.MONTHLY: 14,
}

FRESH, DUE, STALE, NEVER = "fresh", "due", "stale", "never"


@dataclass(frozen=True)
class Period:
    """One reporting period of an entry: its label ("2025-Q1"), first and last day, due date."""

    label: str
    start: dt.date
    end: dt.date
    due: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months` calendar months, clamped to the end of the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _label(year: int, frequency: str, number: int) -> str:
    if frequency == Frequency.SEMIANNUAL:
        return f"{year}-S{number}"
    if frequency == Frequency.QUARTERLY:
        return f"{year}-Q{number}"
    if frequency == Frequency.MONTHLY:
        return f"{year}-{number:02d}"
    return str(year)


def periods_for(*, year: int, frequency: str, due_days: int) -> list[Period]:
    """The periods of `year` for `frequency`, each due `due_days` after its last day."""
    months = MONTHS_PER_PERIOD.get(frequency, 12)
    periods = []
    for number in range(1, 12 // months + 1):
        start = dt.date(year, (number - 1) * months + 1, 1)
        end = add_months(start, months) - dt.timedelta(days=1)
        periods.append(
            Period(
                label=_label(year, frequency, number),
                start=start,
                end=end,
                due=end + dt.timedelta(days=due_days),
            )
        )
    return periods


def entry_periods(entry: Any) -> list[Period]:
    """The periods a Daftar Data entry must deliver in its year."""
    return periods_for(year=entry.year, frequency=entry.frequency, due_days=entry.due_days)


def period_by_label(entry: Any, label: str) -> Period | None:
    label = (label or "").strip()
    return next((period for period in entry_periods(entry) if period.label == label), None)


def freshness_labels() -> dict[str, str]:
    return {
        FRESH: _("Mutakhir"),
        DUE: _("Jatuh tempo pembaruan"),
        STALE: _("Kedaluwarsa"),
        NEVER: _("Belum pernah terbit"),
    }


def next_release_expected(*, frequency: str, released_on: dt.date) -> dt.date | None:
    """When the release after one of `released_on` is expected; None for irregular data."""
    months = MONTHS_PER_PERIOD.get(frequency)
    return add_months(released_on, months) if months else None


def freshness(dataset: Any, today: dt.date | None = None) -> tuple[str, str]:
    """(code, Indonesian label): "fresh" until the next release is expected, "due" within the
    grace period after that, "stale" after it, "never" without a release. Irregular data
    stays fresh once released (it has no schedule to miss)."""
    labels = freshness_labels()
    released_at = getattr(dataset, "released_at", None)
    if released_at is None:
        return NEVER, labels[NEVER]
    today = today or timezone.localdate()
    released_on = (
        timezone.localtime(released_at).date()
        if isinstance(released_at, dt.datetime)
        else released_at
    )
    expected = next_release_expected(frequency=dataset.frequency, released_on=released_on)
    if expected is None or today < expected:
        return FRESH, labels[FRESH]
    if today <= expected + dt.timedelta(days=GRACE_DAYS[dataset.frequency]):
        return DUE, labels[DUE]
    return STALE, labels[STALE]


def _report_value(report: Any, name: str, default: Any = None) -> Any:
    if isinstance(report, dict):
        return report.get(name, default)
    return getattr(report, name, default)


def _error_rows(report: Any) -> int:
    """How many data rows have at least one error (estimated by the error count when the
    report kept only the first errors)."""
    errors = _report_value(report, "errors", []) or []
    rows = set()
    for error in errors:
        row = error.get("row") if isinstance(error, dict) else getattr(error, "row", None)
        rows.add(row)
    if _report_value(report, "truncated", False):
        return max(len(rows), int(_report_value(report, "error_count", 0) or 0))
    return len(rows)


def _clamp(value: float) -> float:
    return round(min(1.0, max(0.0, float(value))), 4)


def timeliness_score(*, delivered_on: dt.date, due: dt.date | None, period_days: int) -> float:
    """1.0 on or before the due date, falling linearly to 0 one period length after it."""
    if due is None:
        return 1.0
    late = (delivered_on - due).days
    if late <= 0:
        return 1.0
    return _clamp(1 - late / max(period_days, 1))


def quality_scores(*, report: Any, submission: Any) -> dict[str, float]:
    """Quality of a delivered file (Satu Data: accurate, up to date): completeness and
    uniqueness from the validation statistics, conformity (1.0 for a valid file, else the
    share of rows without errors), timeliness against the period's due date; overall = mean."""
    stats = _report_value(report, "stats", {}) or {}
    completeness = _clamp(stats.get("completeness", 0.0))
    uniqueness = _clamp(stats.get("uniqueness", 0.0))
    if _report_value(report, "valid", False):
        conformity = 1.0
    else:
        rows = int(_report_value(report, "row_count", 0) or 0)
        conformity = _clamp(1 - _error_rows(report) / rows) if rows else 0.0
    submitted_at = getattr(submission, "submitted_at", None)
    delivered_on = (
        timezone.localtime(submitted_at).date()
        if isinstance(submitted_at, dt.datetime)
        else (submitted_at or timezone.localdate())
    )
    start, end = getattr(submission, "period_start", None), getattr(submission, "period_end", None)
    period_days = (end - start).days + 1 if start and end else 365
    timeliness = timeliness_score(
        delivered_on=delivered_on,
        due=getattr(submission, "due_date", None),
        period_days=period_days,
    )
    scores = {
        "completeness": completeness,
        "conformity": conformity,
        "timeliness": timeliness,
        "uniqueness": uniqueness,
    }
    scores["overall"] = _clamp(sum(scores.values()) / len(scores))
    return scores
