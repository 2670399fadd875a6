"""Shared fixtures: the 云泽市 site group, and clients on the admin and public hosts.

The admin URLconf answers only on ``settings.ADMIN_HOSTS`` (localhost); a site's
public pages answer on its domain plus ``ZHANQUN_DEMO_HOST_SUFFIX`` (".localhost" in
test settings), e.g. ``www.yunze.gov.cn.localhost``.
"""

import sys
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from wagtail.models import Site

from zhanqun.sitegroup.factories import (
    DEPARTMENT_DOMAIN,
    PORTAL_DOMAIN,
    department_identity,
    portal_identity,
)
from zhanqun.sitegroup.services import create_site, public_hostname
from zhanqun.units.enums import UnitKind
from zhanqun.units.factories import SuperUserFactory, UnitFactory
from zhanqun.units.models import Unit

ADMIN_HOST = "localhost"
PORTAL_HOST = public_hostname(PORTAL_DOMAIN)
DEPARTMENT_HOST = public_hostname(DEPARTMENT_DOMAIN)


UNIT_NAMES = {
    "office": ("云泽市人民政府办公室", "政府办公室", UnitKind.OFFICE),
    "fgw": ("云泽市发展和改革委员会", "发展和改革委员会", UnitKind.DEPARTMENT),
    "education": ("云泽市教育局", "教育局", UnitKind.DEPARTMENT),
}


def make_units():
    return SimpleNamespace(
        **{
            key: UnitFactory(name=name, short_name=short, kind=kind, sort_order=n)
            for n, (key, (name, short, kind)) in enumerate(UNIT_NAMES.items(), start=1)
        }
    )


def make_site_group():
    """The portal 云泽市人民政府 and the department site of its 发展和改革委员会.

    Both come from ``create_site``, so they carry the standard columns; the portal's
    columns belong to the government office, the department site's to the 发改委.
    """
    units = make_units()
    portal = create_site(
        domain=PORTAL_DOMAIN,
        identity=portal_identity(),
        home_title="云泽市人民政府",
        owner_unit=units.office,
    )
    department = create_site(
        domain=DEPARTMENT_DOMAIN,
        identity=department_identity(),
        home_title="云泽市发展和改革委员会",
        owner_unit=units.fgw,
    )
    return {"portal": portal.pk, "department": department.pk}


@pytest.fixture
def units(db):
    """The three units, without any site (the same rows ``site_group`` uses)."""
    return make_units()


@pytest.fixture(scope="module")
def _site_group_rows(django_db_setup, django_db_blocker):
    """Builds the site group once per test module, inside a transaction that each test's
    own transaction nests in (as Django's ``TestCase.setUpTestData`` does) and that is
    rolled back after the module's last test."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            cache.clear()
            rows = make_site_group()
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    yield rows
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
        cache.clear()


@pytest.fixture
def site_group(db, _site_group_rows):
    """Fresh instances of the module's site group: tests may change them freely.

    ``units`` (office, fgw, education), ``portal`` / ``department`` (Wagtail Sites) and
    their home pages ``portal_home`` / ``department_home``.
    """
    cache.clear()  # Wagtail caches site root paths; other tests' sites are gone
    portal = Site.objects.get(pk=_site_group_rows["portal"])
    department = Site.objects.get(pk=_site_group_rows["department"])
    yield SimpleNamespace(
        units=SimpleNamespace(
            **{key: Unit.objects.get(name=name) for key, (name, _short, _kind) in UNIT_NAMES.items()}
        ),
        portal=portal,
        portal_home=portal.root_page.specific,
        department=department,
        department_home=department.root_page.specific,
    )
    cache.clear()


def column(site, slug):
    """A standard column of ``site`` by its slug (zwdt, zfwj, zcjd …)."""
    from zhanqun.columns.models import ColumnPage

    return ColumnPage.objects.descendant_of(site.root_page).get(slug=slug)


@pytest.fixture
def superuser(db):
    return SuperUserFactory(username="sysadmin")


@pytest.fixture
def admin_host_client(superuser):
    """A superuser logged in to the back office on the admin host."""
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(superuser)
    return client


@pytest.fixture
def portal_client():
    return Client(HTTP_HOST=PORTAL_HOST)


@pytest.fixture
def department_client():
    return Client(HTTP_HOST=DEPARTMENT_HOST)


def field_errors(response, name):
    """The error messages the Wagtail editor shows under field ``name``."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(response.content, "html.parser")
    field = page.find(attrs={"data-contentpath": name})
    assert field is not None, f"no field {name} on the page"
    return [p.get_text(strip=True) for p in field.select(".w-field__errors .error-message")]



def _transactional(item):
    """Whether a test runs outside a rolled-back transaction (and so ends with a flush):
    ``django_db(transaction=True)``, ``transactional_db`` or ``live_server`` (browser tests)."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (browser tests, concurrency tests, publishing outside a
    transaction) commits its data and ends with a flush. Django restores the migrated
    data (Wagtail's root page, role groups) only at the start of the next
    serialized-rollback test, so after the last transactional test in a row we put it back
    ourselves, for whatever ordinary test this worker runs next."""
    yield
    # Nothing to restore for when nothing follows: at the session's last test, pytest has
    # already dropped the test database in the teardown above.
    if not _transactional(item) or nextitem is None or _transactional(nextitem):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


def solve_captcha(html: str) -> dict:
    """The CAPTCHA fields of a rendered form, answered as a person reading the image would."""
    import re

    from captcha.models import CaptchaStore

    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html).group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


class _Abandoned(Exception):
    pass


def run_concurrently(threads, per_thread, act, abandon_every):
    """``act(n, i, abandoned)`` called ``per_thread`` times in each of ``threads`` threads
    that start together; a call with ``(n + i) % abandon_every == 0`` runs inside a
    transaction that is then rolled back (a submission that fails after taking its
    number). Each thread closes its connections. Returns how many calls committed;
    raises the first error a thread met. For the PostgreSQL concurrency tests."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(threads)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            for i in range(per_thread):
                if (n + i) % abandon_every == 0:
                    try:
                        with transaction.atomic():
                            act(n, i, True)
                            raise _Abandoned
                    except _Abandoned:
                        pass
                else:
                    act(n, i, False)
        except Exception as exc:  # noqa: BLE001 - raised in the calling thread below
            errors.append(exc)
        finally:
            connections.close_all()

    started = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in started:
        t.start()
    for t in started:
        t.join()
    if errors:
        raise errors[0]
    return sum(1 for n in range(threads) for i in range(per_thread) if (n + i) % abandon_every != 0)
