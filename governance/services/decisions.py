"""The decision register: written when a vote closes or when a meeting decides, never changed afterwards (a correction
is a new decision that refers to the one it corrects); follow-up actions; recommendations from one body to another."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ols_platform.audit import as_actor, log_action
from ols_platform.notifications import notify

from ..models import Body, Decision, FollowUp, Outcome, Proposal, Recommendation, Vote
from ..models.choices import TEXT_MAX
from ..rules import tally
from ..signals import decision_recorded
from .base import bump_revision, full_clean_or_refuse, lock_consortium, refuse
from .proposals import proposal_create, proposal_url, seat_holders


def _next_number(consortium_id) -> int:
    """The register's next number (the caller holds the consortium's lock)."""
    return (Decision.objects.filter(consortium_id=consortium_id).aggregate(n=Max("number"))["n"] or 0) + 1


def _record(decision: Decision, actor) -> Decision:
    decision.number = _next_number(decision.consortium_id)
    decision.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    decision.rationale = (decision.rationale or "").strip()[:TEXT_MAX]
    full_clean_or_refuse(decision, exclude=["consortium", "body", "proposal", "meeting", "corrects", "recorded_by"])
    decision.save()
    log_action("decision.recorded", actor=actor, target=decision, consortium=decision.consortium_id)
    decision_recorded.send(
        sender=Decision, decision=decision, subject_type=decision.subject_type, subject_id=decision.subject_id
    )
    bump_revision([decision.consortium_id])
    return decision


def decision_from_proposal(*, actor, proposal: Proposal, rationale: str = "") -> Decision:
    """Count the votes, close the proposal and write its decision (called by `proposal_close` under its locks)."""
    seats = list(proposal.body.seats.filter(archived_at__isnull=True, votes=True).select_related("structure"))
    counted = {
        vote.seat_id: vote
        for vote in Vote.objects.filter(proposal=proposal, superseded_at__isnull=True, seat__in=seats)
    }
    result = tally(proposal.method, proposal.quorum, len(seats), [vote.choice for vote in counted.values()])
    now = timezone.now()
    proposal.status, proposal.outcome, proposal.tally, proposal.closed_at = (
        Proposal.Status.CLOSED,
        result.outcome,
        result.as_json(),
        now,
    )
    proposal.version += 1
    as_actor(proposal, actor).save()
    participants = [
        {
            "seat": seat.pk,
            "name": str(seat),
            "choice": counted[seat.pk].choice if seat.pk in counted else "",
            "reason": counted[seat.pk].reason if seat.pk in counted else "",
            "by": str(counted[seat.pk].cast_by) if seat.pk in counted else "",
        }
        for seat in seats
    ]
    decision = _record(
        Decision(
            consortium_id=proposal.consortium_id,
            body=proposal.body,
            proposal=proposal,
            title=proposal.title,
            domain=proposal.domain,
            method=proposal.method,
            decided_on=timezone.localdate(now),
            outcome=result.outcome,
            participants=participants,
            tally=result.as_json() | {"explanation": result.explanation},
            rationale="\n\n".join(part for part in (result.explanation, (rationale or "").strip()) if part),
            subject_type=proposal.subject_type,
            subject_id=proposal.subject_id,
        ),
        actor,
    )
    people = seat_holders(proposal.body) + ([proposal.prepared_by] if proposal.prepared_by_id else [])
    notify(
        people,
        kind="proposal.closed",
        title=_("Décision %(ref)s : %(title)s — %(outcome)s")
        % {"ref": decision.reference, "title": proposal.title, "outcome": Outcome(result.outcome).label.lower()},
        body=result.explanation,
        url=proposal_url(proposal),
        consortium=proposal.consortium_id,
    )
    return decision


def decision_correct(*, actor, decision: Decision, rationale: str, outcome: str | None = None) -> Decision:
    """A correction of a decision: a new entry of the register referring to it (the original stays as it was)."""
    if not (rationale or "").strip():
        refuse(_("Expliquez ce que la correction change et pourquoi."), code="required", field="rationale")
    with transaction.atomic():
        lock_consortium(decision.consortium_id)
        original = Decision.objects.get(pk=decision.pk)
        if outcome and outcome not in Outcome.values:
            refuse(_("Résultat inconnu."), code="invalid", field="outcome")
        return _record(
            Decision(
                consortium_id=original.consortium_id,
                body=original.body,
                title=_("Correction de %(ref)s : %(title)s") % {"ref": original.reference, "title": original.title},
                domain=original.domain,
                method=original.method,
                decided_on=timezone.localdate(),
                outcome=outcome or original.outcome,
                participants=original.participants,
                tally=original.tally,
                rationale=rationale,
                corrects=original,
            ),
            actor,
        )


def follow_up_create(*, actor, decision: Decision, description: str, owner=None, due_on=None) -> FollowUp:
    description = (description or "").strip()
    if not description:
        refuse(_("Décrivez l'action à mener."), code="required", field="description")
    with transaction.atomic():
        lock_consortium(decision.consortium_id)
        if owner is not None and not owner.consortium_roles.filter(consortium_id=decision.consortium_id).exists():
            refuse(_("%s n'a pas de rôle dans le consortium.") % owner, code="not_in_consortium", field="owner")
        follow_up = FollowUp(decision=decision, description=description, owner=owner, due_on=due_on)
        full_clean_or_refuse(follow_up, exclude=["decision", "owner"])
        as_actor(follow_up, actor).save()
        bump_revision([decision.consortium_id])
        return follow_up


def follow_up_set_done(*, actor, follow_up: FollowUp, done: bool) -> FollowUp:
    with transaction.atomic():
        lock_consortium(follow_up.decision.consortium_id)
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        wanted = timezone.localdate() if done else None
        if bool(follow_up.done_on) != done:
            follow_up.done_on = wanted
            as_actor(follow_up, actor).save()
            bump_revision([follow_up.decision.consortium_id])
        return follow_up


def recommendation_create(*, actor, from_body: Body, to_body: Body, title: str, text: str, domain: str):
    """A body recommends, another decides: the recommendation becomes a draft proposal in the deciding body, linked
    to its origin; the people preparing decisions are told."""
    if from_body.pk == getattr(to_body, "pk", None):
        refuse(_("Une recommandation va vers une autre instance."), code="invalid", field="to_body")
    if not (text or "").strip():
        refuse(_("Écrivez la recommandation."), code="required", field="text")
    with transaction.atomic():
        proposal = proposal_create(
            actor=actor,
            consortium=from_body.consortium,
            data={
                "body": to_body,
                "title": title,
                "context": _("Recommandation de %(body)s :\n\n%(text)s")
                % {"body": from_body.name, "text": text.strip()},
                "domain": domain,
            },
        )
        recommendation = Recommendation(
            consortium_id=from_body.consortium_id,
            from_body=from_body,
            to_body=to_body,
            title=proposal.title,
            text=text.strip(),
            proposal=proposal,
            created_by=actor,
        )
        full_clean_or_refuse(recommendation, exclude=["consortium", "from_body", "to_body", "proposal", "created_by"])
        recommendation.save()
        log_action("recommendation.sent", actor=actor, target=recommendation, consortium=from_body.consortium_id)
        notify(
            seat_holders(to_body),
            kind="recommendation.received",
            title=_("Recommandation de %(body)s : %(title)s") % {"body": from_body.name, "title": proposal.title},
            url=proposal_url(proposal),
            consortium=from_body.consortium_id,
        )
        return recommendation
