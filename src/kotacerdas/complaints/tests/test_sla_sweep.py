"""The SLA sweep (issue #5 item 5): warnings, escalation once, auto-close, outer limit,
idempotence, notifications once, a query count independent of the number of cases."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kotacerdas.complaints.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseOutcome,
    CaseState,
    SlaStage,
)
from kotacerdas.complaints.selectors.sla import sla_summary
from kotacerdas.complaints.services.sla import SweepResult, sla_apply, sla_sweep
from kotacerdas.complaints.services.sla.clock import sla_calendar_reset
from kotacerdas.complaints.tasks import complaints_sla_sweep_task
from kotacerdas.complaints.tests.factories import CaseFactory, CategoryFactory
from kotacerdas.core.models import AuditEvent, Notification, Role
from kotacerdas.core.tests.factories import AgencyFactory, UserFactory
from kotacerdas.core.workdays import JAKARTA

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 3, 2, 9, tzinfo=JAKARTA)


def at(y, m, d, hh=0, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=JAKARTA)


@pytest.fixture(autouse=True)
def fresh_calendar():
    sla_calendar_reset()
    yield
    sla_calendar_reset()


@pytest.fixture
def people():
    agency, other = AgencyFactory(), AgencyFactory()
    return {
        "agency": agency,
        "other": other,
        "admin": UserFactory(roles=[Role.ADMINISTRATOR]),
        "agent": UserFactory(roles=[Role.CALL_CENTER_AGENT]),
        "officer": UserFactory(roles=[Role.AGENCY_OFFICER], agency=agency),
        "other_officer": UserFactory(roles=[Role.AGENCY_OFFICER], agency=other),
    }


def make_case(*, save=True, **kwargs) -> Case:
    """A case whose SLA fields come from sla_apply at its last milestone."""
    kwargs.setdefault("received_at", MONDAY)
    case = CaseFactory.build(**kwargs) if not save else None
    if save:
        case = CaseFactory(**kwargs)
    moments = [case.received_at, case.verified_at, case.dispatched_at, case.resolved_at]
    sla_apply(case, now=max(m for m in moments if m))
    if save:
        case.save()
    return case


def state_of(case: Case) -> tuple:
    case.refresh_from_db()
    return (case.state, case.outcome, case.sla_warned, case.sla_escalated, case.is_overdue)


def test_warning_at_75_percent_then_escalation_once(people):
    category = CategoryFactory(default_agency=people["agency"])
    case = make_case(category=category)  # VERIFY: due end of Thu 5 March, warn Thu 02:15
    assert sla_sweep(now=at(2026, 3, 5, 2, 14)) == SweepResult(0, 0, 0, 0)
    assert sla_sweep(now=at(2026, 3, 5, 2, 16)) == SweepResult(1, 0, 0, 0)
    assert state_of(case)[2:] == (True, False, False)
    assert sla_sweep(now=at(2026, 3, 5, 12)) == SweepResult(0, 0, 0, 0)
    assert sla_sweep(now=at(2026, 3, 6, 0, 1)) == SweepResult(0, 1, 0, 1)
    assert state_of(case)[2:] == (True, True, True)
    assert sla_sweep(now=at(2026, 3, 9)) == SweepResult(0, 0, 0, 0)
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", "is_public"))
    assert kinds == [(CaseEventKind.SLA_WARNING, False), (CaseEventKind.SLA_ESCALATION, False)]
    case.refresh_from_db()
    assert case.version == 3  # each sweep write bumps the optimistic lock


def test_escalation_notifies_coordination_and_agency_head_once(people):
    category = CategoryFactory(default_agency=people["agency"])
    cases = [
        make_case(category=category, state=CaseState.DISPATCHED, dispatched_at=MONDAY)
        for _ in range(3)
    ]
    late = at(2026, 3, 10, 1)  # past the end of the 5th working day
    assert sla_sweep(now=late).escalated == 3
    notified = dict(Notification.objects.values_list("user_id", "event_key"))
    assert set(notified) == {people["admin"].pk, people["agent"].pk, people["officer"].pk}
    body = Notification.objects.get(user=people["officer"]).body
    assert all(case.tracking_number in body for case in cases)
    assert Notification.objects.count() == 3  # one per user for the whole batch
    sla_sweep(now=late)
    sla_sweep(now=late + dt.timedelta(hours=5))
    assert Notification.objects.count() == 3


def test_escalation_audited_once_per_batch_in_the_same_transaction(people):
    category = CategoryFactory(default_agency=people["agency"])
    ids = [make_case(category=category).pk for _ in range(5)]
    before = AuditEvent.objects.filter(action="sla.escalate").count()
    sla_sweep(now=at(2026, 3, 20), batch_size=2)  # three batches of 2, 2, 1
    events = AuditEvent.objects.filter(action="sla.escalate").order_by("id")
    assert events.count() - before == 3
    assert sorted(i for event in events for i in event.changes["case_ids"]) == sorted(ids)
    # One notification per user for the whole sweep, listing the cases of every batch.
    assert Notification.objects.count() == 3
    assert Notification.objects.get(user=people["admin"]).title.startswith("Eskalasi SLA: 5 ")


def test_paused_case_is_neither_warned_nor_escalated(people):
    case = make_case(state=CaseState.DISPATCHED, dispatched_at=MONDAY)
    Case.objects.filter(pk=case.pk).update(paused_at=at(2026, 3, 3))
    assert sla_sweep(now=at(2026, 3, 20)) == SweepResult(0, 0, 0, 0)


def test_auto_close_after_10_working_days_without_reply(people):
    resolved = at(2026, 3, 2, 10)
    case = make_case(
        state=CaseState.RESOLVED, dispatched_at=MONDAY, resolved_at=resolved, verified_at=MONDAY
    )
    assert case.autoclose_at == dt.datetime.combine(
        dt.date(2026, 3, 16), dt.time.max, tzinfo=JAKARTA
    )
    assert sla_sweep(now=at(2026, 3, 16, 23)).auto_closed == 0
    assert sla_sweep(now=at(2026, 3, 17, 0, 30)).auto_closed == 1
    case.refresh_from_db()
    assert (case.state, case.outcome) == (CaseState.CLOSED, CaseOutcome.AUTO_CLOSED)
    assert case.closed_at == at(2026, 3, 17, 0, 30)
    assert (case.sla_stage, case.autoclose_at) == (SlaStage.NONE, None)
    # The reopen window runs from the closing: 10 working days after Tue 17 March, over
    # Nyepi, Idul Fitri with its cuti bersama and Good Friday: Wed 8 April.
    assert case.reopen_until.astimezone(JAKARTA).date() == dt.date(2026, 4, 8)
    event = CaseEvent.objects.get(case=case)
    assert (event.kind, event.from_state, event.to_state, event.is_public) == (
        CaseEventKind.STATE,
        CaseState.RESOLVED,
        CaseState.CLOSED,
        True,
    )
    assert sla_sweep(now=at(2026, 3, 17, 0, 30)) == SweepResult(0, 0, 0, 0)


def test_outer_limit_marks_overdue_even_while_paused(people):
    case = make_case(
        received_at=at(2026, 1, 5, 9), state=CaseState.DISPATCHED, dispatched_at=at(2026, 1, 5, 9)
    )
    Case.objects.filter(pk=case.pk).update(paused_at=at(2026, 1, 6), is_overdue=False)
    assert sla_sweep(now=at(2026, 3, 6, 8)).overdue_marked == 0
    assert sla_sweep(now=at(2026, 3, 6, 10)) == SweepResult(0, 0, 0, 1)
    assert state_of(case)[4] is True
    assert sla_sweep(now=at(2026, 3, 6, 10)) == SweepResult(0, 0, 0, 0)


def test_second_sweep_at_same_moment_changes_nothing(people):
    category = CategoryFactory(default_agency=people["agency"])
    _mixed_cases(category, 12)
    now = SWEEP_AT
    first = sla_sweep(now=now)
    assert first.escalated and first.warned and first.auto_closed
    snapshot = list(Case.objects.order_by("id").values())
    counts = (CaseEvent.objects.count(), Notification.objects.count(), AuditEvent.objects.count())
    assert sla_sweep(now=now) == SweepResult(0, 0, 0, 0)
    assert list(Case.objects.order_by("id").values()) == snapshot
    assert (
        CaseEvent.objects.count(),
        Notification.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


# The RESPOND clock of a dispatch on Fri 13 March runs 5 working days over Lebaran (18-24
# March off) to the end of Fri 27 March; 75% of its 135 working hours is Thu 26 March 14:15.
SWEEP_AT = dt.datetime(2026, 3, 26, 15, tzinfo=JAKARTA)


def _mixed_cases(category, n: int) -> None:
    """n cases in thirds: past due (escalation), past 75% (warning), resolved (auto-close)."""
    rows = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            case = make_case(save=False, category=category, received_at=at(2026, 3, 2, 9))
        elif kind == 1:
            case = make_case(
                save=False,
                category=category,
                state=CaseState.DISPATCHED,
                received_at=at(2026, 3, 13, 9),
                verified_at=at(2026, 3, 13, 9),
                dispatched_at=at(2026, 3, 13, 9),
            )
        else:
            case = make_case(
                save=False,
                category=category,
                state=CaseState.RESOLVED,
                verified_at=at(2026, 2, 2, 9),
                dispatched_at=at(2026, 2, 2, 9),
                resolved_at=at(2026, 2, 3, 9),
            )
        rows.append(case)
    Case.objects.bulk_create(rows)


def _sweep_queries(category, n: int) -> tuple[SweepResult, list[str]]:
    Case.objects.all().delete()
    _mixed_cases(category, n)
    with CaptureQueriesContext(connection) as captured:
        result = sla_sweep(now=SWEEP_AT)
    return result, [query["sql"] for query in captured.captured_queries]


def test_query_count_is_independent_of_the_number_of_cases(people, django_assert_max_num_queries):
    category = CategoryFactory(default_agency=people["agency"])
    small, small_sql = _sweep_queries(category, 21)
    assert small == SweepResult(7, 7, 7, 7)
    large, large_sql = _sweep_queries(category, 2001)
    assert large == SweepResult(667, 667, 667, 667)
    if connection.vendor == "sqlite":
        # SQLite's 999-variable limit splits bulk_create of the timeline events into chunks;
        # every other statement is the same.
        def chunked(sql):
            return [q for q in sql if not q.startswith('INSERT INTO "complaints_caseevent"')]

        assert len(chunked(large_sql)) == len(chunked(small_sql))
    else:
        assert len(large_sql) == len(small_sql)
        Case.objects.all().delete()
        _mixed_cases(category, 2001)
        with django_assert_max_num_queries(len(small_sql)):
            sla_sweep(now=SWEEP_AT)


def test_sla_summary_counts(people):
    category = CategoryFactory(default_agency=people["agency"])
    _mixed_cases(category, 6)
    summary = sla_summary(Case.objects.all(), now=SWEEP_AT)
    assert summary == {
        "open": 6,
        "paused": 0,
        "overdue": 2,
        "warning": 2,
        "escalated": 0,
        "awaiting_confirmation": 2,
    }


def test_command_prints_counts_and_rejects_a_bad_moment(people):
    make_case()
    out = io.StringIO()
    call_command("complaints_sla", "sweep", "--now", "2026-03-20T08:00:00+07:00", stdout=out)
    assert "1 eskalasi" in out.getvalue()
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("complaints_sla", "sweep", "--now", "kemarin")
    with pytest.raises(CommandError):
        call_command("complaints_sla", "sweep", "--batch-size", "0")


def test_task_runs_the_sweep(people):
    result = complaints_sla_sweep_task.call()
    assert result == {"warned": 0, "escalated": 0, "auto_closed": 0, "overdue_marked": 0}
