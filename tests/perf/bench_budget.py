"""Budget data and pages for `make bench`: 2,000 lines and 500 expenses on consortium A's approved budget."""

import datetime
from decimal import Decimal

from simple_history.utils import bulk_create_with_history


def build_budget(cast, lines=2000, expenses=500):
    from budget.models import Budget, BudgetLine, Expense

    consortium = cast.consortium_a
    structures = [cast.lead_a, cast.member_a, cast.partner_a]
    budget = Budget.objects.create(consortium=consortium, status=Budget.Status.APPROVED)
    personnel = int(lines * 0.85)
    # 1,700 × 200 € + 300 × 150 € = 385,000 €: under the 450,000 € envelope, 88 % personnel.
    created = bulk_create_with_history(
        [
            BudgetLine(
                budget=budget,
                structure=structures[i % 3],
                category="personnel" if i < personnel else ["operating", "equipment", "other"][i % 3],
                year=1 + i % 2,
                label=f"Ligne {i}",
                amount=Decimal("200.00") if i < personnel else Decimal("150.00"),
                staff_role="Coordination" if i < personnel else "",
                fte=Decimal("0.10") if i < personnel else None,
            )
            for i in range(lines)
        ],
        BudgetLine,
        default_user=cast.users["accountant"],
    )
    created = list(BudgetLine.objects.filter(budget=budget).order_by("pk"))
    start = consortium.start_date
    bulk_create_with_history(
        [
            Expense(
                budget_line=created[i % len(created)],
                date=start + datetime.timedelta(days=(i * 7) % 720),
                amount=Decimal("50.00"),
                justification=f"Pièce {i}",
            )
            for i in range(expenses)
        ],
        Expense,
        default_user=cast.users["accountant"],
    )
    return budget


def budget_pages(cast):
    a = cast.consortium_a.pk
    return [
        ("Budget : vue d'ensemble (2 000 lignes)", "accountant", f"/consortia/{a}/budget/"),
        ("Budget : dépenses (500)", "accountant", f"/consortia/{a}/budget/expenses/"),
        ("Budget : historique", "accountant", f"/consortia/{a}/budget/history/"),
        ("API : synthèse du budget", "accountant", f"/api/v1/consortia/{a}/budget/"),
        ("API : lignes budgétaires (page 1)", "accountant", f"/api/v1/consortia/{a}/budget-lines/"),
        ("Budget : export .xlsx (2 000 lignes, 500 dépenses)", "accountant", f"/consortia/{a}/budget/export/"),
        *([("Budget : qui paie qui", "accountant", f"/consortia/{a}/budget/flows/")] if _has_flows() else []),
    ]


def _has_flows():
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("budget:flows", kwargs={"consortium_id": 1})
    except NoReverseMatch:
        return False
    return True
