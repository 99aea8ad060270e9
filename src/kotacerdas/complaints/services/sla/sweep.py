"""The periodic SLA sweep over every open case, in a bounded number of queries.

Four phases, each in batches of `batch_size` cases, one transaction per batch:
1. escalation: an unpaused VERIFY / RESPOND / URC clock past `sla_due_at` and not yet escalated
   -> `sla_escalated` (and `sla_warned`, so no late warning follows) and `is_overdue`; an
   internal timeline event.
2. warning: an unpaused clock past `sla_warn_at` and not yet warned -> `sla_warned`; an internal
   event.
3. auto-close: a resolved case past `autoclose_at` -> closed, outcome auto_closed, `closed_at`,
   a public state event, `reopen_until` from the closing moment.
4. outer limit: an unresolved case past `outer_due_at` -> `is_overdue` (the public marker).

Then ONE notification per recipient for the whole sweep (`notify`, in-app + e-mail) lists the
cases: escalations go to the coordination team (administrators: the SP4N-LAPOR! coordination
team of Diskominfostandi; call-center agents) and to the agency officers (the agency head's
office) of each responsible agency, their agency's cases only; warnings go to the call-center
agents (VERIFY clocks) or the agency officers (RESPOND / URC clocks). The notifications are
written in their own transaction after the batches: a crash between the two loses the
notification of that sweep, never a flag or a timeline event.

Each batch selects its rows with an indexed range filter (skipping rows another transaction has
locked: they are taken by the next sweep), changes them with `update()` (per category at most,
for auto-close), writes the events with one `bulk_create`, and records ONE audit event listing
the case ids. The flags make the sweep idempotent: a second run at the same `now` finds nothing.
Notification event keys are derived from the cases and their clock (id, stage, start), so the
same escalation is never notified twice even if a batch were retried.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.complaints.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseOutcome,
    CaseState,
    SlaStage,
)
from kotacerdas.core.audit.chain import SYSTEM_ACTOR, audit_record
from kotacerdas.core.models import NotificationLevel, Role, User
from kotacerdas.core.services.notifications import notify

from .clock import CLOCK_STAGES, UNRESOLVED_STATES, sla_calendar

LISTED_IN_BODY = 30  # case numbers listed in one notification; the rest are counted


class SweepResult(NamedTuple):
    warned: int
    escalated: int
    auto_closed: int
    overdue_marked: int


class _Recipients:
    """Active users by role, loaded once per sweep (one query) and only when needed, and the
    cases warned and escalated by the sweep's batches, notified together at the end."""

    def __init__(self) -> None:
        self._loaded = False
        self.coordination: list[User] = []
        self.call_center: list[User] = []
        self.officers: dict[int, list[User]] = defaultdict(list)
        self.escalated: list[dict] = []
        self.warned: list[dict] = []

    def load(self) -> _Recipients:
        if not self._loaded:
            users = User.objects.filter(is_active=True).only("id", "email", "roles", "agency_id")
            for user in users:
                if user.has_role(Role.ADMINISTRATOR, Role.CALL_CENTER_AGENT):
                    self.coordination.append(user)
                if user.has_role(Role.CALL_CENTER_AGENT):
                    self.call_center.append(user)
                if user.has_role(Role.AGENCY_OFFICER) and user.agency_id:
                    self.officers[user.agency_id].append(user)
            self._loaded = True
        return self


def _case_list_url() -> str:
    try:
        return reverse("complaints:case_list")
    except NoReverseMatch:
        return ""


def _event_key(kind: str, scope: str, rows: list[dict]) -> str:
    clocks = ",".join(
        f"{row['id']}:{row['sla_stage']}:{row['sla_started_at'].isoformat()}"
        for row in sorted(rows, key=lambda row: row["id"])
    )
    return f"complaints-sla-{kind}:{scope}:{hashlib.sha256(clocks.encode()).hexdigest()[:32]}"


def _body(rows: list[dict]) -> str:
    stages = dict(SlaStage.choices)
    lines = [
        _("%(number)s (%(stage)s, batas %(due)s)")
        % {
            "number": row["tracking_number"],
            "stage": stages.get(row["sla_stage"], row["sla_stage"]),
            "due": timezone.localtime(row["sla_due_at"]).strftime("%d-%m-%Y %H:%M"),
        }
        for row in rows[:LISTED_IN_BODY]
    ]
    if len(rows) > LISTED_IN_BODY:
        lines.append(
            _("... dan %(count)d laporan lainnya.") % {"count": len(rows) - LISTED_IN_BODY}
        )
    return "\n".join(lines)


