"""The evaluation deliverable handed in to AVIQ: submitted by the coordination or the operational team (every step
written), approved or sent back by AVIQ with its reasons, amended after approval. While it is submitted or approved,
every write on its steps, evidence, projects and cycles is refused (`lock_open_deliverable`, which every write of
reporting/services_deliverable.py takes instead of the bare consortium lock).

Each step is in the item's review history (review.services.record_event), logged, and told to whom it concerns."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consortia.permissions import is_aviq_staff
from consortia.selectors import aviq_reviewers, coordinators_of
from consortia.services.base import bump_revision, lock_consortium
from ols_platform.audit import author_of, log_action
from ols_platform.errors import ConflictError, DomainError
from ols_platform.notifications import notify
from review.models import Action, ItemKind
from review.services import clean_review_text, record_event

from .models.deliverable import STEP_NUMBERS, Deliverable, DeliverableStatus, DeliverableStep


def deliverable_url(consortium_id: int) -> str:
    return f"/consortia/{consortium_id}/deliverable/"


def lock_open_deliverable(consortium_id: int) -> None:
    """Lock the consortium; refuse when its deliverable is with AVIQ or approved (its steps no longer change)."""
    lock_consortium(consortium_id)
    deliverable = Deliverable.objects.filter(consortium_id=consortium_id).only("status", "version").first()
    if deliverable is not None and not deliverable.is_editable:
        if deliverable.status == DeliverableStatus.SUBMITTED:
            message = _("Le livrable est remis à l'AVIQ : il ne change plus pendant son examen.")
        else:
            message = _("Le livrable est approuvé par l'AVIQ : ouvrez un avenant pour le modifier.")
        raise ConflictError(message, code="deliverable_locked", params={"status": deliverable.status})


def _locked(consortium_id: int) -> Deliverable:
    lock_consortium(consortium_id)
    deliverable, _created = Deliverable.objects.get_or_create(consortium_id=consortium_id)
    return Deliverable.objects.select_for_update().get(pk=deliverable.pk)


def _event(actor, deliverable: Deliverable, action: str, comment: str = "") -> None:
    record_event(
        actor=actor,
        consortium_id=deliverable.consortium_id,
        item_kind=ItemKind.DELIVERABLE,
        item_id=deliverable.pk,
        action=action,
        comment=comment,
    )
    log_action(f"deliverable.{action}", actor=actor, target=deliverable, consortium=deliverable.consortium_id, data={})
    bump_revision([deliverable.consortium_id])


def deliverable_submit(*, actor, consortium, note="") -> Deliverable:
    """Hand the deliverable in to AVIQ: every one of the five steps needs its narrative."""
    note = clean_review_text(note, field="note")
    with transaction.atomic():
        deliverable = _locked(consortium.pk)
        if not deliverable.is_editable:
            raise ConflictError(
                _("Le livrable est déjà %s.") % deliverable.get_status_display().lower(), code="deliverable_locked"
            )
        written = set(
            DeliverableStep.objects.filter(consortium_id=consortium.pk)
            .exclude(narrative="")
            .values_list("number", flat=True)
        )
        missing = [number for number in STEP_NUMBERS if number not in written]
        if missing:
            raise DomainError(
                _("Rédigez d'abord le récit de ces étapes : %s.") % ", ".join(str(n) for n in missing),
                code="deliverable_incomplete",
                params={"missing": missing},
            )
        deliverable.status = DeliverableStatus.SUBMITTED
        deliverable.submitted_at, deliverable.submitted_by = timezone.now(), author_of(actor)
        deliverable.submission_note = note
        deliverable.save()
        _event(actor, deliverable, Action.SUBMITTED, note)
        notify(
            aviq_reviewers(),
            kind="deliverable.submitted",
            title=_("Livrable d'évaluation remis par %s") % consortium.name,
            body=note,
            url=f"/aviq/review/deliverable/{deliverable.pk}/",
            consortium=consortium.pk,
        )
        return deliverable


def _reviewed(actor, deliverable: Deliverable) -> Deliverable:
    if not is_aviq_staff(actor):
        raise DomainError(_("Seule l'AVIQ examine le livrable."), code="not_reviewer")
    locked = _locked(deliverable.consortium_id)
    if locked.status != DeliverableStatus.SUBMITTED:
        raise DomainError(
            _("Seul un livrable remis peut être examiné (statut actuel : %s).") % locked.get_status_display(),
            code="not_submitted",
            params={"status": locked.status},
        )
    return locked


def _decide(actor, deliverable, status, action, comment, title) -> Deliverable:
    with transaction.atomic():
        deliverable = _reviewed(actor, deliverable)
        deliverable.status = status
        deliverable.reviewed_at, deliverable.reviewed_by = timezone.now(), author_of(actor)
        deliverable.review_comment = comment
        deliverable.save()
        _event(actor, deliverable, action, comment)
        notify(
            coordinators_of(deliverable.consortium_id),
            kind=f"deliverable.{action}",
            title=title,
            body=comment,
            url=deliverable_url(deliverable.consortium_id),
            consortium=deliverable.consortium_id,
        )
        return deliverable


def deliverable_approve(*, actor, deliverable: Deliverable, comment="") -> Deliverable:
    """AVIQ approves the submitted deliverable: it is locked; later changes need an amendment."""
    comment = clean_review_text(comment, field="comment")
    return _decide(
        actor,
        deliverable,
        DeliverableStatus.APPROVED,
        Action.APPROVED,
        comment,
        _("L'AVIQ a approuvé le livrable d'évaluation"),
    )


def deliverable_request_changes(*, actor, deliverable: Deliverable, comment) -> Deliverable:
    """AVIQ sends the deliverable back with its reasons (required): the consortium edits and submits again."""
    comment = clean_review_text(comment, field="comment", required_message=_("Expliquez les modifications demandées."))
    return _decide(
        actor,
        deliverable,
        DeliverableStatus.CHANGES_REQUESTED,
        Action.CHANGES_REQUESTED,
        comment,
        _("L'AVIQ demande des modifications au livrable d'évaluation"),
    )


def deliverable_amend(*, actor, consortium) -> Deliverable:
    """After approval, the coordination opens an amendment: the next version, editable again."""
    with transaction.atomic():
        deliverable = _locked(consortium.pk)
        if deliverable.status != DeliverableStatus.APPROVED:
            raise DomainError(_("Seul un livrable approuvé fait l'objet d'un avenant."), code="not_approved")
        deliverable.status, deliverable.version = DeliverableStatus.DRAFT, deliverable.version + 1
        deliverable.save()
        _event(actor, deliverable, Action.AMENDED, _("Avenant : version %s.") % deliverable.version)
        return deliverable
