"""A letter to the mayor's mailbox on 2026-12-28 (咨询: 5 working days) while 2027's holidays
are not loaded: the receipt and the query page give the reply deadline as provisional
(暂定), and the final one once 2027 is loaded."""

import datetime
import re
from unittest import mock

import pytest

from zhanqun.cases.factories import beijing
from zhanqun.cases.models import Case
from zhanqun.cases.services import format_query_code
from zhanqun.workdays.services import clear_calendar_cache, load_year

from .test_letters import post_letter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_calendar():
    clear_calendar_cache()
    yield
    clear_calendar_cache()


def read(response):
    """The page as read: markup removed."""
    return re.sub(r"<[^>]+>", "", response.content.decode())


@pytest.fixture
def citizen():
    from django.test import Client

    from zhanqun.conftest import PORTAL_HOST

    return Client(HTTP_HOST=PORTAL_HOST, REMOTE_ADDR="203.0.113.8")


def test_the_letter_s_receipt_and_query_page_say_the_deadline_is_provisional_until_2027_is_loaded(mayor_box, citizen):
    with mock.patch("django.utils.timezone.now", return_value=beijing(2026, 12, 28, 10, 0)):
        response, _data = post_letter(citizen, mayor_box)
        receipt = read(citizen.get(response["Location"]))
    case = Case.objects.get()
    # 12月29日–31日, then 1月1日 (Friday) and 1月4日 counted as working days
    assert "2027年1月4日前（暂定：2027年节假日安排尚未发布，发布后将重新计算）" in receipt

    def lookup():
        return citizen.post("/hudong/chaxun/", {"action": "lookup", "code": format_query_code(case.query_code)})

    assert "2027年1月4日前（暂定：2027年节假日安排尚未发布" in read(lookup())

    load_year(2027, {datetime.date(2027, 1, d): "元旦" for d in (1, 2, 3)}, {})

    page = read(lookup())
    assert "2027年1月5日前" in page and "暂定" not in page
    assert "期限重新计算（答复期限：2027年1月5日前）" in page
