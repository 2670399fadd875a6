"""Columns (栏目): the standard set every site opens with (R-COL-4), who answers for
them (R-COL-1), how often they must be updated (R-COL-2) and special topics (R-COL-3)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhanqun.columns.enums import ColumnKind
from zhanqun.columns.factories import ColumnPageFactory, SpecialTopicPageFactory
from zhanqun.columns.models import ColumnPage, SpecialTopicPage
from zhanqun.conftest import field_errors
from zhanqun.content.factories import page_form_data, rich_text
from zhanqun.sitegroup.factories import department_identity
from zhanqun.sitegroup.services import create_site

pytestmark = pytest.mark.django_db

DISCLOSURE_COLUMNS = [
    "机构职能",
    "领导信息",
    "公开指南",
    "公开制度",
    "公开目录",
    "年度报告",
    "通知公告",
    "政府文件",
    "重点领域",
]


def titles(pages):
    return [p.title for p in pages]


# --- the standard columns ---------------------------------------------------------------------


def test_new_site__has_news_disclosure_and_interpretation_columns_in_its_menu(site_group):
    top = site_group.portal_home.get_children().live().in_menu()
    assert titles(top) == ["政务动态", "政府信息公开", "政策解读"]


def test_new_site__has_the_nine_standard_disclosure_columns_in_order(site_group):
    disclosure = ColumnPage.objects.child_of(site_group.portal_home).get(kind=ColumnKind.DISCLOSURE)
    assert disclosure.title == "政府信息公开"
    assert titles(disclosure.get_children().live()) == DISCLOSURE_COLUMNS


def test_new_site__every_site_of_the_group_gets_the_standard_columns(site_group):
    for home in (site_group.portal_home, site_group.department_home):
        column_titles = titles(ColumnPage.objects.descendant_of(home))
        for title in ["政务动态", "政策解读", *DISCLOSURE_COLUMNS]:
            assert title in column_titles, (home.title, title)


def test_new_site__standard_columns_belong_to_the_site_s_unit(site_group):
    for home, unit in (
        (site_group.portal_home, site_group.units.office),
        (site_group.department_home, site_group.units.fgw),
    ):
        assert {c.responsible_unit for c in ColumnPage.objects.descendant_of(home)} == {unit}


def test_new_site__standard_columns_may_be_given_to_another_unit(site_group):
    site = create_site(
        domain="jyj.yunze.gov.cn",
        identity=department_identity(
            full_name="云泽市教育局", chinese_domain="云泽市教育局.政务", site_code="6209810003"
        ),
        home_title="云泽市教育局",
        owner_unit=site_group.units.education,
        columns_unit=site_group.units.office,
    )
    assert {c.responsible_unit for c in ColumnPage.objects.descendant_of(site.root_page)} == {site_group.units.office}


def test_new_site__columns_are_published_and_reachable(site_group, portal_client):
    for path in ["/zwdt/", "/zfxxgk/", "/zfxxgk/gkzn/", "/zfxxgk/ndbg/", "/zcjd/"]:
        assert portal_client.get(path).status_code == 200, path


def test_disclosure_column__lists_its_sub_columns(site_group, portal_client):
    html = portal_client.get("/zfxxgk/").content.decode()
    for title in DISCLOSURE_COLUMNS:
        assert f">{title}</a>" in html


# --- update intervals (R-COL-2) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "days"),
    [("zwdt", 14), ("tzgg", 180), ("zfwj", 180), ("zcjd", 180), ("zdly", 180), ("jgzn", 365), ("ndbg", 365)],
)
def test_update_interval__defaults_by_kind(site_group, slug, days):
    assert ColumnPage.objects.descendant_of(site_group.portal_home).get(slug=slug).update_interval_days == days


def test_update_interval__chosen_on_creation_is_kept(site_group):
    col = ColumnPageFactory(parent=site_group.portal_home, kind=ColumnKind.NEWS, update_interval_days=7)
    assert ColumnPage.objects.get(pk=col.pk).update_interval_days == 7


def test_update_interval__stays_when_the_column_changes_kind(site_group):
    col = ColumnPageFactory(parent=site_group.portal_home, kind=ColumnKind.NEWS)
    col.kind = ColumnKind.NOTICES
    col.save()
    assert ColumnPage.objects.get(pk=col.pk).update_interval_days == 14


# --- responsibility (R-COL-1) -------------------------------------------------------------------


def test_column__without_a_responsible_unit_is_refused(site_group):
    with pytest.raises(ValidationError) as excinfo:
        ColumnPageFactory(parent=site_group.portal_home, responsible_unit=None)
    assert "responsible_unit" in excinfo.value.message_dict


def column_add_url(parent, model="columnpage"):
    return reverse("wagtailadmin_pages:add", args=["columns", model, parent.pk])


def test_admin__a_new_column_without_a_responsible_unit_is_refused(site_group, admin_host_client):
    data = page_form_data(title="招商引资", slug="zsyz", kind="news", intro=rich_text(""), update_interval_days="14")
    data["action-publish"] = "action-publish"
    response = admin_host_client.post(column_add_url(site_group.portal_home), data)
    assert response.status_code == 200
    assert field_errors(response, "responsible_unit") == ["必需字段"]
    assert not ColumnPage.objects.filter(slug="zsyz").exists()

    data["responsible_unit"] = site_group.units.fgw.pk
    response = admin_host_client.post(column_add_url(site_group.portal_home), data)
    assert response.status_code == 302
    assert ColumnPage.objects.get(slug="zsyz").live


# --- special topics (R-COL-3) -------------------------------------------------------------------


def test_special_topic__ending_before_it_starts_is_refused(site_group):
    with pytest.raises(ValidationError) as excinfo:
        SpecialTopicPageFactory(
            parent=site_group.portal_home,
            start_date=datetime.date(2026, 6, 1),
            end_date=datetime.date(2026, 5, 31),
        )
    assert excinfo.value.message_dict["end_date"] == ["结束日期不能早于开始日期。"]


def test_special_topic__of_one_day_or_open_ended_is_accepted(site_group):
    one_day = SpecialTopicPageFactory(
        parent=site_group.portal_home, start_date=datetime.date(2026, 6, 1), end_date=datetime.date(2026, 6, 1)
    )
    open_ended = SpecialTopicPageFactory(parent=site_group.portal_home, start_date=datetime.date(2026, 6, 1))
    assert one_day.pk and open_ended.pk


def special_topic_data(unit, **fields):
    data = page_form_data(
        title="学习贯彻党的二十届四中全会精神",
        slug="xxgc",
        intro=rich_text("<p>专题。</p>"),
        responsible_unit=unit.pk,
        update_interval_days="30",
        **fields,
    )
    data["action-publish"] = "action-publish"
    return data


def test_admin__special_topic_ending_before_it_starts_is_refused(site_group, admin_host_client):
    url = column_add_url(site_group.portal_home, "specialtopicpage")
    data = special_topic_data(site_group.units.office, start_date="2026-06-01", end_date="2026-05-31")
    response = admin_host_client.post(url, data)
    assert response.status_code == 200
    assert field_errors(response, "end_date") == ["结束日期不能早于开始日期。"]
    assert not SpecialTopicPage.objects.exists()


def test_admin__special_topic_with_valid_dates_is_published_and_shown_on_the_home_page(
    site_group, admin_host_client, portal_client
):
    url = column_add_url(site_group.portal_home, "specialtopicpage")
    response = admin_host_client.post(
        url, special_topic_data(site_group.units.office, start_date="2026-06-01", end_date="2026-12-31")
    )
    assert response.status_code == 302
    assert SpecialTopicPage.objects.get(slug="xxgc").live
    home = portal_client.get("/").content.decode()
    assert "专题专栏" in home and "学习贯彻党的二十届四中全会精神" in home
    assert portal_client.get("/xxgc/").status_code == 200
