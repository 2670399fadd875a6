"""The workflow 信息发布审核 is installed by migrate on every site (R-PUB-2)."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Workflow

from zhanqun.content.enums import Importance
from zhanqun.review.models import DEFAULT_CHAIN, ReviewChainRule, chain_for
from zhanqun.review.workflow import WORKFLOW_NAME, install_review_workflow
from zhanqun.units.permissions import ensure_roles

pytestmark = pytest.mark.django_db


def test_every_site__uses_the_review_workflow_with_its_five_steps_in_order(site_group):
    for home in (site_group.portal_home, site_group.department_home):
        assert home.get_workflow().name == WORKFLOW_NAME
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert [t.name for t in workflow.tasks] == [
        "自动检查",
        "单位负责人审核",
        "分管领导审核",
        "政府办公室审核",
        "领导小组审定",
    ]


def test_wagtail_s_default_workflow__is_switched_off(db):
    assert not Workflow.objects.filter(name__in=["Moderators approval", "站点管理员审核（临时）"], active=True).exists()
    assert Page.get_first_root_node().get_workflow().name == WORKFLOW_NAME


def test_the_leading_group__exists_and_may_sign_in(db):
    group = Group.objects.get(name="领导小组")
    assert group.permissions.filter(codename="access_admin").exists()


def test_reinstalling__keeps_what_an_administrator_changed(db):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    rule = ReviewChainRule.objects.get(site=None, importance=Importance.GENERAL)
    rule.leader_in_charge = True
    rule.save()
    ensure_roles()
    install_review_workflow()
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert Workflow.objects.get(name=WORKFLOW_NAME).pk == workflow.pk
    assert ReviewChainRule.objects.get(site=None, importance=Importance.GENERAL).leader_in_charge


def test_default_chain__follows_the_importance_classes(db):
    for importance, steps in DEFAULT_CHAIN.items():
        assert chain_for(importance) == steps
    ReviewChainRule.objects.all().delete()
    assert chain_for(Importance.MAJOR) == DEFAULT_CHAIN[Importance.MAJOR]
