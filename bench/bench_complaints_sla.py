"""The SLA sweep of complaints (issue #5): 100,000 open cases, one `sla_sweep`.

The cases are bulk-created with clocks from `sla_apply`, in mixed stages (received, dispatched,
in progress, URC emergencies, resolved, a few past the 60-day outer limit), and flagged as if the
previous sweep had run LAST_SWEEP_H hours earlier (a catch-up after an outage), so a realistic
share is due for a warning, an escalation or an auto-close. Prints seconds, rows touched and
queries; target at most 10 s with a bounded number of queries (printed, never asserted).

Runs inside `python -m bench` (whose main() sets up a throw-away database), or on its own:
`.venv/bin/python -m bench.bench_complaints_sla` (DATABASE_URL for PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import random
import time

N_CASES = 100_000
TARGET_S = 10.0
LAST_SWEEP_H = 24
NOW = dt.datetime(2026, 6, 10, 10, 0)  # a Wednesday, Asia/Jakarta


def _people():
    from kotacerdas.core.models import Role, User
    from kotacerdas.core.tests.factories import AgencyFactory

    agencies = [AgencyFactory() for _ in range(30)]
    users = [User(username=f"bench-admin-{i}", roles=[Role.ADMINISTRATOR]) for i in range(3)]
    users += [User(username=f"bench-agent-{i}", roles=[Role.CALL_CENTER_AGENT]) for i in range(20)]
    users += [
        User(username=f"bench-officer-{a.pk}-{i}", roles=[Role.AGENCY_OFFICER], agency=a)
        for a in agencies
        for i in range(2)
    ]
    for user in users:
        user.email = f"{user.username}@contoh.bekasikota.go.id"
        user.set_unusable_password()
    User.objects.bulk_create(users)
    return agencies


def _cases(now: dt.datetime) -> dict[str, int]:
    from kotacerdas.complaints.models import Case, CaseState
    from kotacerdas.complaints.services.sla import sla_apply
    from kotacerdas.complaints.services.sla.clock import is_late
    from kotacerdas.complaints.tests.factories import CategoryFactory

    rng = random.Random(5)
    agencies = _people()
    categories = [CategoryFactory(default_agency=agencies[i % 30]) for i in range(20)]
    emergency = CategoryFactory(
        default_agency=agencies[0], is_emergency=True, urc_response_minutes=120
    )
    previous = now - dt.timedelta(hours=LAST_SWEEP_H)
    hour = dt.timedelta(hours=1)
    stages: dict[str, int] = {}
    batch: list[Case] = []
    for i in range(N_CASES):
        roll = rng.random()
        category = rng.choice(categories)
        if roll < 0.20:
            state, start = CaseState.RECEIVED, now - hour * rng.uniform(0, 6 * 24)
        elif roll < 0.45:
            state, start = CaseState.DISPATCHED, now - hour * rng.uniform(0, 12 * 24)
        elif roll < 0.70:
            state, start = CaseState.IN_PROGRESS, now - hour * rng.uniform(0, 12 * 24)
        elif roll < 0.75:
            state, start, category = CaseState.DISPATCHED, now - hour * rng.uniform(0, 6), emergency
        elif roll < 0.98:
            state, start = CaseState.RESOLVED, now - hour * rng.uniform(0, 21 * 24)
        else:  # old cases near the 60-day outer limit, waiting for the reporter
            state, start = CaseState.IN_PROGRESS, now - hour * rng.uniform(59 * 24, 61 * 24)
        received = start - hour * rng.uniform(1, 24) if state != CaseState.RECEIVED else start
        case = Case(
            tracking_number=f"BENCH-{i:07d}",
            channel="web",
            case_type="pengaduan",
            category=category,
            title="Jalan berlubang (bench)",
            description="Uji beban sapuan SLA.",
            state=state,
            received_at=received,
            verified_at=received if state != CaseState.RECEIVED else None,
            dispatched_at=start if state != CaseState.RECEIVED else None,
            resolved_at=start if state == CaseState.RESOLVED else None,
            assigned_agency_id=category.default_agency_id,
            is_demo=True,
        )
        if roll >= 0.98:
            case.paused_at = start + hour
        sla_apply(case, now=start)
        # As if the previous sweep ran at `previous`.
        case.sla_warned = bool(case.sla_warn_at and case.sla_warn_at <= previous)
        case.sla_escalated = bool(case.sla_due_at and case.sla_due_at < previous)
        case.sla_warned = case.sla_warned or case.sla_escalated
        case.is_overdue = is_late(case, previous)
        stages[case.sla_stage] = stages.get(case.sla_stage, 0) + 1
        batch.append(case)
        if len(batch) == 5000:
            Case.objects.bulk_create(batch)
            batch = []
    Case.objects.bulk_create(batch)
    return stages


def bench_complaints_sla() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import get_resolver
    from django.utils import timezone

    from kotacerdas.complaints.models import OPEN_STATES, Case
    from kotacerdas.complaints.selectors.sla import sla_summary
    from kotacerdas.complaints.services.sla import sla_sweep

    now = timezone.make_aware(NOW)
    print(
        f"complaints SLA sweep over {N_CASES:,} open cases ({connection.vendor}; "
        f"target <= {TARGET_S:.0f} s, bounded queries)"
    )
    started = time.perf_counter()
    stages = _cases(now)
    mix = ", ".join(f"{stage or '-'} {count:,}" for stage, count in sorted(stages.items()))
    print(
        f"  setup: bulk_create with sla_apply clocks {time.perf_counter() - started:>8.1f} s  "
        f"(stages: {mix})"
    )
    print(f"  open cases before: {sla_summary(Case.objects.all(), now=now)}")
    get_resolver().url_patterns  # noqa: B018  (a running scheduler has its URLconf loaded)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = sla_sweep(now=now)
        seconds = time.perf_counter() - started
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:5]
    touched = Case.objects.filter(updated_at=now).count()  # every sweep write sets updated_at
    verdict = "within" if seconds <= TARGET_S else "OVER"
    print(
        f"  sla_sweep                                 {seconds:>8.2f} s  ({verdict} target "
        f"{TARGET_S:.0f} s; {len(captured.captured_queries)} queries)"
    )
    print(
        f"  distinct rows touched {touched:,}: {result.warned:,} warned, "
        f"{result.escalated:,} escalated, {result.auto_closed:,} auto-closed, "
        f"{result.overdue_marked:,} marked overdue (escalation or 60-day limit)"
    )
    for query in slowest:
        print(f"    slowest: {float(query['time']):6.3f} s  {query['sql'][:110]}")
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        again = sla_sweep(now=now)
        seconds = time.perf_counter() - started
    print(
        f"  second sweep at the same moment           {seconds:>8.2f} s  "
        f"({sum(again)} rows, {len(captured.captured_queries)} queries)"
    )
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        later = sla_sweep(now=now + dt.timedelta(minutes=5))
        seconds = time.perf_counter() - started
    print(
        f"  the next regular sweep, 5 minutes later   {seconds:>8.2f} s  "
        f"({sum(later)} rows, {len(captured.captured_queries)} queries)"
    )
    print(f"  open cases after: {Case.objects.filter(state__in=OPEN_STATES).count():,}")


if __name__ == "__main__":
    from bench.standalone import run_alone

    raise SystemExit(run_alone(bench_complaints_sla))
