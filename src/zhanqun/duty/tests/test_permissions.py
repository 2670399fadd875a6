"""Who may do what: 站点管理员 everything, 政府办公室审核员 sees, the person on duty (an
ordinary 信息员) uses 本班待办 and records the reading of their own shift."""

from django.urls import reverse
from django.utils import timezone

from zhanqun.duty.enums import QueueStatus
from zhanqun.duty.models import ChecklistItem, QueueEntry, ReadingRecord
from zhanqun.monitoring.enums import CheckCode, Problem
from zhanqun.monitoring.models import Finding

from .conftest import client_for, refused


def entry_for(site):
    now = timezone.now()
    finding = Finding.objects.create(
        site=site, monitor=CheckCode.LINKS, problem=Problem.BROKEN_LINK, fingerprint="link:/x/",
        message="链接不可用：/x/", first_seen_at=now, last_seen_at=now,
    )  # fmt: skip
    return QueueEntry.objects.create(
        source="monitor", site=site, finding=finding, title=finding.message, created_at=now
    )


def test_roles_get_the_apps_permissions(operator, reviewer, reader):
    assert operator.has_perm("duty.change_shift") and operator.has_perm("duty.add_maintenancenotice")
    assert reviewer.has_perm("duty.view_incident") and not reviewer.has_perm("duty.change_incident")
    assert not reader.has_perm("duty.view_queueentry")


def test_the_person_on_duty_uses_the_queue_others_do_not(site_group, on_duty, reader, other, reviewer):
    entry = entry_for(site_group.portal)
    assert refused(client_for(other).get(reverse("duty:queue")))
    assert refused(client_for(other).post(reverse("duty:acknowledge", args=[entry.pk]), {"status": "seen"}))

    page = client_for(reviewer).get(reverse("duty:queue"))
    assert page.status_code == 200 and "链接不可用" in page.content.decode() and "转整改" not in page.content.decode()
    assert refused(client_for(reviewer).post(reverse("duty:acknowledge", args=[entry.pk]), {"status": "seen"}))

    client = client_for(reader)
    page = client.get(reverse("duty:queue")).content.decode()
    assert "陈晓梅" in page and "转整改" in page
    assert (
        client.post(reverse("duty:acknowledge", args=[entry.pk]), {"status": "seen", "note": "已核实"}).status_code
        == 302
    )
    entry.refresh_from_db()
    assert entry.status == QueueStatus.SEEN


def test_the_person_on_duty_records_reading_on_their_own_shift_only(site_group, on_duty, reader, other):
    item = ChecklistItem.objects.create(title="首页", site=site_group.portal)
    url = f"{reverse('duty:reading')}?shift={on_duty.pk}"
    prefix = f"item{item.pk}"
    data = {"item": item.pk, "shift": on_duty.pk, f"{prefix}-result": "normal", f"{prefix}-note": "正常"}
    assert refused(client_for(other).post(url, data))

    client = client_for(reader)
    empty = client.post(url, {**data, f"{prefix}-result": "problem", f"{prefix}-note": ""})
    assert empty.status_code == 200 and "发现问题时请写明问题情况" in empty.content.decode()
    assert client.post(url, data).status_code == 302
    assert ReadingRecord.objects.get().reader == reader
    assert "1 / 1" in client.get(reverse("duty:queue")).content.decode()


def test_only_the_operator_fills_the_roster(site_group, patterns, operator, reader, reviewer):
    assert refused(client_for(reader).get(reverse("duty:roster_fill")))
    assert refused(client_for(reviewer).get(reverse("duty:roster_fill")))
    client = client_for(operator)
    response = client.post(
        reverse("duty:roster_fill"),
        {
            "first": "2026-11-30",
            "last": "2026-12-06",
            "patterns": [p.pk for p in patterns],
            "person_1": reader.pk,
            "person_2": operator.pk,
        },
    )
    assert response.status_code == 302
    week = client.get(reverse("duty:roster") + "?week=2026-12-01").content.decode()
    assert "陈晓梅" in week and "周敏" in week
    assert client_for(reviewer).get(reverse("duty:roster") + "?week=2026-12-01").status_code == 200
