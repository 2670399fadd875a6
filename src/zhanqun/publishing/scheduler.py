"""Scheduled publishing (Wagtail's go_live_at / expire_at) through the publisher.

``zhanqun scheduler`` runs ``tick`` every ``--interval`` seconds: Wagtail's own
``publish_scheduled`` makes due revisions live and expired pages not live; that fires
``page_published`` / ``page_unpublished``, whose handlers (``signal_handlers.py``) queue
publishing jobs exactly as an editor's action does; then every pending job is run (so
the files appear or disappear in the same tick). Everything is idempotent: a tick with
nothing due changes nothing, a job run twice writes nothing new.

The time of the last completed tick is kept in a small JSON file
(``settings.ZHANQUN_SCHEDULER_STATE``, default ``<VAR_DIR>/scheduler.json``). It only
informs the log — what is due is always read from the database (anything whose time has
passed), so a lost or stale state file never loses work. A lock file next to it keeps a
second scheduler from running at the same time.
"""

import fcntl
import json
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from . import services

logger = logging.getLogger("zhanqun.scheduler")


def state_path():
    configured = getattr(settings, "ZHANQUN_SCHEDULER_STATE", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "scheduler.json"


def last_run():
    """When the last tick finished, or None (never, or an unreadable state file)."""
    try:
        data = json.loads(state_path().read_text())
        return datetime.fromisoformat(data["last_run"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record_run(when):
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps({"last_run": when.isoformat()}))
    os.replace(tmp, path)


@dataclass
class Due:
    go_live: list = field(default_factory=list)  # (when, page id, title) of revisions to publish
    expire: list = field(default_factory=list)  # (when, page id, title) of live pages to unpublish

    def __len__(self):
        return len(self.go_live) + len(self.expire)


def due(now=None):
    """Pages whose scheduled go-live or expiry time has passed and that are not yet done."""
    from wagtail.models import Page, Revision

    now = now or timezone.now()
    result = Due()
    for page in Page.objects.filter(live=True, expire_at__lt=now).order_by("expire_at"):
        result.expire.append((page.expire_at, page.pk, page.title))
    page_types = Revision.page_revisions.filter(approved_go_live_at__lt=now).order_by("approved_go_live_at")
    for rev in page_types:
        result.go_live.append((rev.approved_go_live_at, int(rev.object_id), rev.content.get("title", rev.object_str)))
    return result


def describe(items):
    lines = []
    for label, rows in (("上线 go live", items.go_live), ("下线 expire", items.expire)):
        for when, pk, title in rows:
            lines.append(f"{label}\t{timezone.localtime(when):%Y-%m-%d %H:%M}\t#{pk}\t{title}")
    return lines


@dataclass
class TickResult:
    due: Due
    jobs_done: int = 0
    jobs_failed: int = 0


def tick(dry_run=False):
    """One round: due scheduled changes, then pending publishing jobs."""
    now = timezone.now()
    items = due(now)
    if dry_run:
        return TickResult(items)
    call_command("publish_scheduled", stdout=StringIO())  # also snippets with a schedule
    if items:
        for line in describe(items):
            logger.info("定时发布已执行 / scheduled change done: %s", line)
    done, failed = services.run_pending_jobs()
    record_run(now)
    return TickResult(items, done, failed)


def log_start(items=None):
    """The start-up line: when it last ran and what it missed, which the first tick catches up."""
    items = due() if items is None else items
    previous = last_run()
    since = (
        f"上次运行 {timezone.localtime(previous):%Y-%m-%d %H:%M:%S} / last run {previous.isoformat()}"
        if previous
        else "首次运行 / first run"
    )
    if items:
        logger.warning(
            "定时发布启动（%s）：错过 %d 项到期任务（上线 %d，下线 %d），现在补做。"
            " / Scheduler starting (%s): %d due items were missed (%d go live, %d expire), catching up now.",
            since, len(items), len(items.go_live), len(items.expire),
            since, len(items), len(items.go_live), len(items.expire),
        )
    else:
        logger.info("定时发布启动（%s）：没有错过的任务。 / Scheduler starting (%s): nothing missed.", since, since)
    return items


class AlreadyRunning(Exception):
    pass


class Lock:
    """An exclusive lock file next to the state file, held while the scheduler runs."""

    def __enter__(self):
        path = state_path().with_suffix(".lock")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file = path.open("w")
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            self.file.close()
            raise AlreadyRunning(str(path)) from e
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()
