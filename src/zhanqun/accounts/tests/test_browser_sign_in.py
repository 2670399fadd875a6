"""The whole sign-in in Chromium: password, TOTP enrolment from the page's key,
recovery codes, then the back office; and the code asked for at the next sign-in."""

import base64
import os
import shutil

import pytest
from django.test import override_settings
from django_otp.oath import totp
from playwright.sync_api import expect

from zhanqun.demo.tests.conftest import CHROMIUM, CHROMIUM_ARGS
from zhanqun.units.enums import Role
from zhanqun.units.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def chromium(transactional_db):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browsers`.")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def code_from_key(text, ahead=0):
    key = base64.b32decode(text.replace(" ", ""))
    return f"{totp(key, drift=ahead):06d}"


@override_settings(ZHANQUN_REQUIRE_2FA=True, ZHANQUN_PASSWORD_MAX_AGE_DAYS=90)
def test_sign_in__enrol_totp_then_verify_next_time(chromium, live_server):
    UserFactory(username="zhangsan", first_name="三", last_name="张", roles=[Role.UNIT_EDITOR])
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/")
    page.fill("input[name=username]", "zhangsan")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("heading", name="绑定身份验证器（双因素认证）")).to_be_visible()
    expect(page.get_by_test_id("totp-qr").locator("svg")).to_be_visible()
    key = page.get_by_test_id("totp-key").inner_text()
    page.fill("input[name=token]", code_from_key(key))
    page.get_by_role("button", name="确认绑定").click()

    expect(page.get_by_role("heading", name="请保存恢复码")).to_be_visible()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="我已保存，继续").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator("body")).not_to_contain_text("绑定身份验证器")

    context.clear_cookies()  # a new browser session
    page.goto(f"{live_server.url}/admin/")
    page.fill("input[name=username]", "zhangsan")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="输入动态验证码")).to_be_visible()
    page.fill("input[name=token]", code_from_key(key, ahead=1))
    page.get_by_role("button", name="验证").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    context.close()


@override_settings(AXES_ENABLED=True)
def test_lockout__the_page_and_the_security_admins_screen_on_a_phone(chromium, live_server):
    """320 px: the locked editor reads why; the 安全管理员 sees the lock and its unlock
    button without scrolling sideways, unlocks, and the editor signs in."""
    UserFactory(username="jyj_editor", roles=[Role.UNIT_EDITOR])
    UserFactory(username="secadmin", roles=[Role.SECURITY_ADMINISTRATOR])
    phone = {"width": 320, "height": 800}

    def password_step(page, username, password=PASSWORD):
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.get_by_role("button", name="登录").click()

    editor = chromium.new_context(locale="zh-CN", viewport=phone).new_page()
    for _ in range(5):
        password_step(editor, "jyj_editor", "wrong-Pass#1")
    expect(editor.get_by_role("heading", name="账号已锁定")).to_be_visible()
    expect(editor.get_by_test_id("lockout-message")).to_contain_text("账号 jyj_editor 登录失败次数过多")
    assert editor.evaluate("document.documentElement.scrollWidth") <= 320

    security = chromium.new_context(locale="zh-CN", viewport=phone).new_page()
    password_step(security, "secadmin")  # same address: not locked by the editor's typos
    security.goto(f"{live_server.url}/admin/security/lockouts/")
    expect(security.get_by_role("heading", name="登录锁定")).to_be_visible()
    expect(security.get_by_test_id("locked-accounts")).to_contain_text("jyj_editor")
    assert security.evaluate("document.documentElement.scrollWidth") <= 320
    unlock = security.get_by_role("button", name="解除账号 jyj_editor 的锁定")
    box = unlock.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    unlock.click()
    expect(security.locator(".messages")).to_contain_text("已解除账号 jyj_editor 的登录锁定")
    expect(security.get_by_test_id("locked-accounts")).to_contain_text("当前没有被锁定的账号")

    password_step(editor, "jyj_editor")
    expect(editor).to_have_url(f"{live_server.url}/admin/")
