"""The handler's dashboard and a case's page in the Wagtail admin."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from zhanqun.cases import services
from zhanqun.cases.enums import EventType
from zhanqun.cases.factories import beijing, submit
from zhanqun.cases.models import PersonalDataAccess
from zhanqun.content.tests.conftest import logged_in, menu_labels, refused

from .kinds import TEST_KIND

pytestmark = pytest.mark.django_db

NOW = beijing(2026, 10, 12, 9, 0)


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def rows(response):
    """(number, unit, light) of each dashboard row."""
    page = soup(response)
    result = []
    for tr in page.select("table.listing tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        result.append((cells[0], cells[3], cells[-1]))
    return result


@pytest.fixture
def cases(units, dispatcher):
    """Three 发改委 cases due 10/13 (from 9/30), 10/9 (from 9/25… extended) and overdue, one 教育局 case."""
    soon = submit(TEST_KIND, subject="路面破损", received_at=beijing(2026, 9, 30, 10, 0))
    later = submit(TEST_KIND, subject="噪音扰民", received_at=beijing(2026, 10, 9, 10, 0))
    late = submit(TEST_KIND, subject="路灯不亮", received_at=beijing(2026, 9, 21, 10, 0))
    edu = submit(TEST_KIND, subject="校车超载", received_at=beijing(2026, 9, 30, 11, 0))
    for case in (soon, later, late):
        services.assign(case, dispatcher, units.fgw, at=case.received_at)
    services.assign(edu, dispatcher, units.education, at=edu.received_at)
    return {"soon": soon, "later": later, "late": late, "edu": edu}


@pytest.fixture
def frozen_now(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def test_handlers_see_their_unit_s_cases_by_due_date_with_lights(cases, handler, frozen_now):
    client = logged_in(handler)
    assert "办件" in menu_labels(client)
    listed = rows(client.get(reverse("cases:index")))
    assert listed == [
        (cases["late"].number, "云泽市发展和改革委员会", "超期"),
        (cases["soon"].number, "云泽市发展和改革委员会", "临期"),
        (cases["later"].number, "云泽市发展和改革委员会", "按期"),
    ]


def test_the_dashboard_filters_by_light_and_state(cases, handler, frozen_now):
    client = logged_in(handler)
    assert [r[0] for r in rows(client.get(reverse("cases:index"), {"light": "overdue"}))] == [cases["late"].number]
    assert [r[0] for r in rows(client.get(reverse("cases:index"), {"light": "due_soon"}))] == [cases["soon"].number]
    assert rows(client.get(reverse("cases:index"), {"state": "received"})) == []
    assert len(rows(client.get(reverse("cases:index"), {"kind": "test"}))) == 3


def test_supervisors_see_every_unit_and_filter_by_unit(cases, dispatcher, units, frozen_now):
    client = logged_in(dispatcher)
    assert len(rows(client.get(reverse("cases:index")))) == 4
    only_edu = rows(client.get(reverse("cases:index"), {"unit": units.education.pk}))
    assert only_edu == [(cases["edu"].number, "云泽市教育局", "临期")]


def test_another_unit_s_case_is_out_of_reach(cases, edu_handler):
    client = logged_in(edu_handler)
    assert [r[0] for r in rows(client.get(reverse("cases:index")))] == [cases["edu"].number]
    assert refused(client.get(reverse("cases:detail", args=[cases["soon"].pk])))
    assert refused(client.get(reverse("cases:action", args=[cases["soon"].pk, "draft"])))


def test_people_without_a_case_role_have_no_dashboard(units):
    from zhanqun.content.tests.conftest import staff
    from zhanqun.units.enums import Role

    reviewer = staff("secrecy", units.office, Role.CONFIDENTIALITY_REVIEWER)
    client = logged_in(reviewer)
    assert "办件" not in menu_labels(client)
    assert refused(client.get(reverse("cases:index")))


def test_the_case_page_shows_masked_data_clocks_and_timeline(cases, handler, frozen_now):
    page = soup(logged_in(handler).get(reverse("cases:detail", args=[cases["soon"].pk])))
    personal = page.select_one("[data-testid=case-personal]").get_text(" ", strip=True)
    assert "张**" in personal and "138****1234" in personal
    assert "13812341234" not in page.get_text()
    clocks = page.select_one("[data-testid=case-clocks]").get_text(" ", strip=True)
    assert "答复期限 5 工作日" in clocks and "2026-10-13" in clocks and "临期" in clocks
    timeline = page.select_one("[data-testid=case-timeline]").get_text(" ", strip=True)
    assert "受理" in timeline and "交办" in timeline
    actions = [a["data-action"] for a in page.select("[data-testid=case-actions] a")]
    assert actions == ["return", "pause", "extend", "draft"]


def test_unmasking_personal_data_is_logged(cases, handler):
    client = logged_in(handler)
    url = reverse("cases:detail", args=[cases["soon"].pk])
    page = soup(client.post(url, {"purpose": "电话回访"}))
    assert "13812341234" in page.select_one("[data-testid=case-personal]").get_text()
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.case, access.purpose) == (handler, cases["soon"], "电话回访")
    assert access.fields == ["name", "phone", "id_number", "address", "email"]


def test_a_return_without_a_reason_is_refused_with_a_message(cases, handler):
    client = logged_in(handler)
    url = reverse("cases:action", args=[cases["soon"].pk, "return"])
    page = soup(client.post(url, {"reason": "   "}))
    assert "请填写退回理由" in page.get_text()
    response = client.post(url, {"reason": "属住建局职责"})
    assert response.status_code == 302
    cases["soon"].refresh_from_db()
    assert cases["soon"].state == "returned"
    assert cases["soon"].events.get(type=EventType.RETURNED).payload["reason"] == "属住建局职责"


def test_extending_to_a_holiday_is_refused_and_a_working_day_accepted(cases, handler):
    client = logged_in(handler)
    url = reverse("cases:action", args=[cases["soon"].pk, "extend"])
    page = soup(client.post(url, {"clock": "reply", "new_due": "2026-10-18", "reason": "需实地核查"}))
    assert "2026-10-18 不是工作日" in page.get_text()
    client.post(url, {"clock": "reply", "new_due": "2026-10-20", "reason": "需实地核查"})
    assert cases["soon"].clocks.get(code="reply").due_date == datetime.date(2026, 10, 20)


def test_a_reply_is_drafted_approved_and_sent_from_the_admin(
    cases, handler, head, dispatcher, django_capture_on_commit_callbacks
):
    case = cases["soon"]
    handler_client, head_client = logged_in(handler), logged_in(head)
    handler_client.post(reverse("cases:action", args=[case.pk, "draft"]), {"body": "已修复。", "public": "on"})
    # The drafter has no approve button; the head has.
    assert "approve" not in [
        a["data-action"]
        for a in soup(handler_client.get(reverse("cases:detail", args=[case.pk]))).select("[data-action]")
    ]
    assert refused(handler_client.get(reverse("cases:action", args=[case.pk, "approve"])))
    head_client.post(reverse("cases:action", args=[case.pk, "approve"]), {"comment": "同意"})
    with django_capture_on_commit_callbacks(execute=True):
        handler_client.post(reverse("cases:action", args=[case.pk, "send"]))
    logged_in(dispatcher).post(reverse("cases:action", args=[case.pk, "publish"]))
    case.refresh_from_db()
    assert case.state == "replied" and case.published_at is not None
    page = soup(handler_client.get(reverse("cases:detail", args=[case.pk])))
    assert "已答复" in page.select_one("[data-testid=case-reply]").get_text()


def test_an_action_not_allowed_in_the_state_sends_back_with_the_reason(cases, dispatcher):
    client = logged_in(dispatcher)
    response = client.get(reverse("cases:action", args=[cases["soon"].pk, "send"]), follow=True)
    assert "不能答复" in soup(response).get_text()
