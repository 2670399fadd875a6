"""The monitors over a published site group with planted problems."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhanqun.conftest import column
from zhanqun.monitoring import services
from zhanqun.monitoring.enums import CheckCode, FindingStatus, Problem
from zhanqun.monitoring.models import Finding, MonitorRun, Probe
from zhanqun.publishing.services import site_dir

from .conftest import add_item

pytestmark = pytest.mark.django_db


def open_findings(site, problem=None):
    qs = Finding.objects.filter(site=site, status=FindingStatus.OPEN)
    return qs.filter(problem=problem) if problem else qs


def test_freshness_finds_blank_and_stale_columns_and_charges_their_unit(published):
    portal = published.portal
    news = column(portal, "zwdt")
    notices = column(portal, "tzgg")
    add_item(notices, "关于开展安全检查的通知", days_ago=200)  # 通知公告: 6 months
    services.run_check(CheckCode.FRESHNESS, portal)

    stale = open_findings(portal, Problem.COLUMN_STALE).get()
    assert stale.page_id == notices.pk and stale.unit_id == notices.responsible_unit_id
    assert "200 天未更新" in stale.message and "180" in stale.message
    blank = open_findings(portal, Problem.COLUMN_BLANK)
    assert blank.exists()
    assert not blank.filter(page_id__in=[news.pk, notices.pk]).exists()
    assert not open_findings(portal, Problem.HOME_STALE).exists()  # news from yesterday

    # The unit publishes: the next run resolves the finding, and nothing else changes.
    add_item(notices, "关于做好节日值班工作的通知", days_ago=0)
    before = set(blank.values_list("pk", flat=True))
    run = services.run_check(CheckCode.FRESHNESS, portal)
    assert run.resolved == 1 and run.opened == 0 and run.still_open == len(before)
    stale.refresh_from_db()
    assert stale.status == FindingStatus.RESOLVED and stale.resolved_at
    assert set(open_findings(portal, Problem.COLUMN_BLANK).values_list("pk", flat=True)) == before


def test_a_site_without_news_for_two_weeks_gets_the_home_page_finding(published):
    department = published.department
    add_item(column(department, "zwdt"), "发改委召开党组会议", days_ago=20)
    services.run_check(CheckCode.FRESHNESS, department)
    home = open_findings(department, Problem.HOME_STALE).get()
    assert "20 天没有新信息" in home.message


def test_a_monitor_run_twice_keeps_one_finding_per_problem(published):
    portal = published.portal
    services.run_check(CheckCode.FRESHNESS, portal)
    first = {f.fingerprint: (f.pk, f.first_seen_at) for f in open_findings(portal)}
    run = services.run_check(CheckCode.FRESHNESS, portal)
    again = {f.fingerprint: (f.pk, f.first_seen_at) for f in open_findings(portal)}
    assert first == again and run.opened == 0 and run.still_open == len(first)


def test_a_failing_monitor_is_recorded_and_leaves_the_findings_alone(published, monkeypatch):
    portal = published.portal
    services.run_check(CheckCode.FRESHNESS, portal)
    count = open_findings(portal).count()
    assert count

    def broken(site, now):
        raise RuntimeError("数据库连接中断")

    monkeypatch.setattr("zhanqun.monitoring.checks.freshness.check", broken)
    run = services.run_check(CheckCode.FRESHNESS, portal)
    assert "数据库连接中断" in run.error
    assert open_findings(portal).count() == count
    with pytest.raises(CommandError, match="运行失败"):
        call_command("monitor", "run", "--site", portal.hostname, "--check", "freshness")


def test_a_tampered_file_is_an_incident_and_is_restored(published, caplog):
    portal = published.portal
    home = site_dir(portal) / "index.html"
    original = home.read_bytes()
    home.write_text("<html><body>网站已被黑</body></html>", "utf-8")
    (site_dir(portal) / "evil.html").write_text("植入的页面", "utf-8")

    services.run_check(CheckCode.TAMPER, portal)

    assert home.read_bytes() == original
    assert not (site_dir(portal) / "evil.html").exists()
    incidents = Finding.objects.filter(site=portal, monitor=CheckCode.TAMPER)
    assert {f.problem for f in incidents} == {Problem.FILE_CHANGED, Problem.FILE_ADDED}
    assert all(f.status == FindingStatus.RESOLVED and "恢复" in f.resolution for f in incidents)
    assert "篡改告警" in caplog.text


def test_without_restore_a_tampered_file_stays_open_and_loses_its_footer(published, settings):
    settings.ZHANQUN_MONITOR_RESTORE = False
    portal = published.portal
    page = site_dir(portal) / "zwdt" / "index.html"
    page.write_text(page.read_text("utf-8").replace(published.portal.siteidentity.site_code, ""), "utf-8")

    services.run_check(CheckCode.TAMPER, portal)
    services.run_check(CheckCode.FOOTER, portal)

    changed = open_findings(portal, Problem.FILE_CHANGED).get()
    assert changed.evidence["path"] == "zwdt/index.html"
    footer = open_findings(portal, Problem.FOOTER_MISSING).get()
    assert footer.message == "1 个页面缺少网站标识码" and footer.evidence["examples"] == ["zwdt/index.html"]


def test_broken_internal_links_are_reported_with_their_page_and_text(published):
    portal = published.portal
    news = column(portal, "zwdt")
    article = add_item(news, "关于公布办事指南的通知", body='<p>详见<a href="/bszn/nonexistent/">办事指南全文</a>。</p>')
    from zhanqun.publishing.services import publish_site

    publish_site(portal)
    services.run_check(CheckCode.LINKS, portal)

    broken = open_findings(portal, Problem.BROKEN_LINK).get()
    assert broken.evidence["target"].endswith("/bszn/nonexistent/")
    assert broken.evidence["examples"][0]["text"] == "办事指南全文"
    assert broken.url.endswith(f"/zwdt/{article.slug}/")


def test_availability_probes_the_key_pages_and_records_failures(published, web_server):
    portal = published.portal
    handler = web_server(portal)
    run = services.run_check(CheckCode.AVAILABILITY, portal)
    probes = Probe.objects.filter(site=portal)
    assert run.opened == 0 and probes.count() > 3 and all(p.ok for p in probes)
    assert probes.filter(url=portal.root_url + "/").exists()

    handler.broken = {"/zwdt/"}
    services.run_check(CheckCode.AVAILABILITY, portal)
    down = open_findings(portal, Problem.UNREACHABLE).get()
    assert down.url == portal.root_url + "/zwdt/" and down.evidence["status"] == 503


def test_monitor_command_runs_every_check_and_lists_findings(published, web_server, capsys):
    portal = published.portal
    web_server(portal)
    call_command("monitor", "run", "--site", portal.hostname)
    out = capsys.readouterr().out
    for check in CheckCode.runnable():
        assert str(check.label) in out
    assert MonitorRun.objects.filter(site=portal, error="").count() == len(CheckCode.runnable())
    call_command("monitor", "findings", "--site", portal.hostname)
    assert "空白栏目" in capsys.readouterr().out


def test_the_crawl_over_http_finds_a_page_the_web_server_fails_though_its_file_is_there(
    published, web_server, settings
):
    settings.ZHANQUN_MONITOR_CRAWL = True
    portal = published.portal
    news = column(portal, "zwdt")
    target = add_item(news, "关于调整办公时间的通知")
    add_item(news, "通知汇总", body=f'<p>请见<a href="{target.url}">调整办公时间</a>。</p>')
    from zhanqun.publishing.services import publish_site

    publish_site(portal)
    handler = web_server(portal)
    handler.broken = {urlsplit(target.url).path}  # on disk, but the web server answers 503

    services.run_check(CheckCode.LINKS, portal)

    broken = open_findings(portal, Problem.BROKEN_LINK).get(fingerprint=f"link:{target.url}")
    assert broken.evidence["reason"] == "网站访问返回 HTTP 503"
    assert "调整办公时间" in [e["text"] for e in broken.evidence["examples"]]

    handler.broken = set()
    services.run_check(CheckCode.LINKS, portal)
    assert not open_findings(portal, Problem.BROKEN_LINK).filter(fingerprint=f"link:{target.url}").exists()


def test_the_crawl_leaves_a_site_that_does_not_answer_to_the_availability_monitor(published, settings):
    settings.ZHANQUN_MONITOR_CRAWL = True
    settings.ZHANQUN_MONITOR_CONNECT_TO = "127.0.0.1:9"  # nothing listens on the discard port
    run = services.run_check(CheckCode.LINKS, published.portal)
    assert run.error == "" and not open_findings(published.portal, Problem.BROKEN_LINK).exists()


def test_the_guide_column_is_not_blank_once_the_units_guide_is_approved(published):
    from django.utils import timezone

    from zhanqun.disclosure.enums import GuideStatus
    from zhanqun.disclosure.tests.test_catalog_and_guide import guide_for

    portal = published.portal
    guide_column = column(portal, "gkzn")
    services.run_check(CheckCode.FRESHNESS, portal)
    assert open_findings(portal, Problem.COLUMN_BLANK).filter(page=guide_column).exists()

    guide = guide_for(published.units.office)  # the portal's owner unit
    guide.status, guide.approved_at, guide.approved_content = GuideStatus.APPROVED, timezone.now(), guide.content()
    guide.save()
    services.run_check(CheckCode.FRESHNESS, portal)
    assert not open_findings(portal, Problem.COLUMN_BLANK).filter(page=guide_column).exists()

    from zhanqun.publishing.services import publish_site

    publish_site(portal)
    html = (site_dir(portal) / "zfxxgk" / "gkzn" / "index.html").read_text("utf-8")
    assert '<a href="/xxgk/guide/">查看本机关政府信息公开指南</a>' in html
    assert "暂无信息" not in html  # the column shows the guide, not an empty list
