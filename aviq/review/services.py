"""AVIQ's writes on a submitted item: a comment (public or private), approval, changes requested. The workflow
itself (locks, rules, notices, the item's history) is each app's: this module finds the item and calls it."""

from django.db import transaction
from django.utils.translation import gettext as _

from budget import services as budget_services
from consortia.services.base import bump_revision
from mandates import review as mandate_review
from ols_platform.errors import DomainError
from reporting import deliverable_workflow
from reporting.services import report_review
from review import services as review_services
from review.models import ItemKind

from .items import Item, item_of, resolve_target


def require_submitted(item: Item) -> None:
    if not item.is_submitted:
        raise DomainError(
            _("Seul un objet soumis à l'AVIQ peut être examiné ou commenté (statut actuel : %s).") % item.status_label,
            code="not_submitted",
            params={"status": item.status},
        )


def comment_add(*, actor, consortium_id: int, target, target_id, text, visibility, item: Item | None = None):
    """A reviewer's comment on a submitted item or one of its parts. Private annotations are read by AVIQ only
    (review.selectors.visible_comments). `item`: the item the page showed; the target must be part of it."""
    text = review_services.clean_comment_text(text)
    visibility = review_services.clean_visibility(visibility)
    kind, item_id, label = resolve_target(consortium_id, target, target_id)
    if item is not None and (kind, item_id) != (item.kind, item.pk):
        raise DomainError(
            _("Cet élément ne fait pas partie de l'objet examiné : rien n'a été enregistré."),
            code="invalid_target",
            field="target_id",
        )
    with transaction.atomic():
        # The item's row is locked: a comment never lands on an item approved or sent back at the same moment.
        item = item_of(kind, item_id, lock=True)
        require_submitted(item)
        comment = review_services.comment_create(
            actor=actor,
            consortium_id=consortium_id,
            item_id=item.pk,
            target=target,
            target_id=int(target_id),
            target_label=label,
            text=text,
            visibility=visibility,
        )
        # Consortium pages cached by revision show the public comments.
        bump_revision([consortium_id])
        return comment


def _budget_approve(actor, item, comment, revision):
    return budget_services.budget_approve(actor=actor, budget=item.obj, comment=comment, revision=revision)


def _budget_request_changes(actor, item, comment, revision):
    return budget_services.budget_request_changes(actor=actor, budget=item.obj, comment=comment, revision=revision)


def _report_approve(actor, item, comment, revision):
    return report_review.report_approve(actor=actor, report=item.obj, comment=comment)


def _report_request_changes(actor, item, comment, revision):
    return report_review.report_request_changes(actor=actor, report=item.obj, comment=comment)


def _deliverable_approve(actor, item, comment, revision):
    return deliverable_workflow.deliverable_approve(actor=actor, deliverable=item.obj, comment=comment)


def _deliverable_request_changes(actor, item, comment, revision):
    return deliverable_workflow.deliverable_request_changes(actor=actor, deliverable=item.obj, comment=comment)


def _mandate_approve(actor, item, comment, revision):
    return mandate_review.mandate_review_approve(actor=actor, review=item.obj, comment=comment)


def _mandate_request_changes(actor, item, comment, revision):
    return mandate_review.mandate_review_request_changes(actor=actor, review=item.obj, comment=comment)


APPROVE = {
    ItemKind.BUDGET: _budget_approve,
    ItemKind.REPORT: _report_approve,
    ItemKind.DELIVERABLE: _deliverable_approve,
    ItemKind.MANDATE: _mandate_approve,
}
REQUEST_CHANGES = {
    ItemKind.BUDGET: _budget_request_changes,
    ItemKind.REPORT: _report_request_changes,
    ItemKind.DELIVERABLE: _deliverable_request_changes,
    ItemKind.MANDATE: _mandate_request_changes,
}


def approve(*, actor, item: Item, comment: str = "", revision=None):
    """Approve the item: it locks; later changes need an amendment. Each kind checks its own rules (a budget
    breaking a rule is refused with the rule)."""
    return APPROVE[item.kind](actor, item, comment, revision)


def request_changes(*, actor, item: Item, comment: str, revision=None):
    """Send the item back to the consortium with the reasons: it is editable again and its coordination is told."""
    return REQUEST_CHANGES[item.kind](actor, item, comment, revision)
