"""Schedule, freshness and quality rules (opendata.rules)."""

import datetime as dt
import itertools
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from kotacerdas.opendata import rules
from kotacerdas.opendata.models import Frequency


def _entry(frequency, year=2025, due_days=30):
    return SimpleNamespace(year=year, frequency=frequency, due_days=due_days)


def test_annual_entry_has_one_period_due_after_the_year():
    (period,) = rules.entry_periods(_entry(Frequency.ANNUAL))
    assert period == rules.Period(
        "2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 30)
    )


def test_semiannual_quarterly_monthly_labels():
    assert [p.label for p in rules.entry_periods(_entry(Frequency.SEMIANNUAL))] == [
        "2025-S1",
        "2025-S2",
    ]
    quarters = rules.entry_periods(_entry(Frequency.QUARTERLY, due_days=15))
    assert [p.label for p in quarters] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert (quarters[0].end, quarters[0].due) == (dt.date(2025, 3, 31), dt.date(2025, 4, 15))
    months = rules.entry_periods(_entry(Frequency.MONTHLY, year=2024))
    assert months[0].label == "2024-01" and months[-1].label == "2024-12"
    assert months[1].end == dt.date(2024, 2, 29)


def test_irregular_entry_has_the_year_as_its_one_period():
    periods = rules.entry_periods(_entry(Frequency.IRREGULAR))
    assert [(p.label, p.start, p.end) for p in periods] == [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    ]


def test_period_by_label_finds_or_returns_none():
    entry = _entry(Frequency.QUARTERLY)
    assert rules.period_by_label(entry, " 2025-Q3 ").start == dt.date(2025, 7, 1)
    assert rules.period_by_label(entry, "2025-Q5") is None
    assert rules.period_by_label(entry, "2024-Q1") is None


@given(
    year=st.integers(2000, 2100),
    frequency=st.sampled_from(list(Frequency.values)),
    due_days=st.integers(0, 366),
)
def test_periods_tile_the_year_without_gaps(year, frequency, due_days):
    periods = rules.periods_for(year=year, frequency=frequency, due_days=due_days)
    assert periods[0].start == dt.date(year, 1, 1)
    assert periods[-1].end == dt.date(year, 12, 31)
    for before, after in itertools.pairwise(periods):
        assert after.start == before.end + dt.timedelta(days=1)
    assert all(p.due == p.end + dt.timedelta(days=due_days) for p in periods)
    assert len({p.label for p in periods}) == len(periods)


@given(day=st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), months=st.integers(0, 36))
def test_add_months_keeps_day_or_clamps_to_month_end(day, months):
    moved = rules.add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or moved.day < day.day


def _dataset(frequency, released):
    return SimpleNamespace(frequency=frequency, released_at=released)


def test_freshness_codes_and_labels():
    released = dt.date(2025, 1, 10)
    monthly = _dataset(Frequency.MONTHLY, released)
    assert rules.freshness(monthly, dt.date(2025, 2, 9)) == ("fresh", "Mutakhir")
    assert rules.freshness(monthly, dt.date(2025, 2, 10))[0] == "due"
    assert rules.freshness(monthly, dt.date(2025, 2, 24))[0] == "due"
    assert rules.freshness(monthly, dt.date(2025, 2, 25)) == ("stale", "Kedaluwarsa")
    assert rules.freshness(_dataset(Frequency.ANNUAL, None)) == ("never", "Belum pernah terbit")
    assert rules.freshness(_dataset(Frequency.IRREGULAR, released), dt.date(2030, 1, 1))[0] == (
        "fresh"
    )


def test_freshness_accepts_an_aware_datetime():
    from django.utils import timezone

    released = timezone.make_aware(dt.datetime(2025, 1, 10, 23, 30))
    annual = _dataset(Frequency.ANNUAL, released)
    assert rules.freshness(annual, dt.date(2026, 1, 9))[0] == "fresh"
    assert rules.freshness(annual, dt.date(2026, 3, 11))[0] == "due"
    assert rules.freshness(annual, dt.date(2026, 3, 12))[0] == "stale"


def _submission(submitted_on, due=dt.date(2025, 4, 30)):
    from django.utils import timezone

    return SimpleNamespace(
        submitted_at=timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(10))),
        due_date=due,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 3, 31),
    )


def test_quality_scores_of_a_valid_file_on_time():
    report = {"valid": True, "row_count": 3, "stats": {"completeness": 0.75, "uniqueness": 1.0}}
    scores = rules.quality_scores(report=report, submission=_submission(dt.date(2025, 4, 30)))
    assert scores == {
        "completeness": 0.75,
        "conformity": 1.0,
        "timeliness": 1.0,
        "uniqueness": 1.0,
        "overall": 0.9375,
    }


def test_quality_scores_of_an_invalid_late_file():
    report = {
        "valid": False,
        "row_count": 10,
        "error_count": 3,
        "truncated": False,
        "errors": [{"row": 2}, {"row": 2}, {"row": 5}],
        "stats": {"completeness": 1.0, "uniqueness": 0.5},
    }
    # 45 days late in a 90-day period: half the timeliness.
    scores = rules.quality_scores(report=report, submission=_submission(dt.date(2025, 6, 14)))
    assert scores["conformity"] == 0.8
    assert scores["timeliness"] == 0.5
    assert scores["overall"] == 0.7
    late = rules.quality_scores(report=report, submission=_submission(dt.date(2025, 8, 1)))
    assert late["timeliness"] == 0.0


@given(late=st.integers(-100, 400), days=st.integers(1, 366))
def test_timeliness_is_between_zero_and_one_and_never_rises_with_lateness(late, days):
    due = dt.date(2025, 6, 1)
    score = rules.timeliness_score(
        delivered_on=due + dt.timedelta(days=late), due=due, period_days=days
    )
    later = rules.timeliness_score(
        delivered_on=due + dt.timedelta(days=late + 1), due=due, period_days=days
    )
    assert 0.0 <= later <= score <= 1.0
