"""Full and incremental publishing of the demo group into a document root."""

import time

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Site

from zhanqun.columns.models import ColumnPage
from zhanqun.content.models import ArticlePage
from zhanqun.publishing import services, sitemap
from zhanqun.publishing.models import FileDependency, PublishedFile, PublishJob
from zhanqun.sitegroup.models import SiteIdentity

from .helpers import PORTAL, changed, portal, publish_everything, snapshot


def test_publish_all_writes_every_live_page_and_the_manifest(demo, capsys):
    call_command("publish", "all", "--jobs", "1")
    out = capsys.readouterr().out
    assert "完成：" in out and "个文件" in out

    for site in Site.objects.select_related("root_page"):
        site_root = services.site_dir(site)
        pages = Page.objects.live().public().descendant_of(site.root_page, inclusive=True).specific()
        assert pages
        for page in pages:
            url = page.get_url_parts()[2]
            assert (site_root / url.lstrip("/") / "index.html").is_file(), url
        assert (site_root / "sitemap.xml").is_file()
        assert (site_root / "sitemap" / "index.html").is_file()
        # The manifest has every file, with its size and digest.
        assert services.verify(site).ok

    home = (demo / PORTAL / "index.html").read_text()
    assert "云泽市人民政府" in home
    assert 'href="/zwdt/"' in home
    row = PublishedFile.objects.get(site=portal(), path="index.html")
    assert row.algorithm == "sm3" and len(row.digest) == 64
    assert row.page_id == portal().root_page_id
    assert FileDependency.objects.filter(file=row).count() > 3


def test_list_pages_are_paginated_as_stable_archive_files(demo, monkeypatch):
    monkeypatch.setattr(ColumnPage, "page_size", 1)
    site = portal()
    services.publish_site(site)
    column = ColumnPage.objects.descendant_of(site.root_page).get(slug="zwdt")
    items = list(column.get_items())
    n = len(items)
    assert n >= 4
    root = demo / PORTAL / "zwdt"
    # The index shows the two newest "pages" (here: items); the rest are archive pages
    # numbered from the oldest.
    first = (root / "index.html").read_text()
    assert items[0].title in first and items[1].title in first and items[2].title not in first
    for k in range(1, n - 1):
        archive = (root / "page" / str(k) / "index.html").read_text()
        assert items[n - k].title in archive, k
    assert not (root / "page" / str(n - 1)).exists()
    assert f'href="/zwdt/page/{n - 2}/" rel="next"' in first and "?page=" not in first
    assert 'href="/zwdt/page/1/"' in first  # the oldest
    newest_archive = (root / "page" / str(n - 2) / "index.html").read_text()
    assert 'href="/zwdt/" rel="prev"' in newest_archive
    assert 'rel="next"' not in (root / "page" / "1" / "index.html").read_text()


def _new_article(column, title):
    article = ArticlePage(title=title, responsible_unit=column.responsible_unit, summary="摘要")
    column.add_child(instance=article)
    return article


