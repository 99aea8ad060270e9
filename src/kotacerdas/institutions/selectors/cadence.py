"""Meeting cadence of the komisi (Pasal 10(4)): at least one meeting or FGD, internal or across
komisi, in every three-month window of the term (`institutions.rules.cadence_windows`).

A held meeting counts for every komisi it names; plenaries name none and count for none.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from kotacerdas.institutions import rules
from kotacerdas.institutions.models import (
    Commission,
    CouncilTerm,
    Meeting,
    MeetingKind,
    MeetingStatus,
)

CADENCE_KINDS = (MeetingKind.COMMISSION, MeetingKind.CROSS, MeetingKind.FGD)
# An open window "about to close" when this few days or fewer are left in it.
ALERT_DAYS_BEFORE_CLOSE = 14


class CellState:
    MET = "met"  # at least one held meeting in the window
    SCHEDULED = "scheduled"  # none held yet, one scheduled inside the window
    AT_RISK = "at_risk"  # open window closing within ALERT_DAYS_BEFORE_CLOSE, nothing held
    OPEN = "open"  # open window, time left
    MISSED = "missed"  # the window has closed without a meeting
    FUTURE = "future"  # the window has not started


@dataclass(frozen=True)
class Cell:
    commission_id: int
    window: rules.Window
    held: int
    scheduled: int
    state: str


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def cadence_cells(term: CouncilTerm, today: dt.date | None = None) -> dict[int, list[Cell]]:
    """Per komisi id, one Cell per window of the term. Two queries whatever the term's size."""
    today = today or timezone.localdate()
    windows = rules.cadence_windows(term.start_date, term.end_date)
    commission_ids = list(
        Commission.objects.filter(term=term)
        .order_by("dimension__order")
        .values_list("id", flat=True)
    )
    held: dict[tuple[int, int], int] = defaultdict(int)
    scheduled: dict[tuple[int, int], int] = defaultdict(int)
    rows = Meeting.commissions.through.objects.filter(
        meeting__term=term,
        meeting__kind__in=CADENCE_KINDS,
        meeting__status__in=[MeetingStatus.HELD, MeetingStatus.SCHEDULED],
    ).values_list("commission_id", "meeting__starts_at", "meeting__status")
    for commission_id, starts_at, status in rows:
        window = rules.window_for(term.start_date, term.end_date, _local_date(starts_at))
        if window is None:
            continue
        bucket = held if status == MeetingStatus.HELD else scheduled
        bucket[(commission_id, window.index)] += 1
    cells: dict[int, list[Cell]] = {}
    for commission_id in commission_ids:
        row = []
        for window in windows:
            key = (commission_id, window.index)
            row.append(
                Cell(
                    commission_id,
                    window,
                    held[key],
                    scheduled[key],
                    _state(window, held[key], scheduled[key], today),
                )
            )
        cells[commission_id] = row
    return cells


def _state(window: rules.Window, held: int, scheduled: int, today: dt.date) -> str:
    if held:
        return CellState.MET
    if today > window.end:
        return CellState.MISSED
    if today < window.start:
        return CellState.FUTURE
    if scheduled:
        return CellState.SCHEDULED
    if (window.end - today).days < ALERT_DAYS_BEFORE_CLOSE:
        return CellState.AT_RISK
    return CellState.OPEN


def commissions_at_risk(term: CouncilTerm, today: dt.date | None = None) -> list[Cell]:
    """Open windows about to close with no meeting held or scheduled (the cadence alert)."""
    today = today or timezone.localdate()
    return [
        cell
        for row in cadence_cells(term, today).values()
        for cell in row
        if cell.state == CellState.AT_RISK
    ]


STATE_ORDER = (
    CellState.MET,
    CellState.SCHEDULED,
    CellState.AT_RISK,
    CellState.OPEN,
    CellState.MISSED,
    CellState.FUTURE,
)


@dataclass(frozen=True)
class CadenceTable:
    term: CouncilTerm
    today: dt.date
    windows: list[rules.Window]
    rows: list[tuple[Commission, list[Cell]]]
    counts: dict[str, int]


def cadence_table(term: CouncilTerm, today: dt.date | None = None) -> CadenceTable:
    """The compliance table of a term: one row per komisi, one cell per window, with the
    number of cells in each state (for the legend)."""
    today = today or timezone.localdate()
    cells = cadence_cells(term, today)
    commissions = {c.pk: c for c in Commission.objects.filter(term=term)}
    rows = [(commissions[cid], row) for cid, row in cells.items()]
    counts = dict.fromkeys(STATE_ORDER, 0)
    for _, row in rows:
        for cell in row:
            counts[cell.state] += 1
    return CadenceTable(
        term=term,
        today=today,
        windows=rules.cadence_windows(term.start_date, term.end_date),
        rows=rows,
        counts=counts,
    )
