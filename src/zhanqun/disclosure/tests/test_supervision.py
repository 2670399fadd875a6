"""R-DISC-6: the guide and the public catalog say where to complain about disclosure work
(监督举报) — the channel of the unit's approved guide, else the government office's."""

import pytest

from zhanqun.content.tests.conftest import staff
from zhanqun.disclosure import guides
from zhanqun.units.enums import Role

from .conftest import public_url
from .test_catalog_and_guide import guide_for

pytestmark = pytest.mark.django_db

OFFICE_CHANNEL = {
    "supervision_body": "云泽市人民政府办公室（政府信息公开工作主管部门）",
    "supervision_phone": "0937-8201010",
    "supervision_email": "jiandu@yunze.gov.cn",
    "supervision_address": "云泽市人民路1号市政府办公室政务公开科 735000",
}


def approved(unit, **fields):
    guide = guide_for(unit)
    for name, value in fields.items():
        setattr(guide, name, value)
    guide.save()
    head = staff(f"head_{unit.pk}", unit, Role.UNIT_HEAD)
    guides.submit(guide, head)
    return guides.approve(guide, head)


def test_the_guide_shows_the_approved_supervision_channel(coded, portal_client):
    guide = approved(coded.units.office, **OFFICE_CHANNEL)
    page = portal_client.get(public_url("disclosure_public:guide")).content.decode()
    assert '<h2 id="disclosure-supervision-title">监督举报</h2>' in page
    assert "向云泽市人民政府办公室（政府信息公开工作主管部门）投诉、举报" in page
    assert 'href="tel:09378201010"' in page
    assert 'href="mailto:jiandu@yunze.gov.cn"' in page and "政务公开科 735000" in page
    # an edit waits for the head's approval, like the rest of the guide
    guide.supervision_phone = "0937-0000000"
    guide.save()
    guides.edited(guide, None)
    assert "0937-0000000" not in portal_client.get(public_url("disclosure_public:guide")).content.decode()


def test_the_catalog_shows_the_units_channel_else_the_offices(coded, portal_client, department_client):
    catalog = public_url("disclosure_public:catalog")
    assert 'data-testid="supervision"' not in portal_client.get(catalog).content.decode()  # none approved yet

    approved(coded.units.office, **OFFICE_CHANNEL)
    approved(coded.units.fgw)  # the 发改委's guide names no channel of its own
    portal = portal_client.get(catalog).content.decode()
    assert "监督举报" in portal and "jiandu@yunze.gov.cn" in portal
    department = department_client.get(catalog).content.decode()  # opens on the 发改委
    assert "jiandu@yunze.gov.cn" in department  # the office, the 主管部门, receives its complaints
    guide = department_client.get(public_url("disclosure_public:guide")).content.decode()
    assert "jiandu@yunze.gov.cn" in guide


def test_a_unit_may_name_its_own_channel(coded):
    approved(coded.units.office, **OFFICE_CHANNEL)
    approved(coded.units.fgw, supervision_phone="0937-8202020")
    channel = guides.supervision_for(coded.units.fgw)
    assert channel["phone"] == "0937-8202020" and channel["body"] == coded.units.fgw.name
    assert guides.supervision_for(None)["email"] == "jiandu@yunze.gov.cn"
