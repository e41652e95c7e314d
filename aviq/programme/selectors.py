"""The programme dashboard's figures: one row per consortium, computed in a fixed number of grouped queries whatever
the number of consortia, budget lines, expenses, mandates and decisions (each query is one GROUP BY over all
consortia; nothing is read per consortium)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum

from budget import rules as budget_rules
from budget.models import Budget, BudgetLine, Category, Expense, RuleSet
from consortia.models import Consortium, Level, Membership, Sector
from governance.models import Decision
from mandates.models import Mandate
from mandates.selectors import EXPIRY_WARNING_DAYS, expiring_mandates
from ols_platform.models import ActionLog
from reporting.models import DeliverableStep
from reporting.models.deliverable import STEP_NUMBERS

ZERO = Decimal("0.00")
DECISION_DAYS = 90


@dataclass
class ConsortiumRow:
    pk: int
    name: str
    territory: str
    population: int
    envelope: Decimal
    budget_status: str = ""
    budget_status_label: str = ""
    budget_version: int | None = None
    planned: Decimal = ZERO
    personnel_planned: Decimal = ZERO
    actual: Decimal = ZERO
    personnel_actual: Decimal = ZERO
    line_count: int = 0
    steps: list = field(default_factory=list)  # progress of steps 1–5
    adopted_mandates: int = 0
    expiring_mandates: int = 0
    recent_decisions: int = 0
    last_activity: datetime.datetime | None = None
    violations: list = field(default_factory=list)

    @property
    def envelope_use(self) -> Decimal | None:
        return self.planned / self.envelope if self.envelope else None

    @property
    def actual_use(self) -> Decimal | None:
        return self.actual / self.envelope if self.envelope else None

    @property
    def personnel_share(self) -> Decimal | None:
        return self.personnel_planned / self.planned if self.planned else None

    @property
    def personnel_share_actual(self) -> Decimal | None:
        return self.personnel_actual / self.actual if self.actual else None

    @property
    def deliverable_progress(self) -> int:
        return round(sum(self.steps) / len(self.steps)) if self.steps else 0

    @property
    def flagged(self) -> bool:
        return bool(self.violations)


def _latest_budgets(ids) -> dict[int, Budget]:
    newest = Budget.objects.filter(consortium=OuterRef("consortium")).order_by("-version").values("pk")[:1]
    budgets = Budget.objects.filter(consortium_id__in=ids).filter(pk=Subquery(newest))
    return {budget.consortium_id: budget for budget in budgets}


def rows(today: datetime.date) -> list[ConsortiumRow]:
    """Every consortium's row (ten in production), in name order."""
    ruleset = RuleSet.active()
    rules = ruleset.as_rules()
    consortia = list(Consortium.objects.select_related("territory").order_by("name"))
    ids = [c.pk for c in consortia]
    result = {
        c.pk: ConsortiumRow(
            pk=c.pk,
            name=c.name,
            territory=c.territory.name,
            population=c.territory.population,
            envelope=budget_rules.envelope_cap(c.territory.population, rules),
        )
        for c in consortia
    }
    budgets = _latest_budgets(ids)
    personnel = Q(category=Category.PERSONNEL)
    planned = (
        BudgetLine.objects.filter(budget_id__in=[b.pk for b in budgets.values()])
        .values("budget__consortium_id")
        .annotate(total=Sum("amount"), personnel=Sum("amount", filter=personnel), count=Count("pk"))
        .order_by()
    )
    for total in planned:
        row = result[total["budget__consortium_id"]]
        row.planned, row.personnel_planned = total["total"] or ZERO, total["personnel"] or ZERO
        row.line_count = total["count"]
    for consortium_id, budget in budgets.items():
        row = result[consortium_id]
        row.budget_status, row.budget_status_label = budget.status, budget.get_status_display()
        row.budget_version = budget.version
    spent = (
        Expense.objects.filter(budget_line__budget__consortium_id__in=ids)
        .values("budget_line__budget__consortium_id")
        .annotate(total=Sum("amount"), personnel=Sum("amount", filter=Q(budget_line__category=Category.PERSONNEL)))
        .order_by()
    )
    for total in spent:
        row = result[total["budget_line__budget__consortium_id"]]
        row.actual, row.personnel_actual = total["total"] or ZERO, total["personnel"] or ZERO
    _add_steps(result, ids)
    _add_governance(result, ids, today)
    for row in result.values():
        if row.budget_status:
            row.violations = budget_rules.violations(
                envelope=row.envelope,
                total_planned=row.planned,
                personnel_planned=row.personnel_planned,
                rules=rules,
                line_count=row.line_count,
            )
    return list(result.values())


