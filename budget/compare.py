"""Comparing two versions of a consortium's budget, line by line and by totals (reads only): the one comparison
behind the compare page and the version page (a version against the one it supersedes).

Lines are matched through the copy chain (an amendment copies each line of the version it supersedes, remembering
`copied_from`), whatever the number of versions in between; lines the chain cannot match are paired on
(structure, category, year, label). This is the matching to keep: the lineage says which line a copy *is*, even after
its label or amount changed, and works between any two versions, not only neighbours; the key fallback pairs a line
deleted and typed again (or imported again) with its old self instead of showing it removed and added.
One query whatever the number of lines.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from ols_platform.collation import french_key

from .models import LINE_ORDER, BudgetLine, Category

ZERO = Decimal("0.00")
COMPARED_FIELDS = ("structure_id", "category", "year", "label", "amount", "staff_role", "fte")


@dataclass
class LineDiff:
    kind: str  # "added", "removed", "changed", "same"
    old: BudgetLine | None
    new: BudgetLine | None
    changed_fields: tuple = ()

    @property
    def line(self):
        return self.new or self.old

    @property
    def delta(self):
        return (self.new.amount if self.new else ZERO) - (self.old.amount if self.old else ZERO)


class TotalRow(NamedTuple):
    """One category's or one year's total in each version."""

    key: object
    label: str
    old: Decimal
    new: Decimal

    @property
    def delta(self):
        return self.new - self.old


def _totals(labels: dict, key_of, old_lines, new_lines) -> list[TotalRow]:
    """The old and new totals for each key of `labels` (in its order), `key_of(line)` saying where a line counts."""
    old, new = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    for line in old_lines:
        old[key_of(line)] += line.amount
    for line in new_lines:
        new[key_of(line)] += line.amount
    return [TotalRow(key, label, old[key], new[key]) for key, label in labels.items()]


@dataclass
class Comparison:
    old_budget: object
    new_budget: object
    lines: list  # changed, added, removed, then unchanged lines
    plan_order: list  # the same in the order of the plan (year, structure, category, label), removed ones last
    by_category: list
    by_year: list
    old_total: Decimal
    new_total: Decimal
    counts: dict = field(default_factory=dict)

    @property
    def delta(self):
        return self.new_total - self.old_total


def _root(line_id, parent_of, stop_ids):
    """Follow `copied_from` from a line until a line of the older version (or the end of the chain)."""
    seen = set()
    while line_id is not None and line_id not in stop_ids and line_id not in seen:
        seen.add(line_id)
        line_id = parent_of.get(line_id)
    return line_id if line_id in stop_ids else None


def _copies_of(lines, ancestor_ids, parent_of) -> dict:
    """Line id → the id of the line of `ancestor_ids` it descends from (each ancestor taken once)."""
    matched, used = {}, set()
    for line in lines:
        root = _root(line.pk, parent_of, ancestor_ids)
        if root is not None and root not in used:
            used.add(root)
            matched[line.pk] = root
    return matched


def _match_key(line):
    return (line.structure_id, line.category, line.year, line.label.strip().lower())


def compare_budgets(old_budget, new_budget, structure_id=None) -> Comparison:
    """`old_budget` against `new_budget` (two versions of the same consortium, in either order); with `structure_id`,
    that structure's lines only (a line moved to another structure shows as removed here, added there)."""
    lines = BudgetLine.objects.filter(budget__consortium_id=new_budget.consortium_id)
    if structure_id is not None:
        lines = lines.filter(structure_id=structure_id)
    lines = list(lines.select_related("structure").order_by(*LINE_ORDER))
    parent_of = {line.pk: line.copied_from_id for line in lines}
    old_lines = [line for line in lines if line.budget_id == old_budget.pk]
    new_lines = [line for line in lines if line.budget_id == new_budget.pk]
    old_by_id = {line.pk: line for line in old_lines}
    if old_budget.version > new_budget.version:
        # Compare downwards through the chain: the copies are on the old side.
        copies = _copies_of(old_lines, {line.pk for line in new_lines}, parent_of)
        matched = {new: old for old, new in copies.items()}
    else:
        matched = _copies_of(new_lines, set(old_by_id), parent_of)

    matched_old = set(matched.values())
    unmatched_old = defaultdict(list)
    for line in old_lines:
        if line.pk not in matched_old:
            unmatched_old[_match_key(line)].append(line)
    diffs = []
    for line in new_lines:
        old = old_by_id.get(matched.get(line.pk))
        if old is None and unmatched_old.get(_match_key(line)):
            old = unmatched_old[_match_key(line)].pop(0)
        if old is None:
            diffs.append(LineDiff("added", None, line))
            continue
        changed = tuple(name for name in COMPARED_FIELDS if getattr(old, name) != getattr(line, name))
        diffs.append(LineDiff("changed" if changed else "same", old, line, changed))
    for remaining in unmatched_old.values():
        diffs += [LineDiff("removed", line, None) for line in remaining]

    categories = {value: str(label) for value, label in Category.choices}
    order = {"changed": 0, "added": 1, "removed": 2, "same": 3}
    by_kind = sorted(
        diffs, key=lambda d: (order[d.kind], d.line.year, french_key(d.line.structure.name), french_key(d.line.label))
    )
    counts = {kind: sum(1 for d in diffs if d.kind == kind) for kind in order}
    return Comparison(
        old_budget=old_budget,
        new_budget=new_budget,
        lines=by_kind,
        plan_order=diffs,
        by_category=_totals(categories, lambda line: line.category, old_lines, new_lines),
        by_year=_totals({1: "1", 2: "2"}, lambda line: line.year, old_lines, new_lines),
        old_total=sum((line.amount for line in old_lines), ZERO),
        new_total=sum((line.amount for line in new_lines), ZERO),
        counts=counts,
    )


def version_comparison(budget, budget_versions) -> Comparison:
    """A version against the one it supersedes (`budget_versions`: the consortium's versions), or against itself
    (every line unchanged) for a first version."""
    previous = next((b for b in budget_versions if b.pk == budget.supersedes_id), budget)
    return compare_budgets(previous, budget)
