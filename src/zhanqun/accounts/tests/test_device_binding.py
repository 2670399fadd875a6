"""Device binding (R-SEC-1): networks and approved devices; refused and recorded otherwise."""

import pytest

from zhanqun.accounts.models import Device, DeviceStatus, NetworkAllowance
from zhanqun.audit.models import AuditRecord

from .conftest import admin_client, enforce, sign_in

pytestmark = pytest.mark.django_db


@enforce(binding=True)
def test_unknown_network_and_device__refused_recorded_and_a_request_filed(editor):
    client = admin_client(REMOTE_ADDR="192.0.2.10")
    response = sign_in(client, "zhangsan")
    assert response.status_code == 200
    assert "当前网络和设备未登记" in response.content.decode()
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    device = Device.objects.get(user=editor)
    assert device.status == DeviceStatus.PENDING and device.requested_from == "192.0.2.10"
    record = AuditRecord.objects.filter(action="accounts.sign_in_refused").get()
    assert record.username == "zhangsan" and not record.success and record.source_address == "192.0.2.10"


@enforce(binding=True)
def test_approved_device__signs_in_from_any_network(editor, security_client):
    client = admin_client(REMOTE_ADDR="192.0.2.10")
    sign_in(client, "zhangsan")
    device = Device.objects.get(user=editor)
    assert str(device.token)[:8] in security_client.get("/admin/security/devices/").content.decode()
    security_client.post(f"/admin/security/devices/{device.pk}/approve/")
    assert sign_in(client, "zhangsan")["Location"] == "/admin/"
    # a browser without the cookie is still refused
    assert sign_in(admin_client(REMOTE_ADDR="192.0.2.10"), "zhangsan").status_code == 200


@enforce(binding=True)
def test_forged_or_revoked_device_cookie__refused(editor, security_client):
    client = admin_client(REMOTE_ADDR="192.0.2.10")
    sign_in(client, "zhangsan")
    device = Device.objects.get(user=editor)
    security_client.post(f"/admin/security/devices/{device.pk}/approve/")
    forged = admin_client(REMOTE_ADDR="192.0.2.10")
    forged.cookies["zhanqun_device"] = str(device.token)  # unsigned
    assert sign_in(forged, "zhangsan").status_code == 200
    security_client.post(f"/admin/security/devices/{device.pk}/revoke/")
    refused = sign_in(client, "zhangsan")
    assert "未获批准或已注销" in refused.content.decode()


@enforce(binding=True)
def test_allowed_network__signs_in_without_a_device(editor):
    NetworkAllowance.objects.create(user=editor, network="10.12.0.0/16")
    assert sign_in(admin_client(REMOTE_ADDR="10.12.3.4"), "zhangsan")["Location"] == "/admin/"
    assert sign_in(admin_client(REMOTE_ADDR="10.13.0.1"), "zhangsan").status_code == 200


@enforce(binding=True, ZHANQUN_DEVICE_BINDING_OPEN_WHEN_EMPTY=True)
def test_empty_allow_list__open_only_when_the_setting_says_so(editor):
    assert sign_in(admin_client(REMOTE_ADDR="192.0.2.10"), "zhangsan")["Location"] == "/admin/"
    NetworkAllowance.objects.create(user=editor, network="10.12.0.0/16")
    assert sign_in(admin_client(REMOTE_ADDR="192.0.2.10"), "zhangsan").status_code == 200


def test_network_allowance__rejects_what_is_not_a_network(editor):
    from django.core.exceptions import ValidationError

    allowance = NetworkAllowance(user=editor, network="10.0.0.300/8")
    with pytest.raises(ValidationError):
        allowance.full_clean()
