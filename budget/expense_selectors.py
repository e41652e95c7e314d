"""Reads of the expenses page: the approved lines one may charge (found by a search, checked by id), the filtered
list and its totals in SQL. Each in a fixed number of queries, whatever the number of lines and expenses."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce

from consortia.models import Membership
from ols_platform.collation import french

from .models import Budget, BudgetLine, Category, Expense
from .selectors import MONEY, ZERO, approved_lines, overspent

LINE_SEARCH_LIMIT = 20


def approved_line_search(consortium, text: str, limit: int = LINE_SEARCH_LIMIT) -> tuple[list, bool]:
    """Up to `limit` lines of the approved budget where every word of `text` is in the label, the structure's name or
    the category, in the plan's order, and whether more match. One query; none for an empty text."""
    words = str(text or "").split()[:8]
    if not words:
        return [], False
    lines = approved_lines(consortium)
    for word in (w[:60] for w in words):
        categories = [value for value, label in Category.choices if word.lower() in str(label).lower()]
        lines = lines.filter(Q(label__icontains=word) | Q(structure__name__icontains=word) | Q(category__in=categories))
    found = list(lines[: limit + 1])
    return found[:limit], len(found) > limit


def approved_plan(consortium) -> tuple[int, Decimal] | None:
    """(lines, total) of the consortium's approved budget, or None when there is none: one query."""
    return (
        Budget.objects.filter(consortium=consortium, status=Budget.Status.APPROVED)
        .annotate(n=Count("lines"), total=Coalesce(Sum("lines__amount"), Value(ZERO, output_field=MONEY)))
        .values_list("n", "total")
        .first()
    )


def member_structure_choices(consortium) -> list[tuple[int, str]]:
    """(id, name) of the consortium's member structures, by name: the choices of a structure filter."""
    return list(
        Membership.objects.filter(consortium=consortium)
        .order_by(french("structure__name").asc(), "structure_id")
        .values_list("structure_id", "structure__name")
    )


@dataclass(frozen=True)
class ExpenseFilters:
    month: datetime.date | None = None  # the first day of the month
    structure_id: int | None = None
    category: str | None = None

    def as_q(self) -> Q:
        q = Q()
        if self.month is not None:
            following = (self.month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            q &= Q(date__gte=self.month, date__lt=following)
        if self.structure_id is not None:
            q &= Q(budget_line__structure_id=self.structure_id)
        if self.category:
            q &= Q(budget_line__category=self.category)
        return q


@dataclass(frozen=True)
class ExpenseTotals:
    count: int  # expenses matching the filters
    total: Decimal  # their amount
    spent: Decimal  # every expense of the consortium


def expense_totals(consortium, filters: ExpenseFilters) -> ExpenseTotals:
    """The filtered expenses' count and total, and the consortium's whole spending: one aggregate query."""
    matching = filters.as_q()
    row = Expense.objects.filter(budget_line__budget__consortium=consortium).aggregate(
        count=Count("pk", filter=matching),
        total=Sum("amount", filter=matching),
        spent=Sum("amount"),
    )
    return ExpenseTotals(row["count"], row["total"] or ZERO, row["spent"] or ZERO)


def expense_rows(consortium, filters: ExpenseFilters):
    """The filtered expenses, newest first, with what the list shows of their line and structure."""
    return (
        Expense.objects.filter(filters.as_q(), budget_line__budget__consortium=consortium)
        .select_related("budget_line__structure")
        .only(
            "date",
            "amount",
            "justification",
            "justification_file",
            "justification_filename",
            "budget_line__label",
            "budget_line__category",
            "budget_line__year",
            "budget_line__structure__name",
        )
        .order_by("-date", "-pk")
    )


def line_overspending(line_id) -> tuple[str, Decimal, Decimal] | None:
    """(label, planned, spent) of a line spent beyond its amount, else None: one aggregate query."""
    row = overspent(BudgetLine.objects.filter(pk=line_id)).values_list("label", "amount", "spent").first()
    return tuple(row) if row else None
