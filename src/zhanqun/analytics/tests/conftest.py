from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from zhanqun.conftest import column
from zhanqun.content.models import ArticlePage
from zhanqun.publishing import services

PORTAL = "www.yunze.gov.cn"
DEPARTMENT = "fgw.yunze.gov.cn"
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"
SPIDER = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"


def add_item(parent, title, slug):
    article = ArticlePage(title=title, slug=slug, responsible_unit=parent.responsible_unit, summary="摘要", body="")
    parent.add_child(instance=article)
    article.save_revision().publish()
    return article


@pytest.fixture
def publish_root(tmp_path):
    return tmp_path / "public"


@pytest.fixture
def published(site_group, settings, publish_root):
    """The test group with an item in the portal's 政务动态 and one in its 通知公告,
    published (so the manifest names their files)."""
    settings.ZHANQUN_PUBLISH_ROOT = str(publish_root)
    site_group.news = add_item(column(site_group.portal, "zwdt"), "市政府召开常务会议", "cwhy")
    site_group.notice = add_item(column(site_group.portal, "tzgg"), "关于开展安全生产检查的通知", "aqjc")
    services.publish_site(site_group.portal)
    services.publish_site(site_group.department)
    return site_group


def line(path, *, day=None, address="203.0.113.7", agent=BROWSER, host=PORTAL, method="GET", status=200, at="10:15:02"):
    """One access-log line in the zhanqun format (combined + "$host"); host=None: combined."""
    day = day or timezone.localdate()
    stamp = datetime.combine(day, time.fromisoformat(at)).strftime("%d/%b/%Y:%H:%M:%S +0800")
    text = f'{address} - - [{stamp}] "{method} {path} HTTP/1.1" {status} 5120 "-" "{agent}"'
    if host is not None:
        text += f' "{host}"'
    return text + "\n"


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)
