"""SLA clock arithmetic of one case (issue #5 item 5): working days, URC minutes, pause."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kotacerdas.complaints.models import Case, CaseOutcome, CaseState, Category, SlaStage
from kotacerdas.complaints.selectors.sla import sla_status
from kotacerdas.complaints.services.sla import sla_apply, sla_pause, sla_resume
from kotacerdas.complaints.services.sla.clock import sla_calendar_reset
from kotacerdas.core import workdays
from kotacerdas.core.models import LocalDayOff
from kotacerdas.core.workdays import JAKARTA

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_calendar():
    sla_calendar_reset()
    yield
    sla_calendar_reset()


def at(y, m, d, hh=0, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=JAKARTA)


def end_of(y, m, d) -> dt.datetime:
    return dt.datetime.combine(dt.date(y, m, d), dt.time.max, tzinfo=JAKARTA)


def category(**kwargs) -> Category:
    return Category(code="uji", name="Uji", **kwargs)


def case(cat: Category | None = None, **kwargs) -> Case:
    kwargs.setdefault("received_at", at(2026, 3, 2, 9))
    return Case(category=cat or category(), tracking_number="ADU-1", **kwargs)


def test_2026_calendar_facts_used_below():
    # From the `holidays` package (ID): national holidays and cuti bersama of 2026.
    assert workdays.national_holidays(2026)[dt.date(2026, 2, 17)]  # Tahun Baru Imlek (Tue)
    assert workdays.cuti_bersama(2026)[dt.date(2026, 2, 16)]  # cuti bersama Imlek (Mon)
    assert dt.date(2026, 3, 19) in workdays.national_holidays(2026)  # Nyepi (Thu)
    assert {dt.date(2026, 3, d) for d in (18, 20, 23, 24)} <= set(workdays.cuti_bersama(2026))


def test_verification_due_at_end_of_third_working_day():
    c = case(received_at=at(2026, 3, 2, 9))  # Monday
    sla_apply(c, now=at(2026, 3, 2, 9))
    assert c.sla_stage == SlaStage.VERIFY
    assert c.sla_started_at == at(2026, 3, 2, 9)
    assert c.sla_due_at == end_of(2026, 3, 5)  # Tue, Wed, Thu: end of Thursday


def test_verification_skips_weekend_cuti_bersama_and_national_holiday():
    # Wed 11 Feb: Thu 12, Fri 13, [Sat 14, Sun 15, Mon 16 cuti bersama, Tue 17 Imlek], Wed 18.
    c = case(received_at=at(2026, 2, 11, 16))
    sla_apply(c, now=at(2026, 2, 11, 16))
    assert c.sla_due_at == end_of(2026, 2, 18)


def test_verification_over_lebaran_2026():
    # Tue 17 Mar: 18 cuti, 19 Nyepi, 20 cuti, 21-22 Idul Fitri/weekend, 23-24 cuti.
    c = case(received_at=at(2026, 3, 17, 10))
    sla_apply(c, now=at(2026, 3, 17, 10))
    assert c.sla_due_at == end_of(2026, 3, 27)


def test_local_day_off_counts():
    LocalDayOff.objects.create(date=dt.date(2026, 3, 4), name="Hari Jadi (uji)")
    c = case(received_at=at(2026, 3, 2, 9))
    sla_apply(c, now=at(2026, 3, 2, 9))
    assert c.sla_due_at == end_of(2026, 3, 6)


def test_submitted_on_saturday_counts_from_monday():
    c = case(received_at=at(2026, 3, 7, 20))  # Saturday evening
    sla_apply(c, now=at(2026, 3, 7, 20))
    assert c.sla_due_at == end_of(2026, 3, 11)  # Mon, Tue, Wed


def test_warning_at_75_percent_of_working_time():
    # Mon 09:00 to end of Thu = 15 + 24 + 24 + 24 working hours = 87 h; 75% = 65.25 h.
    c = case(received_at=at(2026, 3, 2, 9))
    sla_apply(c, now=at(2026, 3, 2, 9))
    assert c.sla_warn_at == at(2026, 3, 5, 2, 15)


def test_warning_share_is_per_category():
    c = case(category(warn_share=Decimal("0.50")), received_at=at(2026, 3, 2, 12))
    sla_apply(c, now=at(2026, 3, 2, 12))
    # 12 + 24 + 24 + 24 = 84 h; half = 42 h: Mon 12 h, Tue 24 h, then 6 h into Wednesday.
    assert c.sla_warn_at == at(2026, 3, 4, 6)


def test_respond_clock_from_dispatch():
    c = case(
        state=CaseState.DISPATCHED,
        verified_at=at(2026, 3, 2, 10),
        dispatched_at=at(2026, 3, 3, 11),
    )
    sla_apply(c, now=at(2026, 3, 3, 11))
    assert c.sla_stage == SlaStage.RESPOND
    assert c.sla_started_at == at(2026, 3, 3, 11)
    assert c.sla_due_at == end_of(2026, 3, 10)  # 5 working days after Tue 3 March


def test_urc_minutes_on_24_7_clock_across_midnight_and_holiday():
    emergency = category(is_emergency=True, urc_response_minutes=120)
    # Sunday 16 Aug 23:00 -> Monday 17 Aug (Hari Kemerdekaan) 01:00: no working days involved.
    c = case(emergency, state=CaseState.DISPATCHED, dispatched_at=at(2026, 8, 16, 23))
    sla_apply(c, now=at(2026, 8, 16, 23))
    assert c.sla_stage == SlaStage.URC
    assert c.sla_due_at == at(2026, 8, 17, 1)
    assert c.sla_warn_at == at(2026, 8, 17, 0, 30)


def test_urc_unit_with_minutes_runs_urc_clock_and_emergency_without_minutes_falls_back():
    cat = category(urc_response_minutes=60)
    c = case(cat, state=CaseState.DISPATCHED, dispatched_at=at(2026, 3, 2, 9), assigned_urc_id=1)
    sla_apply(c, now=at(2026, 3, 2, 9))
    assert (c.sla_stage, c.sla_due_at) == (SlaStage.URC, at(2026, 3, 2, 10))
    c = case(category(is_emergency=True), state=CaseState.DISPATCHED, dispatched_at=at(2026, 3, 2))
    sla_apply(c, now=at(2026, 3, 2))
    assert c.sla_stage == SlaStage.RESPOND


def test_pause_and_resume_shift_working_day_due_by_working_days_paused():
    c = case(state=CaseState.DISPATCHED, dispatched_at=at(2026, 3, 2, 9))
    sla_apply(c, now=at(2026, 3, 2, 9))
    assert c.sla_due_at == end_of(2026, 3, 9)
    sla_pause(c, now=at(2026, 3, 3, 10))
    assert c.paused_at == at(2026, 3, 3, 10)
    assert sla_status(c, at(2026, 3, 20))["state"] == "paused"
    sla_resume(c, now=at(2026, 3, 5, 15))  # Wed and Thu lost: two working days
    assert c.paused_at is None
    assert c.sla_due_at == end_of(2026, 3, 11)
    assert not c.is_overdue


def test_pause_within_one_day_shifts_nothing_and_urc_pause_shifts_wall_time():
    c = case(state=CaseState.DISPATCHED, dispatched_at=at(2026, 3, 2, 9))
    sla_apply(c, now=at(2026, 3, 2, 9))
    sla_pause(c, now=at(2026, 3, 2, 10))
    sla_resume(c, now=at(2026, 3, 2, 16))
    assert c.sla_due_at == end_of(2026, 3, 9)
    urc = case(
        category(is_emergency=True, urc_response_minutes=90),
        state=CaseState.DISPATCHED,
        dispatched_at=at(2026, 3, 7, 22),
    )
    sla_apply(urc, now=at(2026, 3, 7, 22))
    sla_pause(urc, now=at(2026, 3, 7, 22, 30))
    sla_resume(urc, now=at(2026, 3, 8, 1, 15))  # 2 h 45 min paused, on a Sunday night
    assert urc.sla_due_at == at(2026, 3, 8, 2, 15)


def test_stage_change_resets_flags_and_category_change_recomputes():
    c = case(received_at=at(2026, 3, 2, 9))
    sla_apply(c, now=at(2026, 3, 2, 9))
    c.sla_warned = c.sla_escalated = True
    c.category.verify_days = 1
    sla_apply(c, now=at(2026, 3, 2, 12))
    assert c.sla_due_at == end_of(2026, 3, 3)
    assert c.sla_warned and c.sla_escalated  # same stage: kept
    c.state, c.verified_at = CaseState.VERIFIED, at(2026, 3, 2, 13)
    sla_apply(c, now=at(2026, 3, 2, 13))
    assert (c.sla_stage, c.sla_warned, c.sla_escalated) == (SlaStage.RESPOND, False, False)


def test_resolved_runs_autoclose_clock_and_reopen_window():
    c = case(
        state=CaseState.RESOLVED,
        dispatched_at=at(2026, 3, 2, 9),
        resolved_at=at(2026, 3, 2, 10),
    )
    sla_apply(c, now=at(2026, 3, 2, 10))
    assert c.sla_stage == SlaStage.CONFIRM
    assert c.autoclose_at == end_of(2026, 3, 16)  # 10 working days
    assert c.reopen_until == end_of(2026, 3, 16)
    assert c.sla_warn_at is None
    c.state, c.outcome, c.closed_at = CaseState.CLOSED, CaseOutcome.CONFIRMED, at(2026, 3, 4, 8)
    sla_apply(c, now=at(2026, 3, 4, 8))
    assert (c.sla_stage, c.sla_due_at, c.autoclose_at) == (SlaStage.NONE, None, None)
    # 10 working days after Wed 4 March, over Nyepi and Idul Fitri: Wed 25 March.
    assert c.reopen_until == end_of(2026, 3, 25)  # the reporter may still reopen
    c.outcome = CaseOutcome.DUPLICATE
    sla_apply(c, now=at(2026, 3, 4, 8))
    assert c.reopen_until is None


def test_reopened_case_gets_a_fresh_respond_clock():
    c = case(state=CaseState.RESOLVED, dispatched_at=at(2026, 3, 2), resolved_at=at(2026, 3, 3))
    sla_apply(c, now=at(2026, 3, 3))
    c.state, c.resolved_at = CaseState.IN_PROGRESS, None
    sla_apply(c, now=at(2026, 3, 9, 8))
    assert c.sla_started_at == at(2026, 3, 9, 8)
    assert c.sla_due_at == end_of(2026, 3, 16)


def test_outer_limit_and_overdue_marker():
    c = case(
        state=CaseState.DISPATCHED, received_at=at(2026, 1, 5, 9), dispatched_at=at(2026, 1, 5)
    )
    c.paused_at = at(2026, 1, 6)
    sla_apply(c, now=at(2026, 3, 6, 8))
    assert c.outer_due_at == at(2026, 3, 6, 9)  # 60 calendar days
    assert not c.is_overdue
    sla_apply(c, now=at(2026, 3, 6, 10))
    assert c.is_overdue
    assert sla_status(c, at(2026, 3, 6, 10))["state"] == "paused"


def test_sla_status_states():
    c = case(received_at=at(2026, 3, 2, 9))
    sla_apply(c, now=at(2026, 3, 2, 9))
    ok = sla_status(c, at(2026, 3, 3, 9))
    assert ok["state"] == "ok" and ok["stage"] == SlaStage.VERIFY
    assert 0 < ok["share_used"] < 0.75
    assert sla_status(c, at(2026, 3, 5, 3))["state"] == "warning"
    late = sla_status(c, at(2026, 3, 6, 1))
    assert late["state"] == "overdue" and late["remaining"] < dt.timedelta(0)
    sla_apply(c, now=at(2026, 3, 6, 1))  # a transition after the due date marks the case
    assert c.is_overdue
    c.state = CaseState.CLOSED
    sla_apply(c, now=at(2026, 3, 6, 2))
    assert sla_status(c, at(2026, 3, 6, 2))["state"] == "overdue"  # sticky public marker


moments = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),
    max_value=dt.datetime(2027, 6, 30),
    timezones=st.just(JAKARTA),
)
no_fixtures = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@no_fixtures
@given(start=moments, days=st.integers(0, 20), share=st.decimals("0.05", "1.00", places=2))
def test_property_due_after_start_and_warning_between(start, days, share):
    c = case(category(verify_days=days, warn_share=share), received_at=start)
    sla_apply(c, now=start)
    assert c.sla_due_at >= c.sla_started_at == start
    assert c.sla_started_at <= c.sla_warn_at <= c.sla_due_at
    assert workdays.count_working_days(start, c.sla_due_at) == days


@no_fixtures
@given(
    start=moments,
    pause_after=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=20)),
    paused_for=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=40)),
    urc=st.booleans(),
)
def test_property_pausing_never_shortens_a_deadline(start, pause_after, paused_for, urc):
    cat = category(is_emergency=urc, urc_response_minutes=240 if urc else None)
    c = case(cat, state=CaseState.DISPATCHED, received_at=start, dispatched_at=start)
    sla_apply(c, now=start)
    due_before = c.sla_due_at
    sla_pause(c, now=start + pause_after)
    sla_resume(c, now=start + pause_after + paused_for)
    assert c.sla_due_at >= due_before
    if urc:
        assert c.sla_due_at - due_before == paused_for
