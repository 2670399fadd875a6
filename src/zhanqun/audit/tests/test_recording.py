"""What gets recorded, as an auditor finds it in the log after people used the back office."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from zhanqun import audit
from zhanqun.audit.middleware import AuditMiddleware
from zhanqun.audit.models import AuditRecord
from zhanqun.conftest import ADMIN_HOST, PORTAL_HOST
from zhanqun.units.enums import Role
from zhanqun.units.factories import PASSWORD, UserFactory

from .conftest import run

pytestmark = pytest.mark.django_db


def last(action):
    return AuditRecord.objects.filter(action=action).order_by("-seq").first()


def sign_in(username, password, address="10.20.30.40", **headers):
    client = Client(HTTP_HOST=ADMIN_HOST, REMOTE_ADDR=address, **headers)
    response = client.post(reverse("wagtailadmin_login"), {"username": username, "password": password})
    return client, response


def test_signing_in_through_the_admin_login_page_is_recorded_with_the_source_address():
    user = UserFactory(username="wangfang", roles=[Role.SITE_OPERATOR])
    _client, response = sign_in("wangfang", PASSWORD)
    assert response.status_code == 302
    record = last("auth.login")
    assert (record.username, record.user_id, record.source_address) == ("wangfang", user.pk, "10.20.30.40")
    assert record.action_label == "登录" and record.success
    assert record.object_repr == "wangfang"


def test_a_failed_sign_in_is_recorded_as_a_failure_with_the_name_tried():
    UserFactory(username="wangfang")
    _client, response = sign_in("wangfang", "wrong-password", address="192.0.2.7")
    assert response.status_code == 200
    record = last("auth.login_failed")
    assert (record.username, record.user_id, record.success, record.source_address) == (
        "wangfang",
        None,
        False,
        "192.0.2.7",
    )
    assert "wrong-password" not in str(record.detail)
    assert run("verify")[0] == 0


def test_signing_out_is_recorded():
    UserFactory(username="wangfang", roles=[Role.SITE_OPERATOR])
    client, _response = sign_in("wangfang", PASSWORD)
    client.post(reverse("wagtailadmin_logout"))
    assert last("auth.logout").username == "wangfang"


def test_the_proxy_header_is_believed_only_when_configured():
    UserFactory(username="wangfang", roles=[Role.SITE_OPERATOR])
    sign_in("wangfang", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.9.8.7")
    assert last("auth.login").source_address == "127.0.0.1"
    with override_settings(ZHANQUN_PROXY_HEADER="HTTP_X_FORWARDED_FOR"):
        sign_in("wangfang", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.9.8.7")
    assert last("auth.login").source_address == "10.9.8.7"


def test_publishing_a_page_through_the_admin_is_mirrored_from_wagtails_log(site_group, superuser):
    from zhanqun.content.factories import page_form_data, rich_text

    client = Client(HTTP_HOST=ADMIN_HOST, REMOTE_ADDR="10.0.0.5")
    client.force_login(superuser)
    data = page_form_data(
        title="学习专题",
        slug="xxzt",
        intro=rich_text("<p>专题。</p>"),
        responsible_unit=site_group.units.office.pk,
        update_interval_days="30",
        start_date="2026-06-01",
    )
    data["action-publish"] = "action-publish"
    url = reverse("wagtailadmin_pages:add", args=["columns", "specialtopicpage", site_group.portal_home.pk])
    response = client.post(url, data)
    assert response.status_code == 302
    record = last("wagtail.publish")
    assert record.object_repr == "学习专题"
    assert record.action_label == "发布"
    assert (record.username, record.source_address) == (superuser.username, "10.0.0.5")
    assert record.detail["log_entry"].startswith("wagtailcore.PageLogEntry:")
    assert last("wagtail.create").object_repr == "学习专题"
    assert run("verify")[0] == 0


def test_granting_and_removing_a_role_is_recorded(auditor):
    user = UserFactory(username="lisi")
    operator = Group.objects.get(name="站点管理员")
    user.groups.add(operator)
    added = last("auth.user_groups")
    assert (added.object_repr, added.detail["operation"], added.detail["items"]) == ("lisi", "add", ["站点管理员"])
    operator.user_set.remove(user)
    removed = last("auth.user_groups")
    assert (removed.object_repr, removed.detail["operation"], removed.detail["items"]) == (
        "站点管理员",
        "remove",
        ["lisi"],
    )
    user.groups.add(operator)
    user.groups.clear()
    assert last("auth.user_groups").detail == {"operation": "clear", "items": ["站点管理员"]}


def test_a_group_permission_change_is_recorded():
    group = Group.objects.create(name="临时组")
    from django.contrib.auth.models import Permission

    perm = Permission.objects.get(codename="view_auditrecord")
    group.permissions.add(perm)
    record = last("auth.group_permissions")
    assert record.object_repr == "临时组" and record.detail["items"] == ["audit.view_auditrecord"]


def test_an_export_from_any_back_office_report_is_recorded(site_group, admin_host_client):
    response = admin_host_client.get(reverse("content_reports:take_downs") + "?export=xlsx")
    assert response.status_code == 200
    record = last("export")
    assert record.detail["filename"].startswith("撤稿记录") and record.detail["filename"].endswith(".xlsx")
    assert record.detail["request"].startswith("GET /admin/content/reports/take-downs/")


def test_a_refused_request_is_recorded_as_a_failure(editor):
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(editor)
    client.get(reverse("audit:index"), headers={"x-requested-with": "XMLHttpRequest"})
    record = last("access.denied")
    assert (record.username, record.success) == ("xinxiyuan", False)


def test_a_failure_survives_the_rollback_of_its_action(superuser):
    """The action's transaction rolls back; what it wrote is gone, its failure record is not."""

    def view(request):
        try:
            with transaction.atomic():
                audit.record(request, "test.good", note="rolled back with the action")
                Group.objects.create(name="不该留下")
                audit.record(request, "test.bad", success=False, reason="校验失败")
                raise ValueError("boom")
        except ValueError:
            pass
        return HttpResponse("ok")

    request = RequestFactory().post("/admin/x/", REMOTE_ADDR="10.1.1.1")
    request.is_admin_host = True
    request.user = superuser
    AuditMiddleware(view)(request)
    assert not Group.objects.filter(name="不该留下").exists()
    assert last("test.good") is None
    failed = last("test.bad")
    assert (failed.success, failed.source_address, failed.detail["reason"]) == (False, "10.1.1.1", "校验失败")


