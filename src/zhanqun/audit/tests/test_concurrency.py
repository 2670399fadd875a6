"""Appends under concurrency (PostgreSQL only: SQLite serialises writers anyway).

Many back-office users act at the same moment, some actions roll back after writing
their record; the chain is still one line — sequence numbers 1…N with no duplicate and no
gap, each record linking to the one before — because every append locks the chain head
row until its transaction ends.
"""

import pytest
from django.db import connection, transaction

from zhanqun import audit
from zhanqun.audit.models import AuditRecord
from zhanqun.conftest import run_concurrently

from .conftest import run

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

THREADS = 8
PER_THREAD = 10


def test_concurrent_appends_never_fork_the_chain():
    before = AuditRecord.objects.count()

    def act(n, i, abandoned):
        with transaction.atomic():
            audit.record(None, "test.abandoned" if abandoned else "test.concurrent", worker=n, i=i)

    committed = run_concurrently(THREADS, PER_THREAD, act, abandon_every=5)
    seqs = list(AuditRecord.objects.order_by("seq").values_list("seq", flat=True))
    assert len(seqs) == before + committed
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert not AuditRecord.objects.filter(action="test.abandoned").exists()
    code, out, err = run("verify")
    assert code == 0, err
