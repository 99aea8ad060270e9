"""The clock arithmetic of one case (rules in the package docstring). No writes, no queries
beyond the case's category and the working-day calendar (cached for a few minutes)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal
from typing import Any

from kotacerdas.complaints.models import CaseOutcome, CaseState, SlaStage
from kotacerdas.core.workdays import JAKARTA, WorkingCalendar, local_date

CALENDAR_TTL_S = 300.0
CLOCK_STAGES = (SlaStage.VERIFY, SlaStage.RESPOND, SlaStage.URC)
UNRESOLVED_STATES = (
    CaseState.RECEIVED,
    CaseState.VERIFIED,
    CaseState.DISPATCHED,
    CaseState.IN_PROGRESS,
)
ONE_DAY = dt.timedelta(days=1)

_calendar_lock = threading.Lock()
_calendar: tuple[float, WorkingCalendar] | None = None


def sla_calendar() -> WorkingCalendar:
    """One shared WorkingCalendar, renewed every CALENDAR_TTL_S (local days off may change)."""
    global _calendar
    with _calendar_lock:
        if _calendar is None or time.monotonic() - _calendar[0] > CALENDAR_TTL_S:
            _calendar = (time.monotonic(), WorkingCalendar())
        return _calendar[1]


def sla_calendar_reset() -> None:
    """Forget the cached calendar (tests; after an administrator edits the local days off)."""
    global _calendar
    with _calendar_lock:
        _calendar = None


def target_stage(case: Any, category: Any) -> str:
    """The SLA stage a case in its current state runs on."""
    if case.state == CaseState.RECEIVED:
        return SlaStage.VERIFY
    if case.state in (CaseState.VERIFIED, CaseState.DISPATCHED, CaseState.IN_PROGRESS):
        if category.urc_response_minutes and (category.is_emergency or case.assigned_urc_id):
            return SlaStage.URC
        return SlaStage.RESPOND
    if case.state == CaseState.RESOLVED:
        return SlaStage.CONFIRM
    return SlaStage.NONE


def _milestone(case: Any, stage: str) -> dt.datetime | None:
    if stage == SlaStage.VERIFY:
        return case.received_at
    if stage in (SlaStage.RESPOND, SlaStage.URC):
        return case.dispatched_at or case.verified_at
    if stage == SlaStage.CONFIRM:
        return case.resolved_at
    return None


def stage_due(
    stage: str, start: dt.datetime, category: Any, calendar: WorkingCalendar
) -> dt.datetime:
    """When a clock of `stage` that starts at `start` runs out."""
    if stage == SlaStage.URC:
        return start + dt.timedelta(minutes=category.urc_response_minutes)
    days = {
        SlaStage.VERIFY: category.verify_days,
        SlaStage.RESPOND: category.respond_days,
        SlaStage.CONFIRM: category.autoclose_days,
    }[stage]
    return calendar.working_deadline(start, days)


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=JAKARTA)
    return start, start + ONE_DAY


def working_seconds(start: dt.datetime, end: dt.datetime, calendar: WorkingCalendar) -> float:
    """Working time in [start, end): each working day counts 24 hours, other days nothing."""
    total = 0.0
    day = local_date(start)
    last = local_date(end)
    while day <= last:
        if calendar.is_working_day(day):
            day_start, day_end = _day_bounds(day)
            overlap = min(end, day_end) - max(start, day_start)
            total += max(overlap.total_seconds(), 0.0)
        day += ONE_DAY
    return total


def working_instant(start: dt.datetime, seconds: float, calendar: WorkingCalendar) -> dt.datetime:
    """The moment when `seconds` of working time have passed since `start`."""
    day = local_date(start)
    for _ in range(3660):  # ten years of days: far beyond any clock
        if calendar.is_working_day(day):
            day_start, day_end = _day_bounds(day)
            begin = max(start, day_start)
            available = (day_end - begin).total_seconds()
            if seconds <= available:
                return begin + dt.timedelta(seconds=seconds)
            seconds -= available
        day += ONE_DAY
    raise ValueError("working time too long")


def warn_point(
    stage: str,
    start: dt.datetime,
    due: dt.datetime,
    share: Decimal | float,
    calendar: WorkingCalendar,
) -> dt.datetime:
    """When `share` of the clock [start, due] is used (working time for working-day clocks)."""
    share = min(max(float(share), 0.0), 1.0)
    if stage == SlaStage.URC:
        return start + (due - start) * share
    end = _clock_end(due)
    instant = working_instant(start, working_seconds(start, end, calendar) * share, calendar)
    return min(max(instant, start), due)


def _clock_end(due: dt.datetime) -> dt.datetime:
    """A due date at the end of a day (23:59:59.999999) counts as the next midnight."""
    local = due.astimezone(JAKARTA)
    return due + dt.timedelta(microseconds=1) if local.time() == dt.time.max else due


def share_used(
    stage: str, start: dt.datetime, due: dt.datetime, at: dt.datetime, calendar: WorkingCalendar
) -> float:
    """The share of the clock [start, due] used at `at` (may exceed 1 once overdue)."""
    if stage == SlaStage.URC:
        total = (due - start).total_seconds()
        used = (at - start).total_seconds()
    else:
        total = working_seconds(start, _clock_end(due), calendar)
        used = working_seconds(start, at, calendar) if at > start else 0.0
        if at > due:
            used = total + (at - due).total_seconds()
    if total <= 0:
        return 1.0 if at >= due else 0.0
    return max(used, 0.0) / total


def shift_start(
    stage: str, start: dt.datetime, paused_at: dt.datetime, resumed_at: dt.datetime, calendar
) -> dt.datetime:
    """The clock's start moved forward by a pause (never backwards)."""
    if resumed_at <= paused_at:
        return start
    if stage == SlaStage.URC:
        return start + (resumed_at - paused_at)
    days = calendar.count_working_days(paused_at, resumed_at)
    if days <= 0:
        return start
    local = start.astimezone(JAKARTA)
    new_day = calendar.add_working_days(local.date(), days)
    return dt.datetime.combine(new_day, local.timetz())


