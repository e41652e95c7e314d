"""A decision's page: what was recorded, its corrections (a new decision referring to it, coordinators only), and
its follow-up actions (added and marked done by those who prepare decisions)."""

import pytest
from django.urls import reverse

from governance.models import Decision, FollowUp
from governance.services.proposals import proposal_close
from governance.services.votes import vote_cast
from tests.factories import UserFactory

from .conftest import open_vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    vote_cast(actor=cast.users["governance"], proposal=proposal, seat=gov.lead_seat, choice="consent")
    vote_cast(
        actor=cast.users["coordinator"], proposal=proposal, seat=gov.member_seat, choice="objection", reason="Trop vite"
    )
    return proposal_close(actor=cast.users["operational"], proposal=proposal)


def url(name, cast, *args):
    return reverse(f"governance:{name}", args=[cast.consortium_a.pk, *args])


def test_it_shows_everything_recorded(cast, decision):
    html = cast.client("viewer").get(url("decision", cast, decision.pk)).content.decode()

    assert decision.reference in html
    assert "Trop vite" in html and "Objection" in html
    assert "ASBL Porteuse A" in html
    assert "Adopter la charte" in html  # the proposal's link
    assert "Corriger cette décision" not in html


def test_a_decision_of_another_consortium_is_not_found(cast, decision):
    assert cast.client("outsider").get(url("decision", cast, decision.pk)).status_code == 404
    other = url("decision", cast, decision.pk).replace(f"/{cast.consortium_a.pk}/", f"/{cast.consortium_b.pk}/")
    assert cast.client("outsider").get(other).status_code == 404


def test_a_coordinator_corrects_a_decision_with_a_new_entry(cast, decision):
    response = cast.client("coordinator").post(
        url("decision_correct", cast, decision.pk), {"rationale": "Erreur de décompte.", "outcome": "adopted"}
    )

    correction = Decision.objects.get(corrects=decision)
    assert response.status_code == 302 and response["Location"].endswith(f"/decisions/{correction.pk}/")
    assert correction.outcome == "adopted" and correction.number == decision.number + 1
    decision.refresh_from_db()
    assert decision.outcome == "rejected"  # the original stays as it was
    html = cast.client("viewer").get(url("decision", cast, decision.pk)).content.decode()
    assert correction.reference in html
    register = cast.client("viewer").get(url("decisions", cast)).content.decode()
    assert "1 correction" in register and f"corrige {decision.reference}" in register


def test_a_correction_needs_a_rationale(cast, decision):
    response = cast.client("coordinator").post(url("decision_correct", cast, decision.pk), {"rationale": " "})

    assert response.status_code == 200
    assert not Decision.objects.filter(corrects=decision).exists()


def test_it_refuses_an_unknown_outcome_for_a_correction(cast, decision):
    response = cast.client("coordinator").post(
        url("decision_correct", cast, decision.pk), {"rationale": "x", "outcome": "maybe"}
    )

    assert response.status_code == 200
    assert not Decision.objects.filter(corrects=decision).exists()


def test_the_operational_team_does_not_correct_decisions(cast, decision):
    response = cast.client("operational").post(url("decision_correct", cast, decision.pk), {"rationale": "x"})

    assert response.status_code == 403
    assert not Decision.objects.filter(corrects=decision).exists()


def test_the_operational_team_adds_a_follow_up_with_owner_and_due_date(cast, decision):
    response = cast.client("operational").post(
        url("follow_up_create", cast, decision.pk),
        {"description": "Publier la charte", "owner": cast.users["governance"].pk, "due_on": "23/11/2026"},
    )

    assert response.status_code == 302
    follow_up = FollowUp.objects.get(decision=decision)
    assert follow_up.owner == cast.users["governance"] and follow_up.due_on.isoformat() == "2026-11-23"
    html = cast.client("viewer").get(url("decision", cast, decision.pk)).content.decode()
    assert "Publier la charte" in html and "23/11/2026" in html and "à faire" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"description": ""}, "Ce champ est obligatoire."),
        ({"description": "x", "due_on": "31/13/2026"}, "Échéance illisible"),
        ({"description": "x", "owner": "999999"}, "Choisissez une personne qui a un rôle dans le consortium."),
    ],
)
def test_it_refuses_a_bad_follow_up(cast, decision, data, message):
    response = cast.client("operational").post(url("follow_up_create", cast, decision.pk), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FollowUp.objects.exists()


def test_a_follow_up_owner_must_hold_a_role_in_the_consortium(cast, decision):
    stranger = UserFactory()
    response = cast.client("operational").post(
        url("follow_up_create", cast, decision.pk), {"description": "x", "owner": stranger.pk}
    )

    assert response.status_code == 400
    assert not FollowUp.objects.exists()


def test_a_follow_up_is_marked_done_then_undone(cast, decision):
    follow_up = FollowUp.objects.create(decision=decision, description="Publier")
    client = cast.client("coordinator")

    client.post(url("follow_up_done", cast, follow_up.pk), {"done": "1"})
    follow_up.refresh_from_db()
    assert follow_up.done_on is not None
    client.post(url("follow_up_done", cast, follow_up.pk), {"done": "0"})
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


def test_a_bad_done_value_changes_nothing(cast, decision):
    follow_up = FollowUp.objects.create(decision=decision, description="Publier")

    response = cast.client("coordinator").post(url("follow_up_done", cast, follow_up.pk), {"done": "peut-être"})

    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


def test_a_governance_member_does_not_add_follow_ups(cast, decision):
    response = cast.client("governance").post(url("follow_up_create", cast, decision.pk), {"description": "x"})

    assert response.status_code == 403
    assert not FollowUp.objects.exists()
