"""Arrangements and imports hold their rules when people save at the same time (PostgreSQL, one connection each)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from budget import services as budget_services
from budget.models import Budget, BudgetLine
from budget.staff import services as staff_services
from budget.staff.models import StaffArrangement
from ols_platform.errors import DomainError
from tests.conftest import build_cast

from .conftest import add_line
from .staff_fixtures import arrangement_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("select_for_update only serialises writers on PostgreSQL")


def run_in_parallel(workers, action):
    barrier = threading.Barrier(workers)
    outcomes, lock = [], threading.Lock()

    def work(index):
        try:
            barrier.wait()
            action(index)
            result = "ok"
        except DomainError as error:
            result = error.code
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_parallel_arrangements_on_one_line_never_cost_more_than_it():
    cast = build_cast()
    line = add_line(cast, "100000.00", structure=cast.member_a)  # 4 arrangements of 24,000 € fit, not 5

    def create(index):
        staff_services.arrangement_create(
            actor=None, consortium=cast.consortium_a, data=arrangement_data(cast, [line], person=f"P{index}")
        )

    outcomes = run_in_parallel(8, create)
    assert outcomes.count("ok") == 4 and outcomes.count("arrangement_exceeds_lines") == 4
    assert StaffArrangement.objects.count() == 4


def test_a_preview_confirmed_twice_at_the_same_time_imports_once():
    cast = build_cast()
    budget = Budget.objects.create(consortium=cast.consortium_a)
    payload = {
        "budget_id": budget.pk,
        "revision": 0,
        "rows": [
            {
                "number": n,
                "structure": cast.lead_a.pk,
                "category": "operating",
                "year": 1,
                "label": f"L{n}",
                "amount": "1000.00",
                "staff_role": "",
                "fte": None,
            }
            for n in range(2, 12)
        ],
    }

    outcomes = run_in_parallel(
        6, lambda _i: budget_services.budget_lines_import(actor=None, consortium=cast.consortium_a, payload=payload)
    )
    assert outcomes.count("ok") == 1 and outcomes.count("conflict") == 5
    assert BudgetLine.objects.count() == 10
    assert sum(BudgetLine.objects.values_list("amount", flat=True), Decimal("0")) == Decimal("10000.00")
