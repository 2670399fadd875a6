"""A disclosure request received 2026-12-08 while 2027's holidays are not loaded: the
applicant and the staff are told the answer deadline is provisional (暂定), and loading
2027 (元旦 1月1日 off) gives the final date everywhere, with a timeline entry."""

import datetime
import re
from unittest import mock

import pytest
from django.urls import reverse

from zhanqun.cases.factories import beijing
from zhanqun.conftest import solve_captcha
from zhanqun.content.tests.conftest import logged_in
from zhanqun.disclosure.models import DisclosureRequest
from zhanqun.workdays.services import clear_calendar_cache, load_year

from .conftest import public_url
from .test_request_pages import FORM

pytestmark = pytest.mark.django_db

PROVISIONAL = "（暂定：2027年节假日安排尚未发布，发布后将重新计算）"


@pytest.fixture(autouse=True)
def _fresh_calendar():
    clear_calendar_cache()
    yield
    clear_calendar_cache()


def text(response):
    """The page as read: markup removed."""
    return re.sub(r"<[^>]+>", "", response.content.decode())


def test_the_applicant_and_the_office_see_a_provisional_deadline_until_2027_is_loaded(
    site_group, portal_client, operator
):
    apply = public_url("disclosure_public:apply")
    with mock.patch("django.utils.timezone.now", return_value=beijing(2026, 12, 8, 10, 0)):
        form = portal_client.get(apply).content.decode()
        receipt = text(portal_client.post(apply, {**FORM, **solve_captcha(form), "unit": site_group.units.office.pk}))
    case = DisclosureRequest.objects.get().case
    assert f"2027年1月5日前{PROVISIONAL}" in receipt  # 元旦 counted as a working day, and said so

    status_url = public_url("disclosure_public:status")
    query = {"code": case.query_code, "number": case.number}
    assert f"2027年1月5日前{PROVISIONAL}" in text(portal_client.get(status_url, query))

    office = logged_in(operator)
    case_page = text(office.get(reverse("cases:detail", args=[case.pk])))
    assert "2027-01-05" in case_page and "暂定：2027年节假日安排尚未录入" in case_page
    dashboard = text(office.get(reverse("cases:index")))
    assert "2027-01-05 23:59（暂定）" in dashboard and "2027年节假日安排未录入" in dashboard
    request_page = text(office.get(reverse("disclosure:request", args=[case.pk])))
    assert "暂定：2027年节假日安排尚未录入" in request_page
    assert "2027-01-05暂定：2027年节假日安排未录入" in text(office.get(reverse("disclosure:requests")))

    D = datetime.date
    load_year(
        2027,
        {**{D(2027, 1, d): "元旦" for d in (1, 2, 3)}, **{D(2027, 2, d): "春节" for d in range(6, 15)}},
        {D(2027, 2, 20): "春节调休"},
    )

    status = text(portal_client.get(status_url, query))
    assert "2027年1月6日前" in status and "暂定" not in status
    assert "期限重新计算（答复期限：2027年1月6日前）" in status
    case_page = text(office.get(reverse("cases:detail", args=[case.pk])))
    assert "暂定" not in case_page and "2027-01-06" in case_page
    assert "系统" in case_page and "2027年节假日安排已录入" in case_page  # the timeline entry
    dashboard = text(office.get(reverse("cases:index")))
    assert "2027-01-06 23:59" in dashboard and "暂定" not in dashboard
    assert "暂定" not in text(office.get(reverse("disclosure:requests")))


def test_a_correction_asked_on_christmas_eve_runs_into_2027_without_failing(site_group):
    from zhanqun.content.tests.conftest import staff
    from zhanqun.disclosure import requests
    from zhanqun.units.enums import Role

    units = site_group.units
    data = {k: v for k, v in FORM.items() if k != "submission_key"}
    request = requests.submit_request(unit=units.fgw, data=data, received_at=beijing(2026, 12, 24, 10, 0))
    editor = staff("fgw_handler", units.fgw, Role.UNIT_EDITOR)
    request = requests.ask_correction(
        request, editor, what="请写明道路名称", workdays=10, at=beijing(2026, 12, 28, 10, 0)
    )
    # 12月29日–31日, then 2027 Monday–Friday: 1月1日, 4日–8日, 11日
    assert request.correction_due == datetime.date(2027, 1, 11)
