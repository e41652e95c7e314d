"""The governance JSON API: everyone who sees consortium A reads bodies, proposals, votes, the register and meetings
(AVIQ reviewers included); the coordination writes bodies and seats; the operational team and the coordination
prepare, open and close proposals; the people on a seat vote for it. Anonymous 401, outsiders 404.

Each actor's request runs in a rolled-back savepoint: the write bodies succeed for every allowed actor."""

import datetime
import itertools

from django.utils import timezone

from . import ACTORS, Entry, only
from .governance import _gov

_unique = itertools.count(1)
COORDINATION = ("coordinator",)
PREPARERS = ("coordinator", "operational")
# The lead structure's seat in the gov fixture: the governance member represents it, the operational member is the
# substitute (who may vote while the representative has not).
LEAD_SEAT = ("governance", "operational")

in_a = {actor: 200 for actor in ACTORS} | {"anonymous": 401, "outsider": 404}


def _api(allowed, ok):
    return only(allowed, ok=ok, anonymous=401)


def _a(cast):
    return {"consortium_id": cast.consortium_a.pk}


def _body(cast):
    body, _seat, _proposal = _gov(cast)
    return _a(cast) | {"pk": body.pk}


def _proposal(cast):
    _body_, _seat, proposal = _gov(cast)
    return _a(cast) | {"pk": proposal.pk}


def _proposal_votes(cast):
    _body_, _seat, proposal = _gov(cast, open_vote=True)
    return _a(cast) | {"proposal_id": proposal.pk}


def _decision(cast):
    from governance.services.proposals import proposal_close
    from governance.services.votes import vote_cast

    body, seat, proposal = _gov(cast, open_vote=True)
    vote_cast(actor=cast.users["governance"], proposal=proposal, seat=seat, choice="consent")
    other = body.seats.exclude(pk=seat.pk).get()
    vote_cast(actor=cast.users["coordinator"], proposal=proposal, seat=other, choice="consent")
    return _a(cast) | {"pk": proposal_close(actor=None, proposal=proposal).pk}


def _meeting(cast):
    from governance.models import Meeting

    body, _seat, _proposal = _gov(cast)
    now = timezone.now()
    meeting = Meeting.objects.create(
        body=body, title="Réunion", starts_at=now, ends_at=now + datetime.timedelta(hours=1)
    )
    return _a(cast) | {"pk": meeting.pk}


def _new_body(cast):
    return {"name": f"GT Matrice {next(_unique)}", "kind": "working_group"}


def _new_proposal(cast):
    body = cast.consortium_a.bodies.get(name="Gouvernance temporaire")
    return {"body": body.pk, "title": "Proposition", "domain": "priorities"}


def _lead_vote(cast):
    return {"structure": cast.lead_a.pk, "choice": "consent"}


def _in_a_body(cast):
    _gov(cast)
    return _a(cast)


def _bodies(cast):
    return sorted(cast.consortium_a.bodies.values_list("name", "version"))


def _proposals(cast):
    return sorted(cast.consortium_a.proposals.values_list("title", "status", "version"))


def _votes(cast):
    from governance.models import Vote

    return sorted(Vote.objects.values_list("pk", "choice", "superseded_at"))


ENTRIES = [
    Entry("consortium-body-list", in_a, kwargs=_a, api=True),
    Entry(
        "consortium-body-list",
        _api(COORDINATION, 201),
        kwargs=_a,
        method="post",
        data=_new_body,
        api=True,
        snapshot=_bodies,
    ),
    Entry("consortium-body-detail", in_a, kwargs=_body, api=True),
    Entry(
        "consortium-body-detail",
        _api(COORDINATION, 200),
        kwargs=_body,
        method="put",
        data=lambda cast: {"name": "Gouvernance temporaire", "kind": "temporary_governance", "description": "Rôle"},
        api=True,
        snapshot=_bodies,
    ),
    Entry(
        "consortium-body-detail",
        _api(COORDINATION, 200),
        kwargs=_body,
        method="patch",
        data=lambda cast: {"description": "Nouveau rôle"},
        api=True,
        snapshot=_bodies,
    ),
    Entry("consortium-proposal-list", in_a, kwargs=_a, api=True),
    Entry(
        "consortium-proposal-list",
        _api(PREPARERS, 201),
        kwargs=_in_a_body,
        method="post",
        data=_new_proposal,
        api=True,
        snapshot=_proposals,
    ),
    Entry("consortium-proposal-detail", in_a, kwargs=_proposal, api=True),
    Entry(
        "consortium-proposal-detail",
        _api(PREPARERS, 200),
        kwargs=_proposal,
        method="put",
        data=_new_proposal,
        api=True,
        snapshot=_proposals,
    ),
    Entry(
        "consortium-proposal-detail",
        _api(PREPARERS, 200),
        kwargs=_proposal,
        method="patch",
        data=lambda cast: {"title": "Charte révisée"},
        api=True,
        snapshot=_proposals,
    ),
    Entry(
        "consortium-proposal-open",
        _api(PREPARERS, 200),
        kwargs=_proposal,
        method="post",
        data=lambda cast: {"closes_at": (timezone.now() + datetime.timedelta(days=2)).isoformat()},
        api=True,
        snapshot=_proposals,
    ),
    # A draft is not open: the preparers get the rule's refusal (400), the others no further than the gate.
    Entry("consortium-proposal-close", _api(PREPARERS, 400), kwargs=_proposal, method="post", api=True),
    Entry("consortium-proposal-vote-list", in_a, kwargs=_proposal_votes, api=True),
    Entry(
        "consortium-proposal-vote-list",
        only(LEAD_SEAT, ok=201, anonymous=401, admin=403),
        kwargs=_proposal_votes,
        method="post",
        data=_lead_vote,
        api=True,
        snapshot=_votes,
    ),
    Entry("consortium-decision-list", in_a, kwargs=_a, api=True),
    Entry("consortium-decision-detail", in_a, kwargs=_decision, api=True),
    Entry("consortium-meeting-list", in_a, kwargs=_a, api=True),
    Entry("consortium-meeting-detail", in_a, kwargs=_meeting, api=True),
]
