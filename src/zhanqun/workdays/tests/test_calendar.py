"""Pure tests of the working-day calendar (no Django, no database).

Facts about 2026 are read from the ``chinesecalendar`` package first and only
then used as expectations, so a wrong assumption fails loudly here instead of
being baked into the other assertions.
"""

from __future__ import annotations

import pickle
import time as _time
from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest
from chinese_calendar import constants

from zhanqun.workdays.calendar import (
    CHINA_STANDARD_TIME,
    WorkdayCalendar,
    YearNotCovered,
    chinesecalendar_years,
)

SATURDAY, SUNDAY = 5, 6


@pytest.fixture(scope="module")
def cal() -> WorkdayCalendar:
    return WorkdayCalendar.from_chinesecalendar()


def _days(first: date, last: date):
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


# ---------------------------------------------------------------------------
# the package data we rely on
# ---------------------------------------------------------------------------
def test_chinesecalendar_data_matches_what_the_contract_tests_assume():
    # National Day 2026: 1–7 October off, Saturday 10 October is a make-up day.
    for d in _days(date(2026, 10, 1), date(2026, 10, 7)):
        assert constants.holidays.get(d) == chinese_calendar.Holiday.national_day.value
    assert date(2026, 10, 10) in constants.workdays
    assert date(2026, 10, 10).weekday() == SATURDAY
    # 28–30 September are ordinary working days.
    for d in _days(date(2026, 9, 28), date(2026, 9, 30)):
        assert chinese_calendar.is_workday(d)
    # Our "a make-up day is always a weekend day" rule holds for all package data.
    assert all(d.weekday() in (SATURDAY, SUNDAY) for d in constants.workdays)
    assert not set(constants.holidays) & set(constants.workdays)


def test_covered_years_are_the_package_years_and_not_2027(cal):
    assert {2004, 2025, 2026} <= cal.covered_years
    assert cal.covered_years == chinesecalendar_years()
    assert not cal.covers(2027)


def test_calendar_agrees_with_chinesecalendar_on_every_day_of_2025_and_2026(cal):
    for d in _days(date(2025, 1, 1), date(2026, 12, 31)):
        assert cal.is_workday(d) == chinese_calendar.is_workday(d), d


# ---------------------------------------------------------------------------
# contracts: `zhanqun workdays add 2026-09-28 5` / `between ...`
# ---------------------------------------------------------------------------
def test_add_workdays__skips_national_day_2026_and_counts_makeup_saturday(cal):
    # 28 Sep (event day, not counted) → 29, 30 Sep, 8, 9 Oct, Sat 10 Oct.
    assert cal.add_workdays(date(2026, 9, 28), 5) == date(2026, 10, 10)
    assert cal.add_workdays(date(2026, 9, 28), 3) == date(2026, 10, 8)
    assert cal.add_workdays(date(2026, 9, 28), 6) == date(2026, 10, 12)


def test_workdays_between_contract(cal):
    assert cal.workdays_between(date(2026, 9, 28), date(2026, 10, 10)) == 5
    # The whole holiday week contributes nothing.
    assert cal.workdays_between(date(2026, 9, 30), date(2026, 10, 7)) == 0


def test_event_day_is_not_counted(cal):
    monday = date(2026, 11, 16)
    assert cal.add_workdays(monday, 1) == date(2026, 11, 17)
    assert cal.workdays_between(monday, monday) == 0
    assert cal.workdays_between(monday, monday + timedelta(days=1)) == 1
    # end before start → 0
    assert cal.workdays_between(monday, monday - timedelta(days=10)) == 0


def test_add_zero_workdays_is_identity_even_on_a_holiday(cal):
    assert cal.add_workdays(date(2026, 10, 3), 0) == date(2026, 10, 3)
    assert cal.next_workday(date(2026, 10, 3)) == date(2026, 10, 8)


def test_next_workday_is_strictly_after(cal):
    assert cal.next_workday(date(2026, 11, 20)) == date(2026, 11, 23)  # Fri → Mon
    assert cal.next_workday(date(2026, 10, 9)) == date(2026, 10, 10)  # make-up Sat


def test_negative_or_non_integer_n_is_rejected(cal):
    with pytest.raises(ValueError):
        cal.add_workdays(date(2026, 1, 5), -1)
    with pytest.raises(TypeError):
        cal.add_workdays(date(2026, 1, 5), 1.5)


def test_between_and_add_are_inverse_across_2025_and_2026(cal):
    starts = list(_days(date(2025, 1, 1), date(2026, 9, 30)))[::11]
    assert len(starts) > 50
    for start in starts:
        for n in range(0, 61):
            end = cal.add_workdays(start, n)
            assert cal.workdays_between(start, end) == n, (start, n)
            if n:
                assert cal.is_workday(end)
                # the (n-1)th result is strictly earlier: no working day skipped
                assert cal.add_workdays(start, n - 1) < end


