"""Governance pages as their users meet them: the coordination sets bodies and seats up, the operational team prepares
and opens a vote, the governance member finds it on their home page and votes in one click, the decision appears."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Body, Decision, Proposal, Seat, Vote
from governance.services.bodies import seat_create
from governance.services.proposals import proposal_create
from governance.services.votes import vote_cast
from tests.factories import MembershipFactory, StructureFactory, UserFactory
from tests.perf.test_query_counts import count_queries

from .conftest import open_vote

pytestmark = pytest.mark.django_db


def url(name, cast, **kwargs):
    return reverse(f"governance:{name}", kwargs={"consortium_id": cast.consortium_a.pk, **kwargs})


def test_a_coordinator_creates_the_temporary_governance_and_seats_a_meso_structure(cast):
    client = cast.client("coordinator")
    response = client.post(
        url("body_create", cast),
        {"kind": "temporary_governance", "name": "Gouvernance temporaire", "default_method": "consent", "quorum": "60"},
    )
    body = Body.objects.get(consortium=cast.consortium_a)
    assert response.status_code == 302 and str(body.quorum) == "0.60"
    response = client.post(
        url("seat_create", cast, body_id=body.pk),
        {
            "structure": cast.lead_a.pk,
            "representative": cast.users["governance"].pk,
            "votes": "on",
            "strategic_delegation": "on",
            "delegation_reference": "CA du 12/03/2026",
        },
    )
    assert response.status_code == 302
    seat = Seat.objects.get(body=body)
    assert seat.strategic_delegation and seat.delegation_reference == "CA du 12/03/2026"
    page = client.get(url("body", cast, body_id=body.pk)).content.decode()
    assert "ASBL Porteuse A" in page and "CA du 12/03/2026" in page


def test_it_refuses_a_seat_for_a_structure_of_another_consortium_sent_in_the_body(cast, gov):
    response = cast.client("coordinator").post(
        url("seat_create", cast, body_id=gov.body.pk), {"structure": cast.lead_b.pk, "votes": "on"}
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Seat.objects.filter(structure=cast.lead_b).exists()


def test_a_second_seat_for_a_structure_is_refused_with_a_message(cast, gov):
    response = cast.client("coordinator").post(
        url("seat_create", cast, body_id=gov.body.pk), {"structure": cast.lead_a.pk, "votes": "on"}
    )
    assert "un siège par structure" in response.content.decode()


def test_the_governance_member_finds_the_vote_on_the_home_page_and_votes(cast, gov):
    open_vote(gov.proposal, cast.users["operational"])
    client = cast.client("governance")
    home = client.get(reverse("dashboard")).content.decode()
    assert "1 vote vous attend" in home and "Adopter la charte" in home
    response = client.post(
        url("proposal_vote", cast, proposal_id=gov.proposal.pk), {"seat": gov.lead_seat.pk, "choice": "consent"}
    )
    assert response.status_code == 302
    assert Vote.objects.get(proposal=gov.proposal).choice == "consent"
    assert "vote vous attend" not in client.get(reverse("dashboard")).content.decode()


def test_a_pending_vote_is_never_shown_to_another_member_with_the_same_roles(cast, gov):
    open_vote(gov.proposal, cast.users["operational"])
    assert "vote vous attend" in cast.client("governance").get(reverse("dashboard")).content.decode()
    colleague = UserFactory()
    from consortia.services.roles import role_grant

    role_grant(actor=None, consortium=cast.consortium_a, user=colleague, role="governance")
    from django.test import Client

    client = Client()
    client.force_login(colleague)
    assert "vote vous attend" not in client.get(reverse("dashboard")).content.decode()


def test_a_vote_for_a_seat_of_someone_else_sent_in_the_body_is_refused(cast, gov):
    open_vote(gov.proposal, cast.users["operational"])
    response = cast.client("governance").post(
        url("proposal_vote", cast, proposal_id=gov.proposal.pk), {"seat": gov.member_seat.pk, "choice": "consent"}
    )
    assert response.status_code == 400
    assert not Vote.objects.exists()


def test_an_objection_without_a_reason_is_a_field_error(cast, gov):
    open_vote(gov.proposal, cast.users["operational"])
    response = cast.client("governance").post(
        url("proposal_vote", cast, proposal_id=gov.proposal.pk), {"seat": gov.lead_seat.pk, "choice": "objection"}
    )
    assert response.status_code == 400
    assert "Une objection s&#x27;explique" in response.content.decode()
    assert not Vote.objects.exists()


@pytest.mark.parametrize("closes_at", ["", "2026-13-45T10:00", "9999-12-31T23:59", "2020-01-01T10:00", "x" * 5000])
def test_opening_with_a_bad_closing_date_changes_nothing(cast, gov, closes_at):
    response = cast.client("operational").post(
        url("proposal_open", cast, proposal_id=gov.proposal.pk),
        {"closes_at": closes_at, "version": gov.proposal.version},
    )
    assert response.status_code == 400
    assert Proposal.objects.get(pk=gov.proposal.pk).status == "draft"


def test_the_operational_team_opens_then_closes_once_everyone_voted(cast, gov):
    client = cast.client("operational")
    closes = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url("proposal_open", cast, proposal_id=gov.proposal.pk), {"closes_at": closes, "version": gov.proposal.version}
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(pk=gov.proposal.pk)
    vote_cast(actor=cast.users["governance"], proposal=proposal, seat=gov.lead_seat, choice="consent")
    vote_cast(actor=cast.users["coordinator"], proposal=proposal, seat=gov.member_seat, choice="consent")
    response = client.post(url("proposal_close", cast, proposal_id=proposal.pk), {"rationale": "Unanimité."})
    assert response.status_code == 302
    decision = Decision.objects.get(proposal=proposal)
    page = client.get(url("proposal", cast, proposal_id=proposal.pk)).content.decode()
    assert decision.reference in page and "Adoptée" in page and "Unanimité." in page


def test_another_consortium_proposal_is_not_found(cast, gov):
    response = cast.client("outsider").get(url("proposal", cast, proposal_id=gov.proposal.pk))
    assert response.status_code == 404
    other = reverse(
        "governance:proposal", kwargs={"consortium_id": cast.consortium_b.pk, "proposal_id": gov.proposal.pk}
    )
    assert cast.client("outsider").get(other).status_code == 404


def _grow(cast, gov, seats, proposals):
    for i in range(seats):
        structure = MembershipFactory(consortium=cast.consortium_a, structure=StructureFactory(level="meso")).structure
        seat_create(actor=None, body=gov.body, data={"structure": structure, "representative": cast.users["viewer"]})
    for i in range(proposals):
        proposal = proposal_create(
            actor=None, consortium=cast.consortium_a, data={"body": gov.body, "title": f"P{i}", "domain": "other"}
        )
        open_vote(proposal, None)
        vote_cast(actor=cast.users["viewer"], proposal=proposal, seat=gov.body.seats.last(), choice="consent")


@pytest.mark.parametrize("page", ["home", "body", "proposals", "proposal"])
def test_governance_pages_run_the_same_queries_at_two_sizes(cast, gov, page):
    kwargs = {"body": {"body_id": gov.body.pk}, "proposal": {"proposal_id": gov.proposal.pk}}.get(page, {})
    client = cast.client("governance")
    _grow(cast, gov, 2, 2)
    small = count_queries(client, url(page, cast, **kwargs))
    _grow(cast, gov, 20, 30)
    large = count_queries(client, url(page, cast, **kwargs))
    assert small == large
    assert large <= 14


def test_a_vote_in_one_click_from_the_home_page_returns_there(cast, gov):
    open_vote(gov.proposal, cast.users["operational"])
    client = cast.client("governance")
    home = client.get(reverse("dashboard")).content.decode()
    assert f'name="seat" value="{gov.lead_seat.pk}"' in home and "Je consens" in home
    response = client.post(
        url("proposal_vote", cast, proposal_id=gov.proposal.pk),
        {"seat": gov.lead_seat.pk, "choice": "consent", "next": reverse("dashboard")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert Vote.objects.get(proposal=gov.proposal).choice == "consent"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_it_never_returns_to_another_site_after_a_vote(cast, gov, target):
    open_vote(gov.proposal, cast.users["operational"])
    response = cast.client("governance").post(
        url("proposal_vote", cast, proposal_id=gov.proposal.pk),
        {"seat": gov.lead_seat.pk, "choice": "consent", "next": target},
    )
    assert response["Location"] == url("proposal", cast, proposal_id=gov.proposal.pk)
