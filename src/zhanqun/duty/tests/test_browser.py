"""本班待办 in Chromium, on the demo group: the person on duty signs in, deals with a
monitor's finding, records a checklist item, and turns another finding into a
rectification whose case page shows the finding."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhanqun.demo.loader import DEMO_PASSWORD
from zhanqun.demo.tests.conftest import browser, demo_group, page  # noqa: F401 - fixtures
from zhanqun.duty import services
from zhanqun.duty.models import Rectification
from zhanqun.monitoring.enums import CheckCode, Problem
from zhanqun.monitoring.models import Finding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def finding(site, fingerprint, message, problem=Problem.BROKEN_LINK):
    now = timezone.now()
    return Finding.objects.create(
        site=site, monitor=CheckCode.LINKS, problem=problem, fingerprint=fingerprint, message=message,
        url=f"{site.root_url}/", first_seen_at=now, last_seen_at=now,
    )  # fmt: skip


def test_the_person_on_duty_works_through_the_shifts_queue(demo_group, page, live_server):  # noqa: F811
    shift = services.current_shift()
    shift.person = demo_group.users["fgw_editor"]  # a 信息员 of the 发改委, whoever the rota says
    shift.save()
    portal = demo_group.sites["office"]
    services.enqueue_findings(
        [
            finding(portal, "link:/old.pdf", "链接不可用：/zwgk/2019/old.pdf"),
            finding(portal, "link:/gone/", "链接不可用：/bmdt/gone/"),
        ]
    )

    page.goto(f"{live_server.url}/admin/")
    page.fill("input[name=username]", shift.person.username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/admin/duty/")

    expect(page.get_by_test_id("duty-shift")).to_contain_text(shift.person_name)
    expect(page.get_by_test_id("duty-progress")).to_have_text(re.compile(r"1 / \d+"))  # the demo's reading
    expect(page.get_by_test_id("duty-recent")).to_contain_text("ZG-")  # turned into a rectification

    row = page.get_by_test_id("duty-queue").locator("tr", has_text="old.pdf")
    row.get_by_placeholder("处理说明").fill("已通知栏目责任人删除失效附件链接")
    row.get_by_role("button", name="看过").click()
    expect(page.get_by_test_id("duty-queue")).not_to_contain_text("old.pdf")
    expect(page.get_by_test_id("duty-recent").locator("tr", has_text="old.pdf")).to_contain_text("看过")

    page.get_by_role("link", name="记录读网").click()
    row = page.get_by_test_id("reading-checklist").locator("tr", has=page.get_by_role("button", name="记录")).first
    row.get_by_label("正常").check()
    row.get_by_role("button", name="记录").click()
    expect(page.get_by_test_id("reading-progress")).to_have_text(re.compile(r"2 / \d+"))

    page.get_by_role("link", name="返回本班待办").click()
    page.get_by_test_id("duty-queue").locator("tr", has_text="/bmdt/gone/").get_by_role("link", name="转整改").click()
    expect(page.get_by_text("5 个工作日")).to_be_visible()  # 链接不可用
    page.get_by_role("button", name="保存").click()
    # A 信息员 of another unit on duty cannot read the office's case: the queue names it.
    number = Rectification.objects.get(finding__fingerprint="link:/gone/").case.number
    expect(page.get_by_text(f"已发起整改 {number}。")).to_be_visible()
    expect(page.get_by_test_id("duty-recent").locator("tr", has_text="/bmdt/gone/")).to_contain_text(number)
