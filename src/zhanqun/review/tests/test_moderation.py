"""The moderation queue (R-INT-3): what the public submits is screened and shown only
after a 站点管理员 approves it; a rejection carries a reason."""

import pytest
from django.urls import reverse

from zhanqun.review.enums import ModerationStatus
from zhanqun.review.models import ModerationItem, moderation_decided, submit
from zhanqun.units.enums import Role
from zhanqun.units.factories import UserFactory

from .helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(db):
    return UserFactory(username="operator", last_name="周", first_name="敏", roles=[Role.SITE_OPERATOR])


@pytest.fixture
def decisions():
    seen = []

    def record(sender, instance, user, **kwargs):
        seen.append((instance.pk, instance.status, user.username))

    moderation_decided.connect(record)
    yield seen
    moderation_decided.disconnect(record)


def decide(user, item, decision, reason=""):
    url = reverse("review_moderation_detail", args=[item.pk])
    return client_for(user).post(url, {"decision": decision, "reason": reason})


def test_a_submission__waits_unshown_until_an_operator_approves_it(operator, decisions):
    item = submit(
        kind="领导信箱", title="关于增设公交站点的建议", text="建议在新区增设公交站点。", author_name="王先生"
    )
    assert item.status == ModerationStatus.PENDING and not item.is_public
    assert "关于增设公交站点的建议" in client_for(operator).get(reverse("review_moderation")).content.decode()

    assert decide(operator, item, "approve").status_code == 302
    item.refresh_from_db()
    assert item.is_public
    assert item.decided_by == operator and item.decided_at is not None
    assert decisions == [(item.pk, ModerationStatus.APPROVED, "operator")]


def test_a_submission_with_a_mobile_number__is_marked_and_needs_a_reason_to_be_shown(operator):
    item = submit(kind="领导信箱", title="反映噪音扰民", text="夜间施工噪音很大，我的电话13912345678，请联系我。")
    assert item.has_blocking
    html = client_for(operator).get(reverse("review_moderation_detail", args=[item.pk])).content.decode()
    assert ">13912345678</mark>" in html

    response = decide(operator, item, "approve")
    assert "如仍予显示，须写明理由" in response.content.decode()
    item.refresh_from_db()
    assert item.is_pending


def test_rejecting__requires_a_reason_which_is_kept(operator, decisions):
    item = submit(kind="意见征集", title="厂家直销", text="厂家直销，立即抢购！")
    assert "不予显示时须写明理由" in decide(operator, item, "reject").content.decode()
    decide(operator, item, "reject", "广告内容，不予显示。")
    item.refresh_from_db()
    assert item.status == ModerationStatus.REJECTED
    assert item.reason == "广告内容，不予显示。"
    assert not item.is_public
    assert decisions == [(item.pk, ModerationStatus.REJECTED, "operator")]


def test_a_decision__is_final(operator):
    item = submit(kind="领导信箱", title="建议", text="建议延长图书馆开放时间。")
    decide(operator, item, "approve")
    decide(operator, item, "reject", "改变主意。")
    item.refresh_from_db()
    assert item.status == ModerationStatus.APPROVED


def test_the_queue__is_closed_to_editors_and_unit_heads(people):
    item = submit(kind="领导信箱", title="建议", text="建议延长图书馆开放时间。")
    for user in (people.fgw_editor, people.fgw_head):
        assert client_for(user).get(reverse("review_moderation")).status_code in (302, 403)
        assert decide(user, item, "approve").status_code in (302, 403)
    item.refresh_from_db()
    assert item.is_pending


def test_submit__links_the_item_to_its_source_object(operator):
    item = submit(kind="测试", title="来源", text="内容", source=operator)
    assert ModerationItem.objects.get(pk=item.pk).source == operator
