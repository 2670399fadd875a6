"""Account procedures that touch several models: the first administrator, resetting
two factors, offboarding (R-SEC-7). Used by ``zhanqun accounts`` and the admin views."""

import secrets
import string
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhanqun import audit

from .models import AccountSecurity, Device, NetworkAllowance, Offboarding

User = get_user_model()

SYMBOLS = "#@%+=!?-"


def one_time_password(length=16):
    """A random password that passes the validators (letters, digits and a symbol)."""
    alphabet = string.ascii_letters + string.digits + SYMBOLS
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.isalpha() for c in password)
            and any(c.isdigit() for c in password)
            and any(c in SYMBOLS for c in password)
        ):
            return password


@transaction.atomic
def create_admin(username, role, *, email="", networks=()):
    """The first administrators of a fresh install: a user in ``role`` (one of the
    separated duties) with a one-time password that must be changed at first sign-in.
    Not a superuser (三员分立). Returns (user, password)."""
    from zhanqun.units.permissions import role_group

    if User.objects.filter(username=username).exists():
        raise ValueError(f"用户 {username} 已存在。")
    password = one_time_password()
    user = User(username=username, email=email, is_active=True)
    user.set_password(password)
    user.save()
    user.groups.add(role_group(role))
    AccountSecurity.objects.update_or_create(user=user, defaults={"must_change_password": True})
    for network in networks:
        allowance = NetworkAllowance(user=user, network=network)
        allowance.full_clean(exclude=["user"])
        allowance.save()
    audit.record(None, "accounts.create_admin", obj=user, label="创建管理员账号（一次性密码）", role=str(role))
    return user, password


def reset_two_factor(user):
    """Remove the user's authenticators and recovery codes and end their sessions, so
    the next sign-in enrols afresh. Returns how many devices were removed."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).count()
    StaticDevice.objects.filter(user=user).delete()
    end_sessions(user)
    return removed


def end_sessions(user):
    """Delete every stored session of ``user`` (database sessions). Returns the count."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@dataclass
class OffboardResult:
    record: Offboarding
    pages: int
    cases: int


def _transfer_pages(user, successor):
    """Drafts (pages they own that are not live or have unpublished changes) and the
    pages they hold locked go to the successor."""
    from wagtail.models import Page

    drafts = Page.objects.filter(owner=user).filter(live=False) | Page.objects.filter(
        owner=user, has_unpublished_changes=True
    )
    ids = set(drafts.values_list("pk", flat=True))
    Page.objects.filter(pk__in=ids).update(owner=successor)
    locked = Page.objects.filter(locked=True, locked_by=user)
    ids |= set(locked.values_list("pk", flat=True))
    locked.update(locked_by=successor)
    return len(ids)


def _transfer_cases(user, successor):
    """Cases are handled by units, not by persons (cases.Case has no handler field):
    what routes a unit's cases to a person is the unit's head, leader in charge and
    staff contact. Those positions held by the leaver move to the successor."""
    from zhanqun.units.models import Unit

    moved = 0
    for field in ("head", "leader_in_charge", "staff_contact"):
        moved += Unit.objects.filter(**{field: user}).update(**{field: successor})
    return moved


@transaction.atomic
def offboard(user, successor, *, pledge_ref, returned, performed_by=""):
    """R-SEC-7: disable the account, change its credentials, end its sessions, remove its
    authenticators and registered devices and networks, hand drafts, locks and unit
    positions to ``successor``, and record the pledge and what was returned."""
    if user.pk == successor.pk:
        raise ValueError("交接人不能是离岗人员本人。")
    if not successor.is_active:
        raise ValueError(f"交接人 {successor.get_username()} 的账号已停用。")
    user.is_active = False
    user.set_unusable_password()
    user.save()
    sessions = end_sessions(user)
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[1].get("otp_static.StaticDevice", 0)
    removed += Device.objects.filter(user=user).delete()[0]
    NetworkAllowance.objects.filter(user=user).delete()
    pages = _transfer_pages(user, successor)
    cases = _transfer_cases(user, successor)
    record = Offboarding.objects.create(
        user=user,
        successor=successor,
        pledge_ref=pledge_ref,
        returned_materials=returned,
        pages_transferred=pages,
        cases_transferred=cases,
        sessions_ended=sessions,
        devices_removed=removed,
        performed_by=performed_by,
    )
    audit.record(
        None,
        "accounts.offboard",
        obj=user,
        label="离岗交接",
        successor=successor.get_username(),
        pledge_ref=pledge_ref,
        pages=pages,
        cases=cases,
    )
    return OffboardResult(record, pages, cases)
