"""A mandate's life: a draft, proposed to the deciding body, adopted by its decision (or back to draft), amended."""

import datetime

import pytest
from django.utils import timezone

from governance.services.proposals import proposal_close
from governance.services.votes import vote_cast
from mandates import rules
from mandates.models import Mandate
from mandates.services import mandate_amend, mandate_create, mandate_propose, mandate_update, mandates_expire
from ols_platform.errors import ConflictError, DomainError
from tests.factories import BodyFactory, LifeBasinFactory

pytestmark = pytest.mark.django_db

ESSENTIALS = {
    "title": "Équipe opérationnelle",
    "purpose": "Soutenir les acteurs sociaux et de santé du territoire.",
    "responsibilities": "Axe 1 à 5.",
    "autonomy": "Méthodes, outils, formats d'animation.",
    "scope": "Tout le territoire.",
    "composition": "Équipe financée via le budget OLS.",
}


def refused(code, act):
    with pytest.raises(DomainError) as caught:
        act()
    assert caught.value.code == code, caught.value.message
    return caught.value


@pytest.fixture
def team(cast):
    return BodyFactory(consortium=cast.consortium_a, kind="operational_team", name="Équipe opérationnelle")


def test_proposing_lists_exactly_the_missing_essentials_and_changes_nothing(cast, gov, team):
    mandate = mandate_create(
        actor=None, consortium=cast.consortium_a, data={"kind": "operational_team", "body": team, "title": "Équipe"}
    )
    error = refused("mandate_incomplete", lambda: mandate_propose(actor=None, mandate=mandate, deciding_body=gov.body))
    assert error.params["missing"] == [
        "Finalité / raison d'être",
        "Responsabilités et tâches",
        "Champ d'autonomie",
        "Périmètre d'action",
        "Composition / profils attendus",
    ]
    assert Mandate.objects.get(pk=mandate.pk).status == "draft"


def test_missing_modalities_are_warnings():
    assert "Temporalité et durée du mandat" in rules.missing_modalities({"start_date": datetime.date(2026, 1, 1)})


def test_an_end_before_the_start_is_refused(cast, team):
    refused(
        "ends_before_start",
        lambda: mandate_create(
            actor=None,
            consortium=cast.consortium_a,
            data={
                "kind": "operational_team",
                "title": "X",
                "start_date": datetime.date(2027, 1, 1),
                "end_date": datetime.date(2026, 1, 1),
            },
        ),
    )


def test_a_concertation_on_another_territory_basin_is_refused(cast):
    elsewhere = LifeBasinFactory(territory=cast.consortium_b.territory)
    refused(
        "invalid",
        lambda: mandate_create(
            actor=None,
            consortium=cast.consortium_a,
            data={"kind": "local_concertation", "title": "Concertation", "life_basin": elsewhere},
        ),
    )


def _adopt(cast, gov, mandate):
    mandate = mandate_propose(
        actor=None, mandate=mandate, deciding_body=gov.body, closes_at=timezone.now() + datetime.timedelta(days=2)
    )
    vote_cast(actor=cast.users["governance"], proposal=mandate.proposal, seat=gov.lead_seat, choice="consent")
    vote_cast(actor=cast.users["coordinator"], proposal=mandate.proposal, seat=gov.member_seat, choice="consent")
    proposal_close(actor=None, proposal=mandate.proposal)
    return Mandate.objects.get(pk=mandate.pk)


def test_the_governance_adopts_it_and_an_adopted_version_never_changes(cast, gov, team):
    mandate = mandate_create(
        actor=None, consortium=cast.consortium_a, data={"kind": "operational_team", "body": team, **ESSENTIALS}
    )
    mandate = _adopt(cast, gov, mandate)
    assert mandate.status == "adopted" and mandate.decision.outcome == "adopted"
    with pytest.raises(ConflictError) as caught:
        mandate_update(actor=None, mandate=mandate, data={"title": "Autre"}, expected_version=None)
    assert caught.value.code == "mandate_adopted"


def test_a_rejected_mandate_goes_back_to_draft(cast, gov, team):
    mandate = mandate_create(
        actor=None, consortium=cast.consortium_a, data={"kind": "operational_team", "body": team, **ESSENTIALS}
    )
    mandate = mandate_propose(
        actor=None, mandate=mandate, deciding_body=gov.body, closes_at=timezone.now() + datetime.timedelta(days=2)
    )
    vote_cast(
        actor=cast.users["governance"], proposal=mandate.proposal, seat=gov.lead_seat, choice="objection", reason="Non"
    )
    vote_cast(actor=cast.users["coordinator"], proposal=mandate.proposal, seat=gov.member_seat, choice="consent")
    proposal_close(actor=None, proposal=mandate.proposal)
    mandate.refresh_from_db()
    assert mandate.status == "draft" and mandate.proposal is None


def test_an_amendment_is_the_next_version_and_supersedes_the_adopted_one(cast, gov, team):
    mandate = _adopt(
        cast,
        gov,
        mandate_create(
            actor=None, consortium=cast.consortium_a, data={"kind": "operational_team", "body": team, **ESSENTIALS}
        ),
    )
    amendment = mandate_amend(actor=None, mandate=mandate)
    assert (amendment.number, amendment.status, amendment.lineage) == (2, "draft", mandate.lineage)
    refused("amendment_open", lambda: mandate_amend(actor=None, mandate=mandate))
    mandate_update(
        actor=None, mandate=amendment, data={"purpose": "Nouvelle finalité."}, expected_version=amendment.version
    )
    amendment = _adopt(cast, gov, Mandate.objects.get(pk=amendment.pk))
    assert amendment.status == "adopted"
    assert Mandate.objects.get(pk=mandate.pk).status == "superseded"


def test_two_mandates_for_one_space_and_period_are_refused(cast, gov, team):
    _adopt(
        cast,
        gov,
        mandate_create(
            actor=None, consortium=cast.consortium_a, data={"kind": "operational_team", "body": team, **ESSENTIALS}
        ),
    )
    second = mandate_create(
        actor=None, consortium=cast.consortium_a, data={"kind": "operational_team", "body": team, **ESSENTIALS}
    )
    refused("mandate_overlap", lambda: mandate_propose(actor=None, mandate=second, deciding_body=gov.body))


def test_an_adopted_mandate_expires_after_its_end_date(cast, gov, team):
    mandate = mandate_create(
        actor=None,
        consortium=cast.consortium_a,
        data={"kind": "operational_team", "body": team, "end_date": datetime.date(2027, 12, 31), **ESSENTIALS},
    )
    mandate = _adopt(cast, gov, mandate)
    assert mandates_expire(datetime.date(2027, 12, 31)) == 0
    assert mandates_expire(datetime.date(2028, 1, 1)) == 1
    assert Mandate.objects.get(pk=mandate.pk).status == "expired"
