"""Governance in a real browser: the governance member finds the open vote on their home page, votes for the
structure they represent, the operational team closes the vote once everyone has voted, and the decision is in the
register."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from governance.services.bodies import body_create, seat_create
from governance.services.proposals import proposal_create, proposal_open
from governance.services.votes import vote_cast
from tests.conftest import build_cast

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def vote(transactional_db):
    cast = build_cast()
    users = cast.users
    body = body_create(
        actor=None,
        consortium=cast.consortium_a,
        data={"kind": "temporary_governance", "name": "Gouvernance temporaire"},
    )
    lead_seat = seat_create(
        actor=None, body=body, data={"structure": cast.lead_a, "representative": users["governance"]}
    )
    member_seat = seat_create(
        actor=None, body=body, data={"structure": cast.member_a, "representative": users["coordinator"]}
    )
    proposal = proposal_create(
        actor=users["operational"],
        consortium=cast.consortium_a,
        data={"body": body, "title": "Adopter la charte", "context": "La charte commune.", "domain": "priorities"},
    )
    proposal = proposal_open(actor=None, proposal=proposal, closes_at=timezone.now() + datetime.timedelta(days=3))
    vote_cast(actor=users["coordinator"], proposal=proposal, seat=member_seat, choice="consent")
    return cast, proposal, lead_seat


def test_a_governance_member_votes_and_the_decision_is_registered(page, vote, screenshot):
    cast, proposal, _seat = vote
    log_in(page, "governance@a.test")
    pending = page.locator("#pending-votes")
    expect(pending).to_contain_text("1 vote vous attend")
    pending.get_by_role("link", name="Adopter la charte").click()
    page.get_by_label("Objection").check()
    page.get_by_role("button", name="Voter").click()
    expect(page.locator(".errorlist")).to_contain_text("Une objection s'explique")  # no reason: nothing recorded
    page.get_by_label("Consentement").check()
    page.get_by_role("button", name="Voter").click()
    expect(page.locator(".messages")).to_contain_text("Votre vote pour ASBL Porteuse A est enregistré")
    screenshot(page, "governance-voted")
    page.goto(reverse("dashboard"))
    expect(page.locator("body")).not_to_contain_text("vote vous attend")

    page.context.clear_cookies()
    log_in(page, "operational@a.test")
    page.goto(
        reverse("governance:proposal", kwargs={"consortium_id": cast.consortium_a.pk, "proposal_id": proposal.pk})
    )
    page.get_by_role("button", name="Clôturer le vote et inscrire la décision").click()
    expect(page.locator(".messages")).to_contain_text("Le vote est clos : décision D-")
    expect(page.locator("#decision-title")).to_contain_text("Adoptée")
    page.goto(reverse("governance:home", kwargs={"consortium_id": cast.consortium_a.pk}))
    expect(page.locator("#decisions-title + ul")).to_contain_text("Adopter la charte")
    page.get_by_role("link", name="Registre des décisions").click()
    row = page.locator("table tbody tr").first
    expect(row).to_contain_text("D-")
    expect(row).to_contain_text("Adopter la charte")
    expect(row).to_contain_text("Adoptée")
    screenshot(page, "governance-register")
