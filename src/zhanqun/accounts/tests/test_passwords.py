"""R-SEC-1 passwords: rules, history, 90-day rotation, one-time first password."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from zhanqun.accounts.models import AccountSecurity, PasswordHistory, SecurityPolicy
from zhanqun.settings import base
from zhanqun.units.enums import Role
from zhanqun.units.factories import PASSWORD, UserFactory

from .conftest import admin_client, enforce, sign_in

pytestmark = pytest.mark.django_db


def messages_for(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def test_password_rules__refuse_short_unmixed_username_and_common_passwords(editor):
    assert "至少需要 8 个字符" in messages_for("Ab#1", editor)
    assert "字母、数字和符号" in messages_for("abcdefgh12", editor)
    assert "字母、数字和符号" in messages_for("Abcdefgh#!", editor)
    assert "包含用户名" in messages_for("zhangsan#2026", editor)
    assert "太常见" in messages_for("password", editor)
    assert messages_for("Yunze#Gov2026", editor) == ""


def test_password_min_length__raised_by_the_security_policy(editor):
    policy = SecurityPolicy.load()
    policy.password_min_length = 12
    policy.save()
    assert "至少需要 12 个字符" in messages_for("Yunze#2026", editor)


def test_password_history__the_last_five_cannot_be_reused(editor):
    passwords = [f"Yunze#Gov{n}x" for n in range(6)]
    for password in passwords:
        validate_password(password, editor)
        editor.set_password(password)
        editor.save()
    assert PasswordHistory.objects.filter(user=editor).count() == 5
    for recent in passwords[1:]:
        assert "最近 5 次" in messages_for(recent, editor)
    assert messages_for(passwords[0], editor) == ""  # the sixth-last may come back


def test_argon2_hashes_new_passwords_and_pbkdf2_still_verifies():
    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert any("PBKDF2PasswordHasher" in h for h in base.PASSWORD_HASHERS)


def test_expired_password__every_admin_page_leads_to_the_change_page(editor):
    AccountSecurity.objects.create(user=editor, password_changed_at=timezone.now() - timedelta(days=91))
    client = admin_client()
    with enforce(password_age=True):
        response = sign_in(client, "zhangsan")
        page = client.get(response["Location"], follow=True)
        assert page.redirect_chain[-1][0].startswith("/admin/account/sign-in/password/")
        assert "密码已超过使用期限" in page.content.decode()
        assert client.get("/admin/account/")["Location"].startswith("/admin/account/sign-in/password/")

        response = client.post(
            "/admin/account/sign-in/password/?next=/admin/account/",
            {"old_password": PASSWORD, "new_password1": "Yunze#Gov2026", "new_password2": "Yunze#Gov2026"},
        )
        assert response["Location"] == "/admin/account/"
        assert client.get("/admin/account/").status_code == 200


def test_password_change__refuses_the_current_password_in_chinese(editor):
    client = admin_client()
    client.force_login(editor)
    response = client.post(
        "/admin/account/sign-in/password/",
        {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert "不能使用最近 5 次用过的密码" in response.content.decode()


def test_password_change__ends_the_users_other_sessions(editor):
    other = admin_client()
    other.force_login(editor)
    assert other.get("/admin/").status_code == 200
    client = admin_client()
    client.force_login(editor)
    client.post(
        "/admin/account/sign-in/password/",
        {"old_password": PASSWORD, "new_password1": "Yunze#Gov2026", "new_password2": "Yunze#Gov2026"},
    )
    assert client.get("/admin/").status_code == 200  # this one continues
    assert other.get("/admin/")["Location"].startswith("/admin/login/")  # the other has ended


def test_create_admin__one_time_password_must_be_changed_at_first_sign_in(capsys):
    call_command("accounts", "create-admin", "xitong", "--network", "127.0.0.1")
    out = capsys.readouterr().out
    password = out.split("一次性密码：")[1].split()[0]
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="xitong")
    assert not user.is_superuser
    assert user.groups.filter(name=str(Role.SYSTEM_ADMINISTRATOR.label)).exists()
    assert user.security.must_change_password

    client = admin_client()
    with enforce(password_age=True, binding=True):
        page = sign_in(client, "xitong", password, follow=True)
        assert "一次性初始密码" in page.content.decode()
        assert client.get("/admin/users/")["Location"].startswith("/admin/account/sign-in/password/")
        client.post(
            "/admin/account/sign-in/password/",
            {"old_password": password, "new_password1": "Guanli#Yz2026", "new_password2": "Guanli#Yz2026"},
        )
        assert client.get("/admin/users/").status_code == 200
    user.security.refresh_from_db()
    assert not user.security.must_change_password


def test_create_admin__refuses_an_existing_username(editor):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="已存在"):
        call_command("accounts", "create-admin", "zhangsan")


def test_idle_session__signed_out_after_thirty_minutes(editor):
    client = admin_client()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    session = client.session
    session["accounts_last_activity"] = (timezone.now() - timedelta(minutes=31)).timestamp()
    session.save()
    response = client.get("/admin/account/", follow=True)
    assert "自动退出" in response.content.decode()
    assert response.redirect_chain[0][0].startswith("/admin/login/")
    assert settings.ZHANQUN_IDLE_TIMEOUT_MINUTES == 30


def test_password_reset_by_email_is_off():
    assert base.WAGTAIL_PASSWORD_RESET_ENABLED is False
    assert UserFactory  # accounts are issued by the office (R-SEC-1)
