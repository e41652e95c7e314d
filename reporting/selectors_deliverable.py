"""Reads on the evaluation deliverable, each in a fixed number of queries whatever the data: the five steps (a step
never written reads as not started), their evidence, the priority projects, the learning cycles, step 4's governance
(the adopted mandates and a summary of the decision register) and the « Utilisation de la subvention » section,
computed from the budget's own selectors and rules (nothing is copied nor recomputed here)."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Min, Prefetch

from budget import rules as budget_rules
from budget import selectors as budget_selectors
from budget.models import Category
from budget.staff import selectors as staff_selectors
from governance import register
from governance import selectors as governance_selectors
from governance.models import Decision, DecisionDomain
from mandates.models import Mandate, MandateKind

from .models import Activity
from .models.deliverable import STEP_NUMBERS, DeliverableStep, LearningCycle, PriorityProject, StepEvidence

RECENT_DECISIONS = 10
PICKER_MAX = 200  # the pickers list the most recent ones (a longer list is unusable anyway)


def steps_of(consortium) -> list[DeliverableStep]:
    """The five steps in order (one query); those never written are unsaved, not started."""
    saved = {step.number: step for step in DeliverableStep.objects.filter(consortium=consortium)}
    return [saved.get(n) or DeliverableStep(consortium=consortium, number=n) for n in STEP_NUMBERS]


def step_of(consortium, number: int) -> DeliverableStep | None:
    if number not in STEP_NUMBERS:
        return None
    step = DeliverableStep.objects.filter(consortium=consortium, number=number).select_related("updated_by").first()
    return step or DeliverableStep(consortium=consortium, number=number)


def overall_progress(steps) -> int:
    """The deliverable's progress: the mean of the five steps' (each step weighs the same)."""
    return round(sum(step.progress for step in steps) / len(STEP_NUMBERS))


def evidence_counts(consortium) -> dict[int, int]:
    rows = (
        StepEvidence.objects.filter(step__consortium=consortium)
        .values("step__number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["step__number"]: row["n"] for row in rows}


def _evidence():
    return StepEvidence.objects.select_related("activity", "decision__body", "mandate").order_by("created_at", "pk")


def evidence_of(step: DeliverableStep) -> list[StepEvidence]:
    return [] if step.pk is None else list(_evidence().filter(step=step))


def evidence_by_step(consortium) -> dict[int, list]:
    """Every step's evidence (one query), by step number."""
    found: dict[int, list] = {n: [] for n in STEP_NUMBERS}
    for evidence in _evidence().filter(step__consortium=consortium).select_related("step"):
        found[evidence.step.number].append(evidence)
    return found


def evidence_item(consortium, evidence_id) -> StepEvidence | None:
    if not isinstance(evidence_id, int):
        return None
    return StepEvidence.objects.select_related("step").filter(step__consortium=consortium, pk=evidence_id).first()


def projects_of(consortium):
    return PriorityProject.objects.filter(consortium=consortium).order_by("position", "pk")


def project_of(consortium, project_id):
    return PriorityProject.objects.filter(consortium=consortium, pk=project_id).first()


def cycles_of(consortium):
    """The learning cycles with the cycle each follows and their activities (two queries)."""
    return (
        LearningCycle.objects.filter(consortium=consortium)
        .select_related("follows")
        .prefetch_related(Prefetch("activities", queryset=Activity.objects.order_by("date", "pk")))
        .order_by("number", "pk")
    )


def cycle_of(consortium, cycle_id):
    return LearningCycle.objects.filter(consortium=consortium, pk=cycle_id).select_related("consortium").first()


# --- step 4: governance, computed from mandates and the register ------------------------------------------------


def adopted_mandates(consortium):
    """The mandates in force (adopted), spaces first then functions, with their body (one query)."""
    return (
        Mandate.objects.filter(consortium=consortium, status=Mandate.Status.ADOPTED)
        .select_related("body", "life_basin")
        .order_by("kind", "title", "pk")
    )


@dataclass
class RegisterSummary:
    total: int = 0
    first: object = None
    last: object = None
    by_outcome: list = field(default_factory=list)
    by_body: list = field(default_factory=list)  # (body name, count), most first
    by_domain: list = field(default_factory=list)  # (domain label, count), most first
    recent: list = field(default_factory=list)


