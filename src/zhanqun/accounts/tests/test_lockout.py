"""Failed sign-ins lock the account that failed (from any address); an address alone is
throttled only when it tries many accounts (password spraying); wrong second-factor codes
count; the 安全管理员 sees and lifts both kinds of lock, recorded."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhanqun.audit.models import AuditRecord
from zhanqun.units.enums import Role
from zhanqun.units.factories import UserFactory

from .conftest import admin_client, code_for, enforce, sign_in

pytestmark = pytest.mark.django_db

OFFICE = "10.20.0.1"  # one NAT address for a whole office
ELSEWHERE = "10.99.0.9"
TWO_FACTOR_URL = "/admin/account/sign-in/two-factor/"


def page(response):
    return response.content.decode()


@pytest.fixture
def colleagues(db):
    return {
        name: UserFactory(username=name, roles=[role])
        for name, role in [
            ("jyj_editor", Role.UNIT_EDITOR),
            ("leader", Role.UNIT_EDITOR),
            ("secadmin", Role.SECURITY_ADMINISTRATOR),
        ]
    }


def fail(client, username, times):
    return [sign_in(client, username, "wrong") for _ in range(times)][-1]


@enforce(lockout=True)
def test_five_typos__lock_that_account_not_the_colleagues_behind_the_same_address(colleagues):
    office = admin_client(REMOTE_ADDR=OFFICE)
    for _ in range(4):
        assert sign_in(office, "jyj_editor", "wrong").status_code == 200
    locked = sign_in(office, "jyj_editor", "wrong")
    assert locked.status_code == 429
    assert "账号 jyj_editor 登录失败次数过多（5 次" in page(locked)
    assert "30 分钟" in page(locked)
    assert "该地址" not in page(locked)

    # colleagues at the same address sign in as usual
    for name in ("leader", "secadmin"):
        assert sign_in(admin_client(REMOTE_ADDR=OFFICE), name).status_code == 302


@enforce(lockout=True)
def test_five_typos__lock_the_account_from_every_address_even_with_the_right_password(colleagues):
    fail(admin_client(REMOTE_ADDR=OFFICE), "jyj_editor", 5)
    elsewhere = sign_in(admin_client(REMOTE_ADDR=ELSEWHERE), "jyj_editor")
    assert elsewhere.status_code == 429
    assert "账号 jyj_editor" in page(elsewhere) and "已被锁定" in page(elsewhere)
    assert "_auth_user_id" not in admin_client().session


@enforce(lockout=True)
def test_spraying_many_accounts_from_one_address__throttles_the_address_with_its_own_message(colleagues):
    attacker = admin_client(REMOTE_ADDR=ELSEWHERE)
    # 4 guesses on each of 12 names: 48 failures, no account reaches 5
    for n in range(12):
        fail(attacker, f"user{n}", 4)
    assert sign_in(admin_client(REMOTE_ADDR=ELSEWHERE), "secadmin").status_code == 302  # below the address limit

    fail(attacker, "user12", 2)  # 50 failures over 13 names
    refused = sign_in(admin_client(REMOTE_ADDR=ELSEWHERE), "leader")
    assert refused.status_code == 429
    text = page(refused)
    assert "该地址登录失败次数过多" in text
    assert "您的账号本身没有被锁定" in text
    assert "账号 leader" not in text
    # refused attempts are not failures of the account typed: after five more refusals
    # the same person signs in from their usual address
    for _ in range(5):
        assert sign_in(admin_client(REMOTE_ADDR=ELSEWHERE), "leader").status_code == 429
    assert sign_in(admin_client(REMOTE_ADDR=OFFICE), "leader").status_code == 302


@enforce(lockout=True)
def test_one_person_retrying_their_locked_account__neither_extends_the_lock_nor_throttles_the_address(colleagues):
    office = admin_client(REMOTE_ADDR=OFFICE)
    fail(office, "jyj_editor", 5)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=29))  # locked 29 minutes ago
    assert fail(office, "jyj_editor", 50).status_code == 429  # still locked; these 50 are refused, not counted
    assert sign_in(admin_client(REMOTE_ADDR=OFFICE), "leader").status_code == 302
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=2))  # 31 minutes later
    assert sign_in(admin_client(REMOTE_ADDR=OFFICE), "jyj_editor").status_code == 302


@enforce(lockout=True, ZHANQUN_LOCKOUT_ADDRESS_FAILURES=10, ZHANQUN_LOCKOUT_ADDRESS_USERNAMES=3)
def test_address_limit__is_a_setting(colleagues):
    attacker = admin_client(REMOTE_ADDR=ELSEWHERE)
    for name in ("a", "b", "c"):
        fail(attacker, name, 3)
    assert sign_in(admin_client(REMOTE_ADDR=ELSEWHERE), "leader").status_code == 302
    fail(attacker, "d", 1)  # 10 failures over 4 names
    assert "该地址登录失败次数过多" in page(sign_in(admin_client(REMOTE_ADDR=ELSEWHERE), "leader"))


@pytest.fixture
def enrolled(colleagues):
    user = colleagues["jyj_editor"]
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def wrong_code(client, user):
    right = code_for(user)
    return client.post(TWO_FACTOR_URL, {"token": f"{(int(right) + 1) % 1000000:06d}", "next": "/admin/"})


@enforce(lockout=True, two_factors=True)
def test_five_wrong_second_factor_codes__lock_the_account_and_end_the_sign_in(enrolled):
    client = admin_client(REMOTE_ADDR=OFFICE)
    assert sign_in(client, "jyj_editor")["Location"].startswith(TWO_FACTOR_URL)
    for _ in range(4):
        assert wrong_code(client, enrolled).status_code == 200
    locked = wrong_code(client, enrolled)
    assert locked.status_code == 429
    assert "账号 jyj_editor 登录失败次数过多" in page(locked)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")  # the half sign-in ended
    # and the right password from elsewhere is refused too
    assert sign_in(admin_client(REMOTE_ADDR=ELSEWHERE), "jyj_editor").status_code == 429
    assert AuditRecord.objects.filter(action="accounts.otp_failed").count() == 5


@enforce(lockout=True, two_factors=True)
def test_signing_in_again_with_the_password__does_not_restart_the_count_of_wrong_codes(enrolled):
    client = admin_client(REMOTE_ADDR=OFFICE)
    sign_in(client, "jyj_editor")
    for _ in range(3):
        wrong_code(client, enrolled)
    client = admin_client(REMOTE_ADDR=OFFICE)
    assert sign_in(client, "jyj_editor")["Location"].startswith(TWO_FACTOR_URL)
    wrong_code(client, enrolled)
    assert wrong_code(client, enrolled).status_code == 429


@enforce(lockout=True, two_factors=True)
def test_a_complete_sign_in__clears_earlier_failures(enrolled):
    fail(admin_client(REMOTE_ADDR=OFFICE), "jyj_editor", 4)
    client = admin_client(REMOTE_ADDR=OFFICE)
    sign_in(client, "jyj_editor")
    assert client.post(TWO_FACTOR_URL, {"token": code_for(enrolled), "next": "/admin/"})["Location"] == "/admin/"
    # four more typos later do not lock: the count started again
    assert fail(admin_client(REMOTE_ADDR=OFFICE), "jyj_editor", 4).status_code == 200


@enforce(lockout=True)
def test_security_admin__sees_locked_accounts_and_addresses_and_unlocks_each_recorded(colleagues):
    secadmin = colleagues["secadmin"]
    fail(admin_client(REMOTE_ADDR=OFFICE), "jyj_editor", 5)
    attacker = admin_client(REMOTE_ADDR=ELSEWHERE)
    for n in range(10):
        fail(attacker, f"guess{n}", 5)  # 50 failures over 10 names; each of them locked too

    security = admin_client(REMOTE_ADDR=OFFICE)
    security.force_login(secadmin)
    listing = page(security.get("/admin/security/lockouts/"))
    accounts_table = listing.split('data-testid="locked-accounts"')[1].split("</table>")[0]
    addresses_table = listing.split('data-testid="throttled-addresses"')[1].split("</table>")[0]
    assert "jyj_editor" in accounts_table and OFFICE in accounts_table
    assert "guess3" in accounts_table and "系统中没有此账号" in accounts_table
    assert ELSEWHERE in addresses_table and OFFICE not in addresses_table
    assert "10 个" in addresses_table

    response = security.post("/admin/security/lockouts/unlock-account/", {"username": "jyj_editor"}, follow=True)
    assert "已解除账号 jyj_editor 的登录锁定" in page(response)
    assert sign_in(admin_client(REMOTE_ADDR=OFFICE), "jyj_editor").status_code == 302
    record = AuditRecord.objects.get(action="accounts.unlock")
    assert record.username == "secadmin" and record.detail["locked_username"] == "jyj_editor"

    assert sign_in(admin_client(REMOTE_ADDR=ELSEWHERE), "leader").status_code == 429
    response = security.post("/admin/security/lockouts/unlock-address/", {"address": ELSEWHERE}, follow=True)
    assert f"已解除来源地址 {ELSEWHERE} 的登录限制" in page(response)
    assert "guess0" in page(response)  # the accounts unlocked with it are named
    assert sign_in(admin_client(REMOTE_ADDR=ELSEWHERE), "leader").status_code == 302
    record = AuditRecord.objects.get(action="accounts.unlock_address")
    assert record.detail["locked_address"] == ELSEWHERE and "guess0" in record.detail["accounts_unlocked"]

    listing = page(security.get("/admin/security/lockouts/"))
    assert "当前没有被锁定的账号" in listing and "当前没有暂停登录的来源地址" in listing


@enforce(lockout=True)
def test_unlock_address__refuses_what_is_not_an_address(colleagues):
    security = admin_client()
    security.force_login(colleagues["secadmin"])
    response = security.post("/admin/security/lockouts/unlock-address/", {"address": "10.0.0.999"}, follow=True)
    assert "不是有效的 IP 地址" in page(response)
    assert not AuditRecord.objects.filter(action="accounts.unlock_address").exists()


@enforce(lockout=True)
def test_an_editor_cannot_unlock(colleagues):
    fail(admin_client(REMOTE_ADDR=OFFICE), "jyj_editor", 5)
    editor = admin_client()
    editor.force_login(colleagues["leader"])
    editor.post("/admin/security/lockouts/unlock-account/", {"username": "jyj_editor"})
    assert sign_in(admin_client(REMOTE_ADDR=OFFICE), "jyj_editor").status_code == 429


def test_lockout_settings__five_failures_thirty_minutes_per_account_fifty_over_five_names_per_address():
    from zhanqun.settings import base

    assert base.AXES_FAILURE_LIMIT == 5
    assert base.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert base.AXES_ENABLED is True
    assert base.AXES_RESET_ON_SUCCESS is False
    assert (base.ZHANQUN_LOCKOUT_ADDRESS_FAILURES, base.ZHANQUN_LOCKOUT_ADDRESS_USERNAMES) == (50, 5)
