"""Helpers for budget tests: build lines and budgets through the services (the only write path)."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache

from budget import services
from budget.models import Budget, BudgetLine


def add_line(
    cast, amount="1000.00", *, category="personnel", year=1, structure=None, label="Coordinatrice", actor=None
):
    data = {
        "structure": (structure or cast.lead_a).pk,
        "category": category,
        "year": year,
        "label": label,
        "amount": str(amount),
    }
    if category == "personnel":
        data |= {"staff_role": "Coordination", "fte": "1"}
    return services.budget_line_create(actor=actor or cast.users["accountant"], consortium=cast.consortium_a, data=data)


def approve(cast, budget=None):
    budget = budget or Budget.objects.get(consortium=cast.consortium_a, status__in=Budget.OPEN)
    services.budget_submit(actor=cast.users["coordinator"], budget=budget)
    return services.budget_approve(actor=cast.users["reviewer"], budget=budget)


def approved_budget(cast, personnel="80000.00", operating="20000.00"):
    """An approved budget of 100,000 € for consortium A: one personnel line (year 1), one operating line (year 2)."""
    staff = add_line(cast, personnel)
    add_line(cast, operating, category="operating", year=2, label="Loyer")
    budget = approve(cast, staff.budget)
    return budget, BudgetLine.objects.get(pk=staff.pk)


def add_expense(cast, line, amount="100.00", date=datetime.date(2026, 3, 15), file=None):
    return services.expense_create(
        actor=cast.users["accountant"],
        consortium=cast.consortium_a,
        data={"budget_line": line.pk, "date": date, "amount": str(amount), "justification": "Fiche de paie mars"},
        file=file,
    )


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # one-time form tokens live in the cache
    yield
    cache.clear()


D = Decimal
