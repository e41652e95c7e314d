"""Support requests and the practice library through the API: the pages' rules, JSON answers, French messages."""

import pytest
from django.urls import reverse

from aviq.models import SupportRequest
from aviq.support import services
from aviq.support.practices import sheet_publish, sheet_save

pytestmark = pytest.mark.django_db

ASK = {"subject": "Clé de répartition", "topic": "budget", "urgency": "urgent", "text": "Comment répartir ?"}


def requests_url(cast, consortium=None):
    return reverse("consortium-support-request-list", kwargs={"consortium_id": (consortium or cast.consortium_a).pk})


def request_url(cast, name, pk, consortium=None):
    return reverse(name, kwargs={"consortium_id": (consortium or cast.consortium_a).pk, "pk": pk})


def test_the_coordination_asks_aviq_answers_and_the_thread_is_read_by_every_member(cast, api):
    created = api("coordinator").post(requests_url(cast), ASK, format="json")
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["message_count"], body["messages"][0]["text"]) == ("open", 1, "Comment répartir ?")
    assert "text" not in body  # the first message is in the thread, not repeated
    pk = body["id"]
    queue = api("reviewer").get(reverse("support-request-list")).json()["results"]
    assert [(row["id"], row["consortium_name"]) for row in queue] == [(pk, cast.consortium_a.name)]
    answer = api("reviewer").post(
        request_url(cast, "consortium-support-request-messages", pk), {"text": "Au prorata."}, format="json"
    )
    assert answer.status_code == 201 and answer.json()["from_aviq"] is True
    thread = api("viewer").get(request_url(cast, "consortium-support-request-detail", pk)).json()
    assert thread["status"] == "answered" and [m["text"] for m in thread["messages"]][-1] == "Au prorata."
    closed = api("operational").post(request_url(cast, "consortium-support-request-close", pk), format="json")
    assert closed.json()["status"] == "closed"
    again = api("reviewer").post(request_url(cast, "consortium-support-request-messages", pk), {"text": "Encore"})
    assert (again.status_code, again.json()["code"]) == (400, "closed")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (ASK | {"subject": ""}, "blank"),
        (ASK | {"subject": "x" * 201}, "max_length"),
        (ASK | {"urgency": "demain"}, "invalid_choice"),
        (ASK | {"topic": 3}, "invalid_choice"),
        (ASK | {"text": "x" * 4001}, "max_length"),
        ({"subject": "Aide"}, "required"),
    ],
)
def test_it_refuses_a_bad_request_and_saves_nothing(cast, api, body, code):
    response = api("coordinator").post(requests_url(cast), body, format="json")
    assert response.status_code == 400 and response.json()["code"] == code
    assert not SupportRequest.objects.exists()


def test_nobody_reaches_another_consortiums_request(cast, api):
    created = services.request_create(actor=cast.users["coordinator"], consortium=cast.consortium_a, data=ASK)
    # Under its own consortium's URL, B's coordinator finds nothing; A's id under B's URL is not found either.
    assert api("outsider").get(request_url(cast, "consortium-support-request-detail", created.pk)).status_code == 404
    url = request_url(cast, "consortium-support-request-close", created.pk, consortium=cast.consortium_b)
    assert api("outsider").post(url).status_code == 404
    assert api("reviewer").get(request_url(cast, "consortium-support-request-detail", "abc")).status_code == 404
    assert api("coordinator").get(reverse("support-request-list")).status_code == 404
    assert api("reviewer").get(reverse("support-request-list"), {"status": "lost"}).json()["code"] == "invalid_status"
    assert SupportRequest.objects.get().status == "open"


def test_the_library_shows_published_sheets_only_and_nothing_else_of_the_consortium(cast, api):
    data = {"title": "Accueil", "context": "Contexte", "practice": "Essai", "lessons": "Leçons"}
    published = sheet_publish(
        actor=None, sheet=sheet_save(actor=None, consortium=cast.consortium_a, data=data), published=True
    )
    draft = sheet_save(actor=None, consortium=cast.consortium_a, data=data | {"title": "Brouillon"})
    rows = api("outsider").get(reverse("practice-list")).json()["results"]  # B's coordinator reads A's sheet
    assert [(row["id"], row["consortium_name"]) for row in rows] == [(published.pk, cast.consortium_a.name)]
    assert set(rows[0]) == {
        "id",
        "consortium_name",
        "title",
        "context",
        "practice",
        "lessons",
        "contact",
        "published_at",
    }
    assert api("outsider").get(reverse("practice-detail", kwargs={"pk": draft.pk})).status_code == 404
    assert api("reviewer").get(reverse("practice-list"), {"q": "Essai\x00"}).json()["count"] == 1