def test_public_requests_leave_no_trace():
    before = AuditRecord.objects.count()
    Client(HTTP_HOST=PORTAL_HOST).get("/")
    assert AuditRecord.objects.count() == before


def test_revealing_a_citizens_personal_data_is_recorded(units):
    from zhanqun.cases import services as case_services
    from zhanqun.cases.factories import submit
    from zhanqun.cases.tests.kinds import register

    register()
    case = submit("test", unit=units.fgw)
    viewer = UserFactory(username="chakan", is_superuser=True)
    case_services.reveal_personal_data(case, viewer, ["name"], purpose="回电核实")
    record = last("personal_data.view")
    assert (record.username, record.object_id, record.detail["purpose"]) == ("chakan", str(case.pk), "回电核实")
    assert record.detail["fields"] == ["name"]
    assert record.action_label == "查看公众个人信息"


def test_loading_users_from_a_fixture_or_snapshot_is_not_a_permission_change():
    """A user's groups set by a loader (``loaddata``, a test database snapshot) are data
    being restored, not a grant: only a real change is recorded."""
    from django.core import serializers

    group = Group.objects.create(name="测试组")
    user = UserFactory()
    user.groups.add(group)
    granted = AuditRecord.objects.filter(action="auth.user_groups").count()
    assert granted >= 1
    data = serializers.serialize("json", [user])
    pk = user.pk
    user.delete()
    for obj in serializers.deserialize("json", data):
        obj.save()
    restored = get_user_model().objects.get(pk=pk)
    assert list(restored.groups.all()) == [group]
    assert AuditRecord.objects.filter(action="auth.user_groups").count() == granted
    # Afterwards a real change is recorded again.
    restored.groups.remove(group)
    assert AuditRecord.objects.filter(action="auth.user_groups").count() == granted + 1
