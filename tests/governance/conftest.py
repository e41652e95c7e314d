"""Governance's cast on top of the common one: consortium A's gouvernance temporaire with two seats —
the lead structure (represented by the governance member, the operational member as substitute) and the member
structure (represented by the coordinator) — and a draft proposal to it, prepared by the operational member."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from governance.services.bodies import body_create, seat_create
from governance.services.proposals import proposal_create, proposal_open


@pytest.fixture
def gov(cast):
    users = cast.users
    body = body_create(
        actor=users["coordinator"],
        consortium=cast.consortium_a,
        data={"kind": "temporary_governance", "name": "Gouvernance temporaire"},
    )
    lead_seat = seat_create(
        actor=users["coordinator"],
        body=body,
        data={"structure": cast.lead_a, "representative": users["governance"], "substitute": users["operational"]},
    )
    member_seat = seat_create(
        actor=users["coordinator"], body=body, data={"structure": cast.member_a, "representative": users["coordinator"]}
    )
    proposal = proposal_create(
        actor=users["operational"],
        consortium=cast.consortium_a,
        data={"body": body, "title": "Adopter la charte", "context": "La charte commune.", "domain": "priorities"},
    )
    return SimpleNamespace(body=body, lead_seat=lead_seat, member_seat=member_seat, proposal=proposal)


def open_vote(proposal, actor, days=3):
    return proposal_open(actor=actor, proposal=proposal, closes_at=timezone.now() + datetime.timedelta(days=days))
