"""The public catalog (目录) and guide (指南), and the back office's catalog check
(R-DISC-1, R-DISC-2, R-PUB-5)."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zhanqun.conftest import column
from zhanqun.content.enums import Validity
from zhanqun.content.factories import NoticePageFactory, PolicyDocumentPageFactory
from zhanqun.content.tests.conftest import logged_in, staff
from zhanqun.disclosure.enums import GuideStatus
from zhanqun.disclosure.models import CatalogEntry, Guide
from zhanqun.units.enums import Role

from .conftest import public_url, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(coded):
    docs = column(coded.portal, "zfwj")
    today = timezone.localdate()
    valid = publish(PolicyDocumentPageFactory(parent=docs, live=False, title="促进民营经济发展的若干措施", formed_date=today))
    old = PolicyDocumentPageFactory(
        parent=docs, live=False, title="旧的招商引资办法", validity=Validity.REPEALED,
        validity_changed_on=datetime.date(2026, 1, 5),
    )
    old = publish(old)
    notice = publish(NoticePageFactory(parent=column(coded.department, "tzgg"), live=False, title="发改委项目申报通知",
                                       formed_date=today))
    return valid, old, notice


def test_the_catalog_lists_live_entries_and_filters_by_unit_category_year_and_validity(items, portal_client, coded):
    valid, old, notice = items
    url = public_url("disclosure_public:catalog")
    page = portal_client.get(url).content.decode()
    for item in items:
        assert item.title in page
    assert valid.index_number in page
    page = portal_client.get(url, {"unit": coded.units.fgw.pk}).content.decode()
    assert notice.title in page and valid.title not in page
    page = portal_client.get(url, {"validity": "repealed"}).content.decode()
    assert old.title in page and valid.title not in page
    page = portal_client.get(url, {"category": "tzgg"}).content.decode()
    assert notice.title in page and old.title not in page
    page = portal_client.get(url, {"year": timezone.localdate().year - 1}).content.decode()
    assert "没有符合条件的信息" in page
    old.unpublish()
    assert old.title not in portal_client.get(url).content.decode()


def test_a_department_site_opens_its_catalog_on_its_own_unit(items, department_client):
    valid, _old, notice = items
    page = department_client.get(public_url("disclosure_public:catalog")).content.decode()
    assert notice.title in page and valid.title not in page


def test_the_catalog_exports_as_xlsx_and_csv_with_the_filters_applied(items, portal_client, coded):
    valid, old, notice = items
    url = public_url("disclosure_public:catalog")
    response = portal_client.get(url, {"unit": coded.units.office.pk, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("索引号", "名称", "类目")
    assert {r[1] for r in rows[1:]} == {valid.title, old.title}
    assert any(r[0] == valid.index_number and r[8] == "有效" for r in rows[1:])
    response = portal_client.get(url, {"export": "csv"})
    text = response.content.decode("utf-8-sig")
    assert notice.title in text and response["Content-Type"].startswith("text/csv")


def guide_for(unit):
    return Guide.objects.create(
        unit=unit, classification="按主题分为机构职能、政策文件、通知公告等类。", arrangement="按类目和年份编排。",
        access="通过本机关网站主动公开；依申请公开可在线提交。", office_name="云泽市人民政府办公室政务公开科",
        office_address="云泽市人民路1号", office_hours="工作日 9:00—12:00，13:30—17:30", phone="0937-8201003",
        fax="0937-8201004", online_contact="gongkai@yunze.gov.cn",
    )


def test_the_guide_is_public_only_once_the_unit_head_approves_it(coded, portal_client):
    office = coded.units.office
    guide = guide_for(office)
    editor = staff("office_editor", office, Role.UNIT_EDITOR)
    head = staff("office_head", office, Role.UNIT_HEAD)
    other_head = staff("fgw_head", coded.units.fgw, Role.UNIT_HEAD)
    url = public_url("disclosure_public:guide")
    assert portal_client.get(url).status_code == 404

    approval = reverse("disclosure:guide_approval", args=[guide.pk])
    logged_in(editor).post(approval, {"action": "submit"})
    guide.refresh_from_db()
    assert guide.status == GuideStatus.SUBMITTED
    # the editor and another unit's head cannot approve
    logged_in(editor).post(approval, {"action": "approve"})
    assert logged_in(other_head).post(approval, {"action": "approve"}).status_code in (302, 404)
    guide.refresh_from_db()
    assert guide.status == GuideStatus.SUBMITTED
    response = logged_in(head).post(approval, {"action": "approve"}, follow=True)
    assert "指南已审定" in response.content.decode()
    page = portal_client.get(url).content.decode()
    for text in ("政务公开科", "人民路1号", "0937-8201003", "0937-8201004", "gongkai@yunze.gov.cn", "按类目和年份编排",
                 "信息分类", "获取方式", "办公时间", "传真"):
        assert text in page


def test_editing_an_approved_guide_keeps_the_public_copy_until_approved_again(coded, portal_client):
    from zhanqun.disclosure import guides

    office = coded.units.office
    head = staff("office_head", office, Role.UNIT_HEAD)
    guide = guide_for(office)
    guides.submit(guide, head)
    guides.approve(guide, head)
    guide.phone = "0937-9999999"
    guide.save()
    guides.edited(guide, head)
    assert guide.status == GuideStatus.DRAFT
    page = portal_client.get(public_url("disclosure_public:guide")).content.decode()
    assert "0937-8201003" in page and "0937-9999999" not in page


def test_the_catalog_check_shows_empty_required_categories_and_late_items(coded, admin_host_client):
    page = PolicyDocumentPageFactory(parent=column(coded.portal, "zfwj"), live=False, title="迟发的文件",
                                     formed_date=datetime.date(2026, 3, 2))
    publish(page)
    entry = CatalogEntry.objects.get(page=page)
    assert entry.late and entry.beyond_legal_limit
    html = admin_host_client.get(reverse("disclosure:catalog")).content.decode()
    office_section = html.split(f'data-testid="unit-{coded.units.office.pk}"')[1].split("</section>")[0]
    assert "必须公开但为空的类目" in office_section
    assert "机构职能" in office_section.split('data-testid="empty-categories"')[1].split("</p>")[0]
    assert "政策文件" not in office_section.split('data-testid="empty-categories"')[1].split("</p>")[0]
    assert "迟发的文件" in office_section and "超过法定期限" in office_section


def test_a_site_operator_edits_a_catalog_template_and_the_check_follows_it(coded):
    from zhanqun.disclosure.catalog import empty_required_categories
    from zhanqun.disclosure.models import CatalogCategory, CatalogTemplate

    operator = staff("operator", coded.units.office, Role.SITE_OPERATOR)
    client = logged_in(operator)
    template = CatalogTemplate.objects.get(unit_kind="")
    response = client.get(reverse("disclosure_templates:edit", args=[template.pk]))
    assert response.status_code == 200 and "机构职能" in response.content.decode()
    assert "规划计划" not in [c.name for c in empty_required_categories(coded.units.office)]
    CatalogCategory.objects.create(template=template, code="ghjh2", name="规划计划", required=True, sort_order=99)
    assert "规划计划" in [c.name for c in empty_required_categories(coded.units.office)]
