"""The budget's workflow tells the people who act next: a submission e-mails the AVIQ reviewers, a review the
consortium's coordination and accounting (and whoever submitted), on their notifications page and by e-mail; the consortium's answer travels with the version."""

import pytest
from django.core import mail
from django.urls import reverse

from budget import services
from budget.models import Budget
from budget.notices import recipients
from ols_platform.errors import DomainError

from .conftest import add_line

pytestmark = pytest.mark.django_db


def ready_budget(cast) -> Budget:
    add_line(cast, "80000")
    return add_line(cast, "20000", category="operating").budget


def test_a_submission_emails_each_aviq_reviewer_alone(cast, django_capture_on_commit_callbacks):
    budget = ready_budget(cast)
    with django_capture_on_commit_callbacks(execute=True):
        services.budget_submit(actor=cast.users["coordinator"], budget=budget)
    assert [m.to for m in mail.outbox] == [[cast.users["reviewer"].email]]
    message = mail.outbox[0]
    assert "Budget à examiner" in message.subject and cast.consortium_a.name in message.subject
    assert reverse("aviq:review_item", kwargs={"kind": "budget", "item_id": budget.pk}) in message.body
    # …and it waits on the reviewer's notifications page too.
    assert cast.users["reviewer"].notifications.filter(kind="budget.submitted").exists()


def test_a_request_for_changes_reaches_coordination_and_accounting_with_the_comment(
    cast, django_capture_on_commit_callbacks
):
    budget = ready_budget(cast)
    services.budget_submit(actor=cast.users["accountant"], budget=budget)
    with django_capture_on_commit_callbacks(execute=True):
        services.budget_request_changes(actor=cast.users["reviewer"], budget=budget, comment="Détaillez la ligne 3.")
    addressed = sorted(address for m in mail.outbox for address in m.to)
    assert addressed == sorted([cast.users["coordinator"].email, cast.users["accountant"].email])
    assert all("Détaillez la ligne 3." in m.body for m in mail.outbox)
    assert all(reverse("budget:overview", args=[cast.consortium_a.pk]) in m.body for m in mail.outbox)
    assert cast.users["viewer"].email not in addressed
    notice = cast.users["coordinator"].notifications.get(kind="budget.changes_requested")
    assert "Détaillez la ligne 3." in notice.body and notice.url.endswith("/budget/")


def test_an_approval_is_announced_to_the_consortium(cast, django_capture_on_commit_callbacks):
    budget = ready_budget(cast)
    services.budget_submit(actor=cast.users["coordinator"], budget=budget)
    with django_capture_on_commit_callbacks(execute=True):
        services.budget_approve(actor=cast.users["reviewer"], budget=budget, comment="Merci")
    assert {m.subject.split(" :")[0] for m in mail.outbox} == {"Budget approuvé"}
    assert cast.users["coordinator"].email in {a for m in mail.outbox for a in m.to}


def test_an_inactive_reviewer_is_not_emailed(cast):
    reviewer = cast.users["reviewer"]
    reviewer.is_active = False
    reviewer.save()
    assert recipients(ready_budget(cast), "submitted") == []


def test_the_answer_to_aviq_travels_with_the_resubmission(cast, django_capture_on_commit_callbacks):
    budget = ready_budget(cast)
    services.budget_submit(actor=cast.users["coordinator"], budget=budget)
    services.budget_request_changes(actor=cast.users["reviewer"], budget=budget, comment="Justifiez le loyer.")
    client = cast.client("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("budget:submit", args=[cast.consortium_a.pk]),
            {"confirm": "1", "note": "Le loyer couvre deux antennes.", "revision": Budget.objects.get().revision},
        )
    budget.refresh_from_db()
    assert budget.status == "submitted" and budget.submission_note == "Le loyer couvre deux antennes."
    assert "Le loyer couvre deux antennes." in mail.outbox[-1].body
    page = cast.client("reviewer").get(reverse("budget:overview", args=[cast.consortium_a.pk])).content.decode()
    assert "Réponse de la coordination" in page and "Justifiez le loyer." in page
    assert "examinée le" not in page  # the version under review is not labelled with its previous review


def test_a_note_too_long_is_refused_and_nothing_is_submitted(cast):
    budget = ready_budget(cast)
    with pytest.raises(DomainError) as refused:
        services.budget_submit(actor=cast.users["coordinator"], budget=budget, note="x" * 4001)
    assert refused.value.field == "note"
    assert Budget.objects.get().status == "draft"
