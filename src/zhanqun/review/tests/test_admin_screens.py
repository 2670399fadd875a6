"""The review screens as their users find them in the back office."""

import pytest
from django.urls import reverse

from zhanqun.content.enums import Importance
from zhanqun.review.models import ReviewChainRule, chain_for
from zhanqun.units.enums import Role
from zhanqun.units.factories import UserFactory

from .helpers import client_for, edit_url, submit

pytestmark = pytest.mark.django_db


def test_system_administrator__changes_the_chain_of_general_items_in_the_settings(people):
    sysadmin = UserFactory(username="sysadmin2", roles=[Role.SYSTEM_ADMINISTRATOR])
    client = client_for(sysadmin)
    listing = client.get(reverse("review_chain_rules:index")).content.decode()
    assert "全部网站：一般" in listing
    rule = ReviewChainRule.objects.get(site=None, importance=Importance.GENERAL)
    response = client.post(
        reverse("review_chain_rules:edit", args=[rule.pk]),
        {
            "site": "",
            "importance": Importance.GENERAL,
            "unit_head": "on",
            "leader_in_charge": "on",
            "note": "市政府办通知",
        },
    )
    assert response.status_code == 302
    assert [str(s.label) for s in chain_for(Importance.GENERAL)] == ["单位负责人审核", "分管领导审核"]


def test_editors__cannot_change_the_chain(people):
    response = client_for(people.fgw_editor).get(reverse("review_chain_rules:index"))
    assert response.status_code in (302, 403)


def test_the_review_menu__shows_each_role_its_own_screens(people):
    """The sidebar is drawn from JSON in the page; its links tell which items it holds."""
    screening, records, moderation = (
        reverse("review_screening_queue"),
        reverse("review_records"),
        reverse("review_moderation"),
    )
    secrecy_menu = client_for(people.secrecy).get("/admin/").content.decode()
    assert screening in secrecy_menu and moderation not in secrecy_menu
    operator = UserFactory(username="operator", roles=[Role.SITE_OPERATOR])
    operator_menu = client_for(operator).get("/admin/").content.decode()
    assert moderation in operator_menu and records in operator_menu and screening not in operator_menu
    editor_menu = client_for(people.fgw_editor).get("/admin/").content.decode()
    assert not any(url in editor_menu for url in (screening, records, moderation))


def test_the_item_editor__links_to_its_review_record(people, draft):
    page = draft(Importance.GENERAL)
    submit(people.fgw_editor, page)
    html = client_for(people.fgw_head).get(edit_url(page)).content.decode()
    assert reverse("review_item_record", args=[page.pk]) in html


def test_review_panel__tells_where_the_item_stands(people, draft, rf):
    """The panel ``content`` may add to the item editor (review/panels.py)."""
    from zhanqun.review.panels import ReviewPanel

    page = draft(Importance.BUSINESS)
    submit(people.fgw_editor, page)
    request = rf.get("/")
    request.user = people.fgw_head
    page = page.specific_class.objects.get(pk=page.pk)
    panel = ReviewPanel().bind_to_model(type(page)).get_bound_panel(instance=page, request=request, form=None)
    html = panel.render_html()
    assert "进行中" in html or "In progress" in html
    assert "单位负责人审核" in html
    assert "提交审核" in html
    assert reverse("review_item_record", args=[page.pk]) in html
