"""Shared fixtures: the 云泽市 site group, and clients on the admin and public hosts.

The admin URLconf answers only on ``settings.ADMIN_HOSTS`` (localhost); a site's
public pages answer on its domain plus ``ZHANQUN_DEMO_HOST_SUFFIX`` (".localhost" in
test settings), e.g. ``www.yunze.gov.cn.localhost``.
"""

from types import SimpleNamespace

import pytest
from django.test import Client

from zhanqun.sitegroup.factories import (
    DEPARTMENT_DOMAIN,
    PORTAL_DOMAIN,
    department_identity,
    portal_identity,
)
from zhanqun.sitegroup.services import create_site, public_hostname
from zhanqun.units.enums import UnitKind
from zhanqun.units.factories import SuperUserFactory, UnitFactory

ADMIN_HOST = "localhost"
PORTAL_HOST = public_hostname(PORTAL_DOMAIN)
DEPARTMENT_HOST = public_hostname(DEPARTMENT_DOMAIN)


@pytest.fixture
def units(db):
    return SimpleNamespace(
        office=UnitFactory(name="云泽市人民政府办公室", short_name="政府办公室", kind=UnitKind.OFFICE, sort_order=1),
        fgw=UnitFactory(name="云泽市发展和改革委员会", short_name="发展和改革委员会", sort_order=2),
        education=UnitFactory(name="云泽市教育局", short_name="教育局", sort_order=3),
    )


@pytest.fixture
def site_group(units):
    """The portal 云泽市人民政府 and the department site of its 发展和改革委员会.

    Both come from ``create_site``, so they carry the standard columns; the portal's
    columns belong to the government office, the department site's to the 发改委.
    """
    portal = create_site(
        domain=PORTAL_DOMAIN,
        identity=portal_identity(),
        home_title="云泽市人民政府",
        owner_unit=units.office,
    )
    department = create_site(
        domain=DEPARTMENT_DOMAIN,
        identity=department_identity(),
        home_title="云泽市发展和改革委员会",
        owner_unit=units.fgw,
    )
    return SimpleNamespace(
        units=units,
        portal=portal,
        portal_home=portal.root_page.specific,
        department=department,
        department_home=department.root_page.specific,
    )


def column(site, slug):
    """A standard column of ``site`` by its slug (zwdt, zfwj, zcjd …)."""
    from zhanqun.columns.models import ColumnPage

    return ColumnPage.objects.descendant_of(site.root_page).get(slug=slug)


@pytest.fixture
def superuser(db):
    return SuperUserFactory(username="sysadmin")


@pytest.fixture
def admin_host_client(superuser):
    """A superuser logged in to the back office on the admin host."""
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(superuser)
    return client


@pytest.fixture
def portal_client():
    return Client(HTTP_HOST=PORTAL_HOST)


@pytest.fixture
def department_client():
    return Client(HTTP_HOST=DEPARTMENT_HOST)
