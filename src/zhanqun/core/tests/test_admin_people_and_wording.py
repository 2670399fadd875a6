"""What a new user of the back office noticed after the translation (issue 14, part 7):
the sidebar and Wagtail's e-mails called people by the given name alone (晓梅), an
engineer's report was open to every 信息员, and a few strings read as translated word
for word (创建一个页面，在, 3 页面, 帐号, 节假日安排年份 as the 工作日历 screen's title)."""

import json
import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from zhanqun.conftest import ADMIN_HOST
from zhanqun.units.enums import Role
from zhanqun.units.factories import SuperUserFactory, UserFactory, make_editor

pytestmark = pytest.mark.django_db

SIDEBAR = re.compile(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.DOTALL)


def client_for(user):
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(user)
    return client


def sidebar(client):
    return json.loads(SIDEBAR.search(client.get("/admin/").content.decode()).group(1))


def account_name(client):
    """The name above the account menu (邮箱、账号设置、退出), as Wagtail's sidebar shows it."""
    modules = sidebar(client)["modules"]
    main_menu = next(m for m in modules if m["_type"] == "wagtail.sidebar.MainMenuModule")
    return main_menu["_args"][2]["name"]


def menu_labels(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "label" and isinstance(value, str):
                yield value
            else:
                yield from menu_labels(value)
    elif isinstance(node, list):
        for value in node:
            yield from menu_labels(value)


def test_the_account_menu__shows_the_full_name_in_chinese_order_for_every_role(site_group):
    editor = make_editor(site_group.units.fgw, username="fgw_editor")
    editor.last_name, editor.first_name = "陈", "晓梅"
    editor.save()
    admin = SuperUserFactory(username="sysadmin", last_name="刘", first_name="志强")
    auditor = UserFactory(username="shenji", last_name="赵", first_name="敏", roles=[Role.AUDITOR])
    unnamed = UserFactory(username="noname", last_name="", first_name="", roles=[Role.UNIT_EDITOR])

    assert account_name(client_for(editor)) == "陈晓梅"
    assert account_name(client_for(admin)) == "刘志强"
    assert account_name(client_for(auditor)) == "赵敏"
    assert account_name(client_for(unnamed)) == "noname"  # no name recorded: the username


def test_wagtails_notification_emails__greet_the_reader_by_full_name(site_group):
    user = UserFactory(username="fgw_editor", last_name="陈", first_name="晓梅")
    with translation.override("zh-hans"):
        text = render_to_string("wagtailadmin/notifications/base.txt", {"user": user})
        html = render_to_string("wagtailadmin/notifications/base.html", {"user": user})
    assert "陈晓梅，您好：" in text
    assert "陈晓梅，您好：" in html
    assert "晓梅 你好" not in text + html
    assert not mail.outbox


def test_the_page_types_report__is_for_superusers_and_system_administrators_only(site_group):
    editor = make_editor(site_group.units.fgw, username="fgw_editor")
    sysadmin = UserFactory(username="sysadmin", roles=[Role.SYSTEM_ADMINISTRATOR])
    admin = SuperUserFactory(username="admin")
    report = "/admin/reports/page-types-usage/"

    editor_client = client_for(editor)
    assert "页面类型使用情况" not in list(menu_labels(sidebar(editor_client)))
    response = editor_client.get(report)
    assert response.status_code in (302, 403)
    assert "content.articlepage" not in editor_client.get(report, follow=True).content.decode()

    admin_client = client_for(admin)
    assert "页面类型使用情况" in list(menu_labels(sidebar(admin_client)))
    listing = admin_client.get(report).content.decode()
    assert "页面类型使用情况" in listing
    app_cells = re.findall(r'<td class="app-label"[^>]*>\s*(.*?)\s*</td>', listing, re.DOTALL)
    assert app_cells and "内容" in app_cells  # the app as its users know it
    assert not any("." in cell for cell in app_cells)  # not content.articlepage
    # The list's total, which Wagtail writes as "9 内容类型" outside any catalog.
    assert re.search(r'class="pagination__end">\s*共 \d+ 项\s*<', listing)
    assert not re.search(r"\d+ 内容类型", listing)
    # A 系统管理员 holds no page permission, which Wagtail asks for as well: no report either.
    assert "页面类型使用情况" not in list(menu_labels(sidebar(client_for(sysadmin))))


def test_wording__measure_words_word_order_and_the_standard_form_of_zhanghao(site_group):
    client = client_for(SuperUserFactory(username="admin"))

    workflows = client.get("/admin/workflows/list/").content.decode()
    assert re.search(r"\d+ 个页面", workflows)
    assert not re.search(r"\d+ 页面", workflows)

    home = site_group.portal_home
    add_subpage = client.get(f"/admin/pages/{home.pk}/add_subpage/").content.decode()
    assert "在以下栏目中新建页面：" in add_subpage
    assert "创建一个页面，在" not in add_subpage

    dashboard = client.get("/admin/").content.decode()
    assert "账号" in list(menu_labels(sidebar(client)))
    assert "帐号" not in dashboard
    assert "帐号" not in client.get("/admin/account/").content.decode()


def test_the_work_calendar_screen__is_titled_as_its_menu_entry(site_group):
    page = client_for(SuperUserFactory(username="admin")).get("/admin/workdays/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL).group(1)
    assert title.strip().startswith("工作日历")
    assert "添加年份" in page
    assert "节假日安排年份" not in page
    assert "暂无已录入的年份。" in page
