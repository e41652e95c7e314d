"""What the deliverable's tests share: activities, a decision of the register, an adopted mandate and a budget with
spending, built through the services."""

import datetime
from decimal import Decimal

from django.utils import timezone

from reporting.models import Activity

ESSENTIALS = {
    "title": "Équipe opérationnelle",
    "purpose": "Soutenir les acteurs sociaux et de santé du territoire.",
    "responsibilities": "Agit au niveau opérationnel.",
    "autonomy": "Méthodes, outils, formats d'animation.",
    "scope": "Tout le territoire.",
    "composition": "Équipe financée via le budget OLS.",
}


def activity(consortium, title="Concertation Ville Haute", day=1):
    return Activity.objects.create(
        consortium=consortium,
        date=datetime.date(2026, 3, day),
        kind="concertation",
        title=title,
        logic="horizontal",
    )


def decision_and_mandate(cast, gov, title="Équipe opérationnelle"):
    """A mandate adopted by the body's vote: the register then holds its decision."""
    from governance.services.proposals import proposal_close
    from governance.services.votes import vote_cast
    from mandates.services import mandate_create, mandate_propose

    mandate = mandate_create(
        actor=None, consortium=cast.consortium_a, data={"kind": "secretary", **ESSENTIALS, "title": title}
    )
    mandate = mandate_propose(
        actor=None, mandate=mandate, deciding_body=gov.body, closes_at=timezone.now() + datetime.timedelta(days=2)
    )
    for seat in gov.body.seats.all():
        vote_cast(actor=seat.representative, proposal=mandate.proposal, seat=seat, choice="consent")
    proposal_close(actor=None, proposal=mandate.proposal)
    mandate.refresh_from_db()
    return mandate.decision, mandate


def budget_with_spending(cast, *, lines=1):
    """A budget approved by AVIQ (personnel and operating lines per structure) and an expense on a line."""
    from budget.models import Budget
    from budget.services import budget_approve, budget_line_create, budget_submit, expense_create

    consortium, coordinator = cast.consortium_a, cast.users["coordinator"]
    created = []
    for i in range(lines):
        for structure in (cast.lead_a, cast.member_a):
            data = {"structure": structure.pk, "year": 1 + i % 2, "category": "personnel", "label": f"Coordination {i}"}
            created.append(
                budget_line_create(
                    actor=coordinator,
                    consortium=consortium,
                    data=data | {"amount": Decimal("40000.00"), "staff_role": "Coordinatrice", "fte": "0.5"},
                )
            )
        budget_line_create(
            actor=coordinator,
            consortium=consortium,
            data={"structure": cast.lead_a.pk, "year": 1, "category": "operating", "label": f"Salle {i}"}
            | {"amount": Decimal("5000.00")},
        )
    budget = Budget.objects.get(consortium=consortium)
    budget = budget_submit(actor=coordinator, budget=budget, revision=budget.revision)
    budget_approve(actor=cast.users["reviewer"], budget=budget, revision=budget.revision)
    expense_create(
        actor=coordinator,
        consortium=consortium,
        data={
            "budget_line": created[0].pk,
            "date": datetime.date(2026, 2, 28),
            "amount": "3000.00",
            "justification": "Fiche de paie de février",
        },
    )
    return budget
