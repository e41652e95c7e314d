"""Reads on staff arrangements and the "who pays whom" table, in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from budget import selectors
from budget.models import Budget, BudgetLine, Category, RuleSet
from budget.staff import rules as staff_rules
from consortia.models import Membership
from ols_platform import history
from ols_platform.collation import french, french_key
from ols_platform.lookups import one_by_id

from .models import StaffArrangement, StaffArrangementLine

ZERO = Decimal("0.00")


def arrangements_of(budget: Budget | None):
    """The arrangements of a version with their employer and the lines they are paid from (2 queries)."""
    if budget is None:
        return StaffArrangement.objects.none()
    return (
        StaffArrangement.objects.filter(budget=budget)
        .select_related("employer")
        .prefetch_related(Prefetch("lines", queryset=BudgetLine.objects.select_related("structure").order_by("pk")))
        .order_by("start_date", french("person").asc(), "pk")
    )


def arrangement_of(consortium, arrangement_id):
    """An arrangement of this consortium (any version) or None: another consortium's is invisible."""
    arrangements = StaffArrangement.objects.select_related("budget", "employer").filter(budget__consortium=consortium)
    return one_by_id(arrangements, arrangement_id)


def personnel_lines(budget: Budget | None):
    if budget is None:
        return []
    return list(
        BudgetLine.objects.filter(budget=budget, category=Category.PERSONNEL)
        .select_related("structure")
        .order_by("year", french("structure__name").asc(), french("label").asc(), "pk")
    )


@dataclass
class Column:
    structure_id: int
    name: str
    kinds: set = field(default_factory=set)
    total: Decimal = ZERO


@dataclass
class MonthRow:
    month: datetime.date
    amounts: list  # one per column
    direct: Decimal
    total: Decimal  # paid by the lead to other structures


@dataclass
class FlowTable:
    lead_name: str | None
    columns: list
    rows: list
    direct_total: Decimal
    between_total: Decimal
    arrangements: list  # (arrangement, period total)

    @property
    def total(self):
        return self.between_total + self.direct_total

    @property
    def is_empty(self):
        return not self.arrangements


def flow_table(consortium, budget: Budget | None) -> FlowTable:
    """Month by month: what the lead pays each employer (secondments, conventions) and its own staff (direct).

    At most three queries (the arrangements with their employer, the lead's name, the rule set) whatever the number
    of arrangements; without arrangements, no rule set and no months.
    """
    arrangements = []
    if budget is not None:
        arrangements = list(
            StaffArrangement.objects.filter(budget=budget).select_related("employer").order_by("start_date", "pk")
        )
    lead_name = (
        Membership.objects.filter(consortium=consortium, is_lead=True).values_list("structure__name", flat=True).first()
    )
    if not arrangements:
        return FlowTable(lead_name, columns=[], rows=[], direct_total=ZERO, between_total=ZERO, arrangements=[])
    ruleset = RuleSet.active()
    terms = [
        staff_rules.Terms(a.kind, a.employer_id, a.start_date, a.end_date, a.monthly_cost, key=a.pk)
        for a in arrangements
    ]
    flows = staff_rules.monthly_flows(terms, consortium.start_date, ruleset.period_months)
    columns: dict[int, Column] = {}
    for a in arrangements:
        if a.is_reimbursed:
            column = columns.setdefault(a.employer_id, Column(a.employer_id, a.employer.name))
            column.kinds.add(a.get_kind_display())
    ordered = sorted(columns.values(), key=lambda c: french_key(c.name))
    for column in ordered:
        column.total = flows.employer_total(column.structure_id)
    month_totals = flows.month_totals
    rows = [
        MonthRow(
            month=month,
            amounts=[flows.by_employer[c.structure_id][index] for c in ordered],
            direct=flows.direct[index],
            total=month_totals[index],
        )
        for index, month in enumerate(flows.months)
    ]
    return FlowTable(
        lead_name=lead_name,
        columns=ordered,
        rows=rows,
        direct_total=flows.total_direct,
        between_total=flows.total_between_structures,
        arrangements=[(a, sum(flows.by_arrangement[a.pk], ZERO)) for a in arrangements],
    )


# --- history -------------------------------------------------------------------------------------------------------

HISTORY_FIELDS = ["budget_id", "kind", "employer_id", "person", "fte"]
HISTORY_FIELDS += ["start_date", "end_date", "monthly_cost", "document_filename"]
LINK_HISTORY_LIMIT = 200


def history_records(consortium):
    """Newest first: every change to the consortium's arrangements."""
    return (
        StaffArrangement.history.filter(budget__consortium=consortium)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def link_history(consortium):
    """Newest first: lines attached to or detached from the consortium's arrangements (the most recent ones)."""
    return list(
        StaffArrangementLine.history.filter(
            arrangement_id__in=StaffArrangement.history.filter(budget__consortium=consortium).values("id")
        )
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:LINK_HISTORY_LIMIT]
    )


def history_changes(page_records, budget_versions, memberships) -> list[history.RecordChange]:
    """Before → after for each change of a page of the arrangements' history, in a fixed number of queries."""
    formats = selectors.history_formats(budget_versions, memberships)
    formats |= {
        "employer_id": formats["structure_id"],
        "kind": selectors.choice_label(StaffArrangement.Kind.choices),
        "monthly_cost": formats["amount"],
        "start_date": formats["date"],
        "end_date": formats["date"],
    }
    return history.record_changes(
        page_records,
        history.previous_records(StaffArrangement, page_records),
        selectors.history_fields(HISTORY_FIELDS),
        history.shown_with(formats),
        subject_of=lambda record: record.person,
    )


def link_changes(link_records) -> list[history.RecordChange]:
    """Each attachment or detachment of a personnel line, as a change whose subject is the person (two queries)."""
    if not link_records:
        return []
    line_ids = {r.line_id for r in link_records}
    arrangement_ids = {r.arrangement_id for r in link_records}
    lines = dict(BudgetLine.history.filter(id__in=line_ids).order_by("history_id").values_list("id", "label"))
    people = dict(
        StaffArrangement.history.filter(id__in=arrangement_ids).order_by("history_id").values_list("id", "person")
    )
    label = str(_("Ligne de personnel"))
    return [
        history.RecordChange(
            record,
            [history.FieldChange(label, lines.get(record.line_id, f"#{record.line_id}"), "")],
            subject=people.get(record.arrangement_id, f"#{record.arrangement_id}"),
        )
        for record in link_records
    ]
