"""The demo shows review at every stage (docs/review.md)."""

import pytest
from wagtail.models import WorkflowState

from zhanqun.demo.loader import demo_accounts, load_demo
from zhanqun.review.models import ModerationItem, ReviewRecord


@pytest.mark.django_db
def test_demo__has_items_at_each_stage_of_review_and_public_submissions_waiting():
    load_demo(scale=0.05)
    stages = {
        ws.content_object.title: (ws.status, ws.current_task_state.task.name)
        for ws in WorkflowState.objects.select_related("current_task_state__task")
    }
    assert stages["关于2026年第一批中央预算内投资项目推进情况的通报"] == ("in_progress", "单位负责人审核")
    assert stages["全市1—10月重点项目建设进展情况"] == ("in_progress", "政府办公室审核")
    assert stages["11月重要民生商品价格监测情况"] == ("needs_changes", "自动检查")
    assert stages["以工代赈项目劳务报酬发放情况公示"] == ("needs_changes", "分管领导审核")
    assert stages["云泽市2027年政府工作报告起草工作启动"] == ("in_progress", "领导小组审定")
    assert ReviewRecord.objects.filter(title="市发展改革委开展节能宣传周活动", reviewed=True).exists()
    # Two messages for the leaders' mailboxes, and a letter's reply waiting to go public
    # (the interaction demo).
    waiting = ModerationItem.objects.filter(status="pending")
    assert sorted(waiting.values_list("kind", flat=True)) == ["来信公开", "领导信箱", "领导信箱"]
    assert ("lingdao", "领导小组", "云泽市人民政府办公室") in demo_accounts()
