"""The deliverable and the activity reports under AVIQ's review: handed in, locked, sent back with reasons (the
consortium edits again), approved, amended; every step in the item's history."""

import html

import pytest
from django.urls import reverse

from ols_platform.errors import DomainError
from ols_platform.models import Notification
from reporting import deliverable_workflow as workflow
from reporting.models import Deliverable, ReportStatus
from reporting.services import reports
from reporting.services_deliverable import evidence_add, step_update
from review.models import ReviewEvent
from tests.matrix.reporting_reports import _report
from tests.matrix.reporting_review import _narratives

pytestmark = pytest.mark.django_db


def _submitted_deliverable(cast) -> Deliverable:
    _narratives(cast)
    return workflow.deliverable_submit(actor=cast.users["coordinator"], consortium=cast.consortium_a, note="Voici.")


def test_it_refuses_to_hand_in_a_deliverable_with_a_step_unwritten(cast):
    step_update(
        actor=None,
        consortium=cast.consortium_a,
        number=1,
        data={"narrative": "Diagnostic.", "status": "done", "progress": 100},
        expected_version=None,
    )
    with pytest.raises(DomainError) as refused:
        workflow.deliverable_submit(actor=cast.users["coordinator"], consortium=cast.consortium_a)
    assert refused.value.code == "deliverable_incomplete"
    assert refused.value.params["missing"] == [2, 3, 4, 5]
    assert not Deliverable.objects.exclude(status="draft").exists()


def test_a_handed_in_deliverable_is_locked_until_aviq_sends_it_back(cast):
    deliverable = _submitted_deliverable(cast)
    with pytest.raises(DomainError) as refused:
        evidence_add(
            actor=None,
            consortium=cast.consortium_a,
            number=1,
            data={"kind": "link", "title": "x", "url": "https://a.be"},
        )
    assert refused.value.code == "deliverable_locked"
    with pytest.raises(DomainError) as refused:
        workflow.deliverable_request_changes(actor=cast.users["reviewer"], deliverable=deliverable, comment="")
    assert refused.value.code == "invalid_comment"
    workflow.deliverable_request_changes(
        actor=cast.users["reviewer"], deliverable=deliverable, comment="Complétez la gouvernance."
    )
    assert Notification.objects.filter(user=cast.users["coordinator"], kind="deliverable.changes_requested").exists()
    step_update(  # editable again
        actor=None,
        consortium=cast.consortium_a,
        number=4,
        data={"narrative": "Gouvernance complétée.", "status": "done", "progress": 100},
        expected_version=None,
    )
    workflow.deliverable_submit(actor=cast.users["coordinator"], consortium=cast.consortium_a)
    workflow.deliverable_approve(actor=cast.users["reviewer"], deliverable=deliverable)
    deliverable.refresh_from_db()
    assert deliverable.status == "approved"
    actions = list(
        ReviewEvent.objects.filter(item_kind="deliverable", item_id=deliverable.pk).values_list("action", flat=True)
    )
    assert actions == ["submitted", "changes_requested", "submitted", "approved"]
    amended = workflow.deliverable_amend(actor=cast.users["coordinator"], consortium=cast.consortium_a)
    assert (amended.status, amended.version) == ("draft", 2)


def test_only_aviq_decides_and_only_on_a_handed_in_deliverable(cast):
    deliverable = _submitted_deliverable(cast)
    with pytest.raises(DomainError) as refused:
        workflow.deliverable_approve(actor=cast.users["coordinator"], deliverable=deliverable)
    assert refused.value.code == "not_reviewer"
    workflow.deliverable_approve(actor=cast.users["reviewer"], deliverable=deliverable)
    with pytest.raises(DomainError) as refused:  # a second approval (two reviewers at once, a double click)
        workflow.deliverable_approve(actor=cast.users["reviewer"], deliverable=deliverable)
    assert refused.value.code == "not_submitted"


def test_a_report_sent_back_is_edited_and_handed_in_again_then_approved(cast):
    report = _report(cast, submitted=True)
    reviewer = cast.users["reviewer"]
    from reporting.services.report_review import report_approve, report_request_changes  # noqa: PLC0415

    report_request_changes(actor=reviewer, report=report, comment="Ajoutez les chiffres de fréquentation.")
    report.refresh_from_db()
    assert report.status == ReportStatus.CHANGES_REQUESTED and report.is_draft
    section = report.sections.first()
    reports.section_update(actor=None, section=section, body="Avec les chiffres.", expected_version=section.version)
    report = reports.report_submit(actor=None, report=report)
    report_approve(actor=reviewer, report=report, comment="Merci.")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and not report.is_draft
    actions = list(ReviewEvent.objects.filter(item_kind="report", item_id=report.pk).values_list("action", flat=True))
    assert actions == ["submitted", "changes_requested", "submitted", "approved"]


def test_the_reviewer_comments_a_step_and_approves_from_the_workspace(cast):
    deliverable = _submitted_deliverable(cast)
    client = cast.client("reviewer")
    page = client.get(reverse("aviq:review_item", kwargs={"kind": "deliverable", "item_id": deliverable.pk}))
    assert "Récit 3." in page.content.decode()
    step = cast.consortium_a.deliverable_steps.get(number=3)
    url = reverse("aviq:review_comment", kwargs={"kind": "deliverable", "item_id": deliverable.pk})
    body = {"target": "deliverable_step", "target_id": step.pk, "text": "Quels projets ?", "visibility": "public"}
    assert client.post(url, body).status_code == 302
    url = reverse("aviq:review_approve", kwargs={"kind": "deliverable", "item_id": deliverable.pk})
    assert client.post(url, {"comment": ""}).status_code == 302
    overview = cast.client("viewer").get(
        reverse("reporting:deliverable", kwargs={"consortium_id": cast.consortium_a.pk})
    )
    text = html.unescape(overview.content.decode())
    assert "Quels projets ?" in text and "Approuvé par l'AVIQ" in text


def test_the_queue_holds_budgets_reports_and_deliverables_oldest_first(cast):
    report = _report(cast, submitted=True)
    deliverable = _submitted_deliverable(cast)
    rows = cast.client("reviewer").get(reverse("review-queue")).json()["results"]
    assert [(r["kind"], r["object_id"]) for r in rows] == [("report", report.pk), ("deliverable", deliverable.pk)]
    assert rows[0]["title"].startswith("Rapport d'activité 2026")


def test_the_deliverable_api_hands_in_and_reviews(cast):
    _narratives(cast)
    url = lambda name: reverse(name, kwargs={"consortium_id": cast.consortium_a.pk})  # noqa: E731
    client = cast.client("coordinator")
    response = client.post(url("consortium-deliverable-submit"), {"note": 5}, content_type="application/json")
    assert response.status_code == 400  # a number is not a text
    response = client.post(url("consortium-deliverable-submit"), {}, content_type="application/json")
    assert response.json()["status"] == "submitted"
    response = client.post(url("consortium-deliverable-submit"), {}, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (409, "deliverable_locked")
    reviewer = cast.client("reviewer")
    response = reviewer.post(url("consortium-deliverable-request-changes"), {}, content_type="application/json")
    assert response.json()["code"] == "invalid_comment"
    response = reviewer.post(url("consortium-deliverable-approve"), {}, content_type="application/json")
    assert response.json()["status"] == "approved"
    assert cast.client("viewer").get(url("consortium-deliverable")).json()["status"] == "approved"
