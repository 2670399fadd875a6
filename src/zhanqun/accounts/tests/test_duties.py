"""三员分立: no account holds two of the separated duties; no superuser from the back office."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from zhanqun.units.enums import Role
from zhanqun.units.factories import UserFactory
from zhanqun.units.permissions import role_group

from .conftest import admin_client

pytestmark = pytest.mark.django_db


def test_adding_a_second_duty__refused_from_either_side():
    user = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    with pytest.raises(ValidationError, match="三员分立"), transaction.atomic():
        user.groups.add(role_group(Role.AUDITOR))
    with pytest.raises(ValidationError, match="三员分立"), transaction.atomic():
        role_group(Role.SECURITY_ADMINISTRATOR).user_set.add(user)
    assert list(user.groups.values_list("name", flat=True)) == ["系统管理员"]
    user.groups.add(role_group(Role.UNIT_EDITOR))  # other roles are not duties


def test_user_form__refuses_two_duties_with_a_clear_message():
    sysadmin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    target = UserFactory(username="lisi", roles=[Role.AUDITOR])
    client = admin_client()
    client.force_login(sysadmin)
    response = client.post(
        f"/admin/users/edit/{target.pk}/",
        {
            "username": "lisi",
            "email": "lisi@yunze.gov.cn",
            "first_name": "四",
            "last_name": "李",
            "is_active": "on",
            "groups": [role_group(Role.AUDITOR).pk, role_group(Role.SECURITY_ADMINISTRATOR).pk],
        },
    )
    assert response.status_code == 200
    assert "同一账号不能同时担任安全管理员、审计员" in response.content.decode()
    assert list(target.groups.values_list("name", flat=True)) == ["审计员"]


def test_system_administrator__cannot_make_anyone_superuser():
    sysadmin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    target = UserFactory(username="wangwu", roles=[Role.UNIT_EDITOR])
    client = admin_client()
    client.force_login(sysadmin)
    form_page = client.get(f"/admin/users/edit/{target.pk}/")
    assert form_page.status_code == 200
    assert 'name="is_superuser"' not in form_page.content.decode()
    new_user_page = client.get("/admin/users/new/")
    assert new_user_page.status_code == 200
    assert 'name="is_superuser"' not in new_user_page.content.decode()
    client.post(
        f"/admin/users/edit/{target.pk}/",
        {
            "username": "wangwu",
            "email": "wangwu@yunze.gov.cn",
            "first_name": "五",
            "last_name": "王",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [role_group(Role.UNIT_EDITOR).pk],
        },
    )
    target.refresh_from_db()
    assert not target.is_superuser


def test_security_administrator__manages_security_but_not_users(security_admin):
    assert security_admin.has_perm("accounts.manage_sign_in")
    assert security_admin.has_perm("accounts.change_device")
    assert not security_admin.has_perm("auth.change_user")
    auditor = UserFactory(roles=[Role.AUDITOR])
    assert not auditor.has_perm("accounts.manage_sign_in")
    sysadmin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    assert not sysadmin.has_perm("accounts.manage_sign_in")
