"""The review pages run the same number of queries whatever the number of submitted items, lines and comments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from budget import services
from budget.models import Budget
from mandates.models import Mandate, MandateReview
from review.models import Comment
from tests.factories import ConsortiumFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _submitted_budget_of_a_new_consortium():
    consortium = ConsortiumFactory()
    lead = MembershipFactory(consortium=consortium, is_lead=True).structure
    data = {"structure": lead.pk, "category": "personnel", "year": 1, "label": "Coordination", "amount": "80000"}
    line = services.budget_line_create(
        actor=None, consortium=consortium, data=data | {"staff_role": "Coordination", "fte": "1"}
    )
    return services.budget_submit(actor=None, budget=line.budget)


def _queries(client, url) -> int:
    client.get(url)  # warm: the session, the user, the cached rule set
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _transmitted_mandate(consortium, title):
    """A mandate AVIQ asked for and the consortium transmitted (rows written directly: the queue only reads them)."""
    mandate = Mandate.objects.create(consortium=consortium, kind="facilitator", title=title, status="adopted")
    MandateReview.objects.create(
        consortium=consortium,
        lineage=mandate.pk,
        mandate=mandate,
        status="submitted",
        reason="Voir",
        requested_at=timezone.now(),
        submitted_at=timezone.now(),
    )


def test_the_queue_runs_the_same_queries_with_1_or_12_submitted_budgets_and_mandates(cast):
    client = cast.client("reviewer")
    url = reverse("aviq:review_queue")
    _transmitted_mandate(_submitted_budget_of_a_new_consortium().consortium, "Facilitation")
    small = _queries(client, url)
    for i in range(11):
        _transmitted_mandate(_submitted_budget_of_a_new_consortium().consortium, f"Facilitation {i}")
    assert _queries(client, url) == small
    assert client.get(url).content.decode().count("Mandat «") == 12


def test_a_review_page_runs_the_same_queries_with_few_or_many_lines_and_comments(cast):
    client = cast.client("reviewer")
    budget = _submitted_budget_of_a_new_consortium()
    url = reverse("aviq:review_item", kwargs={"kind": "budget", "item_id": budget.pk})
    small = _queries(client, url)
    Budget.objects.filter(pk=budget.pk).update(status=Budget.Status.DRAFT)
    for i in range(40):
        line = services.budget_line_create(
            actor=None,
            consortium=budget.consortium,
            data={
                "structure": budget.lines.first().structure_id,
                "category": "operating",
                "year": 2,
                "label": f"Ligne {i}",
                "amount": "10",
            },
        )
        Comment.objects.create(
            consortium=budget.consortium,
            item_kind="budget",
            item_id=budget.pk,
            target="budget_line",
            target_id=line.pk,
            text=f"Remarque {i}",
            visibility="private" if i % 2 else "public",
        )
    Budget.objects.filter(pk=budget.pk).update(status=Budget.Status.SUBMITTED)
    assert _queries(client, url) == small


def test_a_mandate_review_page_runs_the_same_queries_with_few_or_many_tasks_and_comments(cast):
    from mandates.models import MandateTask

    client = cast.client("reviewer")
    _transmitted_mandate(cast.consortium_a, "Secrétariat")
    review = MandateReview.objects.get()
    url = reverse("aviq:review_item", kwargs={"kind": "mandate", "item_id": review.pk})
    small = _queries(client, url)
    MandateTask.objects.bulk_create(
        MandateTask(mandate=review.mandate, axis=1 + i % 5, text=f"Tâche {i}", position=i) for i in range(30)
    )
    Comment.objects.bulk_create(
        Comment(
            consortium=cast.consortium_a,
            item_kind="mandate",
            item_id=review.pk,
            target="mandate",
            target_id=review.pk,
            text=f"Remarque {i}",
            visibility="public" if i % 2 else "private",
            author=cast.users["reviewer"],
        )
        for i in range(30)
    )
    assert _queries(client, url) == small
