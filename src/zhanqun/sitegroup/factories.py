"""Identity data for the sites of the test site group, and admin form data for it."""

from .enums import SiteKind

PORTAL_DOMAIN = "www.yunze.gov.cn"
DEPARTMENT_DOMAIN = "fgw.yunze.gov.cn"


def portal_identity(**overrides):
    """The SiteIdentity fields (without ``domain``) of 云泽市人民政府's portal."""
    data = {
        "kind": SiteKind.PORTAL,
        "full_name": "云泽市人民政府",
        "sponsor": "云泽市人民政府办公室",
        "organizer": "云泽市大数据服务中心",
        "phone": "0937-1234567",
        "email": "web@yunze.gov.cn",
        "address": "云泽市人民路1号",
        "site_code": "6209810001",
        "icp_number": "甘ICP备05000384号",
        "police_number": "甘公网安备 62098102000001号",
        "chinese_domain": "云泽市人民政府.政务",
        "conac_url": "",
    }
    data.update(overrides)
    return data


def department_identity(**overrides):
    """The SiteIdentity fields of 云泽市发展和改革委员会's site."""
    data = portal_identity(
        kind=SiteKind.DEPARTMENT,
        full_name="云泽市发展和改革委员会",
        sponsor="云泽市发展和改革委员会",
        organizer="云泽市发展和改革委员会办公室",
        phone="0937-7654321",
        email="fgw@yunze.gov.cn",
        address="云泽市建设路8号",
        site_code="6209810002",
        icp_number="甘ICP备05000384号-2",
        police_number="甘公网安备 62098102000002号",
        chinese_domain="云泽市发展和改革委员会.政务",
    )
    data.update(overrides)
    return data


def identity_form_data(identity, **overrides):
    """What the Wagtail settings form for ``identity`` (a SiteIdentity) posts unchanged."""
    data = {
        "kind": identity.kind,
        "owner_unit": identity.owner_unit_id or "",
        "full_name": identity.full_name,
        "sponsor": identity.sponsor,
        "organizer": identity.organizer,
        "phone": identity.phone,
        "email": identity.email,
        "address": identity.address,
        "site_code": identity.site_code,
        "icp_number": identity.icp_number,
        "police_number": identity.police_number,
        "domain": identity.domain,
        "chinese_domain": identity.chinese_domain,
        "conac_url": identity.conac_url,
    }
    data.update(overrides)
    return data
