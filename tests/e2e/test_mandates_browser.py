"""Mandates in a real browser: the operational team writes the mandate from the operational-team model, proposes it
to the gouvernance temporaire with a closing date (the vote opens), a governance member adopts it, the vote is
closed, and the mandate shows "Adopté" with its decision; printed, the page keeps the document alone."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from governance.services.bodies import body_create, seat_create
from governance.services.votes import vote_cast
from mandates.models import Mandate
from tests.conftest import build_cast

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def governance(transactional_db):
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
    return cast, body, lead_seat, member_seat


def test_a_mandate_from_the_model_is_proposed_and_adopted(page, governance, screenshot):
    cast, _body, _lead_seat, member_seat = governance
    consortium_id = cast.consortium_a.pk
    log_in(page, "operational@a.test")
    page.goto(reverse("mandates:list", kwargs={"consortium_id": consortium_id}))
    page.get_by_role("button", name="Écrire un mandat").click()
    page.get_by_role("link", name="Équipe opérationnelle").click()
    expect(page.get_by_label("Axe 1 : Vision commune")).to_have_value(
        "Ateliers de vision partagée\nSynthèses stratégiques\nVérification cohérence projets ↔ priorités OLS\n"
        "Cartographie des dynamiques\nIntégration des retours du terrain"
    )
    page.get_by_role("button", name="Enregistrer le projet").click()
    expect(page.locator(".messages")).to_contain_text("Le projet de mandat est enregistré.")
    expect(page.locator(".mandate-document")).to_contain_text("Soutenir les acteurs sociaux et de santé")
    page.get_by_role("button", name="Proposer à la décision").click()
    page.get_by_label("Instance qui adopte le mandat").select_option(label="Gouvernance temporaire")
    closes = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Clôture du vote").fill(closes)
    page.get_by_role("button", name="Proposer", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Le mandat est proposé à « Gouvernance temporaire ».")

    mandate = Mandate.objects.get(consortium=cast.consortium_a)
    vote_cast(actor=cast.users["coordinator"], proposal=mandate.proposal, seat=member_seat, choice="consent")
    page.context.clear_cookies()
    log_in(page, "governance@a.test")
    page.goto(
        reverse("governance:proposal", kwargs={"consortium_id": consortium_id, "proposal_id": mandate.proposal_id})
    )
    page.get_by_label("Consentement").check()
    page.get_by_role("button", name="Voter").click()
    expect(page.locator(".messages")).to_contain_text("Votre vote pour ASBL Porteuse A est enregistré")

    page.context.clear_cookies()
    log_in(page, "operational@a.test")
    page.goto(
        reverse("governance:proposal", kwargs={"consortium_id": consortium_id, "proposal_id": mandate.proposal_id})
    )
    page.get_by_role("button", name="Clôturer le vote et inscrire la décision").click()
    expect(page.locator(".messages")).to_contain_text("Le vote est clos : décision D-")
    page.goto(reverse("mandates:mandate", kwargs={"consortium_id": consortium_id, "mandate_id": mandate.pk}))
    expect(page.locator(".mandate-document header")).to_contain_text("Adopté")
    expect(page.locator(".mandate-document header")).to_contain_text("Adopté par la décision D-")
    expect(page.get_by_role("button", name="Ouvrir un avenant")).to_be_visible()
    screenshot(page, "mandate-adopted")

    page.emulate_media(media="print")
    expect(page.locator(".mandate-document")).to_be_visible()
    expect(page.locator("nav.subnav")).to_be_hidden()
    expect(page.get_by_role("button", name="Ouvrir un avenant")).to_be_hidden()
    expect(page.locator("#versions-title")).to_be_hidden()
