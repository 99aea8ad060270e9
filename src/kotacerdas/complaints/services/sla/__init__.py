"""SLA clocks of complaints (issue #5 item 5): `sla_apply` on every transition, `sla_sweep`
every few minutes. Public functions: `sla_apply`, `sla_pause`, `sla_resume`, `sla_sweep`.

The rules, exactly:

Stages (from the case's `state`; `sla_stage`):
- received -> VERIFY: `category.verify_days` WORKING days from `received_at`.
- verified / dispatched / in_progress -> RESPOND: `category.respond_days` working days from the
  dispatch (`dispatched_at`; before the dispatch, from `verified_at`), or URC when the category
  has `urc_response_minutes` and is an emergency (`is_emergency`) or the case is dispatched to a
  URC unit (`assigned_urc`): a 24/7 clock of `urc_response_minutes` minutes from the same start.
  An emergency category without minutes falls back to RESPOND.
- resolved -> CONFIRM: the auto-close clock, `autoclose_days` working days from `resolved_at`;
  `autoclose_at` = its due. No warning (it waits for the reporter, nobody in the city is late).
- closed -> none: the clock fields are cleared (`is_overdue` is kept: it records lateness).

Working days are those of `core.workdays` (Mon-Fri in Asia/Jakarta without national holidays,
cuti bersama and local days off). A clock of N working days that starts at `t` is due at the end
(23:59:59.999999, Asia/Jakarta) of the N-th working day after the date of `t` (the start's own
date is not counted), `WorkingCalendar.working_deadline`. URC clocks are `start + minutes`, wall
time, weekends and holidays included.

Clock start: when the stage changes (or no clock ran yet) the clock starts at the stage's
milestone above; if that milestone is missing or lies before the previous clock's start (a
reopened case going back to RESPOND), it starts at `now`. The flags `sla_warned` and
`sla_escalated` are reset only when the stage changes or a new dispatch restarts the clock
(`dispatched_at` later than the clock's start: a new agency gets its own time). Otherwise the
start is kept and the due date recomputed from it, so a category change takes effect at once.

Warning point `sla_warn_at`: when `category.warn_share` of the clock is used. For URC clocks in
wall time; for working-day clocks in working time (each working day counts 24 hours, other days
count nothing), so 75% of a 3-working-day clock over a weekend falls on the third day, not on
Sunday.

Pause (waiting for the reporter, `paused_at` set): the clock stops; the sweep neither warns nor
escalates a paused case. `sla_pause` sets `paused_at`; `sla_resume` moves `sla_started_at`,
`sla_warn_at` and `sla_due_at` forward by the paused time and clears `paused_at`: for URC clocks
by the wall time paused; for working-day clocks by the working days in (pause date, resume date]
(`count_working_days`), so a pause within one day shifts nothing and a pause never shortens a
deadline. Callers resuming a case must call `sla_resume` (setting `paused_at = None` by hand
loses the shift).

Other dates:
- `outer_due_at` = `received_at` + `outer_days` calendar days (wall time; pauses do not count).
- `reopen_until`: resolved -> end of the `reopen_days`-th working day after `resolved_at`; closed
  with outcome confirmed or auto_closed -> the same after `closed_at`; otherwise None.
- `is_overdue` (the public marker, sticky: never cleared): set when an unpaused VERIFY / RESPOND /
  URC clock is past its due, or an unresolved case (received .. in_progress) is past
  `outer_due_at`.
"""

from __future__ import annotations

from .clock import sla_apply, sla_pause, sla_resume
from .sweep import SweepResult, sla_sweep

__all__ = ["SweepResult", "sla_apply", "sla_pause", "sla_resume", "sla_sweep"]
