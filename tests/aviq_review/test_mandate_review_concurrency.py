"""Races on PostgreSQL, each worker in its own connection: two reviewers asking for one mandate at the same moment
leave one review; two coordinators transmitting it at once transmit it once; two reviewers deciding at once record
one decision."""

import pytest
from django.db import connection

from aviq.review.items import item_of
from aviq.review.services import approve, request_changes
from mandates import review as mandate_review
from mandates.models import Mandate, MandateReview
from mandates.services import mandate_create
from tests.conftest import build_cast
from tests.factories import UserFactory, enrol_totp
from tests.governance.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("select_for_update only serialises writers on PostgreSQL")


def _adopted_mandate(cast):
    mandate = mandate_create(
        actor=None, consortium=cast.consortium_a, data={"kind": "secretary", "title": "Secrétariat"}
    )
    Mandate.objects.filter(pk=mandate.pk).update(status=Mandate.Status.ADOPTED)
    return Mandate.objects.get(pk=mandate.pk)


def test_one_review_whoever_asks_transmits_or_decides_at_the_same_moment():
    cast = build_cast()
    second_reviewer = enrol_totp(UserFactory(email="second@aviq.test", aviq_reviewer=True))
    mandate = _adopted_mandate(cast)

    asked = race(
        lambda: mandate_review.mandate_review_ask(actor=cast.users["reviewer"], mandate=mandate, reason="Voir"),
        lambda: mandate_review.mandate_review_ask(actor=second_reviewer, mandate=mandate, reason="Voir aussi"),
    )
    assert sorted(isinstance(result, MandateReview) for result in asked) == [False, True]
    assert "review_already_open" in asked
    assert MandateReview.objects.count() == 1

    transmitted = race(
        lambda: mandate_review.mandate_review_submit(actor=cast.users["coordinator"], mandate=mandate),
        lambda: mandate_review.mandate_review_submit(actor=cast.users["operational"], mandate=mandate),
    )
    assert "review_not_requested" in transmitted
    review = MandateReview.objects.get()
    assert review.status == "submitted"

    decided = race(
        lambda: approve(actor=cast.users["reviewer"], item=item_of("mandate", review.pk)),
        lambda: request_changes(actor=second_reviewer, item=item_of("mandate", review.pk), comment="Précisez."),
    )
    assert "not_submitted" in decided
    assert MandateReview.objects.get().status in ("approved", "changes_requested")
    events = review.consortium.review_events.filter(item_kind="mandate", item_id=review.pk)
    assert list(events.values_list("action", flat=True))[:2] == ["requested", "submitted"]
    assert events.count() == 3
