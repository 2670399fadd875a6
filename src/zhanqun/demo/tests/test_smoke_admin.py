"""Smoke test of the whole back office: every role of the demo opens every entry of its
menu (Wagtail's sidebar as rendered for that account, submenus included) and the list,
detail and edit screens those entries lead to, on the demo's own data, and no screen
answers with a server error or "not found" (issue 14: 检查评分 answered 500 on the
demo's data).

GET only, never a link that acts on GET (sign-out, lock/unlock). The walk is bounded:
links are grouped by the kind of screen they open (the path with ids replaced, the
query's keys), and only the first of each kind is opened, to a depth of three clicks
from the menu.
"""

import json
import re
import sys
from collections import deque
from urllib.parse import parse_qs, parse_qsl, urldefrag, urlencode, urlsplit

import pytest
from django.core.signals import got_request_exception
from django.test import Client
from lxml import html as lxml_html

from zhanqun.conftest import ADMIN_HOST
from zhanqun.demo import structure as S

pytestmark = pytest.mark.django_db

# One account per role of the demo (README's table), editors and heads of two
# departments, a township's editor and a member of the leading group.
ACCOUNTS = [
    "admin",
    "sysadmin",
    "secadmin",
    "operator",
    "office_reviewer",
    "secrecy",
    "auditor",
    "leader",
    "fgw_head",
    "fgw_editor",
    "jyj_head",
    "jyj_editor",
    "cgz_editor",
    "lingdao",
]

DEPTH = 3  # clicks from a menu entry
PER_SHAPE = 1  # links opened per shape of link, per account
# Links that act on GET or are not screens: sign-out, (un)locking, the bulk actions'
# bases (scripts add the selected items), Wagtail's dismissibles. Wagtail's delete views
# only ask for confirmation on GET: they are opened.
SKIP = re.compile(r"/logout/|/login/|unlock|/lock/|/admin/bulk/|/dismissibles/")
# Another order or another page of the same list is the same screen; "next" only says
# where to return.
SAME_SCREEN = {"ordering", "p"}
NOT_SCREEN_KEYS = {"next"}
NUMBER = re.compile(r"/\d+(?=/|$)")
# The screens whose form or template differ with the page's type.
TYPED_PAGE_SCREEN = re.compile(r"^/admin/pages/(\d+)/(edit/(preview/)?)?$")


def test_the_accounts_cover_every_role_of_the_demo():
    roles = {role for username, _n, role, _u, _p in S.DEMO_USERS if username in ACCOUNTS}
    assert roles == {role for _u, _n, role, _k, _p in S.DEMO_USERS}
    assert {username for username, *_ in S.LEADING_GROUP_USERS} & set(ACCOUNTS)


def menu_urls(page):
    """The addresses of the sidebar's entries (submenus included), from the props Wagtail
    renders into every admin page."""
    props = lxml_html.fromstring(page).xpath('//script[@id="wagtail-sidebar-props"]/text()')
    assert props, "no sidebar on the dashboard"
    found = []

    def walk(value):
        if isinstance(value, str):
            if value.startswith("/admin/"):
                found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(json.loads(props[0]))
    return found


def links(page):
    """The back-office links of a page (anchors only: forms' actions are not followed)."""
    try:
        tree = lxml_html.fromstring(page)
    except ValueError:  # an empty body (a redirect's) or not HTML
        return []
    out = []
    for href in tree.xpath("//a/@href"):
        href = urldefrag(href.strip())[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/admin/"):
            continue
        out.append(href)
    return out


def shape(url, page_types):
    """What kind of screen ``url`` opens: its path with numbers replaced (a page's id by
    the page's type where the screen differs with it) and its query's keys."""
    parts = urlsplit(url)
    path = parts.path
    typed = TYPED_PAGE_SCREEN.match(path)
    if typed:
        path = path.replace(typed[1], page_types.get(int(typed[1]), "#"), 1)
    keys = sorted({k for k, _v in parse_qsl(parts.query, keep_blank_values=True)} - NOT_SCREEN_KEYS)
    return NUMBER.sub("/#", path) + ("?" + urlencode([(k, "") for k in keys]) if keys else "")


@pytest.mark.parametrize("username", ACCOUNTS)
def test_every_back_office_screen_a_role_reaches_opens(served_demo, username):
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    user = get_user_model().objects.get(username=username)
    page_types = dict(Page.objects.values_list("pk", "content_type__model"))
    client = Client(HTTP_HOST=ADMIN_HOST, raise_request_exception=False)
    client.force_login(user)
    errors = {}

    def record(sender, request=None, **kwargs):
        exc = sys.exc_info()[1]
        errors[request.get_full_path()] = f"{type(exc).__name__}: {exc}"[:300]

    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200, f"{username}: the dashboard answered {dashboard.status_code}"
    menu = menu_urls(dashboard.content)
    assert len(menu) >= 2, f"{username}: an empty menu"

    start = [url for url in dict.fromkeys(["/admin/", *menu]) if not SKIP.search(url)]
    queue = deque((url, 0) for url in start)
    seen, shapes, failures, opened = set(start), {}, [], 0
    got_request_exception.connect(record)
    try:
        while queue:
            url, depth = queue.popleft()
            response = client.get(url)
            opened += 1
            if response.status_code >= 500 or response.status_code == 404:
                failures.append(f"{username} {url} → {response.status_code} {errors.get(url, '')}")
                continue
            if response.status_code in (301, 302) and response["Location"] not in seen:
                # A menu entry may redirect (a site setting → that of the first site).
                location = urlsplit(response["Location"])
                if not location.netloc and location.path.startswith("/admin/") and not SKIP.search(location.path):
                    seen.add(response["Location"])
                    queue.append((response["Location"], depth))
                continue
            if depth >= DEPTH or response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for link in links(response.content):
                if link in seen or SKIP.search(link) or SAME_SCREEN & set(parse_qs(urlsplit(link).query)):
                    continue
                seen.add(link)
                key = shape(link, page_types)
                if shapes.get(key, 0) >= PER_SHAPE:
                    continue
                shapes[key] = shapes.get(key, 0) + 1
                queue.append((link, depth + 1))
    finally:
        got_request_exception.disconnect(record)

    assert not failures, "back-office screens that fail (role, address, status):\n" + "\n".join(failures)
    # The walk reached beyond the menu (a walk that opens nothing proves nothing).
    assert opened > len(start), f"{username}: nothing opened beyond the menu's {len(start)} screens"
