"""What AVIQ reviews, seen the same way whatever its kind: a budget version, an activity report, the evaluation
deliverable, a mandate AVIQ asked to see (its `MandateReview`). `item_of` finds one (404 when the kind or the id is unknown); `resolve_target` finds the item a comment's
target belongs to, inside one consortium (a target of another consortium is not found)."""

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from budget.models import Budget, BudgetLine
from mandates.models import MandateReview, MandateReviewStatus
from ols_platform.errors import DomainError
from ols_platform.validators import object_id
from reporting.models import (
    ActivityReport,
    Deliverable,
    DeliverableStatus,
    DeliverableStep,
    ReportSection,
    ReportStatus,
)
from review.models import ItemKind, Target


@dataclass
class Item:
    kind: str
    pk: int
    consortium: Any
    title: str
    status: str
    status_label: str
    is_submitted: bool
    submitted_at: Any
    submitted_by: Any
    obj: Any

    @property
    def submitter_name(self) -> str:
        person = self.submitted_by
        return "" if person is None else (person.get_full_name() or person.email)

    @property
    def kind_label(self) -> str:
        return ItemKind(self.kind).label


def _budget_item(budget: Budget) -> Item:
    return Item(
        kind=ItemKind.BUDGET,
        pk=budget.pk,
        consortium=budget.consortium,
        title=_("Budget, version %s") % budget.version,
        status=budget.status,
        status_label=budget.get_status_display(),
        is_submitted=budget.status == Budget.Status.SUBMITTED,
        submitted_at=budget.submitted_at,
        submitted_by=budget.submitted_by,
        obj=budget,
    )


def _budgets():
    return Budget.objects.select_related("consortium__territory", "submitted_by", "reviewed_by")


def _report_item(report: ActivityReport) -> Item:
    return Item(
        kind=ItemKind.REPORT,
        pk=report.pk,
        consortium=report.consortium,
        title=_("Rapport d'activité %(year)s — %(structure)s")
        % {"year": report.year, "structure": report.structure.name},
        status=report.status,
        status_label=report.get_status_display(),
        is_submitted=report.status == ReportStatus.SUBMITTED,
        submitted_at=report.submitted_at,
        submitted_by=report.submitted_by,
        obj=report,
    )


def _deliverable_item(deliverable: Deliverable) -> Item:
    return Item(
        kind=ItemKind.DELIVERABLE,
        pk=deliverable.pk,
        consortium=deliverable.consortium,
        title=_("Livrable d'évaluation, version %s") % deliverable.version,
        status=deliverable.status,
        status_label=deliverable.get_status_display(),
        is_submitted=deliverable.status == DeliverableStatus.SUBMITTED,
        submitted_at=deliverable.submitted_at,
        submitted_by=deliverable.submitted_by,
        obj=deliverable,
    )


def _mandate_item(review: MandateReview) -> Item:
    return Item(
        kind=ItemKind.MANDATE,
        pk=review.pk,
        consortium=review.consortium,
        title=mandate_title(review.mandate),
        status=review.status,
        status_label=review.get_status_display(),
        is_submitted=review.status == MandateReviewStatus.SUBMITTED,
        submitted_at=review.submitted_at,
        submitted_by=review.submitted_by,
        obj=review,
    )


def mandate_title(mandate) -> str:
    return _("Mandat « %(title)s », version %(number)s") % {"title": mandate.title, "number": mandate.number}


def _mandate_reviews():
    return MandateReview.objects.select_related("consortium__territory", "mandate", "submitted_by", "requested_by")


def _locking(queryset, lock: bool):
    return queryset.select_for_update(of=("self",)) if lock else queryset


def _reports():
    return ActivityReport.objects.select_related("consortium__territory", "structure", "submitted_by")


def _deliverables():
    return Deliverable.objects.select_related("consortium__territory", "submitted_by")


LOADERS = {
    ItemKind.BUDGET: lambda pk, lock=False: _budget_item(_locking(_budgets(), lock).get(pk=pk)),
    ItemKind.REPORT: lambda pk, lock=False: _report_item(_locking(_reports(), lock).get(pk=pk)),
    ItemKind.DELIVERABLE: lambda pk, lock=False: _deliverable_item(_locking(_deliverables(), lock).get(pk=pk)),
    ItemKind.MANDATE: lambda pk, lock=False: _mandate_item(_locking(_mandate_reviews(), lock).get(pk=pk)),
}


