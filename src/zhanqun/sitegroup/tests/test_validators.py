"""The identity formats the rules fix (R-SITE-2, R-SITE-3), checked on the validators.

Each refusal is checked for the message an operator reads, because that message is
what tells them what to type instead.
"""

import pytest
from django.core.exceptions import ValidationError

from zhanqun.sitegroup import validators


def refusal(validator, *args):
    with pytest.raises(ValidationError) as excinfo:
        validator(*args)
    return " ".join(excinfo.value.messages)


# --- 网站标识码 -----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["6209810001", "1100000001", "8200000123", "bm01000001"])
def test_site_code__accepts_ten_digits_with_a_province_prefix_or_bm_and_eight_digits(code):
    validators.validate_site_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "620981000",  # 9 digits
        "62098100011",  # 11 digits
        "62098I0001",  # a letter among the digits
        "bm0100001",  # bm + 7 digits
        "xx01000001",  # an unknown prefix
        "",
    ],
)
def test_site_code__of_the_wrong_shape_is_refused_with_both_forms_as_examples(code):
    message = refusal(validators.validate_site_code, code)
    assert "网站标识码应为10位" in message
    assert "6209810001" in message and "bm01000001" in message


@pytest.mark.parametrize("code", ["9909810001", "0009810001", "2009810001"])
def test_site_code__must_start_with_a_real_province_code(code):
    message = refusal(validators.validate_site_code, code)
    assert f"前两位 {code[:2]} 不是有效的省级行政区划代码" in message


# --- ICP备案编号 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["甘ICP备05000384号", "京ICP备2021034286号-1", "陇ICP备12345678号", "粤ICP备123456789号-12"]
)
def test_icp_number__accepts_province_icp_digits_and_hao_with_an_optional_sequence(number):
    validators.validate_icp_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "甘ICP备05000384",  # 号 missing
        "美ICP备05000384号",  # not a province abbreviation
        "ICP备05000384号",  # no province at all
        "甘ICP证05000384号",  # 证 is an ICP licence, not a filing number
        "甘ICP备0500038号",  # 7 digits
        "甘ICP备05000384号-",  # dash without a sequence number
        "甘ICP备05000384号1",
    ],
)
def test_icp_number__of_the_wrong_shape_is_refused_with_an_example(number):
    message = refusal(validators.validate_icp_number, number)
    assert "ICP备案编号格式应为" in message
    assert "甘ICP备05000384号" in message


# --- 公安机关备案号 -------------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["甘公网安备 62098102000001号", "甘公网安备62098102000001号", "京公网安备11010502030143号"]
)
def test_police_number__accepts_province_gongwanganbei_fourteen_digits_and_hao(number):
    validators.validate_police_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "甘公网安备 62098102000001",  # 号 missing
        "甘公网安备 6209810200000号",  # 13 digits
        "美公网安备 62098102000001号",  # not a province
        "甘网安备 62098102000001号",
    ],
)
def test_police_number__of_the_wrong_shape_is_refused_with_an_example(number):
    message = refusal(validators.validate_police_number, number)
    assert "公安机关备案号格式应为" in message
    assert "甘公网安备 62098102000001号" in message


def test_police_number__digits_must_start_with_a_province_code():
    message = refusal(validators.validate_police_number, "甘公网安备 99098102000001号")
    assert "99 不是有效的省级代码" in message


# --- domains --------------------------------------------------------------------------


@pytest.mark.parametrize("domain", ["www.yunze.gov.cn", "www.yu-men.gov.cn", "www.gansu.gov.cn"])
def test_portal_domain__is_www_dot_name_dot_gov_dot_cn(domain):
    validators.validate_portal_domain(domain)


@pytest.mark.parametrize(
    "domain",
    [
        "yunze.gov.cn",  # www. missing
        "www.yunze.com",  # not .gov.cn
        "www.yunze.gov.cn.cn",
        "fgw.yunze.gov.cn",  # a department domain
        "www.fgw.yunze.gov.cn",
        "www.-yunze.gov.cn",
        "http://www.yunze.gov.cn",
        "",
    ],
)
def test_portal_domain__anything_else_is_refused(domain):
    message = refusal(validators.validate_portal_domain, domain)
    assert "门户网站英文域名应为“www.<本级政府名称拼音>.gov.cn”" in message


@pytest.mark.parametrize("domain", ["fgw.yunze.gov.cn", "jyj.yunze.gov.cn", "chengguan-zhen.yunze.gov.cn"])
def test_department_domain__is_one_label_under_the_portal_base_domain(domain):
    validators.validate_department_domain(domain, "www.yunze.gov.cn")


@pytest.mark.parametrize(
    "domain",
    [
        "fgw.qita.gov.cn",  # under another government's domain
        "www.yunze.gov.cn",  # the portal itself
        "yunze.gov.cn",
        "a.fgw.yunze.gov.cn",  # two labels deep
        "fgw.yunze.gov.cn.cn",
        "fgwyunze.gov.cn",
        "fgw.yunzexgov.cn",  # the dots of the base domain are literal dots
    ],
)
def test_department_domain__must_sit_under_the_portal_domain(domain):
    message = refusal(validators.validate_department_domain, domain, "www.yunze.gov.cn")
    assert "部门网站英文域名应为“<部门简称拼音>.yunze.gov.cn”" in message
    assert "fgw.yunze.gov.cn" in message


def test_department_domain__needs_a_portal_first():
    message = refusal(validators.validate_department_domain, "fgw.yunze.gov.cn", "")
    assert "请先登记门户网站" in message


def test_chinese_domain__is_the_full_name_of_the_organisation_dot_zhengwu():
    validators.validate_chinese_domain("云泽市人民政府.政务", "云泽市人民政府")
    validators.validate_chinese_domain("云泽市发展和改革委员会.政务", "云泽市发展和改革委员会")


@pytest.mark.parametrize("value", ["云泽市人民政府.中国", "云泽市人民政府", "yunze.政务", "云泽市人民政府.政务.cn", ""])
def test_chinese_domain__of_the_wrong_shape_is_refused(value):
    message = refusal(validators.validate_chinese_domain, value, "云泽市人民政府")
    assert "中文域名应为“机构全称.政务”" in message


def test_chinese_domain__named_after_another_or_a_shortened_name_is_refused():
    message = refusal(validators.validate_chinese_domain, "云泽市政府.政务", "云泽市人民政府")
    assert "中文域名应以网站所属机构的全称命名：“云泽市人民政府.政务”" in message
