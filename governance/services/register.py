"""The decision register's writing: numbering, the one write of a decision, the subject's app told; and the decision
a closed vote makes (`proposal_close` calls it under its locks)."""

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ols_platform.audit import as_actor, log_action
from ols_platform.notifications import notify

from ..models import Decision, Outcome, Proposal, Vote
from ..models.choices import TEXT_MAX
from ..rules import tally
from ..signals import decision_recorded
from .base import bump_revision, full_clean_or_refuse
from .common import proposal_url, seat_holders


def _next_number(consortium_id) -> int:
    """The register's next number (the caller holds the consortium's lock)."""
    return (Decision.objects.filter(consortium_id=consortium_id).aggregate(n=Max("number"))["n"] or 0) + 1


def record_decision(decision: Decision, actor) -> Decision:
    """Number the decision, write it (once: it never changes), tell the subject's app and bump the revision. The
    caller holds the consortium's lock."""
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
    decision = record_decision(
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
