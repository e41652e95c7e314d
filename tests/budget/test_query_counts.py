"""The budget pages and API keep a fixed number of queries whatever the number of lines and expenses."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import Budget, BudgetLine, Expense

pytestmark = pytest.mark.django_db

CATEGORIES = ["personnel", "operating", "equipment", "subcontracting", "other"]


def build(cast, lines: int, expenses: int) -> Budget:
    """An approved budget with `lines` lines over three structures and `expenses` expenses (fixture, bulk-built)."""
    budget = Budget.objects.create(consortium=cast.consortium_a, status=Budget.Status.APPROVED)
    structures = [cast.lead_a, cast.member_a, cast.partner_a]
    created = BudgetLine.objects.bulk_create(
        BudgetLine(
            budget=budget,
            structure=structures[i % 3],
            category=CATEGORIES[i % 5],
            year=1 + i % 2,
            label=f"Ligne {i}",
            amount=Decimal("100.00"),
            staff_role="Rôle" if i % 5 == 0 else "",
            fte=Decimal("0.50") if i % 5 == 0 else None,
        )
        for i in range(lines)
    )
    Expense.objects.bulk_create(
        Expense(
            budget_line=created[i % len(created)],
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=7 * i),
            amount=Decimal("10.00"),
            justification=f"Pièce {i}",
        )
        for i in range(expenses)
    )
    for line in created[:expenses]:  # some history to list
        BudgetLine.history.model.objects.create(
            id=line.pk,
            budget_id=budget.pk,
            structure_id=line.structure_id,
            category=line.category,
            year=line.year,
            label=line.label,
            amount=line.amount,
            staff_role="",
            version=1,
            history_date=datetime.datetime.now(datetime.UTC),
            history_type="+",
        )
    return budget


PAGES = {
    "overview": lambda c: reverse("budget:overview", kwargs={"consortium_id": c.pk}),
    "overview-opened": lambda c: (
        reverse("budget:overview", kwargs={"consortium_id": c.pk})
        + f"?structure={c.memberships.get(is_lead=True).structure_id}"
    ),
    "structure-lines": lambda c: (
        reverse(
            "budget:structure_lines",
            kwargs={"consortium_id": c.pk, "structure_id": c.memberships.get(is_lead=True).structure_id},
        ),
        {"HTTP_HX_REQUEST": "true"},
    ),
    "version": lambda c: reverse("budget:version", kwargs={"consortium_id": c.pk, "budget_id": c.budgets.get().pk}),
    "version-opened": lambda c: (
        reverse("budget:version", kwargs={"consortium_id": c.pk, "budget_id": c.budgets.get().pk})
        + f"?structure={c.memberships.get(is_lead=True).structure_id}"
    ),
    "expenses": lambda c: reverse("budget:expenses", kwargs={"consortium_id": c.pk}),
    "expenses-filtered": lambda c: (
        reverse("budget:expenses", kwargs={"consortium_id": c.pk}) + "?month=2026-01&line_search=ligne"
    ),
    "expenses-bad-filters": lambda c: (
        reverse("budget:expenses", kwargs={"consortium_id": c.pk}) + "?month=x&structure=999999&category=x&page=9"
    ),
    "expense-line-search": lambda c: (
        reverse("budget:expense_lines", kwargs={"consortium_id": c.pk}) + "?line_search=1",
        {"HTTP_HX_REQUEST": "true"},
    ),
    "history": lambda c: reverse("budget:history", kwargs={"consortium_id": c.pk}),
    "history-expenses": lambda c: reverse("budget:history", kwargs={"consortium_id": c.pk}) + "?kind=expenses",
    "flows": lambda c: reverse("budget:flows", kwargs={"consortium_id": c.pk}),
    "api-summary": lambda c: f"/api/v1/consortia/{c.pk}/budget/",
    "api-lines": lambda c: f"/api/v1/consortia/{c.pk}/budget-lines/",
    "api-expenses": lambda c: f"/api/v1/consortia/{c.pk}/expenses/",
}


def count_queries(client, url) -> int:
    url, headers = url if isinstance(url, tuple) else (url, {})
    cache.clear()  # the page computed, not served from the cache (the fixture writes behind the services' back)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("make_url", PAGES.values(), ids=PAGES.keys())
def test_the_query_count_does_not_grow_with_the_data(cast, make_url):
    client = cast.client("coordinator")
    budget = build(cast, lines=20, expenses=5)
    small = count_queries(client, make_url(cast.consortium_a))
    Expense.objects.all().delete()
    BudgetLine.objects.all().delete()
    budget.delete()
    build(cast, lines=400, expenses=100)
    url = make_url(cast.consortium_a)
    large = count_queries(client, url)
    assert small == large, f"{url}: {small} queries with 20 lines, {large} with 400"
