"""AVIQ data and pages for `make bench`: nine more consortia beside consortium A (ten, as in production), each with
an approved budget of 200 lines and 300 expenses, and 40 member structures; then the programme dashboard, its
export, the comparison of all ten, and the review queue."""

import datetime
from decimal import Decimal


def build_programme(cast, consortia=9, lines=200, expenses=300, members=40):
    from budget.models import Budget, BudgetLine, Expense
    from tests.factories import ConsortiumFactory, MembershipFactory, StructureFactory

    sectors, levels = ["1LSS", "PP", "SM", "SSS"], ["meso", "meso", "micro", "macro"]
    for index in range(consortia):
        consortium = ConsortiumFactory(name=f"OLS banc {index}")
        lead = MembershipFactory(consortium=consortium, is_lead=True).structure
        for i in range(members - 1):
            MembershipFactory(
                consortium=consortium, structure=StructureFactory(sector=sectors[i % 4], level=levels[i % 4])
            )
        budget = Budget.objects.create(
            consortium=consortium, status=Budget.Status.SUBMITTED if index % 3 == 0 else Budget.Status.APPROVED
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(
                budget=budget,
                structure=lead,
                category="personnel" if i % 10 < 8 else "operating",
                year=1 + i % 2,
                label=f"Ligne {i}",
                amount=Decimal("1500.00"),
                staff_role="Coordination" if i % 10 < 8 else "",
                fte=Decimal("0.10") if i % 10 < 8 else None,
            )
            for i in range(lines)
        )
        created = list(BudgetLine.objects.filter(budget=budget).order_by("pk"))
        Expense.objects.bulk_create(
            Expense(
                budget_line=created[i % len(created)],
                date=consortium.start_date + datetime.timedelta(days=(i * 3) % 700),
                amount=Decimal("40.00"),
                justification=f"Pièce {i}",
            )
            for i in range(expenses)
        )


def aviq_pages(cast):
    from consortia.models import Consortium

    ids = "&".join(f"consortium={pk}" for pk in Consortium.objects.values_list("pk", flat=True))
    return [
        ("AVIQ : programme (10 consortia, 2 200 lignes, 3 200 dépenses)", "reviewer", "/aviq/"),
        ("AVIQ : export du programme (.xlsx)", "reviewer", "/aviq/export.xlsx"),
        ("AVIQ : comparaison des 10 consortia", "reviewer", f"/aviq/compare/?{ids}"),
        ("AVIQ : file d'examen", "reviewer", "/aviq/review/"),
    ]