def test_add_of_between_lands_on_end_when_end_is_a_workday(cal):
    start = date(2025, 12, 20)
    for end in _days(start + timedelta(days=1), date(2026, 3, 31)):
        n = cal.workdays_between(start, end)
        if cal.is_workday(end):
            assert cal.add_workdays(start, n) == end
        else:
            assert cal.add_workdays(start, n) < end


def test_counting_across_the_year_boundary(cal):
    # New Year's Day 2026 holiday is 1–3 Jan, Sunday 4 Jan a make-up day.
    assert date(2026, 1, 4) in constants.workdays
    assert cal.add_workdays(date(2025, 12, 31), 1) == date(2026, 1, 4)
    assert cal.workdays_between(date(2004, 1, 1), date(2026, 12, 31)) == sum(
        1 for d in _days(date(2004, 1, 2), date(2026, 12, 31)) if chinese_calendar.is_workday(d)
    )


def test_spring_festival_2026(cal):
    package = sorted(
        d
        for d, name in constants.holidays.items()
        if d.year == 2026 and name == chinese_calendar.Holiday.spring_festival.value
    )
    assert package == list(_days(date(2026, 2, 15), date(2026, 2, 23)))  # 9 days off
    assert {date(2026, 2, 14), date(2026, 2, 28)} <= set(constants.workdays)
    assert not any(cal.is_workday(d) for d in package)
    assert cal.is_workday(date(2026, 2, 14))  # Saturday before: make-up day
    assert cal.is_workday(date(2026, 2, 28))  # Saturday after: make-up day
    assert cal.name_of(date(2026, 2, 17)) == "春节"
    # A case filed on Friday 13 Feb with a 3-working-day deadline.
    assert cal.add_workdays(date(2026, 2, 13), 3) == date(2026, 2, 25)
    assert cal.workdays_between(date(2026, 2, 13), date(2026, 2, 24)) == 2


# ---------------------------------------------------------------------------
# fail loudly for years without data
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.is_workday(date(2027, 1, 4)),
        lambda c: c.add_workdays(date(2026, 12, 28), 5),  # runs into 2027
        lambda c: c.add_workdays(date(2027, 3, 1), 0),
        lambda c: c.next_workday(date(2026, 12, 31)),
        lambda c: c.workdays_between(date(2026, 12, 1), date(2027, 1, 5)),
        lambda c: c.workdays_between(date(2027, 1, 5), date(2026, 12, 1)),
        lambda c: c.add_hours(datetime(2026, 12, 31, 18, 0), 24),
    ],
)
def test_year_2027_is_not_covered_and_the_message_says_how_to_add_it(cal, call):
    with pytest.raises(YearNotCovered) as excinfo:
        call(cal)
    assert excinfo.value.year == 2027
    message = str(excinfo.value)
    assert "2027" in message
    assert "设置 → 工作日历" in message
    assert "zhanqun workdays import" in message
    assert "chinesecalendar" in message


def test_last_covered_days_still_work(cal):
    # 2026-12-31 is a Thursday; one working day later is still in 2026.
    assert cal.add_workdays(date(2026, 12, 30), 1) == date(2026, 12, 31)
    assert cal.workdays_between(date(2026, 12, 1), date(2026, 12, 31)) == 22


def test_manual_year_covers_2027():
    # Illustrative dates for a test fixture only — NOT the official 2027 schedule.
    cal = WorkdayCalendar.from_chinesecalendar(
        extra_holidays={date(2027, 1, 1): "元旦"},
        extra_workdays={date(2027, 1, 2): "示例调休"},
        extra_years=[2027],
    )
    assert not cal.is_workday(date(2027, 1, 1))  # Friday off
    assert cal.is_workday(date(2027, 1, 2))  # Saturday worked
    assert cal.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 2)
    with pytest.raises(YearNotCovered):
        cal.is_workday(date(2028, 1, 3))


def test_extras_override_single_days_of_package_years():
    cal = WorkdayCalendar.from_chinesecalendar(
        extra_holidays={date(2026, 10, 10): "改为放假"},  # package: make-up day
        extra_workdays=[date(2026, 10, 7)],  # package: holiday (Wednesday)
    )
    assert not cal.is_workday(date(2026, 10, 10))
    assert cal.is_workday(date(2026, 10, 7))
    assert not cal.is_workday(date(2026, 10, 6))  # untouched neighbour


