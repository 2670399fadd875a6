"""The review record (审核记录): every decision with who, when, which revision and the
opinion; visible on the item, exportable, and archived with the published version
(R-PUB-2 谁发布谁负责, R-PUB-10)."""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page

from zhanqun.content.enums import Importance
from zhanqun.review.models import ReviewRecord
from zhanqun.units.enums import Role
from zhanqun.units.factories import UserFactory, make_editor

from .helpers import act, approve, client_for, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(people, draft):
    """A 业务 item sent back once by the leader, corrected, and published."""
    page = draft(Importance.BUSINESS)
    submit(people.fgw_editor, page)
    approve(people.fgw_head, page, "同意，请分管领导审核。")
    act(people.fgw_leader, page, "reject", "第二段数据请与统计局核对。")
    submit(people.fgw_editor, page, title="市发展改革委召开重点项目推进会（数据已核对）")
    approve(people.fgw_head, page, "已核对，同意。")
    approve(people.fgw_leader, page, "同意发布。")
    return Page.objects.get(pk=page.pk).specific


def test_publishing__archives_one_record_of_the_published_revision(people, published):
    [record] = ReviewRecord.objects.all()
    assert record.revision == published.live_revision
    assert record.reviewed
    assert record.title == "市发展改革委召开重点项目推进会（数据已核对）"
    assert record.unit_name == "云泽市发展和改革委员会"
    assert record.importance == Importance.BUSINESS
    assert record.chain == "单位负责人审核 → 分管领导审核"
    assert record.published_by == people.fgw_leader
    decisions = [(e["step"], e["decision"], e["user"], e["comment"]) for e in record.entries if e["kind"] == "task"]
    assert ("分管领导审核", "退回修改", "赵国强（fgw_leader）", "第二段数据请与统计局核对。") in decisions
    assert ("单位负责人审核", "审核通过", "李卫东（fgw_head）", "已核对，同意。") in decisions
    assert ("分管领导审核", "审核通过", "赵国强（fgw_leader）", "同意发布。") in decisions
    # Which revision each decision was on: the sending back was on the first version.
    rejected = next(e for e in record.entries if e["decision"] == "退回修改")
    assert rejected["revision"] != record.revision_ref
    assert [e["decision"] for e in record.entries if e["kind"] == "submission"] == ["提交审核", "修改后重新提交"]


def test_archived_record__is_never_edited_or_deleted(published):
    record = ReviewRecord.objects.get()
    record.title = "改过的标题"
    with pytest.raises(ValidationError):
        record.save()
    with pytest.raises(ValidationError):
        record.delete()
    assert ReviewRecord.objects.get().title == "市发展改革委召开重点项目推进会（数据已核对）"


def test_archived_record__survives_the_page_being_deleted(published):
    published.delete()
    record = ReviewRecord.objects.get()
    assert record.page is None
    assert record.title == "市发展改革委召开重点项目推进会（数据已核对）"
    assert len(record.entries) >= 5


def test_item_record_page__shows_every_decision_to_the_unit_s_editor(people, published):
    html = client_for(people.fgw_editor).get(reverse("review_item_record", args=[published.pk])).content.decode()
    for text in (
        "第二段数据请与统计局核对。",
        "已核对，同意。",
        "同意发布。",
        "赵国强（fgw_leader）",
        "归档的审核记录",
    ):
        assert text in html


def test_item_record_page__is_closed_to_another_unit_s_editor(people, published):
    other = make_editor(people.units.education, "edu_editor")
    response = client_for(other).get(reverse("review_item_record", args=[published.pk]))
    assert response.status_code in (302, 403)


def test_item_record__exports_as_xlsx_and_csv_with_who_when_revision_and_opinion(people, published):
    url = reverse("review_item_record", args=[published.pk])
    client = client_for(people.fgw_editor)

    response = client.get(url, {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(c for c in row if c is not None) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ("标题", "市发展改革委召开重点项目推进会（数据已核对）")
    header = rows.index(("轮次", "环节", "结果", "处理人", "时间", "版本号", "版本时间", "意见"))
    body = rows[header + 1 :]
    assert any(r[1] == "分管领导审核" and r[2] == "退回修改" and r[7] == "第二段数据请与统计局核对。" for r in body)
    assert all(r[4] for r in body)  # every row has its time

    response = client.get(url, {"export": "csv"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["标题", "市发展改革委召开重点项目推进会（数据已核对）"] in rows
    assert any("同意发布。" in r for r in rows)


def test_register__lists_published_versions_and_exports_them(people, published):
    operator = UserFactory(username="operator", roles=[Role.SITE_OPERATOR])
    client = client_for(operator)
    html = client.get(reverse("review_records")).content.decode()
    assert "市发展改革委召开重点项目推进会（数据已核对）" in html
    response = client.get(reverse("review_records"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "标题"
    assert "第二段数据请与统计局核对。" in rows[1][rows[0].index("审核意见")]

    record = ReviewRecord.objects.get()
    detail = client.get(reverse("review_record", args=[record.pk])).content.decode()
    assert "本记录在该版本发布时归档，不能修改。" in detail


def test_register__is_closed_to_editors(people, published):
    response = client_for(people.fgw_editor).get(reverse("review_records"))
    assert response.status_code in (302, 403)


def test_direct_publish_by_a_site_operator__is_registered_as_not_reviewed(people, draft):
    operator = UserFactory(username="operator", last_name="周", first_name="敏", roles=[Role.SITE_OPERATOR])
    page = draft(Importance.GENERAL)
    page.get_latest_revision().publish(user=operator)
    # (the admin's 发布 button does the same; the signed-in user is the publisher)
    record = ReviewRecord.objects.get()
    assert not record.reviewed
    assert record.chain_display() == "未经审核流程直接发布"
    assert record.entries == []


def test_direct_publish_in_the_admin__names_the_signed_in_operator(people, draft):
    operator = UserFactory(username="operator", last_name="周", first_name="敏", roles=[Role.SITE_OPERATOR])
    page = draft(Importance.GENERAL)
    client = client_for(operator)
    from .helpers import edit_url, editor_form

    data = editor_form(client, page)
    data["action-publish"] = ["1"]
    assert client.post(edit_url(page), data).status_code == 302
    record = ReviewRecord.objects.get()
    assert record.published_by == operator
    assert record.published_by_name == "周敏（operator）"
    assert not record.reviewed
