"""Browser fixtures: Playwright driving Debian's Chromium (/usr/bin/chromium), never a
downloaded browser. Public sites are reached as <domain>.localhost, mapped to the
live server's loopback address."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("ZHANQUN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP *.localhost 127.0.0.1",
]


@pytest.fixture
def browser(demo_group):
    """One Chromium per test, started after the database is set up: while Playwright's
    event loop runs, Django hands this thread a fresh connection object, which would
    miss the test database's serialized state used to restore it between tests."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browsers` (apt-get install chromium fonts-wqy-microhei).")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_group(transactional_db):
    """A small demo group, committed so the live server's thread sees it. Serialized
    rollback restores what migrations created (Wagtail's root page) after the flush."""
    from zhanqun.demo.loader import load_demo

    return load_demo(scale=0.05)


@pytest.fixture
def site_url(live_server):
    port = live_server.url.rsplit(":", 1)[1]

    def url(domain, path="/"):
        return f"http://{domain}.localhost:{port}{path}"

    return url