def test_publishing_an_article_rewrites_only_what_shows_it(demo, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(ColumnPage, "page_size", 2)
    publish_everything()
    before = snapshot(demo)
    time.sleep(0.01)
    site = portal()
    column = ColumnPage.objects.descendant_of(site.root_page).get(slug="zwdt")
    with django_capture_on_commit_callbacks(execute=True):
        article = _new_article(column, "市政府召开全市数字政府建设推进会")
        article.save_revision().publish()
    after = snapshot(demo)

    article_file = f"{PORTAL}/zwdt/{article.slug}/index.html"
    assert set(after) - set(before) >= {article_file}
    assert "市政府召开全市数字政府建设推进会" in (demo / article_file).read_text()
    touched = changed(before, after) | (set(after) - set(before))
    # The column's index page and feeds, the home page's news block, the XML sitemap,
    # the site's feeds — and nothing else, on any site. The column's archive pages do
    # not move (columns.listing): at most a new one appears and the newest ones' links
    # change.
    assert f"{PORTAL}/zwdt/index.html" in touched
    assert f"{PORTAL}/index.html" in touched
    sitemap_part = f"{PORTAL}/{sitemap.part_path(article.pk // sitemap.IDS_PER_PART + 1)}"
    assert sitemap_part in touched
    feeds = {f"{PORTAL}/{p}" for p in ("feed.xml", "atom.xml", "zwdt/feed.xml", "zwdt/atom.xml")}
    assert feeds <= touched
    allowed = {article_file, f"{PORTAL}/index.html", f"{PORTAL}/sitemap.xml", sitemap_part, *feeds}
    archives = services.column_list_targets([column.pk])[column.pk]
    newest = {f"{PORTAL}/zwdt/page/{k}/index.html" for k in range(max(1, len(archives) - 1), len(archives) + 1)}
    assert {p for p in touched if p not in allowed} - newest == {f"{PORTAL}/zwdt/index.html"}
    assert "市政府召开全市数字政府建设推进会" in (demo / PORTAL / "index.html").read_text()
    assert PublishJob.objects.get().status == PublishJob.Status.DONE
    assert services.verify(site).ok

    # Editing its title rewrites the files that show the title, again nothing else.
    before = snapshot(demo)
    time.sleep(0.01)
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "全市数字政府建设推进会召开"
        article.save_revision().publish()
    after = snapshot(demo)
    touched = changed(before, after)
    assert article_file in touched and f"{PORTAL}/index.html" in touched
    assert touched <= allowed | {f"{PORTAL}/zwdt/index.html"}


def test_editing_an_old_item_rewrites_only_its_archive_page(demo, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(ColumnPage, "page_size", 1)
    publish_everything()
    column = ColumnPage.objects.descendant_of(portal().root_page).get(slug="zwdt")
    oldest = column.get_items().last()
    assert len(services.column_list_targets([column.pk])[column.pk]) >= 2
    before = snapshot(demo)
    time.sleep(0.01)
    with django_capture_on_commit_callbacks(execute=True):
        oldest.title = "最早的一条信息改了标题"
        oldest.save_revision().publish()
    touched = changed(before, snapshot(demo))
    item_file = f"{PORTAL}/zwdt/{oldest.slug}/index.html"
    # Its own page and the archive page that lists it; not the other archive pages, and
    # not the index page, which does not show it.
    assert {item_file, f"{PORTAL}/zwdt/page/1/index.html"} <= touched
    assert not {p for p in touched if p.startswith(f"{PORTAL}/zwdt/page/") and "/page/1/" not in p}
    assert f"{PORTAL}/zwdt/index.html" not in touched
    assert "最早的一条信息改了标题" in (demo / PORTAL / "zwdt" / "page" / "1" / "index.html").read_text()


def test_unpublish_and_delete_remove_the_file_and_fix_the_lists(demo, django_capture_on_commit_callbacks):
    publish_everything()
    site = portal()
    column = ColumnPage.objects.descendant_of(site.root_page).get(slug="zwdt")
    article = column.get_items().first()
    article_file = demo / PORTAL / "zwdt" / article.slug / "index.html"
    assert article_file.is_file()
    assert article.title in (demo / PORTAL / "zwdt" / "index.html").read_text()
    before = snapshot(demo)

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert not article_file.exists()
    assert article.title not in (demo / PORTAL / "zwdt" / "index.html").read_text()
    assert article.title not in (demo / PORTAL / "index.html").read_text()
    assert not PublishedFile.objects.filter(page_id=article.pk).exists()
    touched = changed(before, snapshot(demo))
    assert all(p.startswith(f"{PORTAL}/") for p in touched)
    assert services.verify(site).ok

    other = column.get_items().first()
    other_file = demo / PORTAL / "zwdt" / other.slug / "index.html"
    assert other_file.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=other.pk).delete()
    assert not other_file.exists()
    assert other.title not in (demo / PORTAL / "zwdt" / "index.html").read_text()
    assert services.verify(site).ok


def test_moving_an_item_moves_its_file_and_fixes_both_lists(demo, django_capture_on_commit_callbacks):
    publish_everything()
    site = portal()
    news = ColumnPage.objects.descendant_of(site.root_page).get(slug="zwdt")
    target = ColumnPage.objects.descendant_of(site.root_page).exclude(pk=news.pk).filter(depth=news.depth).first()
    article = news.get_items().first()
    old_file = demo / PORTAL / "zwdt" / article.slug / "index.html"
    assert old_file.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=article.pk).move(target, pos="last-child")
    new_file = demo / PORTAL / target.slug / article.slug / "index.html"
    assert not old_file.exists() and new_file.is_file()
    assert article.title not in (demo / PORTAL / "zwdt" / "index.html").read_text()
    assert article.title in (demo / PORTAL / target.slug / "index.html").read_text()
    assert services.verify(site).ok


