"""Reads of the SLA clocks for pages and APIs: the state of one case's clock, and counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kotacerdas.complaints.models import OPEN_STATES, SlaStage
from kotacerdas.complaints.services.sla.clock import CLOCK_STAGES, sla_calendar
from kotacerdas.complaints.services.sla.clock import share_used as clock_share_used

OK, WARNING, OVERDUE, PAUSED, NONE = "ok", "warning", "overdue", "paused", "none"


def sla_status(case: Any, now: dt.datetime | None = None) -> dict[str, Any]:
    """The clock of `case` at `now` (no query): stage, due_at, remaining, share_used, state.

    `state` is "paused" while waiting for the reporter, "overdue" past the due date of a city
    clock (or when the case carries the overdue marker), "warning" past the warning point,
    "ok" otherwise, and "none" when no clock runs (closed cases). `remaining` is a timedelta
    (negative once overdue; measured up to the pause while paused).
    """
    now = now or timezone.now()
    stage = case.sla_stage or SlaStage.NONE
    if stage == SlaStage.NONE or not case.sla_due_at or not case.sla_started_at:
        return {
            "stage": SlaStage.NONE,
            "due_at": None,
            "remaining": None,
            "share_used": None,
            "state": OVERDUE if case.is_overdue else NONE,
        }
    at = case.paused_at or now
    share = clock_share_used(stage, case.sla_started_at, case.sla_due_at, at, sla_calendar())
    if case.paused_at:
        state = PAUSED
    elif stage in CLOCK_STAGES and (at > case.sla_due_at or case.is_overdue):
        state = OVERDUE
    elif stage in CLOCK_STAGES and case.sla_warn_at and at >= case.sla_warn_at:
        state = WARNING
    else:
        state = OK
    return {
        "stage": stage,
        "due_at": case.sla_due_at,
        "remaining": case.sla_due_at - at,
        "share_used": round(share, 4),
        "state": state,
    }


def sla_summary(queryset: QuerySet, now: dt.datetime | None = None) -> dict[str, int]:
    """Counts over the open cases of `queryset` (one query): open, paused, warning, overdue
    (past the due date of a city clock, or marked overdue), escalated, awaiting_confirmation."""
    now = now or timezone.now()
    clocks = Q(sla_stage__in=CLOCK_STAGES, paused_at=None)
    overdue = Q(is_overdue=True) | (clocks & Q(sla_due_at__lt=now))
    return queryset.filter(state__in=OPEN_STATES).aggregate(
        open=Count("id"),
        paused=Count("id", filter=Q(paused_at__isnull=False)),
        overdue=Count("id", filter=overdue),
        warning=Count("id", filter=clocks & Q(sla_warn_at__lte=now) & ~overdue),
        escalated=Count("id", filter=Q(sla_escalated=True)),
        awaiting_confirmation=Count("id", filter=Q(sla_stage=SlaStage.CONFIRM)),
    )
