"""Support requests: asked by the coordination, answered by AVIQ, followed to their close; outsiders see nothing."""

import html

import pytest
from django.urls import reverse

from aviq.models import SupportMessage, SupportRequest
from aviq.support import services
from ols_platform.errors import DomainError
from ols_platform.models import Notification

pytestmark = pytest.mark.django_db

ASK = {"subject": "Clé de répartition", "topic": "budget", "urgency": "urgent", "text": "Comment répartir ?"}


def test_a_request_is_answered_by_aviq_then_closed_and_each_side_is_told(cast):
    request = services.request_create(actor=cast.users["coordinator"], consortium=cast.consortium_a, data=ASK)
    assert Notification.objects.filter(user=cast.users["reviewer"], kind="support.requested").exists()
    services.message_add(actor=cast.users["reviewer"], request=request, text="Au prorata des ETP.")
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.ANSWERED
    assert Notification.objects.filter(user=cast.users["coordinator"], kind="support.message").exists()
    services.message_add(actor=cast.users["operational"], request=request, text="Et pour les mises à disposition ?")
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.OPEN
    services.request_close(actor=cast.users["coordinator"], request=request)
    with pytest.raises(DomainError) as refused:
        services.message_add(actor=cast.users["reviewer"], request=request, text="Encore")
    assert refused.value.code == "closed"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (ASK | {"subject": ""}, "subject"),
        (ASK | {"subject": "x" * 201}, "subject"),
        (ASK | {"urgency": "demain"}, "urgency"),
        (ASK | {"topic": None}, "topic"),
        (ASK | {"text": "\x00 "}, "text"),
        (ASK | {"text": "x" * 4001}, "text"),
    ],
)
def test_it_refuses_a_bad_request_and_saves_nothing(cast, data, field):
    with pytest.raises(DomainError) as refused:
        services.request_create(actor=cast.users["coordinator"], consortium=cast.consortium_a, data=data)
    assert refused.value.field == field
    assert not SupportRequest.objects.exists() and not SupportMessage.objects.exists()


def test_aviq_does_not_ask_on_a_consortiums_behalf(cast):
    with pytest.raises(DomainError):
        services.request_create(actor=cast.users["reviewer"], consortium=cast.consortium_a, data=ASK)


def test_the_pages_ask_answer_and_list_the_urgent_first(cast):
    client = cast.client("coordinator")
    url = reverse("support:list", kwargs={"consortium_id": cast.consortium_a.pk})
    assert client.post(url, ASK | {"subject": ""}).status_code == 400
    response = client.post(url, ASK)
    assert response.status_code == 302
    client.post(url, ASK | {"subject": "Question simple", "urgency": "normal"})
    aviq = html.unescape(cast.client("reviewer").get(reverse("support:aviq")).content.decode())
    assert aviq.index("Clé de répartition") < aviq.index("Question simple")
    detail = response["Location"]
    assert cast.client("reviewer").post(detail, {"text": "Voici la réponse."}).status_code == 302
    assert "Voici la réponse." in cast.client("viewer").get(detail).content.decode()
    assert cast.client("outsider").get(detail).status_code == 404
    other = reverse(
        "support:request",
        kwargs={"consortium_id": cast.consortium_b.pk, "request_id": detail.rstrip("/").split("/")[-1]},
    )
    assert cast.client("outsider").get(other).status_code == 404  # A's request under B's URL
