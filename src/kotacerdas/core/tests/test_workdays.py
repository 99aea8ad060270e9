import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from kotacerdas.core import workdays
from kotacerdas.core.models import LocalDayOff

D = dt.date
JAKARTA = ZoneInfo("Asia/Jakarta")
pytestmark = pytest.mark.django_db


def test_independence_day_2026_is_a_monday_holiday():
    assert D(2026, 8, 17).weekday() == 0
    assert D(2026, 8, 17) in workdays.national_holidays(2026)
    assert not workdays.is_working_day(D(2026, 8, 17))
    assert workdays.is_working_day(D(2026, 8, 18))


def test_idul_fitri_2026_and_its_cuti_bersama_are_not_working_days():
    days = {
        day
        for day, name in {**workdays.national_holidays(2026), **workdays.cuti_bersama(2026)}.items()
        if "Idul Fitri" in name
    }
    # The package gives 21-22 March (holiday) and 20, 23, 24 March (cuti bersama).
    assert days == {D(2026, 3, 20), D(2026, 3, 21), D(2026, 3, 22), D(2026, 3, 23), D(2026, 3, 24)}
    assert not any(workdays.is_working_day(day) for day in days)
    # Nyepi (19 March) and its cuti bersama (18 March) join the Lebaran break.
    assert workdays.next_working_day(D(2026, 3, 17)) == D(2026, 3, 25)


def test_cuti_bersama_is_a_day_off_but_not_a_national_holiday():
    assert D(2026, 12, 24) in workdays.cuti_bersama(2026)
    assert D(2026, 12, 24) not in workdays.national_holidays(2026)
    assert not workdays.is_working_day(D(2026, 12, 24))


def test_weekends_are_skipped():
    friday = D(2026, 7, 3)
    assert workdays.is_working_day(friday)
    assert not workdays.is_working_day(D(2026, 7, 4))
    assert not workdays.is_working_day(D(2026, 7, 5))
    assert workdays.add_working_days(friday, 1) == D(2026, 7, 6)
    assert workdays.add_working_days(friday, 5) == D(2026, 7, 10)


def test_local_day_off_is_respected():
    monday = D(2026, 7, 6)
    assert workdays.add_working_days(monday, 1) == D(2026, 7, 7)
    LocalDayOff.objects.create(date=D(2026, 7, 7), name="Hari Jadi Kota Bekasi (contoh)")
    assert not workdays.is_working_day(D(2026, 7, 7))
    assert workdays.add_working_days(monday, 1) == D(2026, 7, 8)
    assert workdays.count_working_days(monday, D(2026, 7, 10)) == 3


def test_negative_add_walks_backwards_over_holidays():
    assert workdays.add_working_days(D(2026, 8, 18), -1) == D(2026, 8, 14)
    assert workdays.subtract_working_days(D(2026, 8, 18), 1) == D(2026, 8, 14)
    assert workdays.add_working_days(D(2026, 3, 25), -2) == D(2026, 3, 16)


def test_count_across_a_holiday_excludes_start_and_includes_end():
    # (Fri 14 Aug, Fri 21 Aug]: Mon 17 Aug is Independence Day.
    assert workdays.count_working_days(D(2026, 8, 14), D(2026, 8, 21)) == 4
    assert workdays.count_working_days(D(2026, 8, 14), D(2026, 8, 14)) == 0
    assert workdays.count_working_days(D(2026, 8, 21), D(2026, 8, 14)) == -4


@pytest.mark.parametrize("n", [0, 1, 3, 10, 40])
def test_count_is_the_inverse_of_add(n):
    start = D(2026, 3, 13)
    assert workdays.count_working_days(start, workdays.add_working_days(start, n)) == n


def test_add_zero_rolls_a_day_off_forward():
    assert workdays.add_working_days(D(2026, 8, 15), 0) == D(2026, 8, 18)
    assert workdays.add_working_days(D(2026, 8, 18), 0) == D(2026, 8, 18)


def test_working_deadline_uses_jakarta_dates():
    # 20:00 UTC on Friday 14 Aug is 03:00 on Saturday 15 Aug in Jakarta.
    start = dt.datetime(2026, 8, 14, 20, 0, tzinfo=dt.UTC)
    deadline = workdays.working_deadline(start, 1)
    assert deadline == dt.datetime(2026, 8, 18, 23, 59, 59, 999999, tzinfo=JAKARTA)
    same_day = workdays.working_deadline(dt.datetime(2026, 8, 14, 9, 0, tzinfo=JAKARTA), 0)
    assert same_day.date() == D(2026, 8, 14)
    with pytest.raises(ValueError):
        workdays.working_deadline(start, -1)


def test_holiday_names_follow_the_active_language():
    with translation.override("id"):
        assert workdays.national_holidays(2026)[D(2026, 8, 17)] == (
            "Hari Kemerdekaan Republik Indonesia"
        )
    with translation.override("en"):
        assert "Independence" in workdays.national_holidays(2026)[D(2026, 8, 17)]


def test_days_off_in_year_lists_every_kind_in_date_order():
    LocalDayOff.objects.create(date=D(2026, 3, 10), name="Libur daerah contoh")
    days = workdays.days_off_in_year(2026)
    kinds = {day.kind for day in days}
    assert kinds == {workdays.KIND_NATIONAL, workdays.KIND_CUTI_BERSAMA, workdays.KIND_LOCAL}
    assert [day.date for day in days] == sorted(day.date for day in days)
    local = [day for day in days if day.kind == workdays.KIND_LOCAL]
    assert [(day.date, day.name) for day in local] == [(D(2026, 3, 10), "Libur daerah contoh")]
    assert local[0].pk == LocalDayOff.objects.get().pk


def test_one_calendar_reused_over_many_dates_queries_once_per_year(django_assert_num_queries):
    LocalDayOff.objects.create(date=D(2026, 7, 7), name="Libur daerah contoh")
    calendar = workdays.WorkingCalendar()
    starts = [D(2026, 6, 1) + dt.timedelta(days=i) for i in range(60)]
    with django_assert_num_queries(1):
        deadlines = [calendar.add_working_days(day, 3) for day in starts]
    assert D(2026, 7, 7) not in deadlines
    assert deadlines == [workdays.add_working_days(day, 3) for day in starts]
    with django_assert_num_queries(1):  # January 2027 is another year: one more lookup
        calendar.add_working_days(D(2026, 12, 30), 3)
