"""Numbers under concurrent submissions (PostgreSQL only: SQLite serialises writers anyway).

Many citizens submit at the same moment, some submissions fail after taking a number;
the numbers of the cases that exist are still 1…N with no duplicate and no gap, because
the counter row is locked by the transaction that creates the case and a rolled-back
submission gives its number back.
"""

import pytest
from django.db import connection

from zhanqun.cases.factories import submit
from zhanqun.cases.models import Case
from zhanqun.conftest import run_concurrently

from .kinds import TEST_KIND

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

THREADS = 8
PER_THREAD = 6


def test_concurrent_submissions_get_unique_gap_free_numbers():
    def act(n, i, abandoned):
        # An abandoned one takes a number, then fails before committing.
        submit(TEST_KIND, subject=f"放弃的提交 {n}-{i}" if abandoned else f"来信 {n}-{i}")

    committed = run_concurrently(THREADS, PER_THREAD, act, abandon_every=4)
    sequences = sorted(Case.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, committed + 1))
    numbers = set(Case.objects.values_list("number", flat=True))
    assert len(numbers) == committed
    assert not Case.objects.filter(subject__startswith="放弃的提交").exists()
