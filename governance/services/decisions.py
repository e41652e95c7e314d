"""The decision register: written when a vote closes or when a meeting decides, never changed afterwards (a correction
is a new decision that refers to the one it corrects); follow-up actions; recommendations from one body to another."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ols_platform.audit import as_actor, log_action
from ols_platform.notifications import notify

from ..models import Body, Decision, FollowUp, Outcome, Recommendation
from .base import bump_revision, full_clean_or_refuse, lock_consortium, refuse
from .common import proposal_url, seat_holders
from .proposals import proposal_create
from .register import record_decision


def decision_correct(*, actor, decision: Decision, rationale: str, outcome: str | None = None) -> Decision:
    """A correction of a decision: a new entry of the register referring to it (the original stays as it was)."""
    if not (rationale or "").strip():
        refuse(_("Expliquez ce que la correction change et pourquoi."), code="required", field="rationale")
    with transaction.atomic():
        lock_consortium(decision.consortium_id)
        original = Decision.objects.get(pk=decision.pk)
        if outcome and outcome not in Outcome.values:
            refuse(_("Résultat inconnu."), code="invalid", field="outcome")
        return record_decision(
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
