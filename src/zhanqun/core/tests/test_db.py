import pytest
from django.db import connection

from zhanqun.core.db import refresh_planner_statistics


@pytest.mark.django_db
def test_sqlite_gets_planner_statistics_and_postgresql_keeps_its_own(site_group):
    done = refresh_planner_statistics()
    if connection.vendor == "sqlite":
        assert done
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'wagtailcore_page'")
            assert cursor.fetchone()[0] > 0
    else:
        assert done is False


@pytest.mark.django_db
def test_an_index_on_a_column_that_is_always_null_stays_usable(site_group):
    """No page is an alias, yet Wagtail looks up a page's aliases on every publish: that
    lookup must use the alias index, not scan the item table joined to every page."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps its own statistics")
    from wagtail.models import Page

    from zhanqun.content.models import ArticlePage

    assert not Page.objects.filter(alias_of__isnull=False).exists()
    refresh_planner_statistics()
    query = ArticlePage.objects.filter(alias_of_id=1).query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx LIKE 'wagtailcore_page_alias_of_id%'")
        assert cursor.fetchone()[0].split(" ")[1] == "1"
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "alias_of_id" in plan, plan



def test_sqlite_file_database_lets_a_reading_transaction_write_beside_a_concurrent_writer(tmp_path, django_db_blocker):
    """The demo's SQLite: a transaction that reads and then writes (publish all) while another
    connection writes (an editor signing in) waits its turn; in SQLite's default deferred mode
    it failed at once with "database is locked" and the run stopped half-way."""
    import threading
    import time

    from django.db import connections, transaction
    from django.db.utils import ConnectionHandler

    from zhanqun.settings.base import SQLITE_OPTIONS

    alias = "demo_file"
    demo = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "demo.sqlite3"), "OPTIONS": SQLITE_OPTIONS}
    configured = ConnectionHandler({"default": demo}).settings["default"]
    connections.settings[alias] = configured
    errors = []
    read = threading.Event()

    def editor():
        read.wait()
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("INSERT INTO item VALUES ('editor')")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections[alias].close()

    try:
        with django_db_blocker.unblock():
            with connections[alias].cursor() as cursor:
                cursor.execute("CREATE TABLE item (who TEXT)")
            thread = threading.Thread(target=editor)
            thread.start()
            try:
                with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM item")
                    read.set()
                    time.sleep(0.3)  # the editor writes meanwhile
                    cursor.execute("INSERT INTO item VALUES ('publisher')")
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)
                read.set()
            thread.join()
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT who FROM item ORDER BY who")
                landed = [r[0] for r in cursor.fetchall()]
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]
    assert errors == []
    assert landed == ["editor", "publisher"]
