"""The approval chain by importance and unit (R-PUB-2): who approves, in which order,
and that nobody approves their own revision."""

import pytest
from wagtail.models import Page, TaskState

from zhanqun.content.enums import Importance
from zhanqun.review.models import ReviewChainRule
from zhanqun.units.enums import Role
from zhanqun.units.permissions import role_group

from .helpers import (
    act,
    action_names_in_editor,
    action_url,
    approve,
    client_for,
    current_state,
    edit_url,
    editor_form,
    is_refused,
    live,
    step_name,
    submit,
)

pytestmark = pytest.mark.django_db


def test_business_item__waits_for_fgw_head_then_fgw_leader__and_is_live_after_the_second_approval(people, draft):
    page = draft(Importance.BUSINESS)
    submit(people.fgw_editor, page)
    assert step_name(page) == "单位负责人审核"
    assert not live(page)

    approve(people.fgw_head, page, "同意，请分管领导审核。")
    assert step_name(page) == "分管领导审核"
    assert not live(page)

    approve(people.fgw_leader, page, "同意发布。")
    assert live(page)
    assert step_name(page) is None


def test_general_item__is_live_after_its_unit_head_alone(people, draft):
    page = draft(Importance.GENERAL)
    submit(people.fgw_editor, page)
    approve(people.fgw_head, page)
    assert live(page)


def test_public_release_document__needs_only_the_producing_unit_s_review(people, draft):
    page = draft(Importance.PUBLIC_RELEASE)
    submit(people.fgw_editor, page)
    assert step_name(page) == "单位负责人审核"
    approve(people.fgw_head, page)
    assert live(page)


def test_important_item__goes_to_the_government_office_after_the_leader_in_charge(people, draft):
    page = draft(Importance.IMPORTANT)
    submit(people.fgw_editor, page)
    approve(people.fgw_head, page)
    approve(people.fgw_leader, page)
    assert step_name(page) == "政府办公室审核"
    assert not live(page)
    approve(people.office_reviewer, page, "同意，按时发布。")
    assert live(page)


def test_major_item__ends_with_the_leading_group(people, draft):
    page = draft(Importance.MAJOR)
    submit(people.fgw_editor, page)
    for reviewer in (people.fgw_head, people.fgw_leader, people.office_reviewer):
        approve(reviewer, page)
    assert step_name(page) == "领导小组审定"
    assert is_refused(people.office_reviewer, page)
    approve(people.leading_member, page, "同意。")
    assert live(page)


def test_head_of_another_unit__sees_no_approve_action_and_a_post_is_refused(people, draft):
    page = draft(Importance.GENERAL)
    submit(people.fgw_editor, page)

    assert action_names_in_editor(people.fgw_head, page) == ["approve", "reject"]
    # The education bureau's head cannot even open the 发改委's item, and a forged
    # POST of the approve action is refused.
    assert action_names_in_editor(people.edu_head, page) is None
    assert is_refused(people.edu_head, page)
    assert step_name(page) == "单位负责人审核"
    assert not live(page)


def test_leader_in_charge__cannot_take_the_unit_head_s_step(people, draft):
    page = draft(Importance.BUSINESS)
    submit(people.fgw_editor, page)
    assert is_refused(people.fgw_leader, page)
    assert step_name(page) == "单位负责人审核"


def test_superuser__is_no_approver_in_the_chain(people, draft, superuser):
    page = draft(Importance.GENERAL)
    submit(people.fgw_editor, page)
    assert is_refused(superuser, page)
    assert not live(page)


def test_nobody_approves_their_own_revision__a_head_who_edits_in_review_must_leave_it_to_others(people, draft):
    """The head fixes a word while reviewing: the new revision is theirs, so the chain
    starts again from screening and the head gets no action on it — server side too."""
    page = draft(Importance.GENERAL)
    submit(people.fgw_editor, page)
    client = client_for(people.fgw_head)
    data = editor_form(client, page)
    data["title"] = ["市发展改革委召开重点项目推进会议"]
    response = client.post(edit_url(page), data)  # no action key: save a draft
    assert response.status_code == 302
    page = Page.objects.get(pk=page.pk)
    assert page.get_latest_revision().user == people.fgw_head

    # The old approval of screening no longer counts: approving now restarts the chain.
    state = current_state(page)
    assert action_names_in_editor(people.fgw_head, page) == []
    assert is_refused(people.fgw_head, page, state=state)
    assert not live(page)

    # The way out: the editor withdraws the item and submits it again as their own.
    client = client_for(people.fgw_editor)
    data = editor_form(client, page)
    data["action-cancel-workflow"] = ["1"]
    assert client.post(edit_url(page), data).status_code in (200, 302)
    assert Page.objects.get(pk=page.pk).current_workflow_state is None
    submit(people.fgw_editor, page)
    approve(people.fgw_head, page)
    assert live(page)
    assert Page.objects.get(pk=page.pk).title == "市发展改革委召开重点项目推进会议"


