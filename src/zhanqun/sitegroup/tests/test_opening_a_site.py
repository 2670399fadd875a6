"""Opening a site with ``create_site`` from an empty site group (R-SITE-3, R-SITE-4):
the identity is validated as strictly as in the back office, and a refused site leaves
nothing half-built behind."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page, Site

from zhanqun.sitegroup.factories import (
    DEPARTMENT_DOMAIN,
    PORTAL_DOMAIN,
    department_identity,
    portal_identity,
)
from zhanqun.sitegroup.models import SiteIdentity
from zhanqun.sitegroup.services import create_site

pytestmark = pytest.mark.django_db


def open_portal(units):
    return create_site(
        domain=PORTAL_DOMAIN, identity=portal_identity(), home_title="云泽市人民政府", owner_unit=units.office
    )


def refusal(**kwargs):
    sites, pages = Site.objects.count(), Page.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        create_site(**kwargs)
    assert (Site.objects.count(), Page.objects.count()) == (sites, pages), "a refused site left pages behind"
    return excinfo.value


def test_a_department_site_before_any_portal_is_refused(units):
    error = refusal(domain=DEPARTMENT_DOMAIN, identity=department_identity(), home_title="云泽市发展和改革委员会")
    assert "请先登记门户网站" in " ".join(error.message_dict["domain"])
    assert not SiteIdentity.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("site_code", "9909810001"),
        ("icp_number", "甘ICP备05000384"),
        ("police_number", "甘公网安备 62098102000001"),
        ("chinese_domain", "云泽市政府.政务"),
    ],
)
def test_a_portal_with_a_bad_identity_item_is_refused(units, field, value):
    error = refusal(domain=PORTAL_DOMAIN, identity=portal_identity(**{field: value}), home_title="云泽市人民政府")
    assert field in error.message_dict


def test_a_portal_off_the_www_name_gov_cn_pattern_is_refused(units):
    error = refusal(domain="yunze.gov.cn", identity=portal_identity(), home_title="云泽市人民政府")
    assert "门户网站英文域名应为" in " ".join(error.message_dict["domain"])


def test_a_department_site_under_another_domain_is_refused(units):
    open_portal(units)
    error = refusal(domain="fgw.qita.gov.cn", identity=department_identity(), home_title="云泽市发展和改革委员会")
    assert "部门网站英文域名应为“<部门简称拼音>.yunze.gov.cn”" in " ".join(error.message_dict["domain"])


def test_a_department_site_under_the_portal_domain_opens_on_its_own_host(units):
    open_portal(units)
    site = create_site(
        domain=DEPARTMENT_DOMAIN,
        identity=department_identity(),
        home_title="云泽市发展和改革委员会",
        owner_unit=units.fgw,
    )
    assert site.hostname == "fgw.yunze.gov.cn.localhost"
    assert SiteIdentity.for_site(site).full_name == "云泽市发展和改革委员会"


def test_a_second_portal_is_refused_and_nothing_of_it_is_left_behind(units):
    open_portal(units)
    refusal(
        domain="www.qita.gov.cn",
        identity=portal_identity(full_name="其他市人民政府", chinese_domain="其他市人民政府.政务"),
        home_title="其他市人民政府",
    )
    assert SiteIdentity.objects.filter(kind="portal").count() == 1


def test_a_second_portal_is_refused_because_the_group_has_one_portal(units):
    open_portal(units)
    error = refusal(
        domain="www.qita.gov.cn",
        identity=portal_identity(full_name="其他市人民政府", chinese_domain="其他市人民政府.政务"),
        home_title="其他市人民政府",
    )
    assert "站群只能有一个门户网站：已有“云泽市人民政府”" in " ".join(error.messages)