def test_replace_years_drops_package_data_for_that_year():
    cal = WorkdayCalendar.from_chinesecalendar(replace_years=[2026])
    assert cal.is_workday(date(2026, 10, 1))  # a plain Thursday now
    assert not cal.is_workday(date(2026, 10, 10))  # a plain Saturday now
    assert not cal.is_workday(date(2025, 10, 1))  # other years untouched


def test_a_date_cannot_be_both_holiday_and_makeup_day():
    d = date(2026, 10, 10)
    with pytest.raises(ValueError):
        WorkdayCalendar(holidays={d}, makeup_workdays={d}, covered_years={2026})


def test_datetime_arguments_are_treated_as_their_date(cal):
    assert cal.is_workday(datetime(2026, 10, 10, 9, 0)) is True
    assert cal.add_workdays(datetime(2026, 9, 28, 23, 59), 5) == date(2026, 10, 10)
    # 20:00 UTC on Friday 9 Oct is 04:00 on Saturday 10 Oct in Beijing (make-up day).
    assert cal.is_workday(datetime(2026, 10, 9, 20, 0, tzinfo=UTC)) is True
    assert cal.is_workday(datetime(2026, 11, 20, 20, 0, tzinfo=UTC)) is False  # Sat 04:00


# ---------------------------------------------------------------------------
# add_hours
# ---------------------------------------------------------------------------
def test_add_hours_over_a_weekend(cal):
    friday_evening = datetime(2026, 11, 20, 18, 0)
    assert friday_evening.weekday() == 4
    # 6 hours left on Friday, Saturday and Sunday do not count, 18 on Monday.
    assert cal.add_hours(friday_evening, 24) == datetime(2026, 11, 23, 18, 0)
    assert cal.add_hours(friday_evening, 48) == datetime(2026, 11, 24, 18, 0)
    assert cal.add_hours(friday_evening, 2.5) == datetime(2026, 11, 20, 20, 30)


def test_add_hours_starting_on_a_rest_day_starts_at_next_working_midnight(cal):
    saturday = datetime(2026, 11, 21, 10, 0)
    assert cal.add_hours(saturday, 1) == datetime(2026, 11, 23, 1, 0)
    assert cal.add_hours(saturday, 0) == saturday


def test_add_hours_over_national_day_uses_the_makeup_saturday(cal):
    # Wed 30 Sep 12:00 + 72h: 12h on 30 Sep, 24h on 8 Oct, 24h on 9 Oct,
    # 12h on Saturday 10 Oct (make-up working day).
    assert cal.add_hours(datetime(2026, 9, 30, 12, 0), 72) == datetime(2026, 10, 10, 12, 0)


def test_add_hours_ending_exactly_at_midnight(cal):
    # 6h from Friday 18:00 ends at the end of Friday (= Saturday 00:00).
    assert cal.add_hours(datetime(2026, 11, 20, 18, 0), 6) == datetime(2026, 11, 21, 0, 0)
    # 30h = rest of Friday + all of Monday → end of Monday.
    assert cal.add_hours(datetime(2026, 11, 20, 18, 0), 30) == datetime(2026, 11, 24, 0, 0)


def test_add_hours_keeps_timezone_awareness(cal):
    naive = cal.add_hours(datetime(2026, 11, 20, 18, 0), 24)
    assert naive.tzinfo is None

    beijing = datetime(2026, 11, 20, 18, 0, tzinfo=CHINA_STANDARD_TIME)
    result = cal.add_hours(beijing, 24)
    assert result.tzinfo is CHINA_STANDARD_TIME
    assert result == datetime(2026, 11, 23, 18, 0, tzinfo=CHINA_STANDARD_TIME)

    # The same instant in UTC: working days are judged in Beijing time, the
    # answer comes back in UTC.
    utc = beijing.astimezone(UTC)
    assert utc.hour == 10
    result_utc = cal.add_hours(utc, 24)
    assert result_utc.tzinfo is UTC
    assert result_utc == result


def test_add_hours_rejects_negative_hours(cal):
    with pytest.raises(ValueError):
        cal.add_hours(datetime(2026, 11, 20, 18, 0), -1)


# ---------------------------------------------------------------------------
# misc
# ---------------------------------------------------------------------------
def test_calendar_is_picklable_for_caches(cal):
    clone = pickle.loads(pickle.dumps(cal))  # noqa: S301 - our own data
    assert clone == cal
    assert clone.add_workdays(date(2026, 9, 28), 5) == date(2026, 10, 10)


def test_many_calls_are_fast(cal):
    starts = list(_days(date(2025, 1, 1), date(2026, 9, 30)))
    began = _time.perf_counter()
    for i in range(5000):
        start = starts[i % len(starts)]
        end = cal.add_workdays(start, i % 60)
        cal.workdays_between(start, end)
        cal.workdays_between(date(2004, 1, 1), end)
    assert _time.perf_counter() - began < 2.0