def _add_steps(result, ids) -> None:
    progress = defaultdict(dict)
    for consortium_id, number, value in DeliverableStep.objects.filter(consortium_id__in=ids).values_list(
        "consortium_id", "number", "progress"
    ):
        progress[consortium_id][number] = value
    for consortium_id, row in result.items():
        row.steps = [progress[consortium_id].get(number, 0) for number in STEP_NUMBERS]


def _add_governance(result, ids, today) -> None:
    adopted = (
        Mandate.objects.filter(consortium_id__in=ids, status=Mandate.Status.ADOPTED)
        .values("consortium_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for count in adopted:
        result[count["consortium_id"]].adopted_mandates = count["n"]
    for mandate in expiring_mandates(ids, today):
        result[mandate.consortium_id].expiring_mandates += 1
    since = today - datetime.timedelta(days=DECISION_DAYS)
    decisions = (
        Decision.objects.filter(consortium_id__in=ids, decided_on__gte=since)
        .values("consortium_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for count in decisions:
        result[count["consortium_id"]].recent_decisions = count["n"]
    last = (
        ActionLog.objects.filter(consortium_id__in=ids)
        .values("consortium_id")
        .annotate(at=Max("created_at"))
        .order_by()
    )
    for entry in last:
        result[entry["consortium_id"]].last_activity = entry["at"]


# --- sorting, filtering, totals ---------------------------------------------------------------------------------

SORTS = {
    "name": lambda r: r.name.casefold(),
    "population": lambda r: r.population,
    "envelope": lambda r: r.envelope,
    "planned": lambda r: r.planned,
    "actual": lambda r: r.actual,
    "use": lambda r: r.envelope_use or 0,
    "personnel": lambda r: r.personnel_share or 0,
    "personnel_actual": lambda r: r.personnel_share_actual or 0,
    "deliverable": lambda r: r.deliverable_progress,
    "mandates": lambda r: r.adopted_mandates,
    "decisions": lambda r: r.recent_decisions,
    "activity": lambda r: r.last_activity.timestamp() if r.last_activity else 0,
}


def sorted_rows(all_rows, sort: str, descending: bool):
    key = SORTS.get(sort, SORTS["name"])
    return sorted(all_rows, key=key, reverse=descending)


def filtered_rows(all_rows, *, text: str = "", status: str = "", flagged: bool = False):
    text = text.casefold().strip()
    kept = []
    for row in all_rows:
        if text and text not in row.name.casefold() and text not in row.territory.casefold():
            continue
        if status == "none" and row.budget_status:
            continue
        if status and status != "none" and row.budget_status != status:
            continue
        if flagged and not row.flagged:
            continue
        kept.append(row)
    return kept


def totals(all_rows) -> dict:
    ruleset = RuleSet.active()
    envelope = sum((r.envelope for r in all_rows), ZERO)
    planned = sum((r.planned for r in all_rows), ZERO)
    actual = sum((r.actual for r in all_rows), ZERO)
    programme = ruleset.programme_total
    return {
        "envelope": envelope,
        "planned": planned,
        "actual": actual,
        "programme": programme,
        "margin": programme - planned,
        "programme_use": planned / programme if programme else None,
        "actual_use": actual / programme if programme else None,
        "flagged": sum(1 for r in all_rows if r.flagged),
        "expiring_days": EXPIRY_WARNING_DAYS,
    }


def coverage(ids) -> dict:
    """Member structures by sector and by level for each consortium (two grouped queries)."""
    members = Membership.objects.filter(consortium_id__in=ids, role=Membership.Role.MEMBER)
    by_sector, by_level = defaultdict(dict), defaultdict(dict)
    for row in members.values("consortium_id", "structure__sector").annotate(n=Count("pk")).order_by():
        by_sector[row["consortium_id"]][row["structure__sector"]] = row["n"]
    for row in members.values("consortium_id", "structure__level").annotate(n=Count("pk")).order_by():
        by_level[row["consortium_id"]][row["structure__level"]] = row["n"]
    return {
        "sectors": Sector.choices,
        "levels": Level.choices,
        "by_sector": {pk: [by_sector[pk].get(value, 0) for value, _label in Sector.choices] for pk in ids},
        "by_level": {pk: [by_level[pk].get(value, 0) for value, _label in Level.choices] for pk in ids},
    }
