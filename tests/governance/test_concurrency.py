"""Races on PostgreSQL, each worker in its own connection: the representative and the substitute of one seat voting
at the same moment leave exactly one counted vote for the seat; two closes at once record one decision."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from governance.models import Decision, Proposal, Vote
from governance.services.bodies import body_create, seat_create
from governance.services.proposals import proposal_close, proposal_create, proposal_open
from governance.services.votes import vote_cast
from ols_platform.errors import DomainError
from tests.conftest import build_cast

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 5


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("select_for_update only serialises writers on PostgreSQL")


def race(*calls):
    """Run the calls at the same moment, each in its own thread and connection; returns each one's result: the value,
    the DomainError's code, or the unexpected exception."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except DomainError as error:
            results[index] = error.code
        except Exception as error:  # noqa: BLE001 — reported by the test, not swallowed
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def governance(cast):
    users = cast.users
    body = body_create(actor=None, consortium=cast.consortium_a, data={"kind": "working_group", "name": "GT"})
    seat = seat_create(
        actor=None,
        body=body,
        data={"structure": cast.lead_a, "representative": users["governance"], "substitute": users["operational"]},
    )
    seat_create(actor=None, body=body, data={"structure": cast.member_a, "representative": users["coordinator"]})
    return body, seat


def open_proposal(cast, body, title):
    proposal = proposal_create(
        actor=None, consortium=cast.consortium_a, data={"body": body, "title": title, "domain": "other"}
    )
    return proposal_open(actor=None, proposal=proposal, closes_at=timezone.now() + datetime.timedelta(days=2))


def test_the_representative_and_the_substitute_voting_at_once_leave_one_counted_vote():
    cast = build_cast()
    body, seat = governance(cast)
    representative, substitute = cast.users["governance"], cast.users["operational"]
    for round_ in range(ROUNDS):
        proposal = open_proposal(cast, body, f"Proposition {round_}")

        results = race(
            lambda p=proposal: vote_cast(actor=representative, proposal=p, seat=seat, choice="consent"),
            lambda p=proposal: vote_cast(actor=substitute, proposal=p, seat=seat, choice="objection", reason="Non"),
        )

        unexpected = [r for r in results if not isinstance(r, (Vote, str))]
        assert not unexpected, unexpected
        assert {r for r in results if isinstance(r, str)} <= {"representative_voted"}
        counted = Vote.objects.filter(proposal=proposal, seat=seat, superseded_at__isnull=True)
        assert counted.count() == 1
        # Whatever the order, the representative's vote is the one that counts: either the substitute voted first
        # and was superseded, or came second and was refused.
        assert counted.get().cast_by_id == representative.pk


def test_two_closes_at_once_record_one_decision():
    cast = build_cast()
    body, _seat = governance(cast)
    for round_ in range(ROUNDS):
        proposal = open_proposal(cast, body, f"Proposition {round_}")
        now = timezone.now()
        Proposal.objects.filter(pk=proposal.pk).update(
            opens_at=now - datetime.timedelta(days=3), closes_at=now - datetime.timedelta(minutes=1)
        )

        results = race(*(lambda p=proposal: proposal_close(actor=None, proposal=p) for _ in range(2)))

        assert all(isinstance(r, Decision) for r in results), results
        assert results[0].pk == results[1].pk
        assert Decision.objects.filter(proposal=proposal).count() == 1
    numbers = list(Decision.objects.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, ROUNDS + 1))
