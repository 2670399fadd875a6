"""The timeliness rules themselves (R-PUB-5), without Django: plain dates in, a label out.

2026: 中秋节 Friday 25 September, a make-up Sunday on 20 September, 国庆节 1–7 October,
a make-up Saturday on 10 October.
"""

from datetime import date, datetime, timedelta

import pytest

from zhanqun.content.timeliness import Rule, Status, assess
from zhanqun.workdays.calendar import CHINA_STANDARD_TIME, WorkdayCalendar, YearNotCovered

CAL = WorkdayCalendar.from_chinesecalendar()
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=CHINA_STANDARD_TIME)


def at(*args):
    return datetime(*args, tzinfo=CHINA_STANDARD_TIME)


# --- active disclosure: 3 working days, 20 at most -------------------------------------------------


def test_policy_document__formed_friday_before_national_day__published_on_4th_working_day_is_1_working_day_late():
    # Formed Fri 25 Sep (a holiday); working days after: 28, 29, 30 Sep, then 8 Oct.
    result = assess(Rule.ACTIVE_DISCLOSURE, date(2026, 9, 25), at(2026, 10, 8, 10, 0), NOW, CAL)
    assert result.status == Status.LATE
    assert result.label == "超期1个工作日"
    assert result.due == date(2026, 9, 30)


def test_policy_document__formed_before_national_day__published_first_day_after_is_on_time():
    result = assess(Rule.ACTIVE_DISCLOSURE, date(2026, 9, 30), at(2026, 10, 8, 10, 0), NOW, CAL)
    assert result.status == Status.ON_TIME
    assert result.label == "按时发布"
    assert result.due == date(2026, 10, 10)  # the make-up Saturday is the 3rd working day


def test_policy_document__published_on_the_formed_day__is_on_time():
    assert assess(Rule.ACTIVE_DISCLOSURE, date(2026, 3, 2), at(2026, 3, 2, 17, 0), NOW, CAL).label == "按时发布"


def test_policy_document__beyond_20_working_days__says_the_legal_limit_is_passed():
    formed = date(2026, 3, 2)  # a Monday
    published = CAL.add_workdays(formed, 21)
    result = assess(Rule.ACTIVE_DISCLOSURE, formed, datetime.combine(published, datetime.min.time()), NOW, CAL)
    assert result.late_by == 18
    assert result.beyond_legal_limit
    assert result.legal_due == CAL.add_workdays(formed, 20)
    assert result.label == "超期18个工作日，超过法定期限（20个工作日）"


def test_policy_document__on_the_20th_working_day__is_late_but_within_the_legal_limit():
    formed = date(2026, 3, 2)
    result = assess(Rule.ACTIVE_DISCLOSURE, formed, CAL.add_workdays(formed, 20), NOW, CAL)
    assert result.late_by == 17
    assert not result.beyond_legal_limit


def test_unpublished_document__counts_to_now_and_says_so():
    now = at(2026, 10, 9, 9, 0)
    result = assess(Rule.ACTIVE_DISCLOSURE, date(2026, 9, 25), None, now, CAL)
    assert result.status == Status.OVERDUE
    assert result.label == "未发布，已超期2个工作日"


def test_unpublished_document__within_its_time__shows_the_last_day():
    result = assess(Rule.ACTIVE_DISCLOSURE, date(2026, 9, 30), None, at(2026, 10, 2, 9, 0), CAL)
    assert result.status == Status.PENDING
    assert result.label == "未发布，时限至2026年10月10日"


def test_a_year_without_a_holiday_schedule__is_not_guessed():
    with pytest.raises(YearNotCovered):
        assess(Rule.ACTIVE_DISCLOSURE, date(2031, 3, 3), None, at(2031, 3, 10, 9, 0), CAL)


# --- ordinary items: the 3rd calendar day after the work ----------------------------------------------


def test_news__published_on_the_third_day_after_the_work__is_on_time_even_over_a_holiday():
    # 001:17 counts days, not working days: a meeting on 30 Sep is due by 3 Oct.
    result = assess(Rule.ORDINARY, date(2026, 9, 30), at(2026, 10, 3, 20, 0), NOW, CAL)
    assert result.status == Status.ON_TIME
    assert result.due == date(2026, 10, 3)


def test_news__published_after_the_holiday__is_late_by_calendar_days():
    result = assess(Rule.ORDINARY, date(2026, 9, 30), at(2026, 10, 8, 9, 0), NOW, CAL)
    assert result.label == "超期5天"


def test_news__published_late_in_the_evening_utc__counts_the_beijing_date():
    # 2 Mar 16:30 UTC is 3 Mar 00:30 in Beijing.
    from datetime import UTC

    result = assess(Rule.ORDINARY, date(2026, 2, 27), datetime(2026, 3, 2, 16, 30, tzinfo=UTC), NOW, CAL)
    assert result.label == "超期1天"


# --- a superior's important policy: 12 hours -------------------------------------------------------------


def test_superior_policy_reprint__within_12_hours__is_on_time():
    result = assess(Rule.SUPERIOR_POLICY_REPRINT, at(2026, 10, 1, 20, 0), at(2026, 10, 2, 8, 0), NOW, CAL)
    assert result.status == Status.ON_TIME
    assert result.due == at(2026, 10, 2, 8, 0)


def test_superior_policy_reprint__counts_clock_hours_on_holidays_too():
    result = assess(Rule.SUPERIOR_POLICY_REPRINT, at(2026, 10, 1, 20, 0), at(2026, 10, 2, 10, 30), NOW, CAL)
    assert result.label == "超期3小时"


def test_superior_policy_reprint__not_yet_reprinted__shows_the_deadline_to_the_minute():
    start = at(2026, 11, 22, 8, 15)
    result = assess(Rule.SUPERIOR_POLICY_REPRINT, start, None, start + timedelta(hours=1), CAL)
    assert result.label == "未发布，时限至2026年11月22日 20:15"
