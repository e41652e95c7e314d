"""A proposal's life: prepared as a draft, opened to the body that decides it, amended while open (which sets the
votes cast so far aside), closed when its window ends or early once every seat with a vote has voted; closing writes
the decision (`decisions.decision_from_proposal`)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ols_platform.audit import as_actor, log_action
from ols_platform.concurrency import check_version, next_version
from ols_platform.notifications import notify

from ..models import Body, DecisionMethod, Proposal, Vote
from .base import bump_revision, check_domain_allowed, check_moment, full_clean_or_refuse, lock_consortium, refuse
from .common import proposal_url, seat_holders
from .register import decision_from_proposal

EDITABLE = ("title", "context", "options", "domain", "method", "quorum", "body")
# Changing these while the vote is open changes what people voted on: their votes are set aside.
WHAT_IS_VOTED = ("title", "context", "options", "method")


def proposal_create(*, actor, consortium, data: dict, subject: dict | None = None) -> Proposal:
    """A draft in `data["body"]`; method and quorum default to the body's. `subject`: `{type, id, label}` of what
    another app asks the body to decide."""
    with transaction.atomic():
        consortium = lock_consortium(consortium.pk)
        body = data.get("body")
        _check_body(body, consortium.pk)
        proposal = Proposal(
            consortium=consortium,
            body=body,
            method=data.get("method") or body.default_method,
            quorum=data.get("quorum") if data.get("quorum") is not None else body.quorum,
            prepared_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for name in ("title", "context", "options", "domain"):
            setattr(proposal, name, (data.get(name) or "").strip() if name != "domain" else data.get(name) or "")
        if subject:
            proposal.subject_type = subject["type"]
            proposal.subject_id = subject["id"]
            proposal.subject_label = str(subject.get("label", ""))[:250]
        full_clean_or_refuse(proposal, exclude=["consortium", "body", "prepared_by"])
        check_domain_allowed(body, proposal.domain)
        as_actor(proposal, actor).save()
        bump_revision([consortium.pk])
        return proposal


def proposal_update(*, actor, proposal: Proposal, data: dict, expected_version: int | None) -> Proposal:
    """Edit a draft; amend an open proposal (its votes are set aside and the seats told to vote again)."""
    with transaction.atomic():
        lock_consortium(proposal.consortium_id)
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        check_version(proposal, expected_version, label=proposal.title)
        if proposal.status == Proposal.Status.CLOSED:
            refuse(_("Cette proposition est clôturée : elle ne change plus."), code="proposal_closed")
        changes = {name: data[name] for name in EDITABLE if name in data}
        if proposal.status == Proposal.Status.OPEN:
            for frozen in ("body", "domain", "quorum"):
                if frozen in changes and changes[frozen] != getattr(proposal, frozen):
                    refuse(
                        _("Pendant le vote, seuls le titre, le contexte, les options et le mode de décision changent."),
                        code="proposal_open",
                        field=frozen,
                    )
        if "body" in changes:
            _check_body(changes["body"], proposal.consortium_id)
        amended = proposal.status == Proposal.Status.OPEN and any(
            name in changes and (changes[name] or "") != getattr(proposal, name) for name in WHAT_IS_VOTED
        )
        for name, value in changes.items():
            setattr(proposal, name, value.strip() if isinstance(value, str) and name != "domain" else value)
        full_clean_or_refuse(proposal, exclude=["consortium", "body", "prepared_by"])
        check_domain_allowed(proposal.body, proposal.domain)
        if amended:
            set_aside = Vote.objects.filter(proposal=proposal, superseded_at__isnull=True)
            for vote in set_aside:
                vote.superseded_at = timezone.now()
                vote.save(update_fields=["superseded_at"])
            proposal.amendments += 1
            notify(
                seat_holders(proposal.body),
                kind="proposal.amended",
                title=_("Proposition amendée : %s") % proposal.title,
                body=_("Le texte a changé pendant le vote : les votes exprimés sont mis de côté, votez à nouveau."),
                url=proposal_url(proposal),
                consortium=proposal.consortium_id,
            )
        next_version(proposal)
        as_actor(proposal, actor).save()
        bump_revision([proposal.consortium_id])
        return proposal


def proposal_open(*, actor, proposal: Proposal, closes_at, opens_at=None, expected_version=None) -> Proposal:
    """Open the vote from `opens_at` (now when not given) to `closes_at`; the seats are told."""
    now = timezone.now()
    opens_at = opens_at or now
    check_moment(opens_at, field="opens_at", label=_("l'ouverture du vote"))
    check_moment(closes_at, field="closes_at", label=_("la clôture du vote"))
    if closes_at <= opens_at:
        refuse(_("La clôture du vote doit suivre son ouverture."), code="closes_before_opening", field="closes_at")
    if closes_at <= now:
        refuse(_("La clôture du vote doit être dans le futur."), code="closes_in_past", field="closes_at")
    with transaction.atomic():
        lock_consortium(proposal.consortium_id)
        proposal = Proposal.objects.select_for_update().select_related("body").get(pk=proposal.pk)
        check_version(proposal, expected_version, label=proposal.title)
        if proposal.status != Proposal.Status.DRAFT:
            refuse(_("Cette proposition n'est plus en préparation."), code="proposal_not_draft")
        _check_body(proposal.body, proposal.consortium_id)
        check_domain_allowed(proposal.body, proposal.domain)
        if not proposal.body.seats.filter(archived_at__isnull=True, votes=True).exists():
            refuse(
                _("L'instance « %s » n'a aucun siège avec voix : attribuez ses sièges d'abord.") % proposal.body.name,
                code="body_without_voting_seat",
            )
        proposal.opens_at, proposal.closes_at = opens_at, closes_at
        proposal.status = Proposal.Status.OPEN
        next_version(proposal)
        as_actor(proposal, actor).save()
        log_action("proposal.opened", actor=actor, target=proposal, consortium=proposal.consortium_id)
        notify(
            seat_holders(proposal.body),
            kind="proposal.opened",
            title=_("Vote ouvert : %s") % proposal.title,
            body=_("%(body)s décide par %(method)s jusqu'au %(closes)s.")
            % {
                "body": proposal.body.name,
                "method": DecisionMethod(proposal.method).label.lower(),
                "closes": timezone.localtime(closes_at).strftime("%d/%m/%Y %H:%M"),
            },
            url=proposal_url(proposal),
            consortium=proposal.consortium_id,
        )
        bump_revision([proposal.consortium_id])
        return proposal


def proposal_close(*, actor, proposal: Proposal, rationale: str = ""):
    """Close the vote and record the decision: when its window has ended, or early once every seat with a vote has
    voted. Returns the decision. Closing a proposal already closed returns its decision (a double submit)."""
    with transaction.atomic():
        lock_consortium(proposal.consortium_id)
        proposal = Proposal.objects.select_for_update().select_related("body", "consortium").get(pk=proposal.pk)
        if proposal.status == Proposal.Status.CLOSED:
            return proposal.decision
        if proposal.status != Proposal.Status.OPEN:
            refuse(_("Ce vote n'est pas ouvert."), code="proposal_not_open")
        if timezone.now() < proposal.closes_at and not everyone_voted(proposal):
            refuse(
                _("Le vote reste ouvert jusqu'au %s, ou jusqu'à ce que chaque siège avec voix ait voté.")
                % timezone.localtime(proposal.closes_at).strftime("%d/%m/%Y %H:%M"),
                code="vote_still_open",
            )
        return decision_from_proposal(actor=actor, proposal=proposal, rationale=rationale)


def everyone_voted(proposal: Proposal) -> bool:
    voting = proposal.body.seats.filter(archived_at__isnull=True, votes=True)
    voted = Vote.objects.filter(proposal=proposal, superseded_at__isnull=True, seat__in=voting).count()
    return voted >= voting.count()


def _check_body(body, consortium_id) -> None:
    if not isinstance(body, Body) or body.consortium_id != consortium_id:
        refuse(_("Choisissez l'instance qui décide."), code="required", field="body")
    if body.archived_at is not None:
        refuse(_("L'instance « %s » est archivée.") % body.name, code="body_archived", field="body")
