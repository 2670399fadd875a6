"""People and helpers of the audit tests.

* ``auditor`` — 审计员: reads the audit log, nothing else.
* ``editor`` — 信息员 of the 发改委: no access to the audit log.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from zhanqun.audit import services
from zhanqun.audit.models import AuditRecord
from zhanqun.conftest import ADMIN_HOST
from zhanqun.units.enums import Role
from zhanqun.units.factories import PASSWORD, UserFactory


@pytest.fixture
def auditor(db):
    return UserFactory(username="shenji", roles=[Role.AUDITOR])


@pytest.fixture
def auditor_client(auditor):
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.login(username=auditor.username, password=PASSWORD)
    return client


@pytest.fixture
def editor(db):
    return UserFactory(username="xinxiyuan", roles=[Role.UNIT_EDITOR])


def run(*args):
    """``zhanqun audit …``: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def empty_log(db):
    """No records yet (migrate records its permission grants): a chain from genesis, so
    that records dated in the past come first, as they would in a real log."""
    sql("DELETE FROM {table}")
    sql("DELETE FROM audit_chainhead")


def make_records(n, *, days_ago=0, action="test.action"):
    """``n`` records dated ``days_ago`` days back, through the bulk path."""
    when = timezone.now() - timedelta(days=days_ago)
    services.bulk_append(
        {"action": action, "username": "someone", "detail": {"n": i}, "created_at": when + timedelta(seconds=i)}
        for i in range(n)
    )


def sql(statement, params=()):
    """What an attacker with database access does: plain SQL, no model code."""
    with connection.cursor() as cursor:
        cursor.execute(statement.replace("{table}", AuditRecord._meta.db_table), params)
