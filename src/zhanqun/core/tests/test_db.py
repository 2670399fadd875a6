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
