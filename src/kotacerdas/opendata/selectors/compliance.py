"""The compliance board (Pasal 28: every agency must hand its sectoral data in): for each
Daftar Data entry and period, what the producer delivered, and the counts per agency.

States of an (entry, period), first match wins:
- "delivered"  Terkirim tepat waktu: a valid file that stands (a published one, or the latest
               when it is submitted or checked) handed in on or before the due date;
- "late"       Terlambat: such a file, the first of them handed in after the due date;
- "returned"   Dikembalikan: the latest attempt was returned by the walidata or failed
               validation, and nothing valid stands;
- "processing" Sedang divalidasi: the latest file is still being validated;
- "missing"    Belum dikirim: the due date has passed and nothing was handed in;
- "not_due"    Belum jatuh tempo: nothing yet, the due date is still ahead.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.opendata import permissions, rules
from kotacerdas.opendata.models import DataListEntry, Submission, SubmissionStatus

DELIVERED, LATE, RETURNED, PROCESSING, MISSING, NOT_DUE = (
    "delivered",
    "late",
    "returned",
    "processing",
    "missing",
    "not_due",
)
STATES = (DELIVERED, LATE, RETURNED, PROCESSING, MISSING, NOT_DUE)
DELIVERED_STATUSES = (
    SubmissionStatus.SUBMITTED,
    SubmissionStatus.CHECKED,
    SubmissionStatus.PUBLISHED,
)
BADGE = {
    DELIVERED: "success",
    LATE: "warning",
    RETURNED: "danger",
    PROCESSING: "info",
    MISSING: "danger",
    NOT_DUE: "secondary",
}


def state_labels() -> dict[str, str]:
    return {
        DELIVERED: _("Terkirim tepat waktu"),
        LATE: _("Terlambat"),
        RETURNED: _("Dikembalikan"),
        PROCESSING: _("Sedang divalidasi"),
        MISSING: _("Belum dikirim"),
        NOT_DUE: _("Belum jatuh tempo"),
    }


@dataclass
class ComplianceCell:
    entry: DataListEntry
    period: rules.Period
    state: str
    label: str
    submission_id: int | None = None  # the latest submission, if any
    delivered_on: dt.date | None = None

    @property
    def badge(self) -> str:
        return BADGE[self.state]


@dataclass
class AgencyCompliance:
    agency: Any
    cells: list[ComplianceCell] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))


def period_state(
    *, period: rules.Period, submissions: list[dict], today: dt.date
) -> tuple[str, int | None, dt.date | None]:
    """(state, latest submission id, first valid delivery day) of one entry and period;
    `submissions` are dicts with id, status and submitted_at, in any order."""
    ordered = sorted(submissions, key=lambda s: (s["submitted_at"], s["id"]))
    latest = ordered[-1] if ordered else None
    # What stands: every published file, and the latest one when it awaits the walidata (an
    # older submitted file superseded by a newer attempt no longer counts).
    standing = [s for s in ordered if s["status"] == SubmissionStatus.PUBLISHED]
    if latest is not None and latest["status"] in DELIVERED_STATUSES and latest not in standing:
        standing.append(latest)
    if standing:
        first = timezone.localtime(standing[0]["submitted_at"]).date()
        return (DELIVERED if first <= period.due else LATE), latest["id"], first
    if latest is None:
        return (MISSING if period.due < today else NOT_DUE), None, None
    if latest["status"] == SubmissionStatus.VALIDATING:
        return PROCESSING, latest["id"], None
    return RETURNED, latest["id"], None


def compliance_board(
    *,
    actor: Any,
    year: int,
    agency_id: int | None = None,
    period_label: str = "",
    today: dt.date | None = None,
) -> list[AgencyCompliance]:
    """The board of `year`, one row group per agency the reader may see (officers: their own).
    `period_label` ("2025-Q1") keeps only that period. Two queries whatever the size."""
    today = today or timezone.localdate()
    entries = DataListEntry.objects.filter(year=year).select_related("agency")
    scope = permissions.internal_agency_ids(actor)
    if scope is not None:
        entries = entries.filter(agency_id__in=scope)
    if agency_id:
        entries = entries.filter(agency_id=agency_id)
    entries = list(entries.order_by("agency__name", "title"))
    by_key: dict[tuple[int, str], list[dict]] = defaultdict(list)
    rows = Submission.objects.filter(entry__in=entries).values(
        "id", "entry_id", "period_label", "status", "submitted_at"
    )
    for row in rows:
        by_key[(row["entry_id"], row["period_label"])].append(row)
    labels = state_labels()
    groups: dict[int, AgencyCompliance] = {}
    for entry in entries:
        group = groups.setdefault(entry.agency_id, AgencyCompliance(agency=entry.agency))
        for period in rules.entry_periods(entry):
            if period_label and period.label != period_label:
                continue
            state, latest_id, delivered_on = period_state(
                period=period, submissions=by_key[(entry.pk, period.label)], today=today
            )
            group.cells.append(
                ComplianceCell(entry, period, state, labels[state], latest_id, delivered_on)
            )
            group.counts[state] += 1
    return [group for group in groups.values() if group.cells]


def compliance_totals(board: list[AgencyCompliance]) -> dict[str, int]:
    totals = dict.fromkeys(STATES, 0)
    for group in board:
        for state, count in group.counts.items():
            totals[state] += count
    return totals


def compliance_csv(board: list[AgencyCompliance], out) -> None:
    """Write the board as CSV rows (one per entry and period) to the file-like `out`."""
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Perangkat Daerah"),
            _("Data"),
            _("Tahun"),
            _("Periode"),
            _("Batas waktu"),
            _("Status"),
            _("Tanggal kirim"),
            _("Prioritas"),
        ]
    )
    for group in board:
        for cell in group.cells:
            writer.writerow(
                [
                    group.agency.name,
                    cell.entry.title,
                    cell.entry.year,
                    cell.period.label,
                    cell.period.due.isoformat(),
                    cell.label,
                    cell.delivered_on.isoformat() if cell.delivered_on else "",
                    _("ya") if cell.entry.priority else _("tidak"),
                ]
            )


def entry_period_states(*, entry: DataListEntry, today: dt.date | None = None) -> list:
    """The periods of one entry with their state (for the entry page)."""
    today = today or timezone.localdate()
    rows = list(entry.submissions.values("id", "period_label", "status", "submitted_at"))
    labels = state_labels()
    cells = []
    for period in rules.entry_periods(entry):
        mine = [row for row in rows if row["period_label"] == period.label]
        state, latest_id, delivered_on = period_state(period=period, submissions=mine, today=today)
        cells.append(ComplianceCell(entry, period, state, labels[state], latest_id, delivered_on))
    return cells
