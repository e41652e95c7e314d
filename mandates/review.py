"""AVIQ asks to see a mandate; the coordination transmits it; AVIQ approves it or asks for changes.

Only a version that no longer changes is transmitted (proposed or adopted): what AVIQ approves is what the consortium
decided, and a change after approval is an amendment — the next version, which the coordination transmits in its
turn when AVIQ asked for changes. Each step is in the item's review history (review.services.record_event), logged,
and told to whom it concerns: the coordination when AVIQ asks or decides, AVIQ's reviewers when the mandate arrives.
"""

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

from .models import Mandate, MandateReview
from .models import MandateReviewStatus as Status

TRANSMITTABLE = (Mandate.Status.PROPOSED, Mandate.Status.ADOPTED)


def lineage_of(mandate: Mandate) -> int:
    return mandate.lineage or mandate.pk


def mandate_page_url(mandate: Mandate) -> str:
    return f"/consortia/{mandate.consortium_id}/mandates/{mandate.pk}/"


def review_url(review: MandateReview) -> str:
    return f"/aviq/review/mandate/{review.pk}/"


def current_review(mandate: Mandate) -> MandateReview | None:
    """The newest review of the mandate's lineage (open or approved), with the version it is about, or None."""
    return (
        MandateReview.objects.filter(consortium_id=mandate.consortium_id, lineage=lineage_of(mandate))
        .select_related("mandate", "requested_by", "submitted_by", "reviewed_by")
        .order_by("-requested_at", "-pk")
        .first()
    )


def _event(actor, review: MandateReview, action: str, comment: str = "") -> None:
    record_event(
        actor=actor,
        consortium_id=review.consortium_id,
        item_kind=ItemKind.MANDATE,
        item_id=review.pk,
        action=action,
        comment=comment,
    )
    log_action(f"mandate_review.{action}", actor=actor, target=review.mandate, consortium=review.consortium_id, data={})
    bump_revision([review.consortium_id])


def _require_reviewer(actor) -> None:
    if not is_aviq_staff(actor):
        raise DomainError(_("Seule l'AVIQ demande à examiner un mandat."), code="not_reviewer")


def mandate_review_ask(*, actor, mandate: Mandate, reason) -> MandateReview:
    """AVIQ asks the consortium to transmit a mandate, saying what it wants to see (required)."""
    _require_reviewer(actor)
    reason = clean_review_text(
        reason, field="reason", required_message=_("Dites au consortium ce que l'AVIQ souhaite voir.")
    )
    with transaction.atomic():
        lock_consortium(mandate.consortium_id)
        open_review = MandateReview.objects.filter(lineage=lineage_of(mandate)).exclude(status=Status.APPROVED).first()
        if open_review is not None:
            raise ConflictError(
                _("L'AVIQ a déjà demandé ce mandat (statut : %s).") % open_review.get_status_display().lower(),
                code="review_already_open",
            )
        review = MandateReview.objects.create(
            consortium_id=mandate.consortium_id,
            lineage=lineage_of(mandate),
            mandate=mandate,
            reason=reason,
            requested_by=author_of(actor),
            requested_at=timezone.now(),
        )
        _event(actor, review, Action.REQUESTED, reason)
        notify(
            coordinators_of(mandate.consortium_id),
            kind="mandate.review_requested",
            title=_("L'AVIQ demande à voir le mandat « %s »") % mandate.title,
            body=reason,
            url=mandate_page_url(mandate),
            consortium=mandate.consortium_id,
        )
        return review


def mandate_review_submit(*, actor, mandate: Mandate, note="") -> MandateReview:
    """The coordination transmits this version of the mandate AVIQ asked for (proposed or adopted)."""
    note = clean_review_text(note, field="note")
    with transaction.atomic():
        lock_consortium(mandate.consortium_id)
        review = (
            MandateReview.objects.select_for_update()
            .filter(consortium_id=mandate.consortium_id, lineage=lineage_of(mandate))
            .exclude(status=Status.APPROVED)
            .first()
        )
        if review is None or not review.awaits_consortium:
            raise ConflictError(
                _("L'AVIQ n'attend pas ce mandat : il lui est déjà transmis ou elle ne l'a pas demandé."),
                code="review_not_requested",
            )
        mandate = Mandate.objects.get(pk=mandate.pk)
        if mandate.status not in TRANSMITTABLE:
            raise DomainError(
                _(
                    "Seule une version proposée à la décision ou adoptée se transmet : celle-ci est « %s ». "
                    "Proposez le projet à son instance, puis transmettez-le."
                )
                % mandate.get_status_display().lower(),
                code="mandate_not_transmittable",
                params={"status": mandate.status},
            )
        review.mandate = mandate
        review.status = Status.SUBMITTED
        review.submitted_at, review.submitted_by = timezone.now(), author_of(actor)
        review.submission_note = note
        review.save()
        _event(actor, review, Action.SUBMITTED, note)
        notify(
            aviq_reviewers(),
            kind="mandate.submitted",
            title=_("Mandat « %(title)s » transmis par %(consortium)s")
            % {"title": mandate.title, "consortium": mandate.consortium.name},
            body=note,
            url=review_url(review),
            consortium=mandate.consortium_id,
        )
        return review


def _decide(actor, review: MandateReview, status: str, action: str, comment: str, title: str) -> MandateReview:
    if not is_aviq_staff(actor):
        raise DomainError(_("Seule l'AVIQ examine un mandat."), code="not_reviewer")
    with transaction.atomic():
        lock_consortium(review.consortium_id)
        review = MandateReview.objects.select_for_update().select_related("mandate").get(pk=review.pk)
        if review.status != Status.SUBMITTED:
            raise DomainError(
                _("Seul un mandat transmis peut être examiné (statut actuel : %s).") % review.get_status_display(),
                code="not_submitted",
                params={"status": review.status},
            )
        review.status = status
        review.reviewed_at, review.reviewed_by = timezone.now(), author_of(actor)
        review.review_comment = comment
        review.save()
        _event(actor, review, action, comment)
        notify(
            coordinators_of(review.consortium_id),
            kind=f"mandate.{action}",
            title=title % review.mandate.title,
            body=comment,
            url=mandate_page_url(review.mandate),
            consortium=review.consortium_id,
        )
        return review


def mandate_review_approve(*, actor, review: MandateReview, comment="") -> MandateReview:
    """AVIQ approves the transmitted version; a later change is an amendment, as for any adopted mandate."""
    comment = clean_review_text(comment, field="comment")
    return _decide(actor, review, Status.APPROVED, Action.APPROVED, comment, _("L'AVIQ a approuvé le mandat « %s »"))


def mandate_review_request_changes(*, actor, review: MandateReview, comment) -> MandateReview:
    """AVIQ asks for changes (reasons required): the coordination amends the mandate and transmits the new version."""
    comment = clean_review_text(comment, field="comment", required_message=_("Expliquez les modifications demandées."))
    return _decide(
        actor,
        review,
        Status.CHANGES_REQUESTED,
        Action.CHANGES_REQUESTED,
        comment,
        _("L'AVIQ demande des modifications au mandat « %s »"),
    )
