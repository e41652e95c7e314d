"""The review API: the queue, comments (a private annotation is never returned to a consortium user) and the
budget's workflow actions with the page's rules and codes."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from budget.models import Budget, BudgetLine
from review.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(cast):
    def client_for(actor):
        client = APIClient()
        client.force_authenticate(cast.users[actor])
        return client

    return client_for


def comments_url(cast):
    return reverse("consortium-comment-list", kwargs={"consortium_id": cast.consortium_a.pk})


def test_the_queue_lists_submitted_items_for_aviq_only(cast, api, budget):
    rows = api("reviewer").get(reverse("review-queue")).json()["results"]
    assert [(r["kind"], r["object_id"], r["consortium"]) for r in rows] == [("budget", budget.pk, cast.consortium_a.pk)]
    assert rows[0]["submitted_by"]
    assert api("coordinator").get(reverse("review-queue")).status_code == 404
    assert api("reviewer").get(reverse("review-queue"), {"kind": "minutes"}).json()["code"] == "invalid_kind"


@pytest.mark.parametrize("actor", ["reviewer", "coordinator"])
def test_the_queue_answers_405_to_an_unlisted_method_whoever_asks(cast, api, actor):
    # schemathesis: an undeclared method is 405 on every endpoint, even one that is 404 to its caller on GET
    assert api(actor).generic("TRACE", reverse("review-queue")).status_code == 405
    assert api(actor).delete(reverse("review-queue")).status_code == 405


def test_a_private_annotation_is_never_returned_to_a_consortium_user(cast, api, budget):
    line = BudgetLine.objects.filter(budget=budget).first()
    for visibility, text in (("private", "Note interne AVIQ"), ("public", "Merci de détailler")):
        body = {"target": "budget_line", "target_id": line.pk, "text": text, "visibility": visibility}
        assert api("reviewer").post(comments_url(cast), body, format="json").status_code == 201
    for actor in ("coordinator", "operational", "accountant", "governance", "viewer"):
        texts = [c["text"] for c in api(actor).get(comments_url(cast)).json()["results"]]
        assert "Note interne AVIQ" not in texts
        assert ("Merci de détailler" in texts) == (
            actor in ("coordinator", "operational", "accountant", "governance", "viewer")
        )
    texts = [c["text"] for c in api("reviewer").get(comments_url(cast)).json()["results"]]
    assert texts == ["Note interne AVIQ", "Merci de détailler"]


def test_a_structure_reporter_reads_no_budget_comment(cast, api, budget):
    body = {"target": "budget", "target_id": budget.pk, "text": "Public", "visibility": "public"}
    api("reviewer").post(comments_url(cast), body, format="json")
    assert api("structure_reporter").get(comments_url(cast)).json()["results"] == []


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"target": "budget", "target_id": 0, "text": "x", "visibility": "public"}, "min_value"),
        ({"target": "budget", "target_id": "1", "text": "x", "visibility": "public"}, "invalid"),
        ({"target": "meeting", "target_id": 1, "text": "x", "visibility": "public"}, "invalid_choice"),
        ({"target": "budget", "target_id": 99999, "text": "x", "visibility": "public"}, "invalid_target"),
        ({"target": "budget", "target_id": None, "text": "   ", "visibility": "public"}, "blank"),
        ({"target": "budget", "target_id": None, "text": "x", "visibility": "hidden"}, "invalid_choice"),
        ({"target": "budget", "target_id": None, "text": "x" * 4001, "visibility": "public"}, "max_length"),
    ],
)
def test_it_refuses_a_bad_comment_body(cast, api, budget, body, code):
    body = body | ({"target_id": budget.pk} if body["target_id"] is None else {})
    response = api("reviewer").post(comments_url(cast), body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not Comment.objects.exists()


def test_it_refuses_a_comment_from_a_consortium_member(cast, api, budget):
    body = {"target": "budget", "target_id": budget.pk, "text": "x", "visibility": "public"}
    response = api("coordinator").post(comments_url(cast), body, format="json")
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_it_refuses_a_comment_on_a_budget_that_is_not_submitted(cast, api):
    from tests.budget.conftest import add_line  # noqa: PLC0415

    draft = add_line(cast, "1000.00").budget
    body = {"target": "budget", "target_id": draft.pk, "text": "x", "visibility": "public"}
    response = api("reviewer").post(comments_url(cast), body, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "not_submitted")


def test_budget_actions_follow_the_workflow(cast, api, budget):
    url = lambda action: reverse(f"budget-{action}", kwargs={"consortium_id": cast.consortium_a.pk})  # noqa: E731
    assert api("coordinator").post(url("approve"), {}, format="json").status_code == 403
    response = api("reviewer").post(url("request-changes"), {"comment": ""}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_comment")
    response = api("reviewer").post(url("request-changes"), {"comment": "Détaillez"}, format="json")
    assert response.json()["status"] == "changes_requested"
    response = api("reviewer").post(url("approve"), {}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "not_submitted")
    response = api("coordinator").post(url("submit"), {"note": "Détaillé"}, format="json")
    assert response.json()["status"] == "submitted"
    response = api("reviewer").post(url("approve"), {"comment": "Conforme"}, format="json")
    assert response.json()["status"] == "approved"
    assert Budget.objects.get(pk=budget.pk).status == Budget.Status.APPROVED


def test_another_consortium_is_404_for_its_members(cast, api, budget):
    url = reverse("consortium-comment-list", kwargs={"consortium_id": cast.consortium_a.pk})
    assert api("outsider").get(url).status_code == 404
