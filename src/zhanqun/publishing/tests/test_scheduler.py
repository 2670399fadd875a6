"""zhanqun scheduler: Wagtail's go_live_at / expire_at through the publisher."""

import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import Page, Revision

from zhanqun.columns.models import ColumnPage
from zhanqun.content.models import ArticlePage
from zhanqun.publishing import scheduler
from zhanqun.publishing.models import PublishJob

from .helpers import PORTAL, portal, publish_everything, snapshot


@pytest.fixture
def published(demo, settings, tmp_path):
    settings.ZHANQUN_SCHEDULER_STATE = str(tmp_path / "state" / "scheduler.json")
    publish_everything()
    return demo


@pytest.fixture
def log_lines():
    """Messages of the zhanqun.scheduler logger ('zhanqun' does not propagate to root)."""
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    handler = Collect(level=logging.INFO)
    log = logging.getLogger("zhanqun.scheduler")
    log.addHandler(handler)
    yield lines
    log.removeHandler(handler)


def _zwdt():
    return ColumnPage.objects.descendant_of(portal().root_page).get(slug="zwdt")


def _scheduled_article(title, hours_ago=1):
    """A new article approved to go live in the future, then moved into the past: what
    an approval scheduled for a time the scheduler was down at looks like."""
    column = _zwdt()
    article = ArticlePage(title=title, responsible_unit=column.responsible_unit, summary="摘要", live=False)
    column.add_child(instance=article)
    article.go_live_at = timezone.now() + timedelta(days=1)
    revision = article.save_revision()
    revision.publish()
    article.refresh_from_db()
    assert not article.live
    past = timezone.now() - timedelta(hours=hours_ago)
    revision = Revision.objects.get(pk=revision.pk)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    Page.objects.filter(pk=article.pk).update(go_live_at=past)
    return article


def test_a_due_go_live_goes_live_and_its_file_appears(published, capsys):
    article = _scheduled_article("定时发布：全市春季植树活动启动")
    article_file = published / PORTAL / "zwdt" / article.slug / "index.html"
    assert not article_file.exists()

    call_command("scheduler", "--once")

    article.refresh_from_db()
    assert article.live
    assert "全市春季植树活动启动" in article_file.read_text()
    assert "全市春季植树活动启动" in (published / PORTAL / "zwdt" / "index.html").read_text()
    assert PublishJob.objects.filter(page_id=article.pk, status=PublishJob.Status.DONE).exists()
    assert "定时任务 1 项" in capsys.readouterr().out
    assert scheduler.last_run() is not None

    # Idempotent: a second run finds nothing and writes nothing.
    before = snapshot(published)
    jobs = PublishJob.objects.count()
    call_command("scheduler", "--once")
    assert snapshot(published) == before
    assert PublishJob.objects.count() == jobs


def test_a_due_expiry_removes_the_file(published):
    article = _zwdt().get_items().first()
    article_file = published / PORTAL / "zwdt" / article.slug / "index.html"
    assert article_file.is_file()
    Page.objects.filter(pk=article.pk).update(expire_at=timezone.now() - timedelta(minutes=5))

    call_command("scheduler", "--once")

    article.refresh_from_db()
    assert not article.live and article.expired
    assert not article_file.exists()
    assert article.title not in (published / PORTAL / "zwdt" / "index.html").read_text()


def test_dry_run_lists_and_changes_nothing(published, capsys):
    article = _scheduled_article("定时发布：试运行的文章")
    expiring = _zwdt().get_items().exclude(pk=article.pk).first()
    Page.objects.filter(pk=expiring.pk).update(expire_at=timezone.now() - timedelta(minutes=5))
    before = snapshot(published)
    jobs = PublishJob.objects.count()

    call_command("scheduler", "--dry-run")

    out = capsys.readouterr().out
    assert "到期任务 2 项" in out
    assert "定时发布：试运行的文章" in out and expiring.title in out
    article.refresh_from_db()
    expiring.refresh_from_db()
    assert not article.live and expiring.live
    assert snapshot(published) == before
    assert PublishJob.objects.count() == jobs
    assert scheduler.last_run() is None


def test_start_logs_what_was_missed_and_catches_up(published, log_lines):
    call_command("scheduler", "--once")
    assert "首次运行 / first run" in log_lines[0]
    log_lines.clear()
    scheduler.record_run(timezone.now() - timedelta(hours=3))
    _scheduled_article("定时发布：停机期间到期的文章", hours_ago=2)

    call_command("scheduler", "--once")

    start = log_lines[0]
    assert "错过 1 项到期任务（上线 1，下线 0），现在补做" in start
    assert "1 due items were missed" in start and "catching up" in start
    assert "上次运行" in start
    assert any("定时发布：停机期间到期的文章" in line for line in log_lines[1:])

    log_lines.clear()
    call_command("scheduler", "--once")
    assert "没有错过的任务" in log_lines[0] and "nothing missed" in log_lines[0]


def test_only_one_scheduler_runs_at_a_time(published):
    with scheduler.Lock():
        with pytest.raises(CommandError, match="已有定时发布进程在运行"):
            call_command("scheduler", "--once")
    call_command("scheduler", "--once")
