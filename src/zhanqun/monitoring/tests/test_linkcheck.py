"""External links over HTTP: only a confirmed failure is a broken link."""

from zhanqun.monitoring import linkcheck

from .conftest import LinkHandler as Handler


def test_only_confirmed_failures_are_broken(link_server):
    urls = {
        path: f"http://www.example.gov.cn{path}"
        for path in ("/ok", "/gone", "/removed", "/no-head", "/forbidden-head", "/forbidden", "/error", "/slow", "/moved")
    }
    results = linkcheck.check_urls(
        urls.values(), per_host=4, per_host_delay=0, timeout=0.5, retries=1, backoff=0.05, connect_to=link_server
    )
    state = {path: results[url].state for path, url in urls.items()}
    assert state == {
        "/ok": "ok",
        "/gone": "broken",
        "/removed": "broken",
        "/no-head": "ok",
        "/forbidden-head": "ok",  # refused HEAD, but GET works: not broken
        "/forbidden": "broken",
        "/error": "unconfirmed",  # 5xx: retried, never called broken
        "/slow": "unconfirmed",  # timed out twice
        "/moved": "ok",
    }
    assert results[urls["/gone"]].reason == "HTTP 404"
    assert results[urls["/error"]].attempts == 2 and results[urls["/slow"]].attempts == 2


def test_an_unknown_host_name_is_broken():
    result = linkcheck.check_url("http://no-such-host.invalid/page", timeout=2, retries=0)
    assert result.state == "broken" and "域名无法解析" in result.reason


def test_one_host_is_not_hit_by_more_than_its_lanes(link_server):
    urls = [f"http://www.example.gov.cn/ok?n={i}" for i in range(6)]
    linkcheck.check_urls(urls, workers=8, per_host=2, per_host_delay=0.1, timeout=2, connect_to=link_server)
    times = sorted(t for _m, _p, t in Handler.hits)
    # Two lanes of three requests, 0.1 s apart in each lane: at least 0.2 s in all.
    assert len(times) == 6 and times[-1] - times[0] >= 0.2


def test_allowed_domains_cover_their_subdomains():
    assert linkcheck.domain_allowed("www.beijing.gov.cn", ["gov.cn"])
    assert linkcheck.domain_allowed("gov.cn", ["gov.cn"])
    assert not linkcheck.domain_allowed("notgov.cn", ["gov.cn"])
    assert not linkcheck.domain_allowed("example.com", ["gov.cn", "example.com.cn"])