def sla_apply(case: Any, *, now: dt.datetime) -> None:
    """Set the SLA fields of `case` from its state, category and milestones (no save).

    Called by the lifecycle services on every transition, before saving the case.
    """
    category = case.category
    calendar = sla_calendar()
    stage = target_stage(case, category)
    if case.received_at:
        case.outer_due_at = case.received_at + dt.timedelta(days=category.outer_days)
    case.reopen_until = _reopen_until(case, category, calendar)
    if stage == SlaStage.NONE:
        case.sla_stage = SlaStage.NONE
        case.sla_started_at = case.sla_due_at = case.sla_warn_at = None
        case.autoclose_at = None
        return
    milestone = _milestone(case, stage)
    previous = case.sla_started_at
    restart = stage != case.sla_stage or previous is None
    if (
        not restart
        and stage in (SlaStage.RESPOND, SlaStage.URC)
        and case.dispatched_at
        and case.dispatched_at > previous
    ):
        restart = True  # dispatched (again) after the clock started: the new holder's own time
    if restart:
        start = milestone if milestone and (previous is None or milestone >= previous) else now
        case.sla_stage = stage
        case.sla_started_at = start
        case.sla_warned = False
        case.sla_escalated = False
    start = case.sla_started_at
    case.sla_due_at = stage_due(stage, start, category, calendar)
    if stage == SlaStage.CONFIRM:
        case.sla_warn_at = None
        case.autoclose_at = case.sla_due_at
    else:
        case.sla_warn_at = warn_point(stage, start, case.sla_due_at, category.warn_share, calendar)
        case.autoclose_at = None
    case.is_overdue = bool(case.is_overdue or is_late(case, now))


def is_late(case: Any, now: dt.datetime) -> bool:
    """An unpaused city clock past its due, or an unresolved case past the outer limit."""
    if case.state not in UNRESOLVED_STATES:
        return False
    if case.outer_due_at and now > case.outer_due_at:
        return True
    return bool(
        case.sla_stage in CLOCK_STAGES
        and case.paused_at is None
        and case.sla_due_at
        and now > case.sla_due_at
    )


def _reopen_until(case: Any, category: Any, calendar: WorkingCalendar) -> dt.datetime | None:
    if case.state == CaseState.RESOLVED and case.resolved_at:
        return calendar.working_deadline(case.resolved_at, category.reopen_days)
    if (
        case.state == CaseState.CLOSED
        and case.closed_at
        and case.outcome in (CaseOutcome.CONFIRMED, CaseOutcome.AUTO_CLOSED)
    ):
        return calendar.working_deadline(case.closed_at, category.reopen_days)
    return None


def sla_pause(case: Any, *, now: dt.datetime) -> None:
    """Stop the clock (waiting for the reporter): sets `paused_at` (no save)."""
    if case.paused_at is None:
        case.paused_at = now
    sla_apply(case, now=now)


def sla_resume(case: Any, *, now: dt.datetime) -> None:
    """Restart a paused clock, moving its start, warning and due by the paused time (no save)."""
    if case.paused_at is not None:
        if case.sla_started_at is not None and case.sla_stage:
            case.sla_started_at = shift_start(
                case.sla_stage, case.sla_started_at, case.paused_at, now, sla_calendar()
            )
        case.paused_at = None
    sla_apply(case, now=now)
