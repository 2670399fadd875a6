"""People and mailboxes of the interaction tests, on the shared 云泽市 site group.

* ``dispatcher`` — 站点管理员 of the government office: triages, assigns, publishes,
  moderates.
* ``handler`` — 信息员 of the 发改委: handles fgw's letters.
* ``leader`` — 分管领导 registered as fgw's (and the office's) leader in charge: approves
  replies, writes instructions.
* ``confidential`` — the 机要室 (a unit), named in the portal's settings.
* ``mayor_box`` (portal, 市长信箱) and ``fgw_box`` (department site, 发改委信箱).
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from zhanqun.cases import sms
from zhanqun.conftest import DEPARTMENT_HOST, PORTAL_HOST  # noqa: F401
from zhanqun.content.tests.conftest import staff
from zhanqun.demo.tests.conftest import browser, demo_group, page, site_url  # noqa: F401  (browser fixtures)
from zhanqun.interaction.enums import MailboxKind
from zhanqun.interaction.factories import MailboxFactory
from zhanqun.interaction.models import InteractionSettings
from zhanqun.units.enums import Role, UnitKind
from zhanqun.units.factories import UnitFactory


@pytest.fixture(autouse=True)
def _clean_outboxes_and_limits():
    sms.outbox.clear()
    mail.outbox = []
    cache.clear()  # rate-limit counters
    yield
    sms.outbox.clear()


@pytest.fixture
def units(site_group):
    return site_group.units


@pytest.fixture
def dispatcher(units):
    return staff("dispatcher", units.office, Role.SITE_OPERATOR)


@pytest.fixture
def operator2(units):
    return staff("operator2", units.office, Role.SITE_OPERATOR)


@pytest.fixture
def handler(units):
    return staff("fgw_handler", units.fgw, Role.UNIT_EDITOR)


@pytest.fixture
def leader(units):
    user = staff("leader", units.office, Role.LEADER_IN_CHARGE)
    for unit in (units.fgw, units.office, units.education):
        unit.leader_in_charge = user
        unit.save()
    return user


@pytest.fixture
def confidential(site_group, leader):
    unit = UnitFactory(
        name="云泽市人民政府办公室机要室", short_name="机要室", kind=UnitKind.OFFICE, leader_in_charge=leader
    )
    InteractionSettings.objects.update_or_create(site=site_group.portal, defaults={"confidential_unit": unit})
    return unit


@pytest.fixture
def mayor_box(site_group):
    return MailboxFactory(
        site=site_group.portal, name="市长信箱", slug="szxx", kind=MailboxKind.LEADER, unit=site_group.units.office
    )


@pytest.fixture
def fgw_box(site_group):
    return MailboxFactory(
        site=site_group.department,
        name="市发展改革委信箱",
        slug="fgwxx",
        kind=MailboxKind.UNIT,
        unit=site_group.units.fgw,
        leader_name="",
        intro="受理对发展改革工作的咨询、建议和投诉。",
    )


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
