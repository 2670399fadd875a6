"""The engine's test kinds and the people who handle cases.

People (units from the shared ``units`` fixture: office, fgw, education):

* ``dispatcher`` — 站点管理员 of the government office: triages, assigns, publishes.
* ``handler`` — 信息员 of the 发改委 (fgw): handles fgw's cases.
* ``head`` — 单位负责人 of the 发改委: approves fgw's replies.
* ``edu_handler`` — 信息员 of the 教育局: sees none of fgw's cases.
* ``office_reviewer`` — 政府办公室审核员: approves replies of the private kind.
"""

import pytest
from django.core import mail

from zhanqun.cases import sms
from zhanqun.content.tests.conftest import staff
from zhanqun.units.enums import Role

from .kinds import register

register()


@pytest.fixture(autouse=True)
def _outboxes():
    sms.outbox.clear()
    mail.outbox = []
    yield
    sms.outbox.clear()


@pytest.fixture
def dispatcher(units):
    return staff("dispatcher", units.office, Role.SITE_OPERATOR)


@pytest.fixture
def handler(units):
    return staff("fgw_handler", units.fgw, Role.UNIT_EDITOR)


@pytest.fixture
def head(units):
    return staff("fgw_head", units.fgw, Role.UNIT_HEAD)


@pytest.fixture
def edu_handler(units):
    return staff("edu_handler", units.education, Role.UNIT_EDITOR)


@pytest.fixture
def office_reviewer(units):
    return staff("office_reviewer", units.office, Role.OFFICE_REVIEWER)
