"""Races on PostgreSQL, each writer in its own connection: two people saving the same step (first write, which
creates it, or a later one) from the same version leave one save and one conflict; two people adding the same
activity as evidence at once leave one piece of evidence."""

import pytest

from reporting import services_deliverable as services
from reporting.models import DeliverableStep, StepEvidence
from tests.conftest import build_cast
from tests.governance.test_concurrency import race

from .deliverable_helpers import activity

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 3


@pytest.fixture(autouse=True)
def _postgres_only():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("select_for_update only serialises writers on PostgreSQL")


def _save(consortium, number, text, version):
    data = {"narrative": text, "status": "in_progress", "progress": 10}
    return lambda: (
        services.step_update(
            actor=None, consortium=consortium, number=number, data=data, expected_version=version
        ).version
    )


def test_two_people_saving_a_step_at_once_leave_one_save_and_one_conflict():
    cast = build_cast()
    consortium = cast.consortium_a
    for number in range(1, ROUNDS + 1):
        first = race(_save(consortium, number, "Alice", 1), _save(consortium, number, "Bob", 1))
        assert sorted(map(str, first)) == ["2", "conflict"], first
        again = race(_save(consortium, number, "Alice 2", 2), _save(consortium, number, "Bob 2", 2))
        assert sorted(map(str, again)) == ["3", "conflict"], again
        step = DeliverableStep.objects.get(consortium=consortium, number=number)
        assert step.version == 3 and step.narrative in ("Alice 2", "Bob 2")


def test_the_same_activity_added_twice_at_once_is_linked_once():
    cast = build_cast()
    mine = activity(cast.consortium_a)

    def add():
        data = {"kind": "activity", "target": mine.pk}
        return services.evidence_add(actor=None, consortium=cast.consortium_a, number=1, data=data).pk

    results = race(add, add)
    assert sorted(isinstance(r, int) for r in results) == [False, True] and "duplicate" in results, results
    assert StepEvidence.objects.count() == 1
