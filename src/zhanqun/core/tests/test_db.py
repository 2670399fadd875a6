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