def register_summary(consortium, *, recent: int = RECENT_DECISIONS) -> RegisterSummary:
    """The decision register in figures over its whole period: per outcome (register.outcome_counts), per body and
    per domain (one grouped query), and the latest decisions (governance.selectors.recent_decisions)."""
    rows = list(
        Decision.objects.filter(consortium=consortium)
        .values("body__name", "domain")
        .annotate(n=Count("pk"), first=Min("decided_on"), last=Max("decided_on"))
        .order_by()
    )
    by_body: Counter = Counter()
    by_domain: Counter = Counter()
    domains = dict(DecisionDomain.choices)
    for row in rows:
        by_body[row["body__name"]] += row["n"]
        by_domain[str(domains.get(row["domain"], row["domain"]))] += row["n"]
    return RegisterSummary(
        total=sum(by_body.values()),
        first=min((row["first"] for row in rows), default=None),
        last=max((row["last"] for row in rows), default=None),
        by_outcome=register.outcome_counts(consortium, {}),
        by_body=sorted(by_body.items(), key=lambda item: (-item[1], item[0])),
        by_domain=sorted(by_domain.items(), key=lambda item: (-item[1], item[0])),
        recent=list(governance_selectors.recent_decisions(consortium, limit=recent)),
    )


def mandate_kind_label(kind: str) -> str:
    return str(dict(MandateKind.choices).get(kind, kind))


# --- « Utilisation de la subvention », from the budget -----------------------------------------------------------


@dataclass
class Subsidy:
    summary: budget_selectors.Summary
    chart: budget_selectors.Chart
    personnel_actual_share: Decimal | None
    arrangements: list  # (arrangement, period total)
    flows: staff_selectors.FlowTable
    category_bars: dict  # plan vs actual per category, for the SVG chart
    lines: list = field(default_factory=list)  # the version in force's lines with what was spent (the PDF's annex)

    @property
    def budget(self):
        return self.summary.budget

    @property
    def lines_totals(self) -> tuple[Decimal, Decimal]:
        return sum((line.amount for line in self.lines), Decimal(0)), sum(
            (line.actual for line in self.lines), Decimal(0)
        )

    @property
    def personnel_actual_ok(self) -> bool | None:
        s = self.summary
        if not s.total_actual:
            return None
        return budget_rules.personnel_share_ok(s.personnel_actual, s.total_actual, s.envelope, s.rules)


def subsidy(consortium, *, with_lines: bool = False) -> Subsidy:
    """The budget's summary and chart (budget.selectors), the actual personnel share by the same rule
    (budget.rules.personnel_share) and the staff arrangements of the version in force (budget.staff)."""
    versions = budget_selectors.versions(consortium)
    summary = budget_selectors.summary(consortium, versions)
    basis = summary.rules.personnel_basis
    actual_share = budget_rules.personnel_share(summary.personnel_actual, summary.total_actual, summary.envelope, basis)
    in_force = summary.approved or summary.budget
    flows = staff_selectors.flow_table(consortium, in_force)
    return Subsidy(
        summary=summary,
        chart=budget_selectors.chart(summary),
        personnel_actual_share=actual_share,
        arrangements=flows.arrangements,
        flows=flows,
        category_bars=category_bars(summary),
        lines=list(budget_selectors.lines_with_actuals(in_force)) if with_lines and in_force else [],
    )


def category_bars(summary, *, width: int = 640, row: int = 34, left: int = 150) -> dict:
    """Geometry of a horizontal bar chart, plan vs actual per category (server-side SVG, no JavaScript)."""
    rows = [r for r in summary.by_category if r.planned or r.actual]
    top = max([r.planned for r in rows] + [r.actual for r in rows], default=Decimal(0))
    ticks = budget_selectors.axis_ticks(top, most=5)
    scale = ticks[-1] or Decimal(1)
    plot = width - left - 20
    bars = []
    for index, r in enumerate(rows):
        y = 10 + index * row
        bars.append(
            {
                "label": r.label,
                "planned": r.planned,
                "actual": r.actual,
                "y": y,
                "plan_w": round(float(r.planned / scale) * plot, 1),
                "actual_w": round(float(r.actual / scale) * plot, 1),
                "personnel": r.key == Category.PERSONNEL,
            }
        )
    height = 10 + len(rows) * row + 24
    grid = [{"x": round(left + float(t / scale) * plot, 1), "value": t} for t in ticks]
    return {"bars": bars, "width": width, "height": height, "left": left, "grid": grid, "axis_y": height - 20}


# --- pickers -----------------------------------------------------------------------------------------------------


def pickers(consortium) -> dict:
    """What a step's evidence can point to: the consortium's latest activities, decisions and adopted mandates."""
    return {
        "activities": list(Activity.objects.filter(consortium=consortium).order_by("-date", "-pk")[:PICKER_MAX]),
        "decisions": list(
            Decision.objects.filter(consortium=consortium)
            .select_related("body")
            .order_by("-decided_on", "-number")[:PICKER_MAX]
        ),
        "mandates": list(adopted_mandates(consortium)[:PICKER_MAX]),
    }
