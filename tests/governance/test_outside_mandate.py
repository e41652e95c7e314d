"""The gouvernance temporaire never decides the permanent governance ("ne pas définir la gouvernance pérenne, mais
préparer les conditions de son émergence", seed 000, l. 936): refused with `outside_mandate` wherever a decision of
that body gets its domain — a proposal created, edited, opened, or a decision recorded in a meeting."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Decision, Proposal
from governance.services import meetings
from governance.services.proposals import proposal_create, proposal_open, proposal_update
from ols_platform.errors import DomainError
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


def refused(act):
    with pytest.raises(DomainError) as caught:
        act()
    assert caught.value.code == "outside_mandate", caught.value.message
    assert caught.value.field == "domain"
    return caught.value


def test_it_refuses_a_proposal_on_the_permanent_governance_in_the_temporary_governance(cast, gov):
    data = {"body": gov.body, "title": "Statuts", "domain": "permanent_governance"}
    error = refused(lambda: proposal_create(actor=None, consortium=cast.consortium_a, data=data))
    assert "Préparation de la gouvernance permanente" in error.message
    assert not Proposal.objects.filter(title="Statuts").exists()


def test_another_body_may_decide_it_and_the_temporary_governance_may_prepare_it(cast, gov):
    assembly = BodyFactory(consortium=cast.consortium_a, kind="general_assembly", name="AG")
    proposal_create(
        actor=None,
        consortium=cast.consortium_a,
        data={"body": assembly, "title": "Statuts", "domain": "permanent_governance"},
    )
    proposal_create(
        actor=None,
        consortium=cast.consortium_a,
        data={"body": gov.body, "title": "Préparer", "domain": "prepare_permanent_governance"},
    )
    assert Proposal.objects.filter(title__in=["Statuts", "Préparer"]).count() == 2


def test_it_refuses_to_move_a_draft_into_that_domain_or_that_body(cast, gov):
    refused(
        lambda: proposal_update(
            actor=None, proposal=gov.proposal, data={"domain": "permanent_governance"}, expected_version=None
        )
    )
    assembly = BodyFactory(consortium=cast.consortium_a, kind="general_assembly", name="AG")
    moved = proposal_create(
        actor=None,
        consortium=cast.consortium_a,
        data={"body": assembly, "title": "Statuts", "domain": "permanent_governance"},
    )
    refused(lambda: proposal_update(actor=None, proposal=moved, data={"body": gov.body}, expected_version=None))
    gov.proposal.refresh_from_db()
    moved.refresh_from_db()
    assert gov.proposal.domain == "priorities" and moved.body_id == assembly.pk


def test_it_refuses_to_open_a_vote_written_before_the_rule(cast, gov):
    Proposal.objects.filter(pk=gov.proposal.pk).update(domain="permanent_governance")
    refused(
        lambda: proposal_open(actor=None, proposal=gov.proposal, closes_at=timezone.now() + datetime.timedelta(days=2))
    )
    gov.proposal.refresh_from_db()
    assert gov.proposal.status == "draft"


def test_it_refuses_such_a_decision_taken_in_a_meeting(cast, gov):
    start = timezone.now() - datetime.timedelta(days=1)
    meeting = meetings.meeting_create(
        actor=None,
        body=gov.body,
        data={
            "title": "Réunion",
            "place": "Salle du conseil",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=2),
        },
    )
    meetings.attendance_record(
        actor=None, meeting=meeting, rows={gov.lead_seat.pk: ("present", ""), gov.member_seat.pk: ("present", "")}
    )
    data = {"title": "Statuts", "domain": "permanent_governance", "outcome": "adopted", "rationale": ""}
    refused(lambda: meetings.decision_record_in_meeting(actor=None, meeting=meeting, data=data))
    assert not Decision.objects.exists()


def test_the_proposal_form_shows_the_refusal_on_the_domain(cast, gov):
    url = reverse("governance:proposal_create", args=[cast.consortium_a.pk])
    response = cast.client("operational").post(
        url,
        {"body": gov.body.pk, "title": "Statuts", "context": "", "domain": "permanent_governance", "method": "consent"},
    )
    assert response.status_code in (200, 400)  # the form again, with the refusal on its field
    assert "prépare les conditions de la gouvernance pérenne" in response.content.decode().replace("&#x27;", "'")
    assert not Proposal.objects.filter(title="Statuts").exists()
