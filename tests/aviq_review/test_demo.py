"""`load_aviq_demo` gives the nine other demo consortia a budget each, at every stage of the review."""

import pytest
from django.core.management import call_command

from budget.models import Budget
from review.models import Comment

pytestmark = pytest.mark.django_db


def test_it_gives_each_other_consortium_a_budget_at_a_stage_of_the_review_once(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    call_command("load_aviq_demo")
    statuses = sorted(Budget.objects.values_list("status", flat=True))
    assert len(statuses) == 9
    assert {"draft", "submitted", "changes_requested", "approved"} <= set(statuses)
    assert set(Comment.objects.values_list("visibility", flat=True)) == {"public", "private"}
    call_command("load_aviq_demo")
    assert Budget.objects.count() == 9


def test_after_the_mandates_demo_aviq_has_asked_for_a_mandate_the_coordination_transmitted(settings):
    from mandates.models import MandateReview

    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    call_command("load_governance_demo")
    call_command("load_mandates_demo")
    call_command("load_aviq_demo")
    review = MandateReview.objects.select_related("mandate").get()
    assert (review.status, review.mandate.status) == ("submitted", "adopted")
    call_command("load_aviq_demo")
    assert MandateReview.objects.count() == 1
