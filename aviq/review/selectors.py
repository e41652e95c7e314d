"""Reads of the review workspace: the queue of submitted items of every consortium, oldest first, in one SQL union
(paginated and counted in SQL whatever the number of items), and what the review page of an item shows."""

from decimal import Decimal

from django.db.models import CharField, Count, F, Q, Sum, Value
from django.utils.translation import gettext as _

from budget import selectors as budget_selectors
from budget import services as budget_services
from budget.models import Budget, Category, RuleSet
from budget.rules import envelope_cap
from mandates.models import MandateReview, MandateReviewStatus
from reporting.models import ActivityReport, Deliverable, DeliverableStatus, ReportStatus
from review.models import ItemKind

ZERO = Decimal("0.00")

# The columns every kind of item gives the queue (a union needs the same ones, in the same order).
QUEUE_COLUMNS = (
    "kind",
    "object_id",
    "consortium_id",
    "consortium_name",
    "number",
    "label",
    "submitted_at",
    "submitter_first_name",
    "submitter_last_name",
    "submitter_email",
)


def _queue_rows(submitted, kind: str, *, number, label=None):
    """The queue's columns for one kind of submitted item: `number` is its version or year, `label` what names it
    beside the number (a structure, a mandate's title)."""
    return (
        submitted.annotate(
            kind=Value(ItemKind(kind).value, output_field=CharField()),
            object_id=F("pk"),
            consortium_name=F("consortium__name"),
            number=number,
            label=Value("", output_field=CharField()) if label is None else label,
            submitter_first_name=F("submitted_by__first_name"),
            submitter_last_name=F("submitted_by__last_name"),
            submitter_email=F("submitted_by__email"),
        )
        .order_by()  # no model ordering inside a union
        .values(*QUEUE_COLUMNS)
    )


def _submitted_budgets():
    return _queue_rows(Budget.objects.filter(status=Budget.Status.SUBMITTED), ItemKind.BUDGET, number=F("version"))


def _submitted_reports():
    return _queue_rows(
        ActivityReport.objects.filter(status=ReportStatus.SUBMITTED),
        ItemKind.REPORT,
        number=F("year"),
        label=F("structure__name"),
    )


def _submitted_deliverables():
    return _queue_rows(
        Deliverable.objects.filter(status=DeliverableStatus.SUBMITTED), ItemKind.DELIVERABLE, number=F("version")
    )


def _submitted_mandates():
    return _queue_rows(
        MandateReview.objects.filter(status=MandateReviewStatus.SUBMITTED),
        ItemKind.MANDATE,
        number=F("mandate__number"),
        label=F("mandate__title"),
    )


# Each kind of submitted item: a function returning its `.values(*QUEUE_COLUMNS)` queryset.
SOURCES = {
    ItemKind.BUDGET: _submitted_budgets,
    ItemKind.REPORT: _submitted_reports,
    ItemKind.DELIVERABLE: _submitted_deliverables,
    ItemKind.MANDATE: _submitted_mandates,
}


def queue(*, kind: str | None = None, consortium_id: int | None = None):
    """Submitted items of every consortium (or of one kind / one consortium), oldest submission first."""
    parts = [source() for name, source in SOURCES.items() if kind in (None, name)]
    if consortium_id is not None:
        parts = [part.filter(consortium_id=consortium_id) for part in parts]
    if not parts:
        return Budget.objects.none().values(*QUEUE_COLUMNS)
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return union.order_by("submitted_at", "kind", "object_id")


def queue_count() -> int:
    return queue().count()


def queue_title(row: dict) -> str:
    """The title of a queue row, in the reader's language."""
    if row["kind"] == ItemKind.BUDGET:
        return _("Budget, version %s") % row["number"]
    if row["kind"] == ItemKind.REPORT:
        return _("Rapport d'activité %(year)s — %(structure)s") % {"year": row["number"], "structure": row["label"]}
    if row["kind"] == ItemKind.MANDATE:
        return _("Mandat « %(title)s », version %(number)s") % {"title": row["label"], "number": row["number"]}
    return _("Livrable d'évaluation, version %s") % row["number"]


def submitter_name(row: dict) -> str:
    name = f"{row['submitter_first_name'] or ''} {row['submitter_last_name'] or ''}".strip()
    return name or row["submitter_email"] or ""


def budget_review(budget: Budget) -> dict:
    """The figures the reviewer checks before deciding: totals, personnel share, envelope and the broken rules
    (a fixed number of queries whatever the number of lines)."""
    ruleset = RuleSet.active()
    totals = budget.lines.aggregate(
        count=Count("pk"), total=Sum("amount"), personnel=Sum("amount", filter=Q(category=Category.PERSONNEL))
    )
    total, personnel = totals["total"] or ZERO, totals["personnel"] or ZERO
    return {
        "line_count": totals["count"],
        "total": total,
        "personnel": personnel,
        "personnel_share": (personnel / total) if total else None,
        "min_personnel_share": ruleset.personnel_min_share,
        "envelope": envelope_cap(budget.consortium.territory.population, ruleset.as_rules()),
        "violations": budget_services.submission_violations(budget, ruleset),
        "lines": budget_selectors.lines_with_actuals(budget),
    }
