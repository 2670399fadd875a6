"""Formats the rules fix for a government site's identity (R-SITE-2, R-SITE-3).

Each validator raises ``ValidationError`` with a message that says what is expected
and gives an example, because the person reading it is a site operator typing a
number off a registration certificate.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Province-level codes of GB/T 2260 (first two digits of an administrative division code).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82".split()
)
# One-character province abbreviations used in ICP and public-security filing numbers,
# including the alternative forms the filing systems print (滇/云, 黔/贵, 蜀/川, 陇/甘, 秦/陕).
PROVINCE_ABBREVIATIONS = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕秦甘陇青宁新港澳台"

SITE_CODE_RE = re.compile(r"^(?:\d{10}|bm\d{8})$")
ICP_RE = re.compile(rf"^[{PROVINCE_ABBREVIATIONS}]ICP备\d{{8,10}}号(?:-\d{{1,3}})?$")
POLICE_RE = re.compile(rf"^[{PROVINCE_ABBREVIATIONS}]公网安备\s?(\d{{14}})号$")
LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
PORTAL_DOMAIN_RE = re.compile(rf"^www\.({LABEL})\.gov\.cn$")
CHINESE_DOMAIN_RE = re.compile(r"^[\u4e00-\u9fff（）()]{2,60}\.政务$")


def validate_site_code(value):
    """网站标识码: 10 digits for local sites (6-digit division code + 4-digit sequence),
    or ``bm`` + 8 digits for central departments."""
    if not SITE_CODE_RE.match(value or ""):
        raise ValidationError(
            _("网站标识码应为10位：地方网站为10位数字（如 6209810001），国务院部门网站为 bm 加8位数字（如 bm01000001）。"),
            code="site_code_format",
        )
    if value[:2] != "bm" and value[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _("网站标识码前两位 %(prefix)s 不是有效的省级行政区划代码，请核对全国政府网站信息报送系统中的标识码。"),
            code="site_code_region",
            params={"prefix": value[:2]},
        )


def validate_icp_number(value):
    if not ICP_RE.match(value or ""):
        raise ValidationError(
            _("ICP备案编号格式应为“省份简称+ICP备+8至10位数字+号”，可带“-序号”，例如 甘ICP备05000384号 或 京ICP备2021034286号-1。"),
            code="icp_format",
        )


def validate_police_number(value):
    match = POLICE_RE.match(value or "")
    if not match:
        raise ValidationError(
            _("公安机关备案号格式应为“省份简称+公网安备+14位数字+号”，例如 甘公网安备 62098102000001号。"),
            code="police_format",
        )
    if match.group(1)[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _("公安机关备案号的14位数字应以行政区划代码开头，%(prefix)s 不是有效的省级代码。"),
            code="police_region",
            params={"prefix": match.group(1)[:2]},
        )


def validate_portal_domain(value):
    """R-SITE-3: the portal is www.<name>.gov.cn."""
    if not PORTAL_DOMAIN_RE.match(value or ""):
        raise ValidationError(
            _("门户网站英文域名应为“www.<本级政府名称拼音>.gov.cn”，例如 www.yunze.gov.cn（小写字母）。"),
            code="portal_domain",
        )


def portal_base_domain(portal_domain):
    """www.yunze.gov.cn → yunze.gov.cn"""
    return portal_domain.removeprefix("www.")


def validate_department_domain(value, portal_domain):
    """R-SITE-3: a department site is <dept>.<portal domain without www>."""
    if not portal_domain:
        raise ValidationError(
            _("请先登记门户网站（站点类型为“门户网站”）及其域名，部门网站域名须为门户域名的下级域名。"),
            code="no_portal",
        )
    base = portal_base_domain(portal_domain)
    if not re.match(rf"^{LABEL}\.{re.escape(base)}$", value or "") or value == portal_domain:
        raise ValidationError(
            _("部门网站英文域名应为“<部门简称拼音>.%(base)s”，例如 fgw.%(base)s。"),
            code="department_domain",
            params={"base": base},
        )


def validate_chinese_domain(value, organisation):
    """R-SITE-3: the Chinese domain is <机构全称>.政务."""
    if not CHINESE_DOMAIN_RE.match(value or ""):
        raise ValidationError(
            _("中文域名应为“机构全称.政务”，例如 云泽市人民政府.政务。"), code="chinese_domain_format"
        )
    if organisation and value != f"{organisation}.政务":
        raise ValidationError(
            _("中文域名应以网站所属机构的全称命名：“%(expected)s”。"),
            code="chinese_domain_name",
            params={"expected": f"{organisation}.政务"},
        )
