"""The auditor's screens (审计日志): what the 审计员 sees, and that they can change nothing."""

import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from zhanqun import audit
from zhanqun.audit.models import AuditRecord
from zhanqun.conftest import ADMIN_HOST
from zhanqun.content.tests.conftest import menu_labels, refused
from zhanqun.units.enums import Role
from zhanqun.units.permissions import role_group

from .conftest import make_records, sql

pytestmark = pytest.mark.django_db


def test_the_auditor_finds_the_log_in_the_menu_and_an_editor_does_not(auditor_client, editor):
    assert "审计日志" in menu_labels(auditor_client)
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(editor)
    assert "审计日志" not in menu_labels(client)
    assert refused(client.get(reverse("audit:index")))


def listing(client, **params):
    """The table of the list (without the sidebar, which names the signed-in user)."""
    response = client.get(reverse("audit:index_results"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_sign_ins_and_filters_by_user_action_and_result(auditor_client, auditor):
    audit.record(None, "auth.login_failed", success=False, user=None, username="mallory")
    assert auditor_client.get(reverse("audit:index")).status_code == 200
    page = listing(auditor_client)
    assert "shenji" in page and "登录" in page and "mallory" in page
    page = listing(auditor_client, username="mallory")
    assert "mallory" in page and "shenji" not in page
    page = listing(auditor_client, action="auth.login")
    assert "shenji" in page and "mallory" not in page
    page = listing(auditor_client, success="false")
    assert "mallory" in page
    page = listing(auditor_client, q="mallory")
    assert "mallory" in page and "shenji" not in page


def test_a_record_shows_whether_it_passes_the_chain_check(auditor_client):
    record = audit.record(None, "test.action", note="原文")
    url = reverse("audit:detail", args=[record.pk])
    page = auditor_client.get(url).content.decode()
    assert 'data-chain-status="ok"' in page and "原文" in page
    sql("UPDATE {table} SET detail = %s WHERE id = %s", ['{"note": "改过"}', record.pk])
    page = auditor_client.get(url).content.decode()
    assert 'data-chain-status="broken"' in page and "已被改动" in page


def test_the_xlsx_export_holds_the_filtered_records_and_is_itself_audited(auditor_client):
    audit.record(None, "test.action", user=None, username="zhaoliu", note="导出我")
    response = auditor_client.get(reverse("audit:index"), {"username": "zhaoliu", "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("序号", "时间", "用户名")
    assert [r[2] for r in rows[1:]] == ["zhaoliu"]
    record = AuditRecord.objects.order_by("-seq").first()
    assert (record.action, record.username) == ("audit.export", "shenji")
    assert record.detail["filters"] == {"username": ["zhaoliu"]} and record.detail["rows"] == 1
    assert not AuditRecord.objects.filter(action="export").exists()  # recorded once, not twice


def test_the_auditor_role_may_read_and_nothing_else():
    names = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.filter(group=role_group(Role.AUDITOR)).select_related("content_type")
    }
    assert "audit.view_auditrecord" in names
    writes = {n for n in names if not n.split(".")[1].startswith("view_") and n != "wagtailadmin.access_admin"}
    assert writes == set()
    assert not Permission.objects.filter(content_type__app_label="audit").exclude(codename="view_auditrecord")


WRITE_URLS = [
    ("get", "wagtailusers_users:add", []),
    ("get", "wagtailusers_groups:add", []),
    ("get", "wagtailadmin_pages:add_subpage", ["portal_home"]),
    ("get", "wagtailadmin_pages:edit", ["portal_home"]),
    ("post", "wagtailadmin_pages:unpublish", ["portal_home"]),
    ("post", "wagtailadmin_pages:delete", ["portal_home"]),
    ("get", "wagtailimages:add", []),
    ("get", "wagtaildocs:add_multiple", []),
    ("get", "wagtailsites:add", []),
    ("get", "wagtailsnippets_units_unit:add", []),
    ("get", "content_take_down", ["portal_home"]),
]


@pytest.mark.parametrize(("method", "name", "args"), WRITE_URLS, ids=[n for _m, n, _a in WRITE_URLS])
def test_the_auditor_is_refused_on_write_screens(site_group, auditor_client, method, name, args):
    url = reverse(name, args=[getattr(site_group, a).pk for a in args])
    response = getattr(auditor_client, method)(url)
    assert refused(response), (url, response.status_code, response.get("Location"))
    assert site_group.portal_home.__class__.objects.get(pk=site_group.portal_home.pk).live


def test_the_audit_screens_accept_no_writes(auditor_client):
    record = audit.record(None, "test.action")
    for url in (reverse("audit:index"), reverse("audit:detail", args=[record.pk])):
        assert auditor_client.post(url, {"detail": "{}"}).status_code == 405
    assert AuditRecord.objects.get(pk=record.pk).hash == record.hash


def test_the_sequence_number__is_kept_on_one_line(auditor_client):
    """At 1280 px the 对象 column squeezed 序号 until "1421" broke into "142 / 1"."""
    make_records(3)
    page = auditor_client.get("/admin/audit/").content.decode()
    cells = re.findall(r'<td class="([^"]*)\btitle"', page)
    assert cells and all("w-whitespace-nowrap" in classes for classes in cells)
