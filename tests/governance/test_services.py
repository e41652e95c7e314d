"""Governance's writes: seats, the vote's window and seats, amendments, closing, the register."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from governance.models import Decision, Proposal, Vote
from governance.services.bodies import body_create, seat_archive, seat_create
from governance.services.decisions import decision_correct, recommendation_create
from governance.services.proposals import proposal_close, proposal_open, proposal_update
from governance.services.votes import objection_answer, vote_cast
from ols_platform.errors import DomainError
from ols_platform.models import Notification
from tests.factories import MembershipFactory, StructureFactory, UserFactory

from .conftest import open_vote

pytestmark = pytest.mark.django_db


def refused(code, act):
    with pytest.raises(DomainError) as caught:
        act()
    assert caught.value.code == code, caught.value.message
    return caught.value


def test_the_temporary_governance_refuses_a_micro_structure(cast, gov):
    micro = MembershipFactory(consortium=cast.consortium_a, structure=StructureFactory(level="micro")).structure
    refused("seat_not_meso", lambda: seat_create(actor=None, body=gov.body, data={"structure": micro}))


def test_it_refuses_a_second_seat_for_the_same_structure(cast, gov):
    refused("seat_taken", lambda: seat_create(actor=None, body=gov.body, data={"structure": cast.lead_a}))


def test_it_refuses_a_structure_of_another_consortium(cast, gov):
    refused("not_in_consortium", lambda: seat_create(actor=None, body=gov.body, data={"structure": cast.lead_b}))


def test_it_refuses_a_representative_without_a_role_in_the_consortium(cast, gov):
    structure = MembershipFactory(consortium=cast.consortium_a).structure
    refused(
        "not_in_consortium",
        lambda: seat_create(
            actor=None, body=gov.body, data={"structure": structure, "representative": cast.users["outsider"]}
        ),
    )


def test_a_citizen_seat_is_named_and_may_have_no_vote(cast, gov):
    refused("required", lambda: seat_create(actor=None, body=gov.body, data={"label": "  "}))
    seat = seat_create(actor=None, body=gov.body, data={"label": "Citoyen·ne", "votes": False})
    assert seat.structure is None and not seat.votes


def test_a_consortium_has_one_temporary_governance(cast, gov):
    refused(
        "body_kind_taken",
        lambda: body_create(
            actor=None, consortium=cast.consortium_a, data={"kind": "temporary_governance", "name": "Autre"}
        ),
    )


def test_opening_tells_the_seat_holders(cast, gov, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        open_vote(gov.proposal, cast.users["operational"])
    told = set(Notification.objects.filter(kind="proposal.opened").values_list("user__email", flat=True))
    assert told == {"governance@a.test", "operational@a.test", "coordinator@a.test"}
    assert len(mail.outbox) == 3


def test_it_refuses_a_closing_date_before_the_opening(cast, gov):
    now = timezone.now()
    refused(
        "closes_before_opening",
        lambda: proposal_open(
            actor=None,
            proposal=gov.proposal,
            opens_at=now + datetime.timedelta(days=2),
            closes_at=now + datetime.timedelta(days=1),
        ),
    )
    refused(
        "date_out_of_range",
        lambda: proposal_open(
            actor=None, proposal=gov.proposal, closes_at=datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC)
        ),
    )
    assert Proposal.objects.get(pk=gov.proposal.pk).status == "draft"


def test_it_refuses_a_vote_before_the_opening_and_after_the_close(cast, gov):
    governance = cast.users["governance"]
    refused(
        "vote_not_open",
        lambda: vote_cast(actor=governance, proposal=gov.proposal, seat=gov.lead_seat, choice="consent"),
    )
    proposal = open_vote(gov.proposal, cast.users["operational"])
    past = timezone.now() - datetime.timedelta(days=1)
    Proposal.objects.filter(pk=proposal.pk).update(opens_at=past, closes_at=past + datetime.timedelta(hours=23))
    proposal.refresh_from_db()
    refused("vote_closed", lambda: vote_cast(actor=governance, proposal=proposal, seat=gov.lead_seat, choice="consent"))
    assert not Vote.objects.exists()


def test_it_refuses_a_vote_for_a_seat_one_does_not_hold(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    refused(
        "not_your_seat",
        lambda: vote_cast(actor=cast.users["governance"], proposal=proposal, seat=gov.member_seat, choice="consent"),
    )


def test_an_objection_needs_a_reason(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    error = refused(
        "objection_without_reason",
        lambda: vote_cast(actor=cast.users["governance"], proposal=proposal, seat=gov.lead_seat, choice="objection"),
    )
    assert error.field == "reason"


def test_it_refuses_a_choice_of_another_method(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    refused(
        "invalid_choice",
        lambda: vote_cast(actor=cast.users["governance"], proposal=proposal, seat=gov.lead_seat, choice="for"),
    )


def test_the_last_vote_counts_and_the_earlier_stay_in_history(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    governance = cast.users["governance"]
    vote_cast(actor=governance, proposal=proposal, seat=gov.lead_seat, choice="objection", reason="Trop tôt")
    vote_cast(actor=governance, proposal=proposal, seat=gov.lead_seat, choice="consent")
    votes = Vote.objects.filter(proposal=proposal, seat=gov.lead_seat).order_by("pk")
    assert [(v.choice, v.superseded_at is None) for v in votes] == [("objection", False), ("consent", True)]


def test_the_substitute_votes_while_the_representative_has_not(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    vote = vote_cast(actor=cast.users["operational"], proposal=proposal, seat=gov.lead_seat, choice="consent")
    assert vote.as_substitute
    vote_cast(actor=cast.users["governance"], proposal=proposal, seat=gov.lead_seat, choice="abstain")
    refused(
        "representative_voted",
        lambda: vote_cast(actor=cast.users["operational"], proposal=proposal, seat=gov.lead_seat, choice="consent"),
    )
    assert Vote.objects.get(proposal=proposal, superseded_at__isnull=True, seat=gov.lead_seat).choice == "abstain"


def test_it_refuses_to_close_early_until_every_seat_has_voted(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    vote_cast(actor=cast.users["governance"], proposal=proposal, seat=gov.lead_seat, choice="consent")
    refused("vote_still_open", lambda: proposal_close(actor=cast.users["operational"], proposal=proposal))
    vote_cast(actor=cast.users["coordinator"], proposal=proposal, seat=gov.member_seat, choice="consent")
    decision = proposal_close(actor=cast.users["operational"], proposal=proposal)
    assert decision.outcome == "adopted"
    assert decision.reference == f"D-{timezone.localdate().year}-001"
    assert [p["choice"] for p in decision.participants] == ["consent", "consent"]
    # closing twice (a double submit) returns the same decision
    assert proposal_close(actor=cast.users["operational"], proposal=proposal) == decision


def test_a_standing_objection_rejects_under_consent_and_its_answer_is_told(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    objection = vote_cast(
        actor=cast.users["governance"], proposal=proposal, seat=gov.lead_seat, choice="objection", reason="Budget"
    )
    objection_answer(actor=cast.users["operational"], vote=objection, response="Le budget est prévu en 2027.")
    assert Notification.objects.filter(kind="proposal.objection_answered", user=cast.users["governance"]).exists()
    vote_cast(actor=cast.users["coordinator"], proposal=proposal, seat=gov.member_seat, choice="consent")
    decision = proposal_close(actor=None, proposal=proposal)
    assert decision.outcome == "rejected"
    assert "1 objection" in decision.rationale


def test_amending_an_open_proposal_sets_the_votes_aside(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    vote_cast(actor=cast.users["governance"], proposal=proposal, seat=gov.lead_seat, choice="consent")
    proposal = proposal_update(
        actor=cast.users["operational"],
        proposal=proposal,
        data={"context": "Texte amendé."},
        expected_version=proposal.version,
    )
    assert proposal.amendments == 1
    assert not Vote.objects.filter(proposal=proposal, superseded_at__isnull=True).exists()
    refused(
        "proposal_open",
        lambda: proposal_update(actor=None, proposal=proposal, data={"domain": "other"}, expected_version=None),
    )


def test_a_decision_never_changes_and_a_correction_refers_to_it(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    vote_cast(actor=cast.users["governance"], proposal=proposal, seat=gov.lead_seat, choice="consent")
    vote_cast(actor=cast.users["coordinator"], proposal=proposal, seat=gov.member_seat, choice="consent")
    decision = proposal_close(actor=None, proposal=proposal)
    decision.title = "Autre chose"
    with pytest.raises(ValueError):
        decision.save()
    correction = decision_correct(actor=cast.users["coordinator"], decision=decision, rationale="Date erronée.")
    assert correction.corrects == decision and correction.number == 2
    assert Decision.objects.get(pk=decision.pk).title == "Adopter la charte"


def test_an_archived_seat_no_longer_counts(cast, gov):
    seat_archive(actor=None, seat=gov.member_seat)
    proposal = open_vote(gov.proposal, cast.users["operational"])
    vote_cast(actor=cast.users["governance"], proposal=proposal, seat=gov.lead_seat, choice="consent")
    decision = proposal_close(actor=None, proposal=proposal)  # every remaining seat voted
    assert decision.tally["seats"] == 1 and decision.outcome == "adopted"


def test_a_recommendation_becomes_a_draft_proposal_of_the_deciding_body(cast, gov):
    gt = body_create(actor=None, consortium=cast.consortium_a, data={"kind": "working_group", "name": "GT 1000 jours"})
    recommendation = recommendation_create(
        actor=cast.users["operational"],
        from_body=gt,
        to_body=gov.body,
        title="Étendre",
        text="Texte",
        domain="priorities",
    )
    assert recommendation.proposal.body == gov.body and recommendation.proposal.status == "draft"
    refused(
        "invalid",
        lambda: recommendation_create(actor=None, from_body=gt, to_body=gt, title="X", text="Y", domain="other"),
    )


def test_an_inactive_person_is_not_notified(cast, gov):
    user = UserFactory(is_active=False)
    from ols_platform.notifications import notify

    assert notify([user, None], kind="x", title="t") == []


def test_the_subject_app_hears_of_the_decision_inside_its_transaction(cast, gov):
    from governance.signals import decision_recorded

    heard = []

    def receiver(sender, decision, subject_type, subject_id, **kwargs):
        heard.append((subject_type, subject_id, decision.outcome))
        if subject_id == 13:
            raise DomainError("Ce mandat ne peut plus être adopté.", code="subject_refused")

    decision_recorded.connect(receiver)
    try:
        proposal = gov.proposal
        Proposal.objects.filter(pk=proposal.pk).update(subject_type="mandates.mandate", subject_id=13)
        proposal.refresh_from_db()
        proposal = open_vote(proposal, cast.users["operational"])
        vote_cast(actor=cast.users["governance"], proposal=proposal, seat=gov.lead_seat, choice="consent")
        vote_cast(actor=cast.users["coordinator"], proposal=proposal, seat=gov.member_seat, choice="consent")
        refused("subject_refused", lambda: proposal_close(actor=None, proposal=proposal))
        assert heard == [("mandates.mandate", 13, "adopted")]
        assert not Decision.objects.exists()  # the refusal undid the decision
        assert Proposal.objects.get(pk=proposal.pk).status == "open"
    finally:
        decision_recorded.disconnect(receiver)
