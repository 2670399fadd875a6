"""A site's identity record as an operator meets it: opening a site with ``create_site``
and correcting the record in the back office's 设置 › 网站标识信息 (R-SITE-2, R-SITE-3)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhanqun.sitegroup.enums import SiteKind
from zhanqun.sitegroup.factories import identity_form_data
from zhanqun.sitegroup.models import SiteIdentity

pytestmark = pytest.mark.django_db


def identity_url(site):
    return reverse("wagtailsettings:edit", args=["sitegroup", "siteidentity", site.pk])


# --- opening a site ---------------------------------------------------------------------


def test_create_site__serves_the_site_on_its_domain_and_records_its_identity(site_group):
    portal = site_group.portal
    assert portal.hostname == "www.yunze.gov.cn.localhost"
    identity = SiteIdentity.for_site(portal)
    assert identity.domain == "www.yunze.gov.cn"
    assert identity.kind == SiteKind.PORTAL
    assert identity.full_name == "云泽市人民政府"
    assert identity.owner_unit == site_group.units.office
    assert portal.root_page.title == "云泽市人民政府"


def test_identity__domain_must_match_the_hostname_the_site_is_served_on(site_group):
    identity = SiteIdentity.for_site(site_group.department)
    identity.domain = "jyj.yunze.gov.cn"  # a valid department domain, but not this site's
    with pytest.raises(ValidationError) as excinfo:
        identity.full_clean()
    message = " ".join(excinfo.value.message_dict["domain"])
    assert "英文域名 jyj.yunze.gov.cn 与站点主机名 fgw.yunze.gov.cn.localhost 不一致" in message


# --- the back office --------------------------------------------------------------------


def test_admin__identity_form_shows_the_site_s_record(site_group, admin_host_client):
    response = admin_host_client.get(identity_url(site_group.portal))
    assert response.status_code == 200
    assert "www.yunze.gov.cn" in response.content.decode()
    assert "甘ICP备05000384号" in response.content.decode()


def test_admin__unchanged_identity_saves(site_group, admin_host_client):
    """The baseline for the refusals below: the same form data with one change saves."""
    identity = SiteIdentity.for_site(site_group.portal)
    data = identity_form_data(identity, phone="0937-7777777", domain="WWW.YunZe.gov.cn ")
    response = admin_host_client.post(identity_url(site_group.portal), data)
    assert response.status_code == 302
    identity.refresh_from_db()
    assert identity.phone == "0937-7777777"
    assert identity.domain == "www.yunze.gov.cn"  # typed in capitals, stored as the host name


PORTAL_REFUSALS = [
    ("site_code", "620981000", "网站标识码应为10位"),
    ("site_code", "9909810001", "前两位 99 不是有效的省级行政区划代码"),
    ("icp_number", "甘ICP备05000384", "ICP备案编号格式应为"),
    ("icp_number", "美ICP备05000384号", "ICP备案编号格式应为"),
    ("police_number", "甘公网安备 62098102000001", "公安机关备案号格式应为"),
    ("domain", "yunze.gov.cn", "门户网站英文域名应为“www.&lt;本级政府名称拼音&gt;.gov.cn”"),
    ("domain", "www.yunze.com", "门户网站英文域名应为"),
    ("domain", "www.qita.gov.cn", "英文域名 www.qita.gov.cn 与站点主机名 www.yunze.gov.cn.localhost 不一致"),
    ("chinese_domain", "云泽市政府.政务", "中文域名应以网站所属机构的全称命名：“云泽市人民政府.政务”"),
    ("chinese_domain", "www.yunze.gov.cn", "中文域名应为“机构全称.政务”"),
]


@pytest.mark.parametrize(("field", "value", "message"), PORTAL_REFUSALS)
def test_admin__portal_identity_with_a_bad_value_is_refused_and_not_saved(
    site_group, admin_host_client, field, value, message
):
    identity = SiteIdentity.for_site(site_group.portal)
    before = getattr(identity, field)
    response = admin_host_client.post(identity_url(site_group.portal), identity_form_data(identity, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    identity.refresh_from_db()
    assert getattr(identity, field) == before


DEPARTMENT_REFUSALS = [
    ("domain", "fgw.qita.gov.cn", "部门网站英文域名应为“&lt;部门简称拼音&gt;.yunze.gov.cn”"),
    ("domain", "www.yunze.gov.cn", "部门网站英文域名应为"),
    ("domain", "jyj.yunze.gov.cn", "英文域名 jyj.yunze.gov.cn 与站点主机名 fgw.yunze.gov.cn.localhost 不一致"),
    ("kind", SiteKind.PORTAL, "站群只能有一个门户网站：已有“云泽市人民政府”"),
    ("chinese_domain", "云泽市人民政府.政务", "中文域名应以网站所属机构的全称命名：“云泽市发展和改革委员会.政务”"),
]


@pytest.mark.parametrize(("field", "value", "message"), DEPARTMENT_REFUSALS)
def test_admin__department_identity_with_a_bad_value_is_refused_and_not_saved(
    site_group, admin_host_client, field, value, message
):
    identity = SiteIdentity.for_site(site_group.department)
    before = getattr(identity, field)
    response = admin_host_client.post(
        identity_url(site_group.department), identity_form_data(identity, **{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    identity.refresh_from_db()
    assert getattr(identity, field) == before


def test_admin__renaming_the_organisation_needs_the_matching_chinese_domain(site_group, admin_host_client):
    identity = SiteIdentity.for_site(site_group.department)
    url = identity_url(site_group.department)
    response = admin_host_client.post(url, identity_form_data(identity, full_name="云泽市发展和改革局"))
    assert "中文域名应以网站所属机构的全称命名：“云泽市发展和改革局.政务”" in response.content.decode()
    identity.refresh_from_db()
    assert identity.full_name == "云泽市发展和改革委员会"

    response = admin_host_client.post(
        url, identity_form_data(identity, full_name="云泽市发展和改革局", chinese_domain="云泽市发展和改革局.政务")
    )
    assert response.status_code == 302
    identity.refresh_from_db()
    assert identity.full_name == "云泽市发展和改革局"