def test_a_department_article_updates_the_portal_news_block(demo, django_capture_on_commit_callbacks):
    publish_everything()
    fgw = Site.objects.get(hostname__startswith="fgw.")
    column = ColumnPage.objects.descendant_of(fgw.root_page).get(slug="zwdt")
    before = snapshot(demo)
    time.sleep(0.01)
    with django_capture_on_commit_callbacks(execute=True):
        article = _new_article(column, "市发展改革委召开重点项目调度会")
        article.save_revision().publish()
    touched = changed(before, snapshot(demo))
    portal_home = demo / PORTAL / "index.html"
    # The portal's 部门动态 block lists it, linking to the department's site.
    assert f"{PORTAL}/index.html" in touched
    html = portal_home.read_text()
    assert "市发展改革委召开重点项目调度会" in html and article.full_url in html
    # Nothing else of the portal changed.
    assert {p for p in touched if p.startswith(f"{PORTAL}/")} == {f"{PORTAL}/index.html"}


def test_identity_change_rerenders_that_whole_site(demo, django_capture_on_commit_callbacks):
    publish_everything()
    before = snapshot(demo)
    time.sleep(0.01)
    identity = SiteIdentity.objects.get(site=portal())
    with django_capture_on_commit_callbacks(execute=True):
        identity.phone = "0937-8888888"
        identity.save()
    after = snapshot(demo)
    touched = changed(before, after)
    portal_html = {p for p in after if p.startswith(f"{PORTAL}/") and p.endswith(".html")}
    assert touched == portal_html
    assert all("0937-8888888" in (demo / p).read_text() for p in portal_html)


def test_nothing_happens_before_the_first_publish(demo, django_capture_on_commit_callbacks):
    column = ColumnPage.objects.descendant_of(portal().root_page).get(slug="zwdt")
    with django_capture_on_commit_callbacks(execute=True):
        _new_article(column, "未发布站群中的文章").save_revision().publish()
    assert not PublishJob.objects.exists()
    assert not demo.exists()


def test_an_unfinished_job_is_run_again(demo):
    publish_everything()
    site = portal()
    column = ColumnPage.objects.descendant_of(site.root_page).get(slug="zwdt")
    # Published while auto-publishing was off, then a job left "running" by a killed run.
    from django.test import override_settings

    with override_settings(ZHANQUN_PUBLISH_AUTO=False):
        article = _new_article(column, "中断后续跑的文章")
        article.save_revision().publish()
    PublishJob.objects.create(
        kind=PublishJob.Kind.PAGE,
        page_id=article.pk,
        data=services.page_state(article),
        status=PublishJob.Status.RUNNING,
        started=timezone.now(),
        attempts=1,
    )
    assert services.run_pending_jobs() == (1, 0)
    assert "中断后续跑的文章" in (demo / PORTAL / "zwdt" / "index.html").read_text()
    assert (demo / PORTAL / "zwdt" / article.slug / "index.html").is_file()
    assert PublishJob.objects.get().attempts == 2
    # Running it again changes nothing.
    before = snapshot(demo)
    services.run_job(PublishJob.objects.get())
    assert snapshot(demo) == before


class Crash(BaseException):
    pass


def test_a_full_publish_killed_midway_is_completed_by_the_next(demo, monkeypatch):
    site = portal()
    from zhanqun.publishing import writer

    real_write = writer.atomic_write_many
    calls = {"n": 0}

    def dying_rename(tmp):
        calls["n"] += 1
        if calls["n"] == 7:
            raise Crash

    def dying_write(files, _before_replace=None):
        real_write(files, _before_replace=dying_rename)

    monkeypatch.setattr(writer, "atomic_write_many", dying_write)
    with pytest.raises(Crash):
        services.publish_site(site)
    monkeypatch.setattr(writer, "atomic_write_many", real_write)
    # Six files on disk, none in the manifest yet: the next run finishes the work.
    stats = services.publish_site(site)
    assert not stats.errors
    assert services.verify(site).ok
    assert stats.files == PublishedFile.objects.filter(site=site).count()
