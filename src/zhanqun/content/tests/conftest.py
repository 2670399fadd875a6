"""Back-office users like the demo's, logged in on the admin host."""

import pytest
from django.test import Client
from django.urls import reverse

from zhanqun.conftest import ADMIN_HOST
from zhanqun.units.enums import Role
from zhanqun.units.factories import StaffProfileFactory, UserFactory, make_editor


def staff(username, unit, *roles):
    user = UserFactory(username=username, roles=list(roles))
    StaffProfileFactory(user=user, unit=unit)
    return user


def refused(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard
    and 对不起，您没有权限访问这个区域。 (403 for an XHR)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def menu_labels(client):
    """Labels of the admin sidebar menu as the user sees it (rendered from JSON props)."""
    import json

    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    props = page.find(id="wagtail-sidebar-props").string
    labels = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("label"), str):
                labels.append(node["label"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props))
    return labels


def logged_in(user):
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(user)
    return client


@pytest.fixture
def operator(site_group):
    """站点管理员 of the government office, as the demo's ``operator``."""
    return staff("operator", site_group.units.office, Role.SITE_OPERATOR)


@pytest.fixture
def fgw_editor(site_group):
    """信息员 of the 发改委, as the demo's ``fgw_editor``."""
    return make_editor(site_group.units.fgw, username="fgw_editor")


@pytest.fixture
def auditor(site_group):
    return staff("auditor", site_group.units.office, Role.AUDITOR)