def _notify_groups(kind: str, groups: list[tuple[str, list[User], list[dict]]], title, level):
    for scope, users, rows in groups:
        if users and rows:
            notify(
                users=users,
                event_key=_event_key(kind, scope, rows),
                title=title(len(rows)),
                body=_body(rows),
                url=_case_list_url(),
                level=level,
            )


def _by_agency(rows: list[dict]) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        if row["assigned_agency_id"]:
            grouped[row["assigned_agency_id"]].append(row)
    return grouped


CLOCK_FIELDS = (
    "id",
    "tracking_number",
    "state",
    "sla_stage",
    "sla_started_at",
    "sla_due_at",
    "assigned_agency_id",
    "is_overdue",
)


def _locked_batch(filters: dict[str, Any], order: str, fields, batch_size: int) -> list[dict]:
    return list(
        Case.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(**filters)
        .order_by(order, "id")
        .values(*fields)[:batch_size]
    )


def _running_clocks(batch_size: int, order: str, **filters) -> list[dict]:
    """Unpaused city clocks (VERIFY / RESPOND / URC) of unresolved cases matching `filters`."""
    filters.update(state__in=UNRESOLVED_STATES, sla_stage__in=CLOCK_STAGES, paused_at=None)
    return _locked_batch(filters, order, CLOCK_FIELDS, batch_size)


def _events(rows: list[dict], kind: str, now: dt.datetime, note: str, **extra) -> None:
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case_id=row["id"],
                at=now,
                kind=kind,
                from_state=extra.get("from_state", row["state"]),
                to_state=extra.get("to_state", row["state"]),
                note=note,
                is_public=extra.get("is_public", False),
                data={
                    "stage": row.get("sla_stage", ""),
                    "due_at": row["sla_due_at"].isoformat() if row.get("sla_due_at") else None,
                },
            )
            for row in rows
        ]
    )


def _audit(action: str, ids: list[int], now: dt.datetime, **changes) -> None:
    audit_record(
        actor=SYSTEM_ACTOR,
        action=action,
        object_type="complaints.Case",
        object_id=ids[0],
        object_repr=_("%(count)d laporan") % {"count": len(ids)},
        changes={"case_ids": ids, "at": now, **changes},
    )


@transaction.atomic
def _escalate_batch(now: dt.datetime, batch_size: int, recipients: _Recipients) -> tuple[int, int]:
    rows = _running_clocks(batch_size, "sla_due_at", sla_due_at__lt=now, sla_escalated=False)
    if not rows:
        return 0, 0
    ids = [row["id"] for row in rows]
    Case.objects.filter(id__in=ids).update(
        sla_escalated=True,
        sla_warned=True,
        is_overdue=True,
        version=F("version") + 1,
        updated_at=now,
    )
    _events(rows, CaseEventKind.SLA_ESCALATION, now, _("Batas waktu SLA terlewati; dieskalasi."))
    _audit("sla.escalate", ids, now)
    recipients.escalated.extend(rows)
    return len(ids), sum(1 for row in rows if not row["is_overdue"])


@transaction.atomic
def _warn_batch(now: dt.datetime, batch_size: int, recipients: _Recipients) -> tuple[int, int]:
    rows = _running_clocks(batch_size, "sla_warn_at", sla_warn_at__lte=now, sla_warned=False)
    if not rows:
        return 0, 0
    ids = [row["id"] for row in rows]
    Case.objects.filter(id__in=ids).update(
        sla_warned=True, version=F("version") + 1, updated_at=now
    )
    _events(rows, CaseEventKind.SLA_WARNING, now, _("Sebagian besar waktu SLA telah terpakai."))
    _audit("sla.warn", ids, now)
    recipients.warned.extend(rows)
    return len(ids), 0


