"""The other nine demo consortia's budgets, so that AVIQ's workspace has something to compare and review: each gets
a two-year budget near its envelope, at a different stage (a draft; submitted and waiting; sent back with AVIQ's
public comment and a private annotation; approved with a few months of spending), some under the 80 % personnel
share. Through the services; a consortium that already has a budget is left as it is."""

import datetime
from decimal import Decimal

from budget import services as budget_services
from budget.models import Budget, RuleSet
from budget.rules import envelope_cap
from consortia.management.commands.load_demo import HAUTES_PLAINES
from consortia.models import Consortium, ConsortiumRole, Membership, User

from .review import services as review_services
from .review.items import item_of

# Share of the envelope planned, share of it for personnel, stage: one row per consortium, in name order.
PLANS = (
    ("0.92", "0.84", "submitted"),
    ("0.88", "0.81", "changes_requested"),
    ("0.97", "0.82", "approved"),
    ("0.64", "0.81", "draft"),
    ("0.90", "0.86", "submitted"),
    ("0.99", "0.80", "approved"),
    ("0.75", "0.72", "draft"),
    ("0.93", "0.85", "submitted"),
    ("0.85", "0.83", "approved"),
)
OTHER_LINES = (("operating", "Frais de fonctionnement", "0.6"), ("equipment", "Matériel informatique", "0.4"))
CENT = Decimal("0.01")


def _people(consortium):
    coordinator = (
        User.objects.filter(
            consortium_roles__consortium=consortium, consortium_roles__role=ConsortiumRole.Role.COORDINATOR
        )
        .order_by("pk")
        .first()
    )
    return coordinator, User.objects.filter(aviq_reviewer=True, is_active=True).order_by("pk").first()


def _lines(consortium, actor, total: Decimal, personnel_share: Decimal):
    lead = Membership.objects.filter(consortium=consortium, is_lead=True).select_related("structure").first().structure
    personnel = (total * personnel_share).quantize(CENT)
    other = total - personnel
    lines = []
    for year in (1, 2):
        half = Decimal("0.5")
        data = {
            "structure": lead.pk,
            "year": year,
            "category": "personnel",
            "label": "Coordination du consortium",
            "amount": (personnel * half).quantize(CENT),
            "staff_role": "Coordinatrice",
            "fte": "1",
        }
        lines.append(budget_services.budget_line_create(actor=actor, consortium=consortium, data=data))
        for category, label, share in OTHER_LINES:
            amount = (other * half * Decimal(share)).quantize(CENT)
            data = {"structure": lead.pk, "year": year, "category": category, "label": label, "amount": amount}
            budget_services.budget_line_create(actor=actor, consortium=consortium, data=data)
    return lines


def _review_back(budget, reviewer):
    item = item_of("budget", budget.pk)
    line = budget.lines.order_by("pk").first()
    review_services.comment_add(
        actor=reviewer,
        consortium_id=budget.consortium_id,
        target="budget_line",
        target_id=line.pk,
        text="Précisez la répartition des tâches de la coordinatrice entre les deux années.",
        visibility="public",
        item=item,
    )
    review_services.comment_add(
        actor=reviewer,
        consortium_id=budget.consortium_id,
        target="budget",
        target_id=budget.pk,
        text="Part de personnel tout juste au-dessus de 80 % : à suivre au prochain comité d'accompagnement.",
        visibility="private",
        item=item,
    )
    budget_services.budget_request_changes(
        actor=reviewer,
        budget=budget,
        comment="Détaillez les frais de fonctionnement par poste (loyer, déplacements, animation).",
    )


def _spend(consortium, actor, line, months: int = 4):
    for month in range(1, months + 1):
        budget_services.expense_create(
            actor=actor,
            consortium=consortium,
            data={
                "budget_line": line.pk,
                "date": datetime.date(2026, month, 28),
                "amount": (line.amount / 12).quantize(CENT),
                "justification": f"Fiche de paie {month:02d}/2026",
            },
        )


def hand_in_the_deliverable() -> bool:
    """Hautes Plaines hands its deliverable in to AVIQ (when its five narratives are written), for the queue."""
    from reporting.deliverable_workflow import deliverable_submit
    from reporting.models import Deliverable, DeliverableStep

    consortium = Consortium.objects.filter(name=HAUTES_PLAINES.name).first()
    if consortium is None or Deliverable.objects.filter(consortium=consortium).exists():
        return False
    if DeliverableStep.objects.filter(consortium=consortium).exclude(narrative="").count() < 5:
        return False
    coordinator, _reviewer = _people(consortium)
    note = "Première remise du livrable : les étapes 4 et 5 seront complétées au second semestre."
    deliverable_submit(actor=coordinator, consortium=consortium, note=note)
    return True


def ask_for_a_mandate() -> bool:
    """AVIQ asks Hautes Plaines for one of its adopted mandates, and the coordination transmits it: the queue then
    holds a mandate too (after load_mandates_demo; nothing when it has not run or a review exists)."""
    from mandates.models import Mandate, MandateReview
    from mandates.review import mandate_review_ask, mandate_review_submit

    consortium = Consortium.objects.filter(name=HAUTES_PLAINES.name).first()
    mandate = (
        Mandate.objects.filter(consortium=consortium, status=Mandate.Status.ADOPTED).order_by("kind", "pk").first()
    )
    if mandate is None or MandateReview.objects.filter(consortium=consortium).exists():
        return False
    coordinator, reviewer = _people(consortium)
    if coordinator is None or reviewer is None:
        return False
    reason = "Nous souhaitons voir comment le mandat articule cet espace avec l'assemblée des membres."
    mandate_review_ask(actor=reviewer, mandate=mandate, reason=reason)
    mandate_review_submit(actor=coordinator, mandate=mandate, note="Version adoptée, telle que décidée.")
    return True


def load() -> int:
    """Budgets for the demo consortia that have none; returns how many were created."""
    rules = RuleSet.active().as_rules()
    created = 0
    # Hautes Plaines' budget is load_reporting_demo's (the deliverable's "use of the subsidy").
    others = Consortium.objects.select_related("territory").exclude(name=HAUTES_PLAINES.name).order_by("name")
    for consortium, (used, personnel_share, stage) in zip(others, PLANS, strict=False):
        if Budget.objects.filter(consortium=consortium).exists():
            continue
        coordinator, reviewer = _people(consortium)
        if reviewer is None:  # load_demo makes the AVIQ reviewer; the other consortia have no accounts (actor None)
            return created
        envelope = envelope_cap(consortium.territory.population, rules)
        lines = _lines(consortium, coordinator, (envelope * Decimal(used)).quantize(CENT), Decimal(personnel_share))
        budget = lines[0].budget
        created += 1
        if stage == "draft":
            continue
        budget_services.budget_submit(actor=coordinator, budget=budget, note="")
        if stage == "changes_requested":
            _review_back(budget, reviewer)
        if stage == "approved":
            budget_services.budget_approve(actor=reviewer, budget=budget, comment="Conforme au cadre du programme.")
            _spend(consortium, coordinator, lines[0])
    return created
