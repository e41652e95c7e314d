"""The outcome of a vote, for every decision method: quorum, ties, objections."""

from decimal import Decimal

import pytest

from governance.models import Outcome
from governance.rules import choices_for, quorum_needed, tally

HALF = Decimal("0.50")


def test_the_quorum_is_a_fraction_of_the_seats_rounded_up_and_at_least_one():
    assert quorum_needed(5, HALF) == 3
    assert quorum_needed(4, HALF) == 2
    assert quorum_needed(3, Decimal("0.67")) == 3
    assert quorum_needed(10, Decimal("0")) == 1
    assert quorum_needed(0, HALF) == 1


def test_it_reports_no_quorum_whatever_the_votes():
    result = tally("majority", HALF, 5, ["for", "for"])
    assert result.outcome == Outcome.NO_QUORUM
    assert "2 sièges sur 5" in result.explanation


def test_an_abstention_counts_towards_the_quorum():
    assert tally("majority", HALF, 4, ["for", "abstain"]).outcome == Outcome.ADOPTED


def test_a_body_without_voting_seats_never_reaches_the_quorum():
    assert tally("consent", HALF, 0, []).outcome == Outcome.NO_QUORUM


def test_a_single_objection_blocks_consent():
    result = tally("consent", HALF, 5, ["consent", "consent", "consent", "consent", "objection"])
    assert result.outcome == Outcome.REJECTED
    assert "1 objection" in result.explanation


def test_consent_passes_without_objection_and_needs_one_consent():
    assert tally("consent", HALF, 3, ["consent", "abstain"]).outcome == Outcome.ADOPTED
    assert tally("consent", HALF, 3, ["abstain", "abstain"]).outcome == Outcome.REJECTED


def test_a_tie_is_not_a_simple_majority():
    result = tally("majority", HALF, 4, ["for", "for", "against", "against"])
    assert result.outcome == Outcome.REJECTED
    assert "Égalité" in result.explanation


def test_abstentions_do_not_count_in_a_majority():
    assert tally("majority", HALF, 5, ["for", "abstain", "abstain", "abstain"]).outcome == Outcome.ADOPTED
    assert tally("majority", HALF, 5, ["against", "abstain", "abstain"]).outcome == Outcome.REJECTED


@pytest.mark.parametrize(
    ("pour", "contre", "outcome"),
    [(2, 1, Outcome.ADOPTED), (4, 2, Outcome.ADOPTED), (3, 2, Outcome.REJECTED), (0, 0, Outcome.REJECTED)],
)
def test_two_thirds_counts_for_against_those_expressed(pour, contre, outcome):
    votes = ["for"] * pour + ["against"] * contre + ["abstain"] * 4
    assert tally("two_thirds", HALF, 8, votes).outcome == outcome


def test_consensus_fails_on_one_against_and_lets_abstentions_stand_aside():
    assert tally("consensus", HALF, 3, ["for", "for", "against"]).outcome == Outcome.REJECTED
    assert tally("consensus", HALF, 3, ["for", "abstain"]).outcome == Outcome.ADOPTED
    assert tally("consensus", HALF, 3, ["abstain", "abstain"]).outcome == Outcome.REJECTED


def test_the_tally_lists_every_choice_of_the_method():
    assert tally("consent", HALF, 2, ["consent"]).as_json()["counts"] == {"consent": 1, "objection": 0, "abstain": 0}
    assert choices_for("majority") == ("for", "against", "abstain")


def test_it_refuses_a_choice_of_another_method():
    with pytest.raises(ValueError):
        tally("majority", HALF, 3, ["objection"])
