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


# The whole-product smoke tests (test_smoke_admin.py, test_smoke_public.py) run on the
# demo at this scale: every kind of object and every stage the full demo has (accounts,
# units, sites, review stages, cases, findings…), with fewer items per column.
SMOKE_SCALE = 0.1


@pytest.fixture(scope="module")
def served_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo as ``make demo`` leaves it: seeded, published into a scratch document root
    and watched by the monitors it runs. Built once per test module, inside a transaction
    that each test's own transaction nests in (as ``conftest._site_group_rows`` does) and
    that is rolled back after the module's last test. Callbacks waiting for a commit (the
    duty queue fed by new findings) run as they would have."""
    import sys

    from django.conf import settings
    from django.core.cache import cache
    from django.db import transaction
    from django.test import TestCase, override_settings
    from wagtail.models import Site

    from zhanqun.demo.loader import load_demo
    from zhanqun.monitoring import services as monitoring
    from zhanqun.monitoring.enums import CheckCode
    from zhanqun.publishing import services as publishing

    # Documents on disk, as in the demo: Wagtail serves a document from its file's path,
    # and the test settings' in-memory storage has none (every document would be a 404).
    media = tmp_path_factory.mktemp("media")
    overridden = override_settings(
        ZHANQUN_PUBLISH_ROOT=str(tmp_path_factory.mktemp("public")),
        MEDIA_ROOT=str(media),
        STORAGES={
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(media)}},
        },
    )
    overridden.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            cache.clear()
            with TestCase.captureOnCommitCallbacks(execute=True):
                builder = load_demo(scale=SMOKE_SCALE)
                sites = list(Site.objects.order_by("-is_default_site", "hostname"))
                stats = publishing.publish_sites(sites)
                errors = [error for s in stats.values() for error in s.errors]
                assert not errors, f"publishing the demo failed: {errors}"
                # The monitors `make demo` runs (CheckCode.AVAILABILITY needs a web server).
                monitoring.run_checks(sites, [code for code in CheckCode.runnable() if code != CheckCode.AVAILABILITY])
        except BaseException:
            outer.__exit__(*sys.exc_info())
            overridden.disable()
            raise
    yield builder
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
        cache.clear()
    overridden.disable()
