"""Screening as the first, automatic step (R-PUB-3, R-PUB-4): a blocking finding
stops the item; the editor fixes it, or a 保密审查员 accepts it in writing."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.models import Page, TaskState

from zhanqun.conftest import column
from zhanqun.content.enums import Importance
from zhanqun.content.factories import PolicyDocumentPageFactory
from zhanqun.review.models import ScreeningOverride, ScreeningTaskState
from zhanqun.units.factories import make_editor

from .helpers import action_url, approve, client_for, current_state, live, step_name, submit

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"
WITH_ID = f"<p>经审核，申请人张某（身份证号{ID_NUMBER}）符合补贴条件。</p>"


def screening_of(page):
    return ScreeningTaskState.objects.filter(workflow_state__object_id=str(page.pk)).order_by("-pk").first()


def needs_changes(page):
    state = Page.objects.get(pk=page.pk).current_workflow_state
    return state is not None and state.status == "needs_changes"


def override(user, state, key, reason):
    url = reverse("review_screening_detail", args=[state.pk])
    return client_for(user).post(url, {"key": key, "reason": reason})


def test_clean_item__passes_screening_by_itself_and_waits_for_its_head(people, draft):
    page = draft(Importance.GENERAL)
    submit(people.fgw_editor, page)
    state = screening_of(page)
    assert state.status == TaskState.STATUS_APPROVED
    assert state.comment == "自动检查通过。"
    assert step_name(page) == "单位负责人审核"


def test_item_with_an_id_number__stops_at_screening__and_after_an_override_with_a_reason_moves_on__recorded(
    people, draft
):
    page = draft(Importance.GENERAL, body=WITH_ID)
    submit(people.fgw_editor, page)

    # Stopped: back to the editor, the finding stored and told.
    assert needs_changes(page)
    state = screening_of(page)
    assert state.status == TaskState.STATUS_REJECTED
    [finding] = state.blocking()
    assert finding["rule"] == "personal_info.id_number"
    assert "公民身份号码" in state.comment

    # The 保密审查员 finds it in the queue, with the number marked in the text.
    queue = client_for(people.secrecy).get(reverse("review_screening_queue")).content.decode()
    assert page.title in queue
    detail = client_for(people.secrecy).get(reverse("review_screening_detail", args=[state.pk])).content.decode()
    assert 'review-mark--block" title="含有公民身份号码' in detail
    assert f">{ID_NUMBER}</mark>" in detail

    response = override(
        people.secrecy, state, finding["key"], "该号码为公开的单位代码，非公民身份号码，经核实可以发布。"
    )
    assert response.status_code == 302

    # It moved on to the unit head, and the override is in the record.
    assert step_name(page) == "单位负责人审核"
    [accepted] = ScreeningOverride.objects.all()
    assert accepted.user == people.secrecy
    assert accepted.revision == state.revision
    assert accepted.rule == "personal_info.id_number"
    assert ID_NUMBER in accepted.excerpt
    record = client_for(people.fgw_head).get(reverse("review_item_record", args=[page.pk])).content.decode()
    assert "保密审查认定" in record and "经核实可以发布" in record and "郑海燕（secrecy）" in record

    approve(people.fgw_head, page)
    assert live(page)


def test_editor_fixes_the_finding_and_resubmits__screening_passes(people, draft):
    page = draft(Importance.GENERAL, body=WITH_ID)
    submit(people.fgw_editor, page)
    assert needs_changes(page)
    submit(
        people.fgw_editor,
        page,
        body='{"blocks": [{"key": "a1b2c", "type": "unstyled", "depth": 0, "text": "经审核，申请人张某符合补贴条件。", "inlineStyleRanges": [], "entityRanges": [], "data": {}}], "entityMap": {}}',
    )
    assert screening_of(page).status == TaskState.STATUS_APPROVED
    assert step_name(page) == "单位负责人审核"


def test_override__needs_a_reason_and_the_confidentiality_role(people, draft):
    page = draft(Importance.GENERAL, body=WITH_ID)
    submit(people.fgw_editor, page)
    state = screening_of(page)
    key = state.blocking()[0]["key"]

    response = override(people.secrecy, state, key, "")
    assert response.status_code == 200
    assert "请写明认定可以发布的理由" in response.content.decode()

    # Neither the editor nor the unit head may accept the finding.
    assert override(people.fgw_editor, state, key, "我认为可以发布。").status_code in (302, 403)
    assert override(people.fgw_head, state, key, "我认为可以发布。").status_code in (302, 403)
    assert not ScreeningOverride.objects.exists()
    assert needs_changes(page)


def test_override_of_one_finding__leaves_the_item_stopped_while_another_remains(people, draft):
    page = draft(Importance.GENERAL, body=WITH_ID + "<p>联系人手机：13912345678。</p>")
    submit(people.fgw_editor, page)
    state = screening_of(page)
    assert len(state.blocking()) == 2
    first = next(f for f in state.blocking() if f["rule"] == "personal_info.id_number")
    override(people.secrecy, state, first["key"], "号码已经当事人书面同意公开。")
    assert needs_changes(page)
    second = next(f for f in state.blocking() if f["rule"] == "personal_info.mobile")
    override(people.secrecy, state, second["key"], "该手机号码为单位公开的咨询电话。")
    assert step_name(page) == "单位负责人审核"


def test_an_accepted_finding__stays_accepted_when_the_editor_changes_something_else(people, draft):
    page = draft(Importance.BUSINESS, body=WITH_ID)
    submit(people.fgw_editor, page)
    state = screening_of(page)
    override(people.secrecy, state, state.blocking()[0]["key"], "号码已经当事人书面同意公开。")
    approve(people.fgw_head, page)
    from .helpers import act

    act(people.fgw_leader, page, "reject", "标题请写明会议时间。")
    submit(people.fgw_editor, page, title="市发展改革委3月2日召开重点项目推进会")
    assert screening_of(page).status == TaskState.STATUS_APPROVED
    assert step_name(page) == "单位负责人审核"


def test_reviewer_sees_the_findings_marked_in_the_action_modal(people, draft):
    page = draft(Importance.GENERAL, body='<p>详情见<a href="http://www.shop-example.com/sale">活动页面</a>。</p>')
    submit(people.fgw_editor, page)
    assert step_name(page) == "单位负责人审核"  # a warning does not stop the item
    url = reverse("wagtailadmin_pages:collect_workflow_action_data", args=[page.pk, "approve", current_state(page).pk])
    html = client_for(people.fgw_head).get(url).json()["html"]
    assert "审核要点" in html
    assert "提示 1 处" in html
    assert "含有指向商业网站的链接（www.shop-example.com）" in html


def _docx_with(text):
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_policy_document_with_a_classified_attachment__stops_at_screening(site_group, people):
    editor = make_editor(site_group.units.fgw, "fgw_docs")
    Document = get_document_model()
    attachment = Document.objects.create(
        title="附件1 实施细则", file=ContentFile(_docx_with("秘密★1年\n实施细则全文"), name="xize.docx")
    )
    page = PolicyDocumentPageFactory(
        parent=column(site_group.department, "zfwj"),
        live=False,
        importance=Importance.PUBLIC_RELEASE,
        body="<p>现将实施细则印发给你们，请认真贯彻执行。</p>",
    )
    page.attachments.create(document=attachment, title="实施细则")
    page.save_revision(user=editor)
    submit(editor, page)
    state = screening_of(page)
    assert state.status == TaskState.STATUS_REJECTED
    [finding] = state.blocking()
    assert finding["rule"].startswith("classified")
    assert finding["location"].startswith("附件：附件1 实施细则")


def test_an_unreadable_attachment__stops_the_item_rather_than_pass_unchecked(site_group, people):
    editor = make_editor(site_group.units.fgw, "fgw_docs")
    Document = get_document_model()
    broken = Document.objects.create(title="损坏的附件", file=ContentFile(b"not a pdf at all", name="broken.pdf"))
    page = PolicyDocumentPageFactory(
        parent=column(site_group.department, "zfwj"), live=False, body="<p>现将有关事项通知如下。</p>"
    )
    page.attachments.create(document=broken, title="附件")
    page.save_revision(user=editor)
    submit(editor, page)
    [finding] = screening_of(page).blocking()
    assert finding["rule"] == "format.attachment_unreadable"


def test_screening_queue__is_closed_to_editors(people):
    response = client_for(people.fgw_editor).get(reverse("review_screening_queue"))
    assert response.status_code in (302, 403)


def test_reject_url_for_screening__offers_no_action_to_anyone(people, draft):
    page = draft(Importance.GENERAL, body=WITH_ID)
    submit(people.fgw_editor, page)
    state = screening_of(page)
    response = client_for(people.secrecy).post(action_url(page, "approve", state), {"comment": "通过"})
    assert response.status_code in (302, 403)
    assert needs_changes(page)


def test_the_editor__opening_a_stopped_item_is_pointed_to_the_marked_findings(people, draft):
    page = draft(Importance.GENERAL, body=WITH_ID)
    submit(people.fgw_editor, page)
    html = client_for(people.fgw_editor).get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "自动检查发现 1 处须整改的问题，已退回修改。" in html
    assert reverse("review_screening_detail", args=[screening_of(page).pk]) in html
    # The editor may look at the marked text, not accept the finding.
    detail = client_for(people.fgw_editor).get(reverse("review_screening_detail", args=[screening_of(page).pk]))
    assert detail.status_code == 200
    assert "认定可以发布" not in detail.content.decode()


def test_the_screenings_rejection__is_the_systems_not_the_submitters__in_history_and_audit_log(people, draft):
    from wagtail.models import PageLogEntry

    from zhanqun.audit.models import AuditRecord
    from zhanqun.units.factories import SuperUserFactory

    page = draft(Importance.GENERAL, body=WITH_ID)
    submit(people.fgw_editor, page)
    assert needs_changes(page)

    rejection = PageLogEntry.objects.get(page=page, action="wagtail.workflow.reject")
    assert rejection.user is None
    submitted = PageLogEntry.objects.get(page=page, action="wagtail.workflow.start")
    assert submitted.user == people.fgw_editor  # the submission stays the editor's
    record = AuditRecord.objects.get(action="wagtail.workflow.reject", object_id=str(page.pk))
    assert record.user_id is None and record.username == ""

    admin = client_for(SuperUserFactory(username="sysadmin"))
    history = BeautifulSoup(admin.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content, "html.parser")
    with translation.override("zh-hans"):
        message = str(rejection.message)  # as the history lists it: 在“自动检查”被拒绝…
    [row] = [" ".join(tr.get_text(" ").split()) for tr in history.select("tr") if message in tr.get_text()]
    assert "系统" in row and "fgw_editor" not in row
    audit_list = admin.get(reverse("audit:index"), {"action": "wagtail.workflow.reject"}).content.decode()
    assert "系统" in audit_list
