"""Demo data of the evaluation deliverable, for `load_reporting_demo` (after load_demo, load_governance_demo and
load_mandates_demo): the five steps with rich French narratives (the demo PDF runs to 20+ pages), the application's
priority projects, three learning cycles (the third following the second), evidence, and — the demo has no budget
otherwise — a realistic 24-month budget (lines per structure and category, approved by AVIQ, a year of expenses,
a secondment, a convention and the lead's own staff), all through the services.

Idempotent: the budget is written only when the consortium has none, the deliverable only when none of its steps was
written; activities are looked up by title before being created.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from budget.models import Budget
from consortia.models import ConsortiumRole, Membership
from governance.models import Decision
from mandates.models import Mandate

from . import services_deliverable as services
from .demo_deliverable_texts import CYCLES, NARRATIVES, PROJECTS, STEP_PROGRESS
from .models import Activity
from .models.deliverable import DeliverableStep

D = Decimal

# (structure name, category, label, staff role, FTE, yearly amount); year 1 and year 2 alike unless said.
LINES = (
    ("Réseau Santé Hautes Plaines", "personnel", "Coordination de l'OLS", "Coordinatrice", "1.00", "58000.00"),
    ("Réseau Santé Hautes Plaines", "personnel", "Chargé de projets", "Chargé de projets", "0.80", "40000.00"),
    (
        "Centre de Santé Mentale des Trois Vallées",
        "personnel",
        "Psychologue de liaison",
        "Psychologue",
        "0.50",
        "28000.00",
    ),
    (
        "Service de Santé Mentale de la Ville Haute",
        "personnel",
        "Travail social de liaison",
        "Assistant social",
        "0.50",
        "25000.00",
    ),
    (
        "Centre Local de Promotion de la Santé des Hautes Plaines",
        "personnel",
        "Animation des concertations",
        "Chargée de promotion de la santé",
        "0.50",
        "26000.00",
    ),
    (
        "Centre de Coordination de Soins à Domicile des Vallées",
        "personnel",
        "Coordination des retours à domicile",
        "Infirmière coordinatrice",
        "0.30",
        "18000.00",
    ),
    ("Réseau Santé Hautes Plaines", "operating", "Salles, déplacements, fournitures", "", "", "8000.00"),
    ("Réseau Santé Hautes Plaines", "other", "Communication et traductions", "", "", "3000.00"),
)
YEAR_ONLY = (
    (1, "Réseau Santé Hautes Plaines", "equipment", "Ordinateurs portables et vidéoprojecteur", "4000.00"),
    (2, "Réseau Santé Hautes Plaines", "subcontracting", "Appui à l'évaluation développementale", "10000.00"),
)


def _coordinator(consortium):
    role = (
        ConsortiumRole.objects.filter(consortium=consortium, role=ConsortiumRole.Role.COORDINATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return role.user if role else None


def _reviewer():
    return get_user_model().objects.filter(aviq_reviewer=True).order_by("pk").first()


def load(consortium, users: dict | None = None) -> dict:
    """Load the deliverable's demo into `consortium`; `users` may name "coordinator" and "reviewer" (else found).
    Returns what was created, by kind."""
    users = users or {}
    coordinator = users.get("coordinator") or _coordinator(consortium)
    reviewer = users.get("reviewer") or _reviewer()
    created = {"budget": False, "deliverable": False}
    with transaction.atomic():
        if not Budget.objects.filter(consortium=consortium).exists() and reviewer is not None:
            load_budget(consortium, coordinator, reviewer)
            created["budget"] = True
        if not DeliverableStep.objects.filter(consortium=consortium).exists():
            load_deliverable(consortium, coordinator)
            created["deliverable"] = True
    return created


# --- the budget ------------------------------------------------------------------------------------------------


def load_budget(consortium, coordinator, reviewer) -> Budget:
    from budget.services import budget_approve, budget_line_create, budget_submit, expense_create
    from budget.staff.services import arrangement_create

    structures = {
        m.structure.name: m.structure
        for m in Membership.objects.filter(consortium=consortium).select_related("structure")
    }
    lead = Membership.objects.filter(consortium=consortium, is_lead=True).select_related("structure").first().structure
    lines = {}
    for year in (1, 2):
        for name, category, label, role, fte, amount in LINES:
            structure = structures.get(name, lead)
            data = {"structure": structure.pk, "year": year, "category": category, "label": label, "amount": D(amount)}
            if category == "personnel":
                data |= {"staff_role": role, "fte": fte}
            lines[(year, label)] = budget_line_create(actor=coordinator, consortium=consortium, data=data)
    for year, name, category, label, amount in YEAR_ONLY:
        structure = structures.get(name, lead)
        data = {"structure": structure.pk, "year": year, "category": category, "label": label, "amount": D(amount)}
        lines[(year, label)] = budget_line_create(actor=coordinator, consortium=consortium, data=data)

    start = consortium.start_date
    end = consortium.end_date - datetime.timedelta(days=1)
    arrangements = (
        (
            "secondment",
            "Centre de Santé Mentale des Trois Vallées",
            "Psychologue de liaison (0,5 ETP)",
            "0.50",
            "2333.33",
            "Psychologue de liaison",
        ),
        (
            "convention",
            "Centre Local de Promotion de la Santé des Hautes Plaines",
            "Chargée de promotion de la santé",
            "0.50",
            "2166.66",
            "Animation des concertations",
        ),
        ("direct", lead.name, "Coordinatrice de l'OLS", "1.00", "4833.33", "Coordination de l'OLS"),
    )
    for kind, employer, person, fte, monthly, label in arrangements:
        arrangement_create(
            actor=coordinator,
            consortium=consortium,
            data={
                "kind": kind,
                "employer": structures.get(employer, lead).pk,
                "person": person,
                "fte": fte,
                "monthly_cost": monthly,
                "start_date": start,
                "end_date": end,
                "lines": [lines[(1, label)].pk, lines[(2, label)].pk],
            },
        )
    budget = Budget.objects.get(consortium=consortium)
    budget = budget_submit(actor=coordinator, budget=budget, revision=budget.revision, note="")
    budget_approve(actor=reviewer, budget=budget, revision=budget.revision, comment="Conforme à l'appel à projets.")
    # Eleven months of the first year spent, a little below the plan (recruitments took time).
    for month in range(1, 12):
        day = datetime.date(start.year, month, 28)
        for (year, label), line in lines.items():
            if year != 1 or line.category not in ("personnel", "operating"):
                continue
            monthly = (line.amount / 12).quantize(D("0.01"))
            spent = monthly if month > 2 else (monthly * D("0.6")).quantize(D("0.01"))
            expense_create(
                actor=coordinator,
                consortium=consortium,
                data={
                    "budget_line": line.pk,
                    "date": day,
                    "amount": spent,
                    "justification": f"{label} — {day:%m/%Y}",
                },
            )
    return budget


# --- the deliverable -------------------------------------------------------------------------------------------


def _activities(consortium) -> list[Activity]:
    from .demo_deliverable_texts import ACTIVITIES

    found = []
    for day, kind, logic, function, title, narrative in ACTIVITIES:
        activity = Activity.objects.filter(consortium=consortium, title=title).first()
        if activity is None:
            activity = Activity.objects.create(
                consortium=consortium,
                date=datetime.date.fromisoformat(day),
                kind=kind,
                logic=logic,
                function=function,
                title=title,
                narrative=narrative,
            )
        found.append(activity)
    return found


def load_deliverable(consortium, actor) -> None:
    for number, narrative in NARRATIVES.items():
        status, progress = STEP_PROGRESS[number]
        services.step_update(
            actor=actor,
            consortium=consortium,
            number=number,
            data={"narrative": narrative, "status": status, "progress": progress},
            expected_version=None,
        )
    for project in PROJECTS:
        services.project_create(actor=actor, consortium=consortium, data=project)
    activities = _activities(consortium)
    previous = None
    for index, cycle in enumerate(CYCLES):
        data = {k: datetime.date.fromisoformat(v) if k.endswith("_date") and v else v for k, v in cycle.items()}
        linked = data.pop("activity_indexes")
        data["activities"] = [activities[i] for i in linked]
        data["follows"] = previous if index == 2 else None
        previous = services.cycle_create(actor=actor, consortium=consortium, data=data)
    # Evidence: activities on steps 1, 3 and 5, the register's decisions and the adopted mandates on step 4, documents.
    for number, indexes in ((1, (0, 1, 2)), (2, (3, 4)), (3, (5, 6, 7, 8)), (5, (9, 10, 11))):
        for i in indexes:
            services.evidence_add(
                actor=actor, consortium=consortium, number=number, data={"kind": "activity", "target": activities[i].pk}
            )
    for decision in Decision.objects.filter(consortium=consortium).order_by("-decided_on")[:6]:
        services.evidence_add(
            actor=actor, consortium=consortium, number=4, data={"kind": "decision", "target": decision.pk}
        )
    for mandate in Mandate.objects.filter(consortium=consortium, status=Mandate.Status.ADOPTED).order_by("pk"):
        services.evidence_add(
            actor=actor, consortium=consortium, number=4, data={"kind": "mandate", "target": mandate.pk}
        )
    links = (
        (
            1,
            "Diagnostic territorial partagé (rapport, mars 2026)",
            "https://ols-hautes-plaines.example/diagnostic-2026.pdf",
        ),
        (2, "Charte de collaboration signée par les membres", "https://ols-hautes-plaines.example/charte.pdf"),
        (4, "Schéma de gouvernance temporaire", "https://ols-hautes-plaines.example/gouvernance.pdf"),
        (5, "Synthèse des intervisions du premier semestre", "https://ols-hautes-plaines.example/intervisions-s1.pdf"),
    )
    for number, title, url in links:
        services.evidence_add(
            actor=actor, consortium=consortium, number=number, data={"kind": "link", "title": title, "url": url}
        )
