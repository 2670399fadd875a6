"""Planted access-log lines give the numbers a user reads: on the 访问统计 screen, from
``page_views``, and across re-runs and log rotation."""

import gzip
import os

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.urls import reverse

from zhanqun.analytics import ingest, services
from zhanqun.analytics.models import LogFile, PageViewDay, SiteDay, VisitorSalt
from zhanqun.audit.models import AuditRecord
from zhanqun.conftest import column
from zhanqun.content.tests.conftest import menu_labels, refused, staff
from zhanqun.units.enums import Role

from .conftest import DEPARTMENT, PHONE, SPIDER, days_ago, line


def url(page):
    return page.get_url_parts()[2]


def write(path, *lines, mode="w"):
    with open(path, mode, encoding="utf-8") as f:
        f.writelines(lines)
    return path


def screen(client, site, **params):
    response = client.get(reverse("analytics:report"), {"site": site.pk, **params})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def table(soup, table_id):
    return [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in soup.select(f"#{table_id} tbody tr")]


def test_the_screen_shows_views_of_pages_only_with_the_items_column(published, tmp_path, admin_host_client):
    g = published
    news, notice = url(g.news), url(g.notice)
    log = write(
        tmp_path / "access.log",
        line(news),
        line(news, address="198.51.100.2", agent=PHONE),
        line(news, status=304, at="18:00:00"),  # the first visitor again, revalidating
        line(news.rstrip("/") + "/index.html?from=weixin", address="198.51.100.3"),
        line(notice),
        line("/"),
        line("/zwdt/"),
        line("/static/zhanqun/site.css"),
        line("/favicon.ico"),
        line("/zwdt/feed.xml"),
        line(news, agent=SPIDER),
        line(news, agent="Zhanqun-Monitor/1"),
        line(news, status=404),
        line("/hudong/", method="POST"),
        line("/", host=DEPARTMENT),
        line("/", host="unknown.example.com"),
        "this is not a log line\n",
    )
    report = ingest.ingest([log])
    assert report.counted == 8
    assert report.skipped == {"not_page": 3, "bot": 2, "not_successful": 2, "unknown_site": 1, "malformed": 1}
    assert report.files[0].malformed_examples == [(17, "this is not a log line")]

    soup = screen(admin_host_client, g.portal)
    assert soup.select_one('[data-total="views"]').get_text() == "7"
    assert soup.select_one('[data-total="visitors"]').get_text() == "3"
    today = soup.select(f'rect[data-date="{days_ago(0).isoformat()}"]')
    assert today[0]["data-views"] == "7" and len(soup.select("svg.analytics-chart rect")) == 30
    assert table(soup, "analytics-items-table") == [
        ["市政府召开常务会议", "政务动态", "4", "3"],
        ["关于开展安全生产检查的通知", "通知公告", "1", "1"],
    ]
    assert soup.select_one("#analytics-items-table a")["href"].endswith(news)
    # 政务动态: its own page and its item; 通知公告 is a column of its own under 政府信息公开.
    assert table(soup, "analytics-columns-table") == [["政务动态", "5", "4"], ["通知公告", "1", "1"]]
    department = screen(admin_host_client, g.department)
    assert department.select_one('[data-total="views"]').get_text() == "1"


def test_page_views_by_day_column_and_page_for_the_reports_app(published, tmp_path):
    g = published
    news = url(g.news)
    write(
        tmp_path / "a.log",
        line(news, day=days_ago(2)),
        line(news, day=days_ago(2), address="198.51.100.9"),
        line("/", day=days_ago(1)),
    )
    ingest.ingest([tmp_path / "a.log"])
    start, end = days_ago(3), days_ago(0)
    assert [(d["date"], d["views"], d["visitors"]) for d in services.page_views(g.portal, start, end, by="day")] == [
        (days_ago(3), 0, 0),
        (days_ago(2), 2, 2),
        (days_ago(1), 1, 1),
        (days_ago(0), 0, 0),
    ]
    zwdt = column(g.portal, "zwdt")
    assert [
        (c["column_id"], c["title"], c["views"]) for c in services.page_views(g.portal.pk, start, end, by="column")
    ] == [(zwdt.pk, "政务动态", 2)]
    pages = services.page_views(g.portal, start, end, by="page")
    assert [(p["page_id"], p["views"]) for p in pages] == [(g.news.pk, 2), (g.portal_home.pk, 1)]
    assert services.page_views(None, days_ago(1), days_ago(1))[0]["views"] == 1  # the whole group
    with pytest.raises(ValueError):
        services.page_views(g.portal, end, start)


