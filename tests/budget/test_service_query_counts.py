"""Budget services keep a fixed number of queries whatever the number of expenses they carry along."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget import services
from budget.models import Budget, Expense

from .conftest import add_expense, approved_budget

pytestmark = pytest.mark.django_db


def approve_amendment_counting_queries(cast, expenses: int) -> int:
    """Approve an amendment of a budget holding `expenses` expenses; the number of queries the approval ran."""
    _budget, line = approved_budget(cast)
    for _ in range(expenses):
        add_expense(cast, line, "10.00")
    amendment = services.budget_amend(actor=cast.users["coordinator"], consortium=cast.consortium_a)
    services.budget_submit(actor=cast.users["coordinator"], budget=amendment)
    with CaptureQueriesContext(connection) as context:
        services.budget_approve(actor=cast.users["reviewer"], budget=amendment)
    moved = Expense.objects.filter(budget_line__budget=amendment)
    assert moved.count() == expenses
    assert Budget.objects.get(pk=amendment.pk).status == Budget.Status.APPROVED
    return len(context.captured_queries)


def test_approving_an_amendment_moves_its_expenses_in_a_fixed_number_of_queries(cast):
    few = approve_amendment_counting_queries(cast, 1)
    Expense.objects.all().delete()
    Budget.objects.filter(consortium=cast.consortium_a).update(supersedes=None)
    Budget.objects.filter(consortium=cast.consortium_a).delete()
    many = approve_amendment_counting_queries(cast, 12)
    assert many == few


def test_the_moved_expenses_keep_their_history_with_the_reviewer_as_author(cast):
    _budget, line = approved_budget(cast)
    expense = add_expense(cast, line, "10.00")
    amendment = services.budget_amend(actor=cast.users["coordinator"], consortium=cast.consortium_a)
    services.budget_submit(actor=cast.users["coordinator"], budget=amendment)
    services.budget_approve(actor=cast.users["reviewer"], budget=amendment)
    latest = Expense.history.filter(id=expense.pk).order_by("-history_id").first()
    assert latest.budget_line.budget_id == amendment.pk and latest.history_user == cast.users["reviewer"]
