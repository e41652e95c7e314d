"""The cap holds when people save at the same time: parallel inserts on PostgreSQL, each in its own connection."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from budget import services
from budget.models import Budget, BudgetLine
from ols_platform.errors import DomainError
from tests.conftest import build_cast

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("select_for_update only serialises writers on PostgreSQL")


def test_parallel_inserts_never_bring_the_total_over_the_cap():
    cast = build_cast()
    Budget.objects.create(consortium=cast.consortium_a)
    workers = 12
    amount = Decimal("50000.00")  # 12 × 50,000 = 600,000 > 450,000: at most 9 may pass
    barrier = threading.Barrier(workers)
    outcomes = []
    lock = threading.Lock()

    def insert(index):
        try:
            barrier.wait()
            services.budget_line_create(
                actor=None,
                consortium=cast.consortium_a,
                data={
                    "structure": cast.lead_a.pk,
                    "category": "operating",
                    "year": 1,
                    "label": f"L{index}",
                    "amount": str(amount),
                },
            )
            result = "ok"
        except DomainError as error:
            result = error.code
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=insert, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    total = sum(BudgetLine.objects.values_list("amount", flat=True), Decimal("0"))
    assert total <= Decimal("450000.00")
    assert outcomes.count("ok") == 9
    assert outcomes.count("cap_exceeded") == 3
    assert total == 9 * amount