def test_ingesting_the_same_file_again_counts_nothing_twice_and_appended_lines_once(published, tmp_path):
    g = published
    news = url(g.news)
    log = write(tmp_path / "access.log", line(news), line(news, address="198.51.100.2"))
    ingest.ingest([log])
    ingest.ingest([log, log])
    assert SiteDay.objects.get(site=g.portal).views == 2
    # nginx appends: the same visitor again (not a new visitor) and a new one; a line half-written.
    write(log, line(news, at="11:00:00"), line("/", address="198.51.100.3"), "203.0.113.7 - - [05/No", mode="a")
    ingest.ingest([log])
    day = SiteDay.objects.get(site=g.portal)
    assert (day.views, day.visitors) == (4, 3)
    row = PageViewDay.objects.get(site=g.portal, path=news)
    assert (row.views, row.visitors) == (3, 2)
    assert LogFile.objects.get().lines == 4


def test_rotation_renamed_then_compressed_and_a_new_file_each_counted_once(published, tmp_path):
    g = published
    log = tmp_path / "access.log"
    write(log, line("/", at="01:00:00"), line("/", at="02:00:00"))
    ingest.ingest([log])
    write(log, line("/", at="03:00:00"), mode="a")  # written after our run, before the rotation
    os.rename(log, tmp_path / "access.log.1")  # logrotate: rename, nginx reopens a new file
    write(log, line("/", at="04:00:00", address="198.51.100.5"))
    ingest.ingest([tmp_path / "access.log.1", log])
    assert SiteDay.objects.get(site=g.portal).views == 4
    # The next rotation compresses access.log.1: already read to its end.
    (tmp_path / "access.log.2.gz").write_bytes(gzip.compress((tmp_path / "access.log.1").read_bytes()))
    os.remove(tmp_path / "access.log.1")
    report = ingest.ingest([tmp_path / "access.log.2.gz", log])
    assert report.lines == 0
    assert SiteDay.objects.get(site=g.portal).views == 4


def test_a_rotated_file_never_seen_is_read_whole_even_compressed(published, tmp_path):
    g = published
    packed = tmp_path / "access.log.3.gz"
    packed.write_bytes(
        gzip.compress("".join(line("/", day=days_ago(5), at=f"0{h}:00:00") for h in range(1, 4)).encode())
    )
    ingest.ingest([packed])
    ingest.ingest([packed])
    assert SiteDay.objects.get(site=g.portal, date=days_ago(5)).views == 3


def test_a_truncated_file_is_read_from_its_start(published, tmp_path):
    g = published
    log = write(tmp_path / "access.log", line("/", at="01:00:00"), line("/", at="02:00:00"))
    ingest.ingest([log])
    write(log, line("/zwdt/", at="03:00:00"))  # copytruncate, then nginx writes on
    ingest.ingest([log])
    assert SiteDay.objects.get(site=g.portal).views == 3
    assert PageViewDay.objects.get(site=g.portal, path="/zwdt/").views == 1


def test_one_log_per_site_without_host_is_told_apart_by_file_name(published, tmp_path):
    g = published
    log = write(tmp_path / "fgw.yunze.gov.cn-access.log", line("/", host=None), line("/zwdt/", host=None))
    call_command("analytics", "ingest", str(log), "--host-from-file-name")
    assert SiteDay.objects.get(site=g.department).views == 2
    other = write(tmp_path / "access.log", line("/", host=None))
    with pytest.raises(CommandError, match="无法从文件名“access.log”确定站点"):
        call_command("analytics", "ingest", str(other), "--host-from-file-name")


