"""Failed sign-ins: 5 failures lock the account and the source for 30 minutes."""

import pytest
from axes.models import AccessAttempt

from .conftest import admin_client, enforce, sign_in

pytestmark = pytest.mark.django_db


@enforce(lockout=True)
def test_five_failures__lock_the_account_even_with_the_right_password(editor):
    client = admin_client()
    for _ in range(4):
        assert sign_in(client, "zhangsan", "wrong").status_code == 200
    locked = sign_in(client, "zhangsan", "wrong")
    assert locked.status_code == 429
    assert "登录失败次数过多（5 次）" in locked.content.decode()
    assert "30 分钟" in locked.content.decode()
    # from another address, with the right password: the account is locked
    other = admin_client(REMOTE_ADDR="10.0.0.9")
    assert sign_in(other, "zhangsan").status_code == 429


@enforce(lockout=True)
def test_five_failures__lock_the_source_for_every_username(editor, security_admin):
    client = admin_client(REMOTE_ADDR="10.0.0.7")
    for n in range(5):
        sign_in(client, f"nobody{n}", "wrong")
    assert sign_in(client, "anquan").status_code == 429


@enforce(lockout=True)
def test_security_admin__sees_the_lockout_and_unlocks(editor, security_client):
    client = admin_client()
    for _ in range(5):
        sign_in(client, "zhangsan", "wrong")
    listing = security_client.get("/admin/security/lockouts/")
    assert "zhangsan" in listing.content.decode()
    for attempt in AccessAttempt.objects.all():
        security_client.post(f"/admin/security/lockouts/{attempt.pk}/unlock/")
    assert sign_in(admin_client(), "zhangsan").status_code == 302


def test_lockout_settings__five_failures_thirty_minutes_per_account_and_source():
    from zhanqun.settings import base

    assert base.AXES_FAILURE_LIMIT == 5
    assert base.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert base.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert base.AXES_ENABLED is True
