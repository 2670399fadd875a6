"""The back office speaks Chinese and is branded as the product: a walk over the admin
screens (every menu entry and the main list and edit screens) as a superuser and as a
unit's 信息员, failing on English words, Wagtail branding, requirement IDs, article
citations and shell commands in what the user sees."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client, override_settings

from zhanqun.conftest import ADMIN_HOST
from zhanqun.units.factories import SuperUserFactory, make_editor

pytestmark = pytest.mark.django_db

# Latin words a Chinese user sees on purpose; keep it short, each with its reason.
ALLOWED_WORDS = {
    "excel",
    "pdf",
    "word",
    "wps",
    "ofd",
    "zip",
    "csv",
    "xlsx",  # file formats named to users
    "totp",  # the kind of authenticator app (RFC 6238) the sign-in page asks for
    "icp",  # ICP备案编号, the site's registration number (a legal term)
    "ip",  # IP 地址
    "url",  # 网址 is used, but URL appears in field help for engineers' paste targets
    "rss",  # the public sites' feed
    "gb",  # national standards are cited by their code (GB/T 22239)
    "id",  # 编号 in Wagtail's own columns would be better; the few left are identifiers
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
# Tokens that are data, not wording: addresses, host and file names, codes; and the
# audit log's action codes, shown to the auditor beside their names: 导出（export）.
DATA_TOKEN = re.compile(r"\S*[./@_:\\\d=]\S*|[A-Z]{2,}\d*")
ACTION_CODE = re.compile(r"（[a-z_.]+）")
TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
ENGINEERING = {
    "a requirement ID": re.compile(r"\bR-[A-Z]{2,}-\d+"),
    "an article citation": re.compile(r"(?<![\d:.-])\d{3}:\d{1,3}(?![\d:])"),
    "a shell command": re.compile(r"\bzhanqun\s+[a-z_-]+"),
    "Wagtail's name": re.compile(r"(?<![\w.])wagtail(?![\w.])", re.IGNORECASE),
}


class VisibleText(HTMLParser):
    """Text a person sees or hears: text nodes, placeholders, titles, alt texts and
    ARIA labels, without scripts, styles, templates and ``hidden`` elements; plus the
    sidebar's labels, which Wagtail renders from JSON. (Input values are left out:
    Wagtail hard-codes a screen-reader-only submit button as "Search" in templates too
    large to override.)"""

    HIDDEN = {"script", "style", "template", "noscript", "svg"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    SHOWN_ATTRIBUTES = ("placeholder", "title", "alt", "aria-label")

    def __init__(self):
        super().__init__()
        self.parts, self.open, self.sidebar_json = [], [], None

    @property
    def hidden(self):
        return any(hide for _tag, hide, _sidebar in self.open)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hide = tag in self.HIDDEN or "hidden" in attrs
        if tag not in self.VOID:
            self.open.append((tag, hide, tag == "script" and attrs.get("id") == "wagtail-sidebar-props"))
        if hide or self.hidden:
            return
        for name in self.SHOWN_ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])

    def handle_endtag(self, tag):
        if any(open_tag == tag for open_tag, _hide, _sidebar in self.open):
            while self.open.pop()[0] != tag:  # close up to it (HTML may omit end tags)
                pass

    def handle_data(self, data):
        if self.open and self.open[-1][2]:
            self.sidebar_json = data
        elif not self.hidden:
            self.parts.append(data)


def walk_json(node, key=None):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk_json(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from walk_json(v, key)
    elif isinstance(node, str):
        yield key, node


def read_screen(html):
    parser = VisibleText()
    parser.feed(html)
    texts, urls = list(parser.parts), []
    if parser.sidebar_json:
        for key, value in walk_json(json.loads(parser.sidebar_json)):
            if key == "label":
                texts.append(value)
            elif key == "url" and value.startswith("/admin/"):
                urls.append(value)
    return " ".join(" ".join(texts).split()), urls


def problems_in(text, usernames):
    found = []
    for what, pattern in ENGINEERING.items():
        found += [f"{what}: {m.group(0)!r}" for m in pattern.finditer(text)]
    for token in ACTION_CODE.sub("", text).split():
        if DATA_TOKEN.fullmatch(token):
            continue
        for word in LATIN_WORD.findall(token):
            if word.lower() not in ALLOWED_WORDS and word not in usernames:
                found.append(f"English: {word!r} in {token!r}")
    return found


def context_of(text, problem, width=40):
    needle = problem.split("'")[1] if "'" in problem else problem
    at = text.find(needle)
    return text[max(0, at - width) : at + len(needle) + width]


def walk(client, start_urls, usernames, limit=80):
    """GET each admin screen reachable from the sidebar of the dashboard, plus
    ``start_urls``; returns {url: [problem with context]}."""
    report, seen, queue = {}, set(), ["/admin/", *start_urls]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        path = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
        if path in seen or "logout" in path:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        text, menu_urls = read_screen(html)
        queue += [u for u in menu_urls if u not in seen]
        found = list(dict.fromkeys(problems_in(text, usernames)))  # each once
        title = TITLE.search(html)
        if path != "/admin/" and title and title.group(1).strip().startswith("首页"):
            found.insert(0, f"titled as the dashboard: {title.group(1).strip()!r}")
        if found:
            report[path] = [f"{p} … {context_of(text, p)}" for p in found[:12]]
    assert len(seen) > 10, f"the walk reached only {sorted(seen)}"
    return report


@pytest.fixture(autouse=True)
def without_wagtails_welcome_page(site_group):
    """Wagtail's first migration leaves a "Welcome to your new Wagtail site!" page and a
    localhost site; a real install removes them as the demo does (demo/loader.py)."""
    from wagtail.models import Page, Site

    Site.objects.filter(root_page__depth=2, root_page__content_type__model="page").delete()
    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()


def screens_of(site_group):
    home = site_group.portal_home
    column = home.get_children().first()
    return [
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{column.pk}/",
        f"/admin/pages/{home.pk}/edit/",
        f"/admin/pages/{column.pk}/edit/",
        f"/admin/pages/{column.pk}/history/",
        f"/admin/pages/search/?q={column.title}",
        "/admin/account/",
        "/admin/reports/page-types-usage/",
    ]


def test_admin_screens__as_superuser__show_no_english_nor_engineering_text(site_group):
    admin = SuperUserFactory(username="sysadmin", first_name="晓梅", last_name="陈")
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(admin)
    report = walk(client, screens_of(site_group), {admin.username, "localhost"})
    assert not report, json.dumps(report, ensure_ascii=False, indent=1)


def test_admin_screens__as_unit_editor__show_no_english_nor_engineering_text(site_group):
    editor = make_editor(site_group.units.fgw, username="fgw_editor")
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(editor)
    department_home = site_group.department_home
    screens = [f"/admin/pages/{department_home.pk}/", "/admin/account/", "/admin/pages/search/?q=通知"]
    report = walk(client, screens, {editor.username, "localhost"})
    assert not report, json.dumps(report, ensure_ascii=False, indent=1)


@override_settings(ZHANQUN_PRODUCT_NAME="云泽市政府网站集约化平台", ZHANQUN_HELP_URL="http://help.yunze.gov.cn/guide/")
def test_sign_in_page__names_the_product_and_its_help_link_is_the_installations(site_group):
    client = Client(HTTP_HOST=ADMIN_HOST)
    page = client.get("/admin/login/").content.decode()
    assert "登录云泽市政府网站集约化平台" in page
    assert "<title>登录 - 云泽市政府网站集约化平台</title>" in page
    assert "Wagtail" not in read_screen(page)[0]

    client.force_login(SuperUserFactory(username="sysadmin"))
    dashboard = client.get("/admin/").content.decode()
    assert "http://help.yunze.gov.cn/guide/" in dashboard
    assert "guide.wagtail.org" not in dashboard


@pytest.mark.parametrize(
    ("url", "title"),
    [("/admin/help/", "使用帮助"), ("/admin/duty/", "本班待办"), ("/admin/reports/", "统计报告")],
)
def test_custom_screens__are_headed_by_their_own_title_not_just_the_dashboards(site_group, url, title):
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(SuperUserFactory(username="sysadmin"))
    html = client.get(url).content.decode()
    breadcrumbs = re.search(r"<div data-w-breadcrumbs.*?</ol>", html, re.DOTALL).group(0)
    crumbs = [
        " ".join(c.split())
        for c in re.findall(r"<li[^>]*>(.*?)</li>", re.sub(r"<(?!/?li)[^>]+>", "", breadcrumbs), re.DOTALL)
    ]
    assert [c for c in crumbs if c] == ["首页", title]
    assert f"<title>{title} - 站群管理平台</title>" in html


def test_a_wrong_password__is_told_in_plain_chinese(site_group):
    SuperUserFactory(username="sysadmin")
    response = Client(HTTP_HOST=ADMIN_HOST).post("/admin/login/", {"username": "sysadmin", "password": "wrong"})
    text = read_screen(response.content.decode())[0]
    assert "用户名或密码不正确，请重试。" in text  # was 用户 用户名 密码不匹配，请重试
    assert not problems_in(text, {"sysadmin"})  # no "Password" label, no "登录Wagtail"


def test_people_are_named_family_name_first__as_chinese_is_written(site_group):
    admin = SuperUserFactory(username="sysadmin", first_name="晓梅", last_name="陈")
    assert admin.get_full_name() == "陈晓梅"
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(admin)
    users = read_screen(client.get("/admin/users/").content.decode())[0]
    assert "陈晓梅" in users and "晓梅 陈" not in users


def test_wagtails_initial_data__reads_in_chinese_after_migrate(db):
    from wagtail.models import Page, Task, Workflow

    assert Page.objects.get(depth=1).title == "全部网站"  # not "Root" in every breadcrumb
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
