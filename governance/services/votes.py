"""Votes: one counted vote per seat, cast by its representative (or by its substitute while the representative has
not voted), changeable until the close — the last one counts, the earlier ones stay in history."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ols_platform.audit import log_action
from ols_platform.notifications import notify

from ..models import Choice, Proposal, Seat, Vote
from ..models.choices import REASON_MAX
from ..rules import choices_for
from .base import bump_revision, refuse
from .common import proposal_url


def vote_cast(*, actor, proposal: Proposal, seat: Seat, choice: str, reason: str = "") -> Vote:
    reason = (reason or "").strip()
    if choice not in choices_for(proposal.method):
        refuse(
            _("Choisissez parmi : %s.") % ", ".join(str(Choice(c).label) for c in choices_for(proposal.method)),
            code="invalid_choice",
            field="choice",
        )
    if choice == Choice.OBJECTION and not reason:
        refuse(
            _("Une objection s'explique : dites ce qui vous en empêche."),
            code="objection_without_reason",
            field="reason",
        )
    if len(reason) > REASON_MAX:
        refuse(_("Le motif tient en %d caractères au plus.") % REASON_MAX, code="too_long", field="reason")
    try:
        with transaction.atomic():
            # The proposal's row lock serialises the votes on it: two people voting for one seat at the same moment
            # are counted one after the other, and the last one counts.
            proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
            seat = Seat.objects.select_related("structure").get(pk=seat.pk)
            _check_window(proposal)
            _check_seat(actor, proposal, seat)
            current = Vote.objects.filter(proposal=proposal, seat=seat, superseded_at__isnull=True).first()
            as_substitute = actor.pk != seat.representative_id
            if as_substitute and current is not None and not current.as_substitute:
                refuse(
                    _("Le ou la représentant·e de %s a déjà voté : son vote compte.") % seat,
                    code="representative_voted",
                )
            if current is not None:
                current.superseded_at = timezone.now()
                current.save(update_fields=["superseded_at"])
            vote = Vote.objects.create(
                proposal=proposal, seat=seat, cast_by=actor, as_substitute=as_substitute, choice=choice, reason=reason
            )
            log_action(
                "vote.cast",
                actor=actor,
                target=proposal,
                consortium=proposal.consortium_id,
                data={"seat": seat.pk, "choice": choice},
            )
            if choice == Choice.OBJECTION and proposal.prepared_by_id:
                notify(
                    [proposal.prepared_by],
                    kind="proposal.objection",
                    title=_("Objection sur « %s »") % proposal.title,
                    body=_("%(seat)s : %(reason)s") % {"seat": seat, "reason": reason},
                    url=proposal_url(proposal),
                    consortium=proposal.consortium_id,
                )
            bump_revision([proposal.consortium_id])
            return vote
    except IntegrityError:
        # The one-counted-vote constraint caught a race the lock did not (another database, a raw write).
        refuse(_("Un autre vote pour ce siège vient d'être enregistré : rechargez la page."), code="conflict")


def objection_answer(*, actor, vote: Vote, response: str) -> Vote:
    """The preparer's answer to an objection, shown to the body; the objector may then consent."""
    response = (response or "").strip()
    if not response:
        refuse(_("Écrivez votre réponse à l'objection."), code="required", field="response")
    if len(response) > REASON_MAX:
        refuse(_("La réponse tient en %d caractères au plus.") % REASON_MAX, code="too_long", field="response")
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=vote.proposal_id)
        vote = Vote.objects.select_related("cast_by").get(pk=vote.pk)
        if proposal.status != Proposal.Status.OPEN or vote.superseded_at or vote.choice != Choice.OBJECTION:
            refuse(_("Cette objection n'attend plus de réponse."), code="objection_not_open")
        vote.response = response
        vote.save(update_fields=["response"])
        log_action("objection.answered", actor=actor, target=proposal, consortium=proposal.consortium_id)
        notify(
            [vote.cast_by],
            kind="proposal.objection_answered",
            title=_("Réponse à votre objection sur « %s »") % proposal.title,
            body=response,
            url=proposal_url(proposal),
            consortium=proposal.consortium_id,
        )
        bump_revision([proposal.consortium_id])
        return vote


def _check_window(proposal: Proposal) -> None:
    now = timezone.now()
    if proposal.status == Proposal.Status.DRAFT or (proposal.opens_at and now < proposal.opens_at):
        refuse(_("Le vote n'est pas encore ouvert."), code="vote_not_open")
    if proposal.status == Proposal.Status.CLOSED or (proposal.closes_at and now >= proposal.closes_at):
        refuse(_("Le vote est clos : votre vote n'a pas été enregistré."), code="vote_closed")


def _check_seat(actor, proposal: Proposal, seat: Seat) -> None:
    if seat.body_id != proposal.body_id:
        refuse(_("Ce siège n'appartient pas à l'instance qui décide."), code="seat_not_in_body", field="seat")
    if seat.is_archived or not seat.votes:
        refuse(_("Ce siège n'a pas de voix dans cette décision."), code="seat_without_vote", field="seat")
    if actor.pk not in (seat.representative_id, seat.substitute_id):
        refuse(_("Vous ne représentez pas %s.") % seat, code="not_your_seat", field="seat")
