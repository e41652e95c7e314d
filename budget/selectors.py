"""Reads on the budget. Each loads what a page shows in a fixed number of queries, whatever the number of lines."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext_lazy

from consortia.models import Membership
from ols_platform import history
from ols_platform.formatting import format_money, format_number
from ols_platform.lookups import one_by_id

from . import rules
from .models import LINE_ORDER, Budget, BudgetLine, Category, Expense, RuleSet

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def versions(consortium):
    return list(Budget.objects.filter(consortium=consortium).select_related("submitted_by", "reviewed_by"))


def latest_budget(consortium) -> Budget | None:
    """The newest version alone (one query), for a page that needs no other."""
    return Budget.objects.filter(consortium=consortium).order_by("-version").first()


def current_budget(budget_versions):
    """The newest version (the one being edited, reviewed, or in force)."""
    return budget_versions[0] if budget_versions else None


def approved_budget(budget_versions):
    return next((b for b in budget_versions if b.status == Budget.Status.APPROVED), None)


def structures_of(consortium):
    return list(Membership.objects.filter(consortium=consortium).select_related("structure"))


def first_structure(consortium):
    """The lead structure of the consortium (else the first by name), or None."""
    membership = Membership.objects.filter(consortium=consortium).select_related("structure").first()
    return membership.structure if membership else None


def has_structures(consortium) -> bool:
    return Membership.objects.filter(consortium=consortium).exists()


@dataclass
class Row:
    key: object
    label: str
    planned: Decimal = ZERO
    actual: Decimal = ZERO

    @property
    def remaining(self):
        return self.planned - self.actual

    @property
    def overspent(self) -> bool:
        return self.actual > self.planned


@dataclass
class Chart:
    bars: list
    max_value: Decimal
    width: int
    height: int
    gridlines: list
    left: int = 0  # where the plot starts: the tick labels (in €) end just before
    empty: bool = False  # nothing planned nor spent: the page says so instead of drawing


@dataclass
class Summary:
    budget: Budget | None
    approved: Budget | None
    rules: rules.Rules
    population: int
    envelope: Decimal
    total_planned: Decimal
    personnel_planned: Decimal
    personnel_share: Decimal | None
    total_actual: Decimal
    personnel_actual: Decimal
    approved_total: Decimal | None
    line_count: int
    by_year: list = field(default_factory=list)
    by_category: list = field(default_factory=list)  # by structure: `grouping.structure_groups`, a page at a time
    monthly_plan: list = field(default_factory=list)
    monthly_actual: list = field(default_factory=list)
    violations: list = field(default_factory=list)
    # Spending beyond a line's or a category's plan: shown and counted, never a refusal (rules.overspending).
    warnings: list = field(default_factory=list)
    overspent_line_count: int = 0

    @property
    def remaining(self):
        return self.envelope - self.total_planned

    @property
    def is_compliant(self):
        return not self.violations

    @property
    def personnel_share_ok(self):
        return not any(v.code == "personnel_share_too_low" for v in self.violations)

    @property
    def total_by_year(self):
        return {str(row.key): row.planned for row in self.by_year}


def summary(consortium, budget_versions) -> Summary:
    """Plan of the current version and actual spending of the consortium, folded from two aggregate queries (and the
    active rule set's), by year, category and month; by structure, `grouping.structure_groups` gives a page of structures."""
    rule_values = RuleSet.active().as_rules()
    budget = current_budget(budget_versions)
    approved = approved_budget(budget_versions)
    population = consortium.territory.population
    envelope = rules.envelope_cap(population, rule_values)

    by_year = {1: Row(1, "1"), 2: Row(2, "2")}
    by_category = {value: Row(value, str(label)) for value, label in Category.choices}
    line_count = 0
    total_planned = ZERO
    if budget is not None:
        planned = (
            BudgetLine.objects.filter(budget=budget)
            .values("year", "category")
            .annotate(total=Sum("amount"), lines=Count("id"))
            .order_by()
        )
        for group in planned:
            amount = group["total"] or ZERO
            by_year[group["year"]].planned += amount
            by_category[group["category"]].planned += amount
            total_planned += amount
            line_count += group["lines"]

    actual_by_month: dict[datetime.date, Decimal] = defaultdict(lambda: ZERO)
    total_actual = ZERO
    spent = (
        Expense.objects.filter(budget_line__budget__consortium=consortium)
        .annotate(month=TruncMonth("date"))
        .values("month", "budget_line__year", "budget_line__category")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for group in spent:
        amount = group["total"] or ZERO
        month = group["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        actual_by_month[month] += amount
        by_year[group["budget_line__year"]].actual += amount
        by_category[group["budget_line__category"]].actual += amount
        total_actual += amount

    approved_total = None
    if approved is not None:
        approved_total = (
            by_year[1].planned + by_year[2].planned
            if approved is budget
            else BudgetLine.objects.filter(budget=approved).aggregate(t=Sum("amount"))["t"] or ZERO
        )

    personnel_planned = by_category[Category.PERSONNEL].planned
    # The figures the rules judge are also the summary's fields: named once for both.
    figures = {
        "envelope": envelope,
        "total_planned": total_planned,
        "personnel_planned": personnel_planned,
        "total_actual": total_actual,
        "approved_total": approved_total,
        "line_count": line_count,
    }
    overspent_lines, overspent_line_count = _overspent_lines(approved)
    months = rules.months_of(consortium.start_date.replace(day=1), rule_values.period_months)
    plan = rules.monthly_plan({1: by_year[1].planned, 2: by_year[2].planned})
    return Summary(
        budget=budget,
        approved=approved,
        rules=rule_values,
        population=population,
        personnel_share=rules.personnel_share(personnel_planned, total_planned, envelope, rule_values.personnel_basis),
        personnel_actual=by_category[Category.PERSONNEL].actual,
        by_year=list(by_year.values()),
        by_category=list(by_category.values()),
        monthly_plan=list(zip(months, plan + [ZERO] * (len(months) - len(plan)), strict=False)),
        monthly_actual=[(m, actual_by_month.get(m, ZERO)) for m in months],
        violations=[] if budget is None else rules.violations(rules=rule_values, **figures),
        warnings=rules.overspending(
            lines=overspent_lines, line_count=overspent_line_count, categories=list(by_category.values())
        ),
        overspent_line_count=overspent_line_count,
        **figures,
    )


def overspent(lines):
    """Those of `lines` spent beyond their amount, annotated with `spent` (the one definition of overspending)."""
    return lines.annotate(spent=Sum("expenses__amount")).filter(spent__gt=F("amount"))


def _overspent_lines(approved) -> tuple[list[dict], int]:
    """The approved budget's lines spent beyond their amount (expenses are imputed to approved lines): the first
    few, most overspent first, and how many there are, in one query (a window count)."""
    if approved is None:
        return [], 0
    over = (
        overspent(BudgetLine.objects.filter(budget=approved))
        .annotate(over=F("spent") - F("amount"), count=Window(Count("pk")))
        .order_by("-over", "pk")
        .values("pk", "label", "structure__name", "amount", "spent", "count")[: rules.OVERSPENT_LINES_NAMED]
    )
    rows = [row | {"structure": row["structure__name"]} for row in over]
    return rows, rows[0]["count"] if rows else 0


NICE_STEPS = (Decimal("1"), Decimal("2"), Decimal("2.5"), Decimal("5"))


def axis_ticks(max_value, *, most: int = 6) -> list[Decimal]:
    """Round ticks of an axis from 0 past `max_value`: a step of 1, 2, 2.5 or 5 × 10ⁿ (at least 1), the smallest
    giving at most `most` ticks; the last tick is the max rounded up to a step. 9 344 → 0, 2 000, … 10 000.

    Between two nice steps the ratio is at most 2.5, so the chosen step also gives at least 4 ticks once the max
    reaches 3 (a smaller max has a tick per unit)."""
    top = Decimal(max(max_value, 0))
    if top == 0:
        return [Decimal(0)]
    exponent = 0
    while True:
        for nice in NICE_STEPS:
            step = nice * 10**exponent
            intervals = int((top / step).to_integral_value(rounding=ROUND_CEILING))
            if intervals + 1 <= most:
                return [step * i for i in range(intervals + 1)]
        exponent += 1


def chart(summary: Summary) -> Chart:
    """Geometry of the 24-month plan/actual bar chart (server-rendered SVG, no JavaScript); the y-axis has round
    ticks in euros (`axis_ticks`)."""
    width, height, top, bottom, left = 720, 240, 10, 30, 78
    plot_height = height - top - bottom
    count = len(summary.monthly_plan) or 1
    step = (width - left - 10) / count
    values = [v for _m, v in summary.monthly_plan] + [v for _m, v in summary.monthly_actual]
    ticks = axis_ticks(max(values, default=Decimal(0)))
    max_value = ticks[-1] or Decimal(1)
    bars = []
    for index, ((month, plan), (_month, actual)) in enumerate(
        zip(summary.monthly_plan, summary.monthly_actual, strict=True)
    ):
        x = left + index * step
        plan_h = float(plan / max_value) * plot_height
        actual_h = float(actual / max_value) * plot_height
        bars.append(
            {
                "month": month,
                "plan": plan,
                "actual": actual,
                "plan_x": round(x + step * 0.1, 1),
                "actual_x": round(x + step * 0.5, 1),
                "bar_w": round(step * 0.4, 1),
                "plan_y": round(top + plot_height - plan_h, 1),
                "plan_h": round(plan_h, 1),
                "actual_y": round(top + plot_height - actual_h, 1),
                "actual_h": round(actual_h, 1),
                "label_x": round(x + step / 2, 1),
                "show_label": index % 3 == 0,
            }
        )
    gridlines = [
        {"y": round(top + plot_height - float(tick / max_value) * plot_height, 1), "value": tick} for tick in ticks
    ]
    return Chart(
        bars=bars,
        max_value=max_value,
        width=width,
        height=height,
        gridlines=gridlines,
        left=left,
        empty=not any(values),
    )


def lines_with_actuals(budget: Budget):
    """The lines of a version with their structure and what was spent on them (or on the line they copy)."""
    # Summing in a subquery with GROUP BY on a constant keeps it one row whatever the database.
    spent_total = (
        Expense.objects.filter(Q(budget_line=OuterRef("pk")) | Q(budget_line=OuterRef("copied_from")))
        .order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        BudgetLine.objects.filter(budget=budget)
        .select_related("structure", "budget")
        .annotate(actual=Coalesce(Subquery(spent_total, output_field=MONEY), Value(ZERO, output_field=MONEY)))
        .order_by(*LINE_ORDER)
    )


def lines_with_actuals_by_id(consortium, line_id):
    line = line_of(consortium, line_id)
    return None if line is None else lines_with_actuals(line.budget).get(pk=line.pk)


def line_of(consortium, line_id):
    """A line of this consortium (any version) or None: another consortium's line is invisible."""
    return one_by_id(
        BudgetLine.objects.select_related("structure", "budget").filter(budget__consortium=consortium), line_id
    )


def expenses(consortium):
    return (
        Expense.objects.filter(budget_line__budget__consortium=consortium)
        .select_related("budget_line__structure", "budget_line__budget", "created_by")
        .order_by("-date", "-pk")
    )


def approved_lines(consortium):
    return (
        BudgetLine.objects.filter(budget__consortium=consortium, budget__status=Budget.Status.APPROVED)
        .select_related("structure")
        .order_by(*LINE_ORDER)
    )


def expense_of(consortium, expense_id):
    """An expense of this consortium or None."""
    return one_by_id(
        Expense.objects.select_related("budget_line__budget").filter(budget_line__budget__consortium=consortium),
        expense_id,
    )


# --- history -------------------------------------------------------------------------------------------------

# One table for every history page of the budget (lines, expenses, staff arrangements): a field reads the same
# everywhere.
HISTORY_LABELS = {
    "budget_id": gettext_lazy("Version"),
    "structure_id": gettext_lazy("Structure"),
    "category": gettext_lazy("Catégorie"),
    "year": gettext_lazy("Année"),
    "label": gettext_lazy("Libellé"),
    "amount": gettext_lazy("Montant"),
    "staff_role": gettext_lazy("Fonction"),
    "fte": gettext_lazy("ETP"),
    "budget_line_id": gettext_lazy("Ligne"),
    "date": gettext_lazy("Date"),
    "justification": gettext_lazy("Justification"),
    "justification_filename": gettext_lazy("Pièce jointe"),
    "kind": gettext_lazy("Type"),
    "employer_id": gettext_lazy("Employeur"),
    "person": gettext_lazy("Personne ou fonction"),
    "start_date": gettext_lazy("Début"),
    "end_date": gettext_lazy("Fin"),
    "monthly_cost": gettext_lazy("Coût mensuel"),
    "document_filename": gettext_lazy("Document signé"),
}
LINE_HISTORY_FIELDS = ("budget_id", "structure_id", "category", "year", "label", "amount", "staff_role", "fte")
EXPENSE_HISTORY_FIELDS = ("budget_line_id", "date", "amount", "justification", "justification_filename")


def history_fields(names) -> list[tuple[str, str]]:
    """(field, label) pairs for `history.record_changes`, in the order of `names`."""
    return [(name, HISTORY_LABELS[name]) for name in names]


def history_records(consortium, kind: str):
    """Newest first: every change to the lines (kind "lines") or the expenses (kind "expenses") of the consortium."""
    if kind == "expenses":
        records = Expense.history.filter(budget_line__budget__consortium=consortium)
    else:
        records = BudgetLine.history.filter(budget__consortium=consortium)
    return records.select_related("history_user").order_by("-history_date", "-history_id")


def choice_label(choices):
    labels = dict(choices)
    return lambda value: str(labels.get(value, value))


def history_formats(budget_versions, memberships) -> dict:
    """How the budget's history pages write a value, by field: a version's number, a structure's name, money…"""
    return value_formats(
        {b.pk: b.version for b in budget_versions}, {m.structure_id: m.structure.name for m in memberships}
    )


def value_formats(version_of: dict, structures: dict) -> dict:
    """`history_formats` from the names alone: version id → number, structure id → name."""
    return {
        "budget_id": lambda value: f"v{version_of.get(value, '?')}",
        "structure_id": lambda value: structures.get(value, f"#{value}"),
        "category": choice_label(Category.choices),
        "amount": format_money,
        "fte": lambda value: format_number(value, 2),
        "date": lambda value: value.strftime("%d/%m/%Y"),
    }


def history_page_changes(consortium, kind: str, page_records) -> list[history.RecordChange]:
    """Before → after for each record of a page of the budget's history (kind "lines" or "expenses"), loading only
    the names the page shows (versions and structures, or lines) rather than every member: a fixed number of
    queries."""
    model = Expense if kind == "expenses" else BudgetLine
    previous = history.previous_records(model, page_records)
    shown = [*page_records, *(p for p in previous.values() if p is not None)]
    if kind == "expenses":
        line_ids = {r.budget_line_id for r in shown}
        line_labels = dict(BudgetLine.objects.filter(pk__in=line_ids).values_list("pk", "label"))
        formats = value_formats({}, {})
        formats["budget_line_id"] = lambda value: line_labels.get(value, f"#{value}")
        fields = EXPENSE_HISTORY_FIELDS
    else:
        version_of = dict(Budget.objects.filter(consortium=consortium).values_list("pk", "version"))
        structures = dict(
            Membership.objects.filter(
                consortium=consortium, structure_id__in={r.structure_id for r in shown}
            ).values_list("structure_id", "structure__name")
        )
        formats, fields = value_formats(version_of, structures), LINE_HISTORY_FIELDS
    field_labels = [(name, str(label)) for name, label in history_fields(fields)]  # translated once, not per record
    return history.record_changes(page_records, previous, field_labels, history.shown_with(formats))
