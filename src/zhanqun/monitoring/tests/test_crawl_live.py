"""The links monitor's crawl over HTTP against the public app itself (a live server):
a link to a path the app answers with 404 is reported, though the path is the app's own
(no published file to look for). A module of its own: the site group is committed for the
server's thread, outside the shared site group's transaction."""

import pytest

from zhanqun.conftest import column
from zhanqun.monitoring import services
from zhanqun.monitoring.enums import CheckCode, Problem
from zhanqun.publishing.services import publish_site

from .conftest import add_item
from .test_monitors import open_findings


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_links_monitor_reports_a_link_to_a_page_the_public_app_answers_with_404(live_server, settings, tmp_path):
    """The demo's case: an item links ``/xxgk/guide/`` of a site whose guide is not
    published. The path is the public app's (no file to look for), so only the crawl
    over HTTP, answered by Django itself, can tell it is a 404."""
    from wagtail.models import Site

    from zhanqun.conftest import make_site_group

    settings.ZHANQUN_PUBLISH_ROOT = str(tmp_path / "public")
    ids = make_site_group()
    portal = Site.objects.get(pk=ids["portal"])
    add_item(column(portal, "zwdt"), "关于公开指南的说明", body='<p>详见<a href="/xxgk/guide/">本机关公开指南</a>。</p>')
    publish_site(portal)

    settings.ZHANQUN_MONITOR_CRAWL = True
    settings.ZHANQUN_MONITOR_CONNECT_TO = live_server.url.removeprefix("http://")
    run = services.run_check(CheckCode.LINKS, portal)

    assert run.error == ""
    broken = open_findings(portal, Problem.BROKEN_LINK).get()  # the only one: the rest of the site answers
    assert broken.evidence["target"] == portal.root_url + "/xxgk/guide/"
    assert broken.evidence["reason"] == "网站访问返回 HTTP 404"
    assert [e["text"] for e in broken.evidence["examples"]] == ["本机关公开指南"]
