"""Appends under concurrency (PostgreSQL only: SQLite serialises writers anyway).

Many back-office users act at the same moment, some actions roll back after writing
their record; the chain is still one line — sequence numbers 1…N with no duplicate and no
gap, each record linking to the one before — because every append locks the chain head
row until its transaction ends.
"""

import threading

import pytest
from django.db import connection, connections, transaction

from zhanqun import audit
from zhanqun.audit.models import AuditRecord

from .conftest import run

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

THREADS = 8
PER_THREAD = 10


class Abandoned(Exception):
    pass


def test_concurrent_appends_never_fork_the_chain():
    before = AuditRecord.objects.count()
    barrier = threading.Barrier(THREADS)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            for i in range(PER_THREAD):
                if (n + i) % 5 == 0:
                    try:
                        with transaction.atomic():
                            audit.record(None, "test.abandoned", worker=n, i=i)
                            raise Abandoned
                    except Abandoned:
                        pass
                else:
                    with transaction.atomic():
                        audit.record(None, "test.concurrent", worker=n, i=i)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    committed = sum(1 for n in range(THREADS) for i in range(PER_THREAD) if (n + i) % 5 != 0)
    seqs = list(AuditRecord.objects.order_by("seq").values_list("seq", flat=True))
    assert len(seqs) == before + committed
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert not AuditRecord.objects.filter(action="test.abandoned").exists()
    code, out, err = run("verify")
    assert code == 0, err
