"""The governance JSON API: bodies with their seats, proposals (prepare, open, close), votes by seat, the decision
register and meetings. Outsiders 404, members without the right 403, every service refusal a 400 with its code."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import Attendance, Decision, Meeting, Proposal, Seat, Vote
from governance.services.proposals import proposal_close
from governance.services.votes import vote_cast
from tests.governance.conftest import open_vote

pytestmark = pytest.mark.django_db


def url(cast, path):
    return f"/api/v1/consortia/{cast.consortium_a.pk}/{path}"


def send(client, method, path, data=None):
    return getattr(client, method)(path, data or {}, content_type="application/json")


def later(**delta):
    return (timezone.now() + datetime.timedelta(**delta)).isoformat()


# --- bodies ---------------------------------------------------------------------------------------------------


def test_it_lists_bodies_with_their_seats_and_people_by_email(cast, gov):
    response = cast.client("reviewer").get(url(cast, "bodies/"))

    assert response.status_code == 200
    body = response.json()["results"][0]
    assert body["kind"] == "temporary_governance"
    seats = {seat["structure"]: seat for seat in body["seats"]}
    assert seats[cast.lead_a.pk]["representative"] == "governance@a.test"
    assert seats[cast.lead_a.pk]["substitute"] == "operational@a.test"
    assert seats[cast.lead_a.pk]["votes"] is True


def test_it_creates_a_body_with_a_structure_seat_and_a_citizen_seat(cast):
    data = {
        "name": "GT Mobilité",
        "kind": "working_group",
        "seats": [
            {"structure": cast.member_a.pk, "representative": "governance@a.test"},
            {"structure": None, "label": "Citoyen·ne", "representative": "viewer@a.test", "votes": False},
        ],
    }
    response = send(cast.client("coordinator"), "post", url(cast, "bodies/"), data)

    assert response.status_code == 201, response.content
    seats = response.json()["seats"]
    assert {(s["structure"], s["label"], s["votes"]) for s in seats} == {
        (cast.member_a.pk, "ASBL Membre A", True),
        (None, "Citoyen·ne", False),
    }


def test_it_replaces_the_seats_listed_and_retires_the_others(cast, gov):
    data = {"seats": [{"structure": cast.lead_a.pk, "representative": "operational@a.test", "substitute": None}]}
    response = send(cast.client("coordinator"), "patch", url(cast, f"bodies/{gov.body.pk}/"), data)

    assert response.status_code == 200, response.content
    assert [(s["structure"], s["representative"]) for s in response.json()["seats"]] == [
        (cast.lead_a.pk, "operational@a.test")
    ]
    gov.member_seat.refresh_from_db()
    assert gov.member_seat.archived_at is not None


def test_it_refuses_a_second_seat_for_one_structure_and_writes_nothing(cast):
    seat = {"structure": cast.member_a.pk, "representative": "governance@a.test"}
    data = {"name": "GT Logement", "kind": "working_group", "seats": [seat, seat]}
    response = send(cast.client("coordinator"), "post", url(cast, "bodies/"), data)

    assert response.status_code == 400
    assert response.json()["code"] == "seat_taken"
    assert response.json()["seats"]
    assert not cast.consortium_a.bodies.filter(name="GT Logement").exists()


def test_it_refuses_a_person_without_a_role_in_the_consortium(cast):
    data = {
        "name": "GT",
        "kind": "working_group",
        "seats": [{"structure": cast.member_a.pk, "representative": "personne@ailleurs.test"}],
    }
    response = send(cast.client("coordinator"), "post", url(cast, "bodies/"), data)

    assert response.status_code == 400
    assert response.json()["code"] == "not_in_consortium"


def test_it_forbids_bodies_to_members_without_the_right_and_hides_them_from_outsiders(cast, gov):
    data = {"name": "GT", "kind": "working_group"}
    assert send(cast.client("operational"), "post", url(cast, "bodies/"), data).status_code == 403
    assert cast.client("outsider").get(url(cast, f"bodies/{gov.body.pk}/")).status_code == 404


# --- proposals ------------------------------------------------------------------------------------------------


def test_it_prepares_a_proposal_with_the_body_defaults(cast, gov):
    data = {"body": gov.body.pk, "title": "Plan d'action", "body_text": "Le plan.", "domain": "priorities"}
    response = send(cast.client("operational"), "post", url(cast, "proposals/"), data)

    assert response.status_code == 201, response.content
    shown = response.json()
    assert shown["status"] == "draft"
    assert shown["decision_method"] == "consent"
    assert shown["quorum"] == "0.50"
    assert shown["body_text"] == "Le plan."
    assert shown["outcome"] is None


def test_it_refuses_permanent_governance_in_the_temporary_governance_or_a_body_of_another_consortium(cast, gov):
    from tests.factories import BodyFactory

    data = {"body": gov.body.pk, "title": "Statuts de l'OLS", "domain": "permanent_governance"}
    response = send(cast.client("operational"), "post", url(cast, "proposals/"), data)
    assert response.status_code == 400
    assert response.json()["code"] == "outside_mandate"
    assert "Préparation de la gouvernance permanente" in str(response.json())
    data["domain"] = "prepare_permanent_governance"
    assert send(cast.client("operational"), "post", url(cast, "proposals/"), data).status_code == 201

    other = BodyFactory(consortium=cast.consortium_b)
    data = {"body": other.pk, "title": "X", "domain": "priorities"}
    response = send(cast.client("operational"), "post", url(cast, "proposals/"), data)
    assert response.status_code == 400
    assert response.json()["code"] == "required"
    assert not Proposal.objects.filter(domain="permanent_governance").exists()


def test_it_opens_then_refuses_a_close_before_the_end(cast, gov):
    client = cast.client("operational")
    base = url(cast, f"proposals/{gov.proposal.pk}/")
    response = send(client, "post", base + "open/", {"closes_at": later(days=2)})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "open"

    response = send(client, "post", base + "close/")
    assert response.status_code == 400
    assert response.json()["code"] == "vote_still_open"


def test_it_refuses_a_close_before_the_opening(cast, gov):
    response = send(
        cast.client("operational"),
        "post",
        url(cast, f"proposals/{gov.proposal.pk}/open/"),
        {"opens_at": later(days=3), "closes_at": later(days=2)},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "closes_before_opening"
    gov.proposal.refresh_from_db()
    assert gov.proposal.status == "draft"


def test_it_closes_once_every_seat_voted_and_shows_the_decision(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    for who, seat in (("governance", gov.lead_seat), ("coordinator", gov.member_seat)):
        send(
            cast.client(who),
            "post",
            url(cast, f"proposals/{proposal.pk}/votes/"),
            {"seat": seat.pk, "choice": "consent"},
        )

    response = send(cast.client("coordinator"), "post", url(cast, f"proposals/{proposal.pk}/close/"))

    assert response.status_code == 200, response.content
    shown = response.json()
    assert shown["status"] == "closed"
    assert shown["outcome"] == "adopted"
    assert shown["tally"]["counts"]["consent"] == 2
    assert shown["decision"] == Decision.objects.get(proposal=proposal).pk


def test_it_refuses_to_change_a_closed_proposal(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    Proposal.objects.filter(pk=proposal.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=3), closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    proposal_close(actor=None, proposal=proposal)
    response = send(cast.client("operational"), "patch", url(cast, f"proposals/{proposal.pk}/"), {"title": "Autre"})

    assert response.status_code == 400
    assert response.json()["code"] == "proposal_closed"


# --- votes ----------------------------------------------------------------------------------------------------


def votes(cast, proposal):
    return url(cast, f"proposals/{proposal.pk}/votes/")


def test_a_representative_votes_for_their_structure(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    response = send(
        cast.client("governance"), "post", votes(cast, proposal), {"structure": cast.lead_a.pk, "choice": "consent"}
    )

    assert response.status_code == 201, response.content
    assert response.json()["cast_by"] == "governance@a.test"
    assert response.json()["as_substitute"] is False
    listed = cast.client("reviewer").get(votes(cast, proposal)).json()
    assert listed["count"] == 1 and listed["results"][0]["structure"] == cast.lead_a.pk


def test_it_forbids_a_vote_for_a_structure_one_does_not_represent(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    response = send(
        cast.client("governance"), "post", votes(cast, proposal), {"structure": cast.member_a.pk, "choice": "consent"}
    )

    assert response.status_code == 403
    assert not Vote.objects.exists()


def test_it_hides_a_seat_or_a_proposal_of_another_consortium(cast, gov):
    from tests.factories import BodyFactory, ProposalFactory, SeatFactory

    proposal = open_vote(gov.proposal, cast.users["operational"])
    other_seat = SeatFactory(body=BodyFactory(consortium=cast.consortium_b), structure=cast.lead_b)
    client = cast.client("governance")
    assert send(client, "post", votes(cast, proposal), {"seat": other_seat.pk, "choice": "consent"}).status_code == 404
    other = ProposalFactory(consortium=cast.consortium_b, body=other_seat.body)
    assert (
        send(client, "post", votes(cast, other), {"structure": cast.lead_a.pk, "choice": "consent"}).status_code == 404
    )
    assert not Vote.objects.exists()


def test_it_refuses_a_vote_before_the_opening_with_its_code(cast, gov):
    response = send(
        cast.client("governance"), "post", votes(cast, gov.proposal), {"structure": cast.lead_a.pk, "choice": "consent"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "vote_not_open"


def test_it_refuses_an_objection_without_a_reason_as_a_field_error(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    response = send(
        cast.client("governance"), "post", votes(cast, proposal), {"structure": cast.lead_a.pk, "choice": "objection"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "objection_without_reason"
    assert response.json()["reason"]


def test_a_substitute_cannot_override_the_representative(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    vote_cast(actor=cast.users["governance"], proposal=proposal, seat=gov.lead_seat, choice="consent")
    response = send(
        cast.client("operational"), "post", votes(cast, proposal), {"structure": cast.lead_a.pk, "choice": "abstain"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "representative_voted"


def test_a_citizen_seat_votes_by_its_id(cast, gov):
    citizen = Seat.objects.create(body=gov.body, label="Citoyen·ne", representative=cast.users["viewer"])
    proposal = open_vote(gov.proposal, cast.users["operational"])
    response = send(cast.client("viewer"), "post", votes(cast, proposal), {"seat": citizen.pk, "choice": "consent"})

    assert response.status_code == 201, response.content
    assert response.json()["structure"] is None


def test_it_asks_which_structure_the_vote_is_for(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    response = send(cast.client("governance"), "post", votes(cast, proposal), {"choice": "consent"})

    assert response.status_code == 400
    assert response.json()["code"] == "required"


# --- decisions and meetings -----------------------------------------------------------------------------------


def closed(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    vote_cast(actor=cast.users["governance"], proposal=proposal, seat=gov.lead_seat, choice="consent")
    vote_cast(actor=cast.users["coordinator"], proposal=proposal, seat=gov.member_seat, choice="consent")
    return proposal_close(actor=cast.users["operational"], proposal=proposal)


def test_the_register_filters_by_body_domain_outcome_and_period(cast, gov):
    decision = closed(cast, gov)
    client = cast.client("viewer")
    today = timezone.localdate().isoformat()

    def ids(query):
        return [row["id"] for row in client.get(url(cast, "decisions/") + query).json()["results"]]

    assert ids(f"?body={gov.body.pk}&domain=priorities&outcome=adopted&from={today}&to={today}") == [decision.pk]
    assert ids("?outcome=rejected") == []
    assert ids("?to=2020-01-01") == []
    shown = client.get(url(cast, f"decisions/{decision.pk}/")).json()
    assert shown["reference"] == decision.reference


@pytest.mark.parametrize("query", ["?from=hier", "?outcome=peut-etre", "?body=x", "?domain=tout"])
def test_it_refuses_an_unreadable_filter(cast, query):
    response = cast.client("viewer").get(url(cast, "decisions/") + query)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_the_register_is_read_only(cast, gov):
    response = send(cast.client("admin"), "post", url(cast, "decisions/"), {"title": "X"})
    assert response.status_code == 405


def make_meeting(gov, seats):
    now = timezone.now()
    meeting = Meeting.objects.create(
        body=gov.body, title="Réunion", starts_at=now, ends_at=now + datetime.timedelta(hours=2)
    )
    meeting.agenda_items.create(position=1, title="Accueil")
    for seat in seats:
        Attendance.objects.create(meeting=meeting, seat=seat, status="present")
    return meeting


def test_meetings_show_their_agenda_and_attendance(cast, gov):
    make_meeting(gov, [gov.lead_seat])
    shown = cast.client("reviewer").get(url(cast, "meetings/")).json()["results"][0]
    assert shown["agenda"][0]["title"] == "Accueil"
    assert shown["attendance"][0]["structure"] == cast.lead_a.pk


# --- query counts ---------------------------------------------------------------------------------------------


def count(client, path):
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def grow(cast, gov, n):
    """n more bodies with seats, proposals with votes, decisions and meetings."""
    from governance.services.bodies import body_create, seat_create
    from governance.services.proposals import proposal_create

    for i in range(n):
        body = body_create(
            actor=None,
            consortium=cast.consortium_a,
            data={"kind": "working_group", "name": f"GT {i}-{Seat.objects.count()}"},
        )
        seat = seat_create(
            actor=None, body=body, data={"structure": cast.lead_a, "representative": cast.users["governance"]}
        )
        seat_create(actor=None, body=body, data={"label": "Citoyen", "representative": cast.users["viewer"]})
        proposal = proposal_create(
            actor=None, consortium=cast.consortium_a, data={"body": body, "title": f"P{i}", "domain": "other"}
        )
        proposal = open_vote(proposal, cast.users["operational"])
        vote_cast(actor=cast.users["governance"], proposal=proposal, seat=seat, choice="consent")
        Proposal.objects.filter(pk=proposal.pk).update(
            opens_at=timezone.now() - datetime.timedelta(days=3), closes_at=timezone.now() - datetime.timedelta(days=1)
        )
        decision = proposal_close(actor=None, proposal=proposal)
        decision.follow_ups.create(description="Suivi", owner=cast.users["coordinator"])
        meeting = make_meeting(gov, [])
        Attendance.objects.create(meeting=meeting, seat=seat, status="present")


@pytest.mark.parametrize("path", ["bodies/", "proposals/", "decisions/", "meetings/", "votes"])
def test_the_lists_cost_the_same_number_of_queries_with_more_data(cast, gov, path):
    client = cast.client("coordinator")

    def target():
        if path == "votes":
            proposal = Proposal.objects.filter(consortium=cast.consortium_a).order_by("pk").last()
            return url(cast, f"proposals/{proposal.pk}/votes/")
        return url(cast, path)

    grow(cast, gov, 1)
    small = count(client, target())
    grow(cast, gov, 6)
    large = count(client, target())
    assert small == large


def test_archived_bodies_come_after_the_active_ones(cast, gov):
    from governance.services.bodies import body_archive, body_create

    old = body_create(actor=None, consortium=cast.consortium_a, data={"kind": "working_group", "name": "Ancien GT"})
    body_archive(actor=None, body=old)
    rows = cast.client("viewer").get(url(cast, "bodies/")).json()["results"]

    assert [(row["name"], row["archived"]) for row in rows] == [
        ("Gouvernance temporaire", False),
        ("Ancien GT", True),
    ]


def test_it_refuses_a_vote_after_the_close_with_its_code(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    Proposal.objects.filter(pk=proposal.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=3), closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = send(
        cast.client("governance"), "post", votes(cast, proposal), {"structure": cast.lead_a.pk, "choice": "consent"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "vote_closed"
    assert not Vote.objects.exists()
