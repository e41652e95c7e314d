"""Reads for the pages that show a budget by structure (the overview and a version): one row per structure with its
totals computed in SQL (one aggregate query, paged), and a structure's own lines when it is opened."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, FilteredRelation, Q, Sum, Value
from django.db.models.functions import Coalesce

from consortia.models import Membership, Structure
from ols_platform.collation import french
from ols_platform.lookups import one_by_id

from .models import BudgetLine, Category, Expense
from .selectors import MONEY, ZERO, lines_with_actuals


@dataclass
class StructureGroup:
    """One structure's part of a budget version: its lines' count, planned total and split by category (in the order
    of `Category`), and what was spent on its lines (any version of the consortium's budget, as in the summary)."""

    pk: int
    name: str
    lines: int
    planned: Decimal
    spent: Decimal
    by_category: list

    @property
    def remaining(self):
        return self.planned - self.spent


def _structures_in(consortium, budget):
    """The consortium's structures: its members, and any structure that still has lines in `budget`."""
    members = Membership.objects.filter(consortium=consortium).values("structure_id")
    with_lines = BudgetLine.objects.filter(budget=budget).values("structure_id")
    return Structure.objects.filter(Q(pk__in=members) | Q(pk__in=with_lines))


def structure_groups(consortium, budget):
    """One row per structure of the consortium (a member, or one with lines left in `budget`), by name: its lines in
    `budget` counted and summed (in total and by category) and what was spent on its lines, in one aggregate query.
    A queryset of dicts, to page with a Paginator; `structure_group_rows` makes a page's rows."""
    amount = "plan__amount"
    by_category = {
        f"planned_{value}": Coalesce(Sum(amount, filter=Q(plan__category=value)), Value(ZERO, output_field=MONEY))
        for value in Category.values
    }
    return (
        _structures_in(consortium, budget)
        .alias(plan=FilteredRelation("budget_lines", condition=Q(budget_lines__budget=budget)))
        .values("pk", "name")
        .annotate(
            lines=Count("plan__id"),
            planned=Coalesce(Sum(amount), Value(ZERO, output_field=MONEY)),
            **by_category,
        )
        .order_by(french("name").asc(), "pk")
    )


def structure_group_page(consortium, budget, page_number, per_page):
    """A page of the groups: (the Paginator page, its `StructureGroup`s). The page's structures are picked first (by
    name, counted without the lines), and only their lines are summed: two queries whose cost follows the page size,
    not the number of lines."""
    structures = _structures_in(consortium, budget).order_by(french("name").asc(), "pk").values_list("pk", flat=True)
    page = Paginator(structures, per_page).get_page(page_number)
    rows = structure_groups(consortium, budget).filter(pk__in=page.object_list)  # the page as a subquery
    return page, structure_group_rows(consortium, rows)


def _spent_by_structure(consortium, structure_ids) -> dict:
    """What was spent on each structure's lines (in any version of the consortium's budget), in one grouped query:
    a subquery per group row cost a scan of the lines each (18 of 23 ms on 2,000 lines)."""
    spent = (
        Expense.objects.filter(budget_line__budget__consortium=consortium, budget_line__structure_id__in=structure_ids)
        .order_by()
        .values_list("budget_line__structure_id")
        .annotate(total=Sum("amount"))
    )
    return dict(spent)


def structure_group_rows(consortium, rows) -> list[StructureGroup]:
    """The groups of a page of `structure_groups`, with what was spent on each."""
    rows = list(rows)
    spent = _spent_by_structure(consortium, [row["pk"] for row in rows])
    return [
        StructureGroup(
            pk=row["pk"],
            name=row["name"],
            lines=row["lines"],
            planned=row["planned"],
            spent=spent.get(row["pk"], ZERO),
            by_category=[row[f"planned_{value}"] for value in Category.values],
        )
        for row in rows
    ]


def structure_group(consortium, budget, structure_id) -> StructureGroup | None:
    """One structure's group (for the row refreshed after an edit), or None if it is not the consortium's."""
    rows = structure_group_rows(consortium, structure_groups(consortium, budget).filter(pk=structure_id))
    return rows[0] if rows else None


def structure_in(consortium, budget, raw_id):
    """A structure of the consortium (a member, or one with lines in `budget`) named by a client, or None."""
    return one_by_id(_structures_in(consortium, budget).only("pk", "name"), raw_id)


def structure_group_position(consortium, budget, structure) -> int:
    """How many groups come before this structure's in `structure_groups` (to open the page that shows it)."""
    return _count_before(_structures_in(consortium, budget), structure)


def version_groups(budget, previous):
    """One row per structure with lines in `budget` or in the version it is compared with (`previous`, or itself), by
    name: its lines and their total in each version, in one aggregate query (a queryset of dicts, to page)."""
    versions = [budget.pk, previous.pk]
    amount = "plan__amount"
    return (
        Structure.objects.filter(pk__in=BudgetLine.objects.filter(budget__in=versions).values("structure_id"))
        .alias(plan=FilteredRelation("budget_lines", condition=Q(budget_lines__budget__in=versions)))
        .values("pk", "name")
        .annotate(
            lines=Count("plan__id", filter=Q(plan__budget=budget.pk)),
            amount=Coalesce(Sum(amount, filter=Q(plan__budget=budget.pk)), Value(ZERO, output_field=MONEY)),
            previous_amount=Coalesce(Sum(amount, filter=Q(plan__budget=previous.pk)), Value(ZERO, output_field=MONEY)),
        )
        .order_by(french("name").asc(), "pk")
    )


def version_totals(budget, previous) -> dict:
    """The lines and total of `budget` and the total of `previous` (one aggregate query)."""
    totals = BudgetLine.objects.filter(budget__in=[budget.pk, previous.pk]).aggregate(
        count=Count("pk", filter=Q(budget=budget.pk)),
        total=Sum("amount", filter=Q(budget=budget.pk)),
        previous_total=Sum("amount", filter=Q(budget=previous.pk)),
    )
    return {
        "lines": totals["count"],
        "amount": totals["total"] or ZERO,
        "previous_amount": totals["previous_total"] or ZERO,
    }


def version_structure(budget, previous, raw_id):
    """A structure with lines in `budget` or `previous`, named by a client, or None."""
    versions = [budget.pk, previous.pk]
    structures = Structure.objects.filter(pk__in=BudgetLine.objects.filter(budget__in=versions).values("structure_id"))
    return one_by_id(structures.only("pk", "name"), raw_id)


def version_group_position(budget, previous, structure) -> int:
    """How many groups come before this structure's in `version_groups` (to open the page that shows it)."""
    return _count_before(version_groups(budget, previous), structure)


def _count_before(structures, structure) -> int:
    """How many of `structures` come before `structure` in their order (French name, then id)."""
    name = structure.name
    before = Q(french_name__lt=name) | Q(french_name=name, pk__lt=structure.pk)
    return structures.annotate(french_name=french("name")).filter(before).count()


def lines_of_structure(budget, structure_id):
    """A structure's lines in a version, with what was spent on each, in the order of the plan."""
    return lines_with_actuals(budget).filter(structure_id=structure_id)