def test_an_unreadable_file_stops_the_command_before_anything_is_counted(published, tmp_path, capsys):
    good = write(tmp_path / "access.log", line("/"))
    with pytest.raises(CommandError, match="无法读取访问日志“.*missing.log”：文件不存在"):
        call_command("analytics", "ingest", str(good), str(tmp_path / "missing.log"))
    (tmp_path / "broken.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(CommandError, match="gzip"):
        call_command("analytics", "ingest", str(good), str(tmp_path / "broken.gz"))
    assert not SiteDay.objects.exists() and not LogFile.objects.exists()


def test_the_command_reports_skipped_and_malformed_lines(published, tmp_path, capsys):
    log = write(tmp_path / "access.log", line("/"), "garbage\n", line("/static/zhanqun/site.css"))
    call_command("analytics", "ingest", str(log))
    out = capsys.readouterr().out
    assert "读取 3 行，计入浏览 1 次" in out
    assert "未计入 格式不正确：1 行" in out and "第 2 行格式不正确：garbage" in out
    assert "未计入 静态文件等非页面：1 行" in out


def test_closed_days_keep_counts_but_lose_salt_and_pseudonyms(published, tmp_path):
    g = published
    write(tmp_path / "a.log", line("/", day=days_ago(3)), line("/", day=days_ago(0)))
    ingest.ingest([tmp_path / "a.log"])
    assert list(VisitorSalt.objects.values_list("date", flat=True)) == [days_ago(0)]
    old = SiteDay.objects.get(site=g.portal, date=days_ago(3))
    assert (old.views, old.visitors, old.visitor_hashes) == (1, 1, "")
    assert SiteDay.objects.get(site=g.portal, date=days_ago(0)).visitor_hashes != ""
    # A late line of the closed day: counted; its visitor added to the base count.
    write(tmp_path / "b.log", line("/", day=days_ago(3), address="198.51.100.77"))
    ingest.ingest([tmp_path / "b.log"])
    old.refresh_from_db()
    assert (old.views, old.visitors) == (2, 2)
    assert "203.0.113.7" not in str(list(SiteDay.objects.values()) + list(PageViewDay.objects.values()))


def test_paths_counted_before_publishing_are_attributed_from_the_page_tree(site_group, tmp_path):
    g = site_group
    write(tmp_path / "a.log", line("/zwdt/"), line("/zwdt/page/2/"))
    ingest.ingest([tmp_path / "a.log"])
    zwdt = column(g.portal, "zwdt")
    assert set(PageViewDay.objects.values_list("path", "page_id", "column_id")) == {
        ("/zwdt/", zwdt.pk, zwdt.pk),
        ("/zwdt/page/2/", zwdt.pk, zwdt.pk),
    }


def test_the_csv_export_is_audited(published, tmp_path, admin_host_client):
    g = published
    write(tmp_path / "a.log", line(url(g.news)))
    ingest.ingest([tmp_path / "a.log"])
    response = admin_host_client.get(reverse("analytics:report"), {"site": g.portal.pk, "export": "item"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[:2] == [
        "标题,栏目,网址,浏览量,访客数（按日累计）",
        f"市政府召开常务会议,政务动态,{g.news.get_full_url()},1,1",
    ]
    record = AuditRecord.objects.filter(action="export").latest("pk")
    assert record.detail["by"] == "item" and record.detail["rows"] == 1
    assert AuditRecord.objects.filter(action="export").count() == 1  # not also by the middleware


def test_a_bad_date_range_is_explained(published, admin_host_client):
    soup = screen(admin_host_client, published.portal, start="2026-11-10", end="2026-11-01")
    assert "结束日期不能早于开始日期。" in soup.get_text()


@pytest.mark.parametrize("role", [Role.SITE_OPERATOR, Role.OFFICE_REVIEWER])
def test_site_operators_and_office_reviewers_see_the_screen(role, published, client):
    user = staff("viewer", published.units.office, role)
    client.defaults["HTTP_HOST"] = "localhost"
    client.force_login(user)
    assert "访问统计" in menu_labels(client)
    assert client.get(reverse("analytics:report")).status_code == 200


def test_editors_do_not_see_the_screen(published, client):
    user = staff("editor", published.units.office, Role.UNIT_EDITOR)
    client.defaults["HTTP_HOST"] = "localhost"
    client.force_login(user)
    assert "访问统计" not in menu_labels(client)
    assert refused(client.get(reverse("analytics:report")))
