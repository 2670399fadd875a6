"""Numbers under concurrent submissions (PostgreSQL only: SQLite serialises writers anyway).

Many citizens submit at the same moment, some submissions fail after taking a number;
the numbers of the cases that exist are still 1…N with no duplicate and no gap, because
the counter row is locked by the transaction that creates the case and a rolled-back
submission gives its number back.
"""

import threading

import pytest
from django.db import connection, connections, transaction

from zhanqun.cases.factories import submit
from zhanqun.cases.models import Case

from .kinds import TEST_KIND

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

THREADS = 8
PER_THREAD = 6


class Abandoned(Exception):
    pass


def test_concurrent_submissions_get_unique_gap_free_numbers():
    barrier = threading.Barrier(THREADS)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            for i in range(PER_THREAD):
                if (n + i) % 4 == 0:
                    # Takes a number, then fails before committing.
                    try:
                        with transaction.atomic():
                            submit(TEST_KIND, subject=f"放弃的提交 {n}-{i}")
                            raise Abandoned
                    except Abandoned:
                        pass
                else:
                    submit(TEST_KIND, subject=f"来信 {n}-{i}")
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
    committed = sum(1 for n in range(THREADS) for i in range(PER_THREAD) if (n + i) % 4 != 0)
    sequences = sorted(Case.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, committed + 1))
    numbers = set(Case.objects.values_list("number", flat=True))
    assert len(numbers) == committed
    assert not Case.objects.filter(subject__startswith="放弃的提交").exists()
