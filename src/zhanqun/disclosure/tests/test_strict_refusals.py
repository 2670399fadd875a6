"""R-DISC-3: a refusal for a state secret, personal privacy or trade secrets within 3
working days of receipt — counted across the 2026 National Day holiday (10月1日–7日 off,
Saturday 10月10日 a make-up working day)."""

import datetime

import pytest
from django.urls import reverse

from zhanqun.cases.factories import beijing
from zhanqun.content.tests.conftest import logged_in
from zhanqun.disclosure import requests
from zhanqun.disclosure.enums import ConsultationKind, Outcome

from .test_requests import people, receive  # noqa: F401 - the fixture is used by name

pytestmark = pytest.mark.django_db

SEP29_10 = beijing(2026, 9, 29, 10, 0)


def test_a_secrets_refusal_is_due_on_the_3rd_working_day_skipping_the_holiday(units):
    request = receive(units, at=SEP29_10)
    # 9/30, then 10/8 and 10/9 after the holiday: due at the end of 10/9, not 10/2
    limit = requests.strict_refusal(request, now=SEP29_10)
    assert limit.due_date == datetime.date(2026, 10, 9)
    assert not limit.decided_at and not limit.is_overdue(now=beijing(2026, 10, 9, 17, 0))
    assert limit.is_overdue(now=beijing(2026, 10, 10, 9, 0))  # the make-up Saturday is a working day


def test_a_refusal_decided_on_the_3rd_working_day_is_on_time(units, people):  # noqa: F811
    request = receive(units, at=SEP29_10)
    requests.decide(
        request,
        people["handler"],
        outcome=Outcome.WITHHELD,
        reason="state_secret",
        note="该信息经依法确定为国家秘密。",
        at=beijing(2026, 10, 9, 16, 0),
    )
    request.refresh_from_db()
    limit = requests.strict_refusal(request)
    assert limit.decided_at == beijing(2026, 10, 9, 16, 0) and not limit.late


def test_a_privacy_refusal_on_the_make_up_saturday_is_one_working_day_late(units, people):  # noqa: F811
    request = receive(units, at=SEP29_10)
    requests.decide(
        request,
        people["handler"],
        outcome=Outcome.WITHHELD,
        reason="third_party_rights",
        note="涉及个人隐私，第三方不同意公开。",
        at=beijing(2026, 10, 10, 9, 0),
    )
    request.refresh_from_db()
    limit = requests.strict_refusal(request)
    assert limit.late and limit.workdays_late() == 1
    # received one day later, the same decision is on time: 10/8, 10/9, 10/10
    other = receive(units, at=beijing(2026, 9, 30, 10, 0), id_number="620981199001015678")
    requests.decide(
        other,
        people["handler"],
        outcome=Outcome.WITHHELD,
        reason="third_party_rights",
        note="涉及商业秘密。",
        at=beijing(2026, 10, 10, 9, 0),
    )
    other.refresh_from_db()
    assert requests.strict_refusal(other).due_date == datetime.date(2026, 10, 10)
    assert not requests.strict_refusal(other).late


def test_consulting_the_third_party_does_not_count_toward_the_3_days(units, people):  # noqa: F811
    handler = people["handler"]
    request = receive(units, at=beijing(2026, 9, 28, 10, 0))  # 3 days: 9/29, 9/30, 10/8
    assert requests.strict_refusal(request).due_date == datetime.date(2026, 10, 8)
    requests.start_consultation(
        request, handler, kind=ConsultationKind.THIRD_PARTY, party="某公司", at=beijing(2026, 9, 30, 9, 0)
    )
    assert requests.strict_refusal(request).paused
    requests.end_consultation(request, handler, result="不同意公开", at=beijing(2026, 10, 9, 9, 0))
    # paused 9/30 → 10/9: the working days 10/8 and 10/9 do not count (the engine's rule:
    # those in (paused date, resumed date]) → 2 more: 10/9 and the make-up Saturday 10/10
    assert requests.strict_refusal(request).due_date == datetime.date(2026, 10, 10)


def test_other_outcomes_and_reasons_are_not_held_to_3_days(units, people):  # noqa: F811
    request = receive(units, at=SEP29_10)
    requests.decide(
        request,
        people["handler"],
        outcome=Outcome.WITHHELD,
        reason="process_information",
        note="属于过程性信息。",
        at=beijing(2026, 10, 20, 9, 0),
    )
    request.refresh_from_db()
    assert requests.strict_refusal(request) is None
    assert requests.is_strict_refusal(Outcome.WITHHELD, "state_secret")
    assert not requests.is_strict_refusal(Outcome.PARTIAL, "")


def test_the_request_page_shows_the_3_day_limit_and_flags_a_late_refusal(site_group, people):  # noqa: F811
    request = receive(site_group.units, at=SEP29_10)
    client = logged_in(people["handler"])
    url = reverse("disclosure:request", args=[request.case_id])
    page = client.get(url).content.decode()
    assert "须于 2026-10-09 前作出决定" in page and "国家秘密" in page and "已过期限" in page
    response = client.post(
        url,
        {
            "step": "decide",
            "decide-outcome": "withheld",
            "decide-reason": "state_secret",
            "decide-note": "该信息经依法确定为国家秘密。",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "应在2026年10月09日前作出决定，已超期" in page  # the warning at decision time
    assert "应于 2026-10-09 前作出" in page and "超期" in page
