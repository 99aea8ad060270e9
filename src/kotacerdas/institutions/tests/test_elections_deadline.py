"""Election deadline arithmetic and the late flag (Pasal 11(3)): start at least one month before
the term ends; reminders three months and one month before; red flag when not started in time."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.institutions import rules
from kotacerdas.institutions.models import Election, ElectionStage, TermStatus
from kotacerdas.institutions.selectors.elections import election_overview, election_status
from kotacerdas.institutions.tests.factories import CouncilTermFactory

starts = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))


@given(starts)
def test_deadline_is_one_month_before_the_end_and_reminders_precede_it(start):
    end = rules.term_end(start)
    deadline = rules.election_deadline(end)
    reminders = rules.election_reminder_dates(end)
    assert reminders["3m"] < reminders["1m"] == deadline < end
    # one calendar month: same day of month, or the month's last day when it has no such day
    assert (deadline.year * 12 + deadline.month) == (end.year * 12 + end.month) - 1
    assert deadline.day == end.day or deadline.day < end.day
    assert 28 <= (end - deadline).days <= 31
    assert 89 <= (end - reminders["3m"]).days <= 92


@given(starts)
def test_term_lasts_three_years_less_a_day(start):
    end = rules.term_end(start)
    assert end.year - start.year in (2, 3)
    assert rules.anniversary(start, 3) - dt.timedelta(days=1) == end


def test_term_decreed_on_29_february():
    end = rules.term_end(dt.date(2024, 2, 29))
    assert end == dt.date(2027, 2, 28)
    assert rules.election_deadline(end) == dt.date(2027, 1, 28)
    assert rules.election_reminder_dates(end) == {
        "3m": dt.date(2026, 11, 28),
        "1m": dt.date(2027, 1, 28),
    }


def test_deadline_clamps_to_month_end():
    # A term ending 31 March: one month before is 28 February (29 in a leap year).
    assert rules.election_deadline(dt.date(2027, 3, 31)) == dt.date(2027, 2, 28)
    assert rules.election_deadline(dt.date(2028, 3, 31)) == dt.date(2028, 2, 29)


@pytest.mark.django_db
def test_status_flags_across_the_dates():
    term = CouncilTermFactory(start_date=dt.date(2026, 1, 5), status=TermStatus.ACTIVE)
    assert term.end_date == dt.date(2029, 1, 4)
    early = election_status(term, dt.date(2028, 10, 3))
    assert early.deadline == dt.date(2028, 12, 4)
    assert early.reminder_3m == dt.date(2028, 10, 4)
    assert not early.needs_start and not early.is_late and early.state == "not_due"
    due = election_status(term, dt.date(2028, 10, 4))
    assert due.needs_start and not due.is_late and due.state == "due"
    last_day = election_status(term, dt.date(2028, 12, 4))
    assert last_day.days_left == 0 and not last_day.is_late
    late = election_status(term, dt.date(2028, 12, 5))
    assert late.is_late and late.days_left == -1 and late.state == "late"


@pytest.mark.django_db
def test_started_election_is_not_late_but_a_late_start_is_recorded():
    term = CouncilTermFactory(start_date=dt.date(2026, 1, 5), status=TermStatus.ACTIVE)
    Election.objects.create(ending_term=term, started_on=dt.date(2028, 12, 10))
    status = election_status(term, dt.date(2028, 12, 20))
    assert status.started and not status.is_late and status.started_late
    assert status.state == "running"


@pytest.mark.django_db
def test_cancelled_election_counts_as_not_started():
    term = CouncilTermFactory(start_date=dt.date(2026, 1, 5), status=TermStatus.ACTIVE)
    Election.objects.create(
        ending_term=term, started_on=dt.date(2028, 11, 1), stage=ElectionStage.CANCELLED
    )
    assert election_status(term, dt.date(2028, 12, 20)).is_late


@pytest.mark.django_db
@settings(max_examples=20, deadline=None)
@given(start=starts, offset=st.integers(min_value=-200, max_value=200))
def test_late_exactly_after_the_deadline(start, offset):
    term = CouncilTermFactory.build(start_date=start)
    status = election_status(term, rules.election_deadline(term.end_date) + dt.timedelta(offset))
    assert status.is_late == (offset > 0)
    assert status.days_left == -offset


@pytest.mark.django_db
def test_overview_lists_every_term():
    CouncilTermFactory(number=1)
    CouncilTermFactory(number=2)
    assert [s.term.number for s in election_overview(dt.date(2026, 6, 1))] == [2, 1]
