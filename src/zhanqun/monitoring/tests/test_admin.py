"""网站监测 in the back office."""

import pytest
from django.urls import reverse

from zhanqun.monitoring import services
from zhanqun.monitoring.enums import CheckCode
from zhanqun.units.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_scorecard_and_the_findings_behind_it(published, admin_host_client):
    services.run_checks([published.portal, published.department], [CheckCode.FRESHNESS])
    page = admin_host_client.get(reverse("monitoring:scorecard"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "云泽市人民政府" in text and "云泽市发展和改革委员会" in text
    assert "单项否决：栏目不可用（空白栏目）" in text and "得分" in text

    findings = admin_host_client.get(
        reverse("monitoring:findings"), {"site": published.portal.pk, "problem": "column_blank"}
    )
    assert findings.status_code == 200
    assert "空白栏目：" in findings.content.decode()

    export = admin_host_client.get(reverse("monitoring:findings"), {"export": "xlsx", "status": "open"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_dashboard_shows_each_sites_trend_and_links_findings_to_their_pages(published, admin_host_client):
    from datetime import timedelta

    from django.utils import timezone

    from zhanqun.monitoring import scorecard
    from zhanqun.monitoring.models import ScoreSnapshot

    portal = published.portal
    now = timezone.now()
    # Three days of history: a failing day, then better.
    for days_ago, score, passed in ((2, 88.0, False), (1, 93.5, True)):
        ScoreSnapshot.objects.create(
            site=portal, at=now - timedelta(days=days_ago), score=score, passed=passed, vetoes_failed=int(not passed)
        )
    services.run_checks([portal], [CheckCode.FRESHNESS])  # records today's score
    from zhanqun.monitoring.models import Probe

    for hours_ago, ok in ((1, False), (2, True), (3, True), (4, True), (50, False), (51, True)):
        Probe.objects.create(site=portal, url=portal.root_url + "/", at=now - timedelta(hours=hours_ago), ok=ok)
    today = float(ScoreSnapshot.objects.filter(site=portal).latest("at").score)

    text = admin_host_client.get(reverse("monitoring:scorecard")).content.decode()

    summary = text[: text.index('id="site-1"')]
    start = summary.index('<svg class="monitoring-trend"')
    trend = summary[start : summary.index("</svg>", start)]
    assert "近 3 天得分" in trend
    day = lambda n: f"{timezone.localtime(now - timedelta(days=n)):%m-%d}"  # noqa: E731
    assert f"{day(2)} 88；{day(1)} 93.5；{day(0)} {today:g}" in trend
    assert trend.count("<circle") == 1 + (not scorecard.evaluate(portal)["passed"])
    assert "评分记录不足 2 天" in summary  # the department site has no history yet
    assert "25.0%（4 次） / 33.3%（6 次）" in summary  # the portal: today, the week
    assert "未探测 / 未探测" in summary  # the department site: no probe yet
    blank = next(v for v in scorecard.evaluate(portal)["vetoes"] if v["code"] == "columns_blank")["evidence"][0]
    assert (
        f'{blank["message"]}</a>（{blank["unit"]}） <a href="{reverse("wagtailadmin_pages:edit", args=[blank["page_id"]])}">编辑页面</a>'
        in text
    )


def test_an_editor_cannot_see_the_monitoring_screens(published):
    from django.contrib.auth.models import Permission
    from django.test import Client

    from zhanqun.conftest import ADMIN_HOST

    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    for name in ("monitoring:scorecard", "monitoring:findings"):
        response = client.get(reverse(name))  # Wagtail turns the refusal into a redirect home
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), name


def test_the_allowed_domains_are_edited_in_the_back_office(published, admin_host_client):
    from zhanqun.monitoring.models import AllowedDomain

    response = admin_host_client.post(
        reverse("allowed_domains:add"), {"domain": " WWW.Example.COM.cn. ", "site": "", "note": "合作单位，已核实"}
    )
    assert response.status_code == 302
    assert AllowedDomain.objects.get().domain == "www.example.com.cn"
    listing = admin_host_client.get(reverse("allowed_domains:index"))
    assert "www.example.com.cn" in listing.content.decode()


def test_the_site_operator_and_the_office_see_the_monitoring_screens(published):
    from django.test import Client

    from zhanqun.conftest import ADMIN_HOST
    from zhanqun.content.tests.conftest import staff
    from zhanqun.units.enums import Role

    services.run_checks([published.portal], [CheckCode.FRESHNESS])
    for username, role in (("op", Role.SITE_OPERATOR), ("office", Role.OFFICE_REVIEWER)):
        client = Client(HTTP_HOST=ADMIN_HOST)
        client.force_login(staff(username, published.units.office, role))
        page = client.get(reverse("monitoring:scorecard"))
        assert page.status_code == 200 and "单项否决" in page.content.decode(), username
        assert client.get(reverse("monitoring:findings")).status_code == 200
    operator = Client(HTTP_HOST=ADMIN_HOST)
    operator.force_login(staff("op2", published.units.office, Role.SITE_OPERATOR))
    assert operator.get(reverse("allowed_domains:index")).status_code == 200


def test_a_finding_is_turned_into_a_rectification_from_the_findings_list(published, admin_host_client):
    from zhanqun.duty.models import Rectification
    from zhanqun.monitoring.models import Finding

    services.run_checks([published.portal], [CheckCode.FRESHNESS])
    finding = Finding.objects.filter(site=published.portal, problem="column_blank").order_by("pk").first()
    listing = admin_host_client.get(reverse("monitoring:findings"), {"site": published.portal.pk}).content.decode()
    rectify = reverse("duty:rectify", args=[finding.pk])
    assert f'href="{rectify}"' in listing and "转整改" in listing

    form = admin_host_client.get(rectify)
    assert form.status_code == 200
    admin_host_client.post(rectify, {"unit": finding.unit_id, "note": "请尽快补充栏目内容"})
    case = Rectification.objects.get(finding=finding).case

    listing = admin_host_client.get(reverse("monitoring:findings"), {"site": published.portal.pk}).content.decode()
    assert f"整改 {case.number}" in listing and reverse("cases:detail", args=[case.pk]) in listing
    dashboard = admin_host_client.get(reverse("monitoring:scorecard")).content.decode()
    assert f"整改 {case.number}" in dashboard


def test_the_scorecard_shows_the_evidence_of_every_kind_of_finding(site_group, admin_host_client):
    """Each kind of evidence has its own keys: a finding without an address (an overdue
    letter or error report, a consultation left unanswered) has a message and no ``url``;
    a failed probe has a ``url`` and an ``error``, no message. The scorecard lists each
    (it used to answer 500 on the first finding without an address)."""
    from datetime import timedelta

    from django.utils import timezone

    from zhanqun.monitoring.enums import Problem
    from zhanqun.monitoring.models import Finding, Probe

    portal, now = site_group.portal, timezone.now()
    for n, problem in enumerate(Problem):
        Finding.objects.create(
            site=portal,
            monitor=CheckCode.MANUAL,
            problem=problem,
            fingerprint=f"kind:{n}",
            message=f"{problem.label}：第 {n} 条",
            unit=site_group.units.office if n % 2 else None,
            first_seen_at=now,
            last_seen_at=now,
        )
    Probe.objects.create(site=portal, url=portal.root_url + "/", at=now - timedelta(hours=1), ok=False, error="连接超时")

    page = admin_host_client.get(reverse("monitoring:scorecard"))

    assert page.status_code == 200
    text = page.content.decode()
    for n, problem in enumerate(Problem):
        if problem not in (Problem.UNREACHABLE, Problem.EXTERNAL_UNREVIEWED, Problem.READING):
            assert f"{problem.label}：第 {n} 条" in text
    assert "连接超时" in text  # the failed probe's error, beside its address
