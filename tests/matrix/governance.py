"""Governance pages: everyone who sees the consortium reads them (AVIQ reviewers included); the coordination manages
bodies and seats; the operational team and the coordination prepare proposals; the people on a seat vote.

POSTs carry empty data: allowed actors get the form back with its errors (200, or 400 on the proposal's page),
nothing changes."""

import datetime

from django.utils import timezone

from . import Entry, expect, only

COORDINATION = ("coordinator",)
PREPARERS = ("coordinator", "operational")
# The gov fixture's seats: the governance member (representative) and the operational member (substitute) of the
# lead structure's seat, the coordinator on the member structure's.
SEATED = ("coordinator", "operational", "governance")


def _gov(cast, *, open_vote=False):
    from governance.services.bodies import body_create, seat_create
    from governance.services.proposals import proposal_create, proposal_open

    users = cast.users
    body = body_create(
        actor=None,
        consortium=cast.consortium_a,
        data={"kind": "temporary_governance", "name": "Gouvernance temporaire"},
    )
    lead_seat = seat_create(
        actor=None,
        body=body,
        data={"structure": cast.lead_a, "representative": users["governance"], "substitute": users["operational"]},
    )
    seat_create(actor=None, body=body, data={"structure": cast.member_a, "representative": users["coordinator"]})
    proposal = proposal_create(
        actor=None, consortium=cast.consortium_a, data={"body": body, "title": "Charte", "domain": "priorities"}
    )
    if open_vote:
        proposal = proposal_open(actor=None, proposal=proposal, closes_at=timezone.now() + datetime.timedelta(days=2))
    return body, lead_seat, proposal


def _a(cast):
    return {"consortium_id": cast.consortium_a.pk}


def _body(cast):
    body, _seat, _proposal = _gov(cast)
    return {"consortium_id": cast.consortium_a.pk, "body_id": body.pk}


def _seat(cast):
    _body_, seat, _proposal = _gov(cast)
    return {"consortium_id": cast.consortium_a.pk, "seat_id": seat.pk}


def _proposal(cast):
    _body_, _seat, proposal = _gov(cast)
    return {"consortium_id": cast.consortium_a.pk, "proposal_id": proposal.pk}


def _open_proposal(cast):
    _body_, _seat, proposal = _gov(cast, open_vote=True)
    return {"consortium_id": cast.consortium_a.pk, "proposal_id": proposal.pk}


def _objection(cast):
    from governance.services.votes import vote_cast

    _body_, seat, proposal = _gov(cast, open_vote=True)
    vote = vote_cast(actor=cast.users["governance"], proposal=proposal, seat=seat, choice="objection", reason="Non")
    return {"consortium_id": cast.consortium_a.pk, "vote_id": vote.pk}


def _pages(name, allowed, kwargs):
    return [
        Entry(name, only(allowed), kwargs=kwargs),
        Entry(name, only(allowed), kwargs=kwargs, method="post"),
    ]


ENTRIES = [
    Entry("governance:home", expect(), kwargs=_a),
    Entry("governance:body", expect(), kwargs=_body),
    Entry("governance:proposals", expect(), kwargs=_a),
    Entry("governance:proposal", expect(), kwargs=_proposal),
    *_pages("governance:body_create", COORDINATION, _a),
    *_pages("governance:body_edit", COORDINATION, _body),
    *_pages("governance:body_archive", COORDINATION, _body),
    *_pages("governance:seat_create", COORDINATION, _body),
    *_pages("governance:seat_edit", COORDINATION, _seat),
    *_pages("governance:seat_archive", COORDINATION, _seat),
    *_pages("governance:proposal_create", PREPARERS, _a),
    *_pages("governance:proposal_edit", PREPARERS, _proposal),
    Entry("governance:proposal_open", only(PREPARERS, ok=400), kwargs=_proposal, method="post"),
    Entry("governance:proposal_close", only(PREPARERS, ok=400), kwargs=_proposal, method="post"),
    Entry("governance:proposal_vote", only(SEATED, ok=400, admin=403), kwargs=_open_proposal, method="post"),
    Entry("governance:objection_answer", only(PREPARERS, ok=302), kwargs=_objection, method="post"),
]
