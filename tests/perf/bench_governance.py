"""Governance data and pages for `make bench`: consortium A's gouvernance temporaire with 40 seats, 60 decided
proposals (10 votes each) in the register and 20 open votes (20 votes each), all through the services."""

import datetime

from django.utils import timezone


def build_governance(cast, seats=40, decided=60, open_votes=20):
    from consortia.models import Level
    from governance.services.bodies import body_create, seat_create
    from governance.services.proposals import proposal_close, proposal_create, proposal_open
    from governance.services.votes import vote_cast

    consortium = cast.consortium_a
    voter = cast.users["governance"]
    body = body_create(
        actor=None, consortium=consortium, data={"kind": "temporary_governance", "name": "Gouvernance temporaire"}
    )
    meso = consortium.structures.filter(level=Level.MESO, archived_at__isnull=True).order_by("pk")[:seats]
    created = [seat_create(actor=None, body=body, data={"structure": s, "representative": voter}) for s in meso]
    for i in range(decided + open_votes):
        proposal = proposal_create(
            actor=cast.users["operational"],
            consortium=consortium,
            data={"body": body, "title": f"Proposition {i}", "context": "Contexte. " * 40, "domain": "priorities"},
        )
        proposal = proposal_open(actor=None, proposal=proposal, closes_at=timezone.now() + datetime.timedelta(days=7))
        for seat in created[: 10 if i < decided else 20]:
            vote_cast(actor=voter, proposal=proposal, seat=seat, choice="consent")
        if i < decided:
            # Closed as its window would end (the close refuses an early one while seats have not voted).
            type(proposal).objects.filter(pk=proposal.pk).update(
                opens_at=timezone.now() - datetime.timedelta(days=8),
                closes_at=timezone.now() - datetime.timedelta(days=1),
            )
            proposal.refresh_from_db()
            proposal_close(actor=None, proposal=proposal)
    return body


def governance_pages(cast, body):
    from governance.models import Decision, Proposal

    a = cast.consortium_a.pk
    open_one = Proposal.objects.filter(body=body, status="open").first()
    decision = Decision.objects.filter(consortium_id=a).first()
    return [
        ("Gouvernance : instances", "governance", f"/consortia/{a}/governance/"),
        ("Gouvernance : instance (40 sièges)", "governance", f"/consortia/{a}/governance/bodies/{body.pk}/"),
        ("Gouvernance : propositions (80)", "governance", f"/consortia/{a}/governance/proposals/"),
        ("Gouvernance : vote ouvert (40 sièges)", "governance", f"/consortia/{a}/governance/proposals/{open_one.pk}/"),
        ("Registre des décisions (60)", "governance", f"/consortia/{a}/governance/decisions/"),
        ("Décision (40 participants)", "governance", f"/consortia/{a}/governance/decisions/{decision.pk}/"),
        ("Registre : export .xlsx", "governance", f"/consortia/{a}/governance/decisions/export/"),
        ("API : propositions (page 1)", "governance", f"/api/v1/consortia/{a}/proposals/"),
        ("API : décisions (page 1)", "governance", f"/api/v1/consortia/{a}/decisions/"),
        ("Tableau de bord (gouvernance, 20 votes en attente)", "governance", "/"),
    ]