def item_of(kind: str, item_id, *, lock: bool = False) -> Item:
    """The item, or 404. `lock`: its row locked for the current transaction (a review action or a comment)."""
    pk = object_id(item_id)
    loader = LOADERS.get(kind)
    if loader is None or pk is None:
        raise Http404
    try:
        return loader(pk, lock=lock)
    except (
        Budget.DoesNotExist,
        ActivityReport.DoesNotExist,
        Deliverable.DoesNotExist,
        MandateReview.DoesNotExist,
    ) as missing:
        raise Http404 from missing


def _not_found() -> DomainError:
    return DomainError(
        _("Cet élément n'existe pas dans ce consortium : choisissez une ligne ou une section de l'objet examiné."),
        code="invalid_target",
        field="target_id",
    )


def _budget_target(consortium_id: int, target: str, pk: int) -> tuple[str, int, str]:
    if target == Target.BUDGET:
        budget = Budget.objects.filter(consortium_id=consortium_id, pk=pk).only("pk", "version").first()
        if budget is None:
            raise _not_found()
        return ItemKind.BUDGET, budget.pk, _("Budget, version %s") % budget.version
    line = (
        BudgetLine.objects.filter(budget__consortium_id=consortium_id, pk=pk)
        .select_related("structure")
        .only("pk", "budget_id", "label", "year", "structure__name")
        .first()
    )
    if line is None:
        raise _not_found()
    return ItemKind.BUDGET, line.budget_id, f"{line.structure.name} — {line.label} ({_('année')} {line.year})"


def _report_target(consortium_id: int, target: str, pk: int) -> tuple[str, int, str]:
    if target == Target.REPORT:
        report = ActivityReport.objects.filter(consortium_id=consortium_id, pk=pk).select_related("structure").first()
        if report is None:
            raise _not_found()
        return ItemKind.REPORT, report.pk, str(report)
    section = (
        ReportSection.objects.filter(report__consortium_id=consortium_id, pk=pk)
        .select_related("report__structure")
        .first()
    )
    if section is None:
        raise _not_found()
    return ItemKind.REPORT, section.report_id, f"{section.report.structure.name} — {section.title}"


def _deliverable_target(consortium_id: int, target: str, pk: int) -> tuple[str, int, str]:
    if target == Target.DELIVERABLE:
        deliverable = Deliverable.objects.filter(consortium_id=consortium_id, pk=pk).first()
        if deliverable is None:
            raise _not_found()
        return ItemKind.DELIVERABLE, deliverable.pk, str(deliverable)
    step = DeliverableStep.objects.filter(consortium_id=consortium_id, pk=pk).first()
    deliverable = Deliverable.objects.filter(consortium_id=consortium_id).first()
    if step is None or deliverable is None:
        raise _not_found()
    return ItemKind.DELIVERABLE, deliverable.pk, str(step)


def _mandate_target(consortium_id: int, target: str, pk: int) -> tuple[str, int, str]:
    review = MandateReview.objects.filter(consortium_id=consortium_id, pk=pk).select_related("mandate").first()
    if review is None:
        raise _not_found()
    return ItemKind.MANDATE, review.pk, mandate_title(review.mandate)


TARGETS = {
    Target.BUDGET: _budget_target,
    Target.BUDGET_LINE: _budget_target,
    Target.REPORT: _report_target,
    Target.REPORT_SECTION: _report_target,
    Target.DELIVERABLE: _deliverable_target,
    Target.DELIVERABLE_STEP: _deliverable_target,
    Target.MANDATE: _mandate_target,
}


def resolve_target(consortium_id: int, target, target_id) -> tuple[str, int, str]:
    """(item kind, item id, the target's label) of a comment's target in this consortium, or a DomainError."""
    resolver = TARGETS.get(target)
    if resolver is None:
        raise DomainError(
            _("Cible de commentaire inconnue : %s.") % ", ".join(str(t) for t in TARGETS),
            code="invalid_target",
            field="target",
        )
    pk = object_id(target_id)
    if pk is None:
        raise _not_found()
    return resolver(consortium_id, target, pk)