@transaction.atomic
def _autoclose_batch(now: dt.datetime, batch_size: int, recipients: _Recipients) -> tuple[int, int]:
    rows = _locked_batch(
        {"state": CaseState.RESOLVED, "autoclose_at__lt": now, "paused_at": None},
        "autoclose_at",
        (*CLOCK_FIELDS, "category_id", "category__reopen_days", "category__autoclose_days"),
        batch_size,
    )
    if not rows:
        return 0, 0
    calendar = sla_calendar()
    by_category: dict[tuple[int, int], list[int]] = defaultdict(list)
    for row in rows:
        by_category[(row["category_id"], row["category__reopen_days"])].append(row["id"])
    for (_category_id, reopen_days), ids in sorted(by_category.items()):
        Case.objects.filter(id__in=ids).update(
            state=CaseState.CLOSED,
            outcome=CaseOutcome.AUTO_CLOSED,
            closed_at=now,
            sla_stage=SlaStage.NONE,
            sla_started_at=None,
            sla_due_at=None,
            sla_warn_at=None,
            autoclose_at=None,
            reopen_until=calendar.working_deadline(now, reopen_days),
            version=F("version") + 1,
            updated_at=now,
        )
    days = {row["category__autoclose_days"] for row in rows}
    note = (
        _("Ditutup otomatis: tidak ada tanggapan pelapor dalam %(days)d hari kerja.")
        % {"days": days.pop()}
        if len(days) == 1
        else _("Ditutup otomatis: tidak ada tanggapan pelapor dalam batas waktu.")
    )
    _events(
        rows,
        CaseEventKind.STATE,
        now,
        note,
        from_state=CaseState.RESOLVED,
        to_state=CaseState.CLOSED,
        is_public=True,
    )
    ids = [row["id"] for row in rows]
    _audit("sla.autoclose", ids, now, outcome=CaseOutcome.AUTO_CLOSED)
    return len(ids), 0


@transaction.atomic
def _outer_batch(now: dt.datetime, batch_size: int, recipients: _Recipients) -> tuple[int, int]:
    ids = list(
        Case.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(state__in=UNRESOLVED_STATES, outer_due_at__lt=now, is_overdue=False)
        .order_by("outer_due_at", "id")
        .values_list("id", flat=True)[:batch_size]
    )
    if not ids:
        return 0, 0
    Case.objects.filter(id__in=ids).update(
        is_overdue=True, version=F("version") + 1, updated_at=now
    )
    _audit("sla.outer_limit", ids, now)
    return len(ids), len(ids)


@transaction.atomic
def _notify_sweep(recipients: _Recipients) -> None:
    """One notification per recipient for the whole sweep, listing their cases."""
    if not (recipients.escalated or recipients.warned):
        return
    recipients.load()
    rows = recipients.escalated
    coordination_ids = {user.pk for user in recipients.coordination}
    groups = [("coordination", recipients.coordination, rows)]
    for agency_id, scoped in sorted(_by_agency(rows).items()):
        officers = recipients.officers.get(agency_id, [])
        groups.append(
            (f"agency-{agency_id}", [u for u in officers if u.pk not in coordination_ids], scoped)
        )
    _notify_groups(
        "escalation",
        groups,
        lambda n: _("Eskalasi SLA: %(count)d laporan melewati batas waktu") % {"count": n},
        NotificationLevel.DANGER,
    )
    rows = recipients.warned
    verify = [row for row in rows if row["sla_stage"] == SlaStage.VERIFY]
    groups = [("verify", recipients.call_center, verify)]
    agency_rows = _by_agency([row for row in rows if row["sla_stage"] != SlaStage.VERIFY])
    for agency_id, scoped in sorted(agency_rows.items()):
        groups.append((f"agency-{agency_id}", recipients.officers.get(agency_id, []), scoped))
    _notify_groups(
        "warning",
        groups,
        lambda n: _("Peringatan SLA: %(count)d laporan mendekati batas waktu") % {"count": n},
        NotificationLevel.WARNING,
    )


def _run(batch: Callable, now: dt.datetime, batch_size: int, recipients) -> tuple[int, int]:
    total = marked = 0
    while True:
        count, overdue = batch(now, batch_size, recipients)
        total += count
        marked += overdue
        if count < batch_size:
            return total, marked


def sla_sweep(*, now: dt.datetime | None = None, batch_size: int = 2000) -> SweepResult:
    """Warn, escalate, auto-close and mark overdue every due open case (see module docstring)."""
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    now = now or timezone.now()
    recipients = _Recipients()
    escalated, overdue_escalated = _run(_escalate_batch, now, batch_size, recipients)
    warned, _unused = _run(_warn_batch, now, batch_size, recipients)
    auto_closed, _unused = _run(_autoclose_batch, now, batch_size, recipients)
    _marked, overdue_outer = _run(_outer_batch, now, batch_size, recipients)
    _notify_sweep(recipients)
    return SweepResult(
        warned=warned,
        escalated=escalated,
        auto_closed=auto_closed,
        overdue_marked=overdue_escalated + overdue_outer,
    )
