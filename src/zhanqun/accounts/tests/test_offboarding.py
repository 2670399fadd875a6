"""R-SEC-7: offboarding disables, ends sessions, removes devices, hands over, records."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhanqun.accounts.models import Device, Offboarding
from zhanqun.units.enums import Role
from zhanqun.units.factories import UnitFactory, UserFactory

from .conftest import admin_client

pytestmark = pytest.mark.django_db


def test_offboard__disables_hands_over_and_records(editor):
    from wagtail.models import Page

    colleague = UserFactory(username="lisi", roles=[Role.UNIT_EDITOR])
    unit = UnitFactory(staff_contact=editor)
    root = Page.get_first_root_node()
    draft = root.add_child(instance=Page(title="未发布的稿件", slug="draft-x", live=False, owner=editor))
    locked = root.add_child(instance=Page(title="锁定的页面", slug="locked-x", owner=colleague))
    locked.locked, locked.locked_by, locked.locked_at = True, editor, timezone.now()
    locked.save()
    TOTPDevice.objects.create(user=editor, name="x", confirmed=True)
    Device.objects.create(user=editor)
    client = admin_client()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200

    call_command(
        "accounts", "offboard", "zhangsan", "--to", "lisi", "--pledge-ref", "保密承诺书2026-07号", "--returned", "U盾1个、门禁卡"
    )

    editor.refresh_from_db()
    assert not editor.is_active and not editor.has_usable_password()
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert not TOTPDevice.objects.filter(user=editor).exists() and not Device.objects.filter(user=editor).exists()
    draft.refresh_from_db()
    locked.refresh_from_db()
    unit.refresh_from_db()
    assert draft.owner == colleague and locked.locked_by == colleague and unit.staff_contact == colleague
    record = Offboarding.objects.get(user=editor)
    assert record.successor == colleague and record.pledge_ref == "保密承诺书2026-07号"
    assert record.returned_materials == "U盾1个、门禁卡" and record.pages_transferred == 2 and record.sessions_ended == 1