def test_unit_head_who_also_writes__cannot_approve_what_they_submitted(people, draft):
    people.fgw_head.groups.add(role_group(Role.UNIT_EDITOR))  # the head is also an editor of fgw
    page = draft(Importance.GENERAL)
    submit(people.fgw_head, page)
    assert step_name(page) == "单位负责人审核"
    assert action_names_in_editor(people.fgw_head, page) == []
    assert is_refused(people.fgw_head, page)
    assert not live(page)


def test_sending_back__requires_an_opinion(people, draft):
    page = draft(Importance.GENERAL)
    submit(people.fgw_editor, page)
    response = client_for(people.fgw_head).post(
        action_url(page, "reject"), {"comment": ""}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    assert "退回修改须填写审核意见" in response.json()["html"]
    assert current_state(page).status == TaskState.STATUS_IN_PROGRESS


def test_changes_after_the_leader_sends_back__the_whole_chain_reviews_the_new_version(people, draft):
    page = draft(Importance.BUSINESS)
    submit(people.fgw_editor, page)
    approve(people.fgw_head, page)
    assert act(people.fgw_leader, page, "reject", "第二段数据请与统计局核对。").status_code == 302
    assert Page.objects.get(pk=page.pk).current_workflow_state.status == "needs_changes"

    submit(people.fgw_editor, page, title="市发展改革委召开重点项目推进会（数据已核对）")
    assert step_name(page) == "单位负责人审核"  # the head sees the changed version first
    approve(people.fgw_head, page)
    assert step_name(page) == "分管领导审核"
    approve(people.fgw_leader, page)
    assert live(page)
    assert Page.objects.get(pk=page.pk).title == "市发展改革委召开重点项目推进会（数据已核对）"


def test_a_site_rule__sends_general_items_of_that_site_to_the_leader_too(people, draft):
    ReviewChainRule.objects.create(
        site=people.site_group.department, importance=Importance.GENERAL, unit_head=True, leader_in_charge=True
    )
    page = draft(Importance.GENERAL)
    submit(people.fgw_editor, page)
    approve(people.fgw_head, page)
    assert step_name(page) == "分管领导审核"
    approve(people.fgw_leader, page)
    assert live(page)


def test_a_rule_must_keep_at_least_one_level(people):
    from django.core.exceptions import ValidationError

    rule = ReviewChainRule(importance=Importance.BUSINESS, unit_head=False)
    rule.site = people.site_group.portal
    with pytest.raises(ValidationError, match="至少选择一个审核环节"):
        rule.full_clean()


def test_waiting_items__appear_on_the_dashboard_of_their_reviewer_only(people, draft):
    page = draft(Importance.GENERAL)
    submit(people.fgw_editor, page)
    assert TaskState.objects.reviewable_by(people.fgw_head).filter(status="in_progress").count() == 1
    assert not TaskState.objects.reviewable_by(people.edu_head).exists()
    assert not TaskState.objects.reviewable_by(people.fgw_editor).exists()
    response = client_for(people.fgw_head).get("/admin/")
    assert page.title in response.content.decode()


def test_unit_without_a_head__waits_and_says_so_in_the_record(people, draft):
    unit = people.units.fgw
    unit.head = None
    unit.save()
    page = draft(Importance.GENERAL)
    submit(people.fgw_editor, page)
    response = client_for(people.fgw_editor).get(f"/admin/review/item/{page.pk}/")
    assert "未登记单位负责人" in response.content.decode()
    # Registering a head lets them take over the waiting item.
    unit.head = people.fgw_head
    unit.save()
    approve(people.fgw_head, page)
    assert live(page)


def test_the_unit_head__is_told_by_email_when_an_item_reaches_them(people, draft, mailoutbox):
    people.fgw_head.email = "lwd@fgw.yunze.gov.cn"
    people.fgw_head.save()
    page = draft(Importance.GENERAL)
    submit(people.fgw_editor, page)
    assert any("lwd@fgw.yunze.gov.cn" in m.to for m in mailoutbox)
    assert not any(people.edu_head.email in m.to for m in mailoutbox)


def test_a_home_page__names_no_unit_so_another_site_operator_approves_it(people):
    """Pages without a 责任单位 (a site's home page) go to the 站点管理员 — never to
    the one who submitted."""
    from zhanqun.units.factories import UserFactory

    first = UserFactory(username="operator1", roles=[Role.SITE_OPERATOR])
    second = UserFactory(username="operator2", roles=[Role.SITE_OPERATOR])
    home = people.site_group.department_home
    submit(first, home, intro="欢迎访问云泽市发展和改革委员会网站")
    assert step_name(home) == "单位负责人审核"
    assert is_refused(first, home)
    approve(second, home)
    assert Page.objects.get(pk=home.pk).specific.intro == "欢迎访问云泽市发展和改革委员会网站"
