"""A mandate AVIQ asks to see: the reviewer asks from the mandate's page, the coordination transmits a proposed or
adopted version, the mandate is in the queue, AVIQ comments, asks for changes (the amendment is transmitted in its
turn) or approves; the consortium reads the public comments and the history on the mandate's page."""

import pytest
from django.test import Client
from django.urls import reverse

from aviq.review import selectors as queue_selectors
from aviq.review.items import item_of
from aviq.review.services import approve, comment_add, request_changes
from mandates import review as mandate_review
from mandates.models import Mandate, MandateReview
from mandates.services import mandate_amend, mandate_create
from ols_platform.errors import DomainError
from ols_platform.models import Notification
from review.models import ItemKind
from tests.factories import BodyFactory
from tests.mandates.test_services import ESSENTIALS, _adopt

pytestmark = pytest.mark.django_db


def refused(code, act):
    with pytest.raises(DomainError) as caught:
        act()
    assert caught.value.code == code, caught.value.message
    return caught.value


@pytest.fixture
def mandate(cast, gov):
    team = BodyFactory(consortium=cast.consortium_a, kind="operational_team", name="Équipe opérationnelle")
    draft = mandate_create(
        actor=None, consortium=cast.consortium_a, data={"kind": "operational_team", "body": team, **ESSENTIALS}
    )
    return _adopt(cast, gov, draft)


def page(mandate):
    return reverse("mandates:mandate", kwargs={"consortium_id": mandate.consortium_id, "mandate_id": mandate.pk})


def ask_url(mandate):
    return reverse("mandates:review_ask", kwargs={"consortium_id": mandate.consortium_id, "mandate_id": mandate.pk})


def transmit_url(mandate):
    return reverse(
        "mandates:review_transmit", kwargs={"consortium_id": mandate.consortium_id, "mandate_id": mandate.pk}
    )


def ask(cast, mandate, reason="Voir la répartition des tâches."):
    return mandate_review.mandate_review_ask(actor=cast.users["reviewer"], mandate=mandate, reason=reason)


def transmit(cast, mandate, note=""):
    return mandate_review.mandate_review_submit(actor=cast.users["coordinator"], mandate=mandate, note=note)


def test_the_reviewer_asks_from_the_page_and_the_coordination_is_told(cast, mandate, login):
    response = login("reviewer").post(ask_url(mandate), {"reason": "Voir la composition."})
    assert response.status_code == 302
    review = MandateReview.objects.get()
    assert (review.status, review.mandate_id, review.reason) == ("requested", mandate.pk, "Voir la composition.")
    assert Notification.objects.filter(user=cast.users["coordinator"], kind="mandate.review_requested").exists()
    text = login("coordinator").get(page(mandate)).content.decode()
    assert "Voir la composition." in text and "Transmettre à l'AVIQ" in text


def test_transmitting_puts_the_mandate_in_the_queue_with_who_and_when(cast, mandate, login):
    ask(cast, mandate)
    response = login("coordinator").post(transmit_url(mandate), {"note": "Version adoptée.", "confirm": "1"})
    assert response.status_code == 302
    rows = list(queue_selectors.queue())
    assert [(r["kind"], r["label"], r["submitter_email"]) for r in rows] == [
        ("mandate", mandate.title, cast.users["coordinator"].email)
    ]
    assert Notification.objects.filter(user=cast.users["reviewer"], kind="mandate.submitted").exists()
    review = MandateReview.objects.get()
    text = login("reviewer").get(reverse("aviq:review_item", kwargs={"kind": "mandate", "item_id": review.pk}))
    assert text.status_code == 200
    assert "Version adoptée." in text.content.decode() and mandate.purpose in text.content.decode()


def test_a_private_annotation_stays_with_aviq_and_a_public_comment_reaches_the_page(cast, mandate, login):
    ask(cast, mandate)
    review = transmit(cast, mandate)
    for text, visibility in (("Bien structuré.", "public"), ("À surveiller en interne.", "private")):
        comment_add(
            actor=cast.users["reviewer"],
            consortium_id=cast.consortium_a.pk,
            target="mandate",
            target_id=review.pk,
            text=text,
            visibility=visibility,
        )
    for actor in ("coordinator", "viewer", "governance"):
        body = login(actor).get(page(mandate)).content.decode()
        assert "Bien structuré." in body and "À surveiller en interne." not in body
    assert "À surveiller en interne." in login("reviewer").get(page(mandate)).content.decode()


def test_changes_requested_then_the_amendment_is_transmitted_and_approved(cast, gov, mandate):
    ask(cast, mandate)
    review = transmit(cast, mandate)
    refused(
        "invalid_comment",
        lambda: request_changes(actor=cast.users["reviewer"], item=item_of("mandate", review.pk), comment=" "),
    )
    request_changes(actor=cast.users["reviewer"], item=item_of("mandate", review.pk), comment="Précisez l'autonomie.")
    assert MandateReview.objects.get().status == "changes_requested"
    assert Notification.objects.filter(user=cast.users["coordinator"], kind="mandate.changes_requested").exists()
    amendment = mandate_amend(actor=None, mandate=mandate)
    refused("mandate_not_transmittable", lambda: transmit(cast, amendment))
    amendment = _adopt(cast, gov, Mandate.objects.get(pk=amendment.pk))
    review = transmit(cast, amendment)
    assert (review.mandate_id, review.status) == (amendment.pk, "submitted")
    approve(actor=cast.users["reviewer"], item=item_of("mandate", review.pk))
    review.refresh_from_db()
    assert review.status == "approved"
    actions = list(
        review.consortium.review_events.filter(item_kind=ItemKind.MANDATE, item_id=review.pk).values_list(
            "action", flat=True
        )
    )
    assert actions == ["requested", "submitted", "changes_requested", "submitted", "approved"]
    # Approved: AVIQ may ask again later, a new review of the same mandate.
    assert ask(cast, amendment).pk != review.pk


def test_it_refuses_what_the_workflow_does_not_allow(cast, mandate):
    refused(
        "not_reviewer",
        lambda: mandate_review.mandate_review_ask(actor=cast.users["coordinator"], mandate=mandate, reason="x"),
    )
    refused("invalid_comment", lambda: ask(cast, mandate, reason="  \x00 "))
    refused("invalid_comment", lambda: ask(cast, mandate, reason="x" * 4001))
    refused("review_not_requested", lambda: transmit(cast, mandate))  # AVIQ did not ask
    review = ask(cast, mandate)
    refused("review_already_open", lambda: ask(cast, mandate))
    item = item_of("mandate", review.pk)
    refused("not_submitted", lambda: approve(actor=cast.users["reviewer"], item=item))
    refused(
        "not_submitted",
        lambda: comment_add(
            actor=cast.users["reviewer"],
            consortium_id=cast.consortium_a.pk,
            target="mandate",
            target_id=review.pk,
            text="Trop tôt",
            visibility="public",
        ),
    )
    transmit(cast, mandate)
    refused("review_not_requested", lambda: transmit(cast, mandate))  # a double submit
    refused(
        "not_reviewer",
        lambda: mandate_review.mandate_review_approve(actor=cast.users["coordinator"], review=review),
    )
    assert MandateReview.objects.get().status == "submitted"


def test_another_consortiums_review_is_not_a_target(cast, mandate):
    review = ask(cast, mandate)
    refused(
        "invalid_target",
        lambda: comment_add(
            actor=cast.users["reviewer"],
            consortium_id=cast.consortium_b.pk,
            target="mandate",
            target_id=review.pk,
            text="Ailleurs",
            visibility="public",
        ),
    )


@pytest.mark.parametrize(
    "actor, expected", [("coordinator", 403), ("governance", 403), ("outsider", 404), ("anonymous", 302)]
)
def test_only_aviq_asks(cast, mandate, login, actor, expected):
    client = login(actor) if actor != "anonymous" else Client()
    assert client.post(ask_url(mandate), {"reason": "Voir."}).status_code == expected
    assert not MandateReview.objects.exists()


def test_the_pages_answer_bad_forms_with_a_message_and_save_nothing(cast, mandate, login):
    response = login("reviewer").post(ask_url(mandate), {"reason": ""})
    assert response.status_code == 400 and "Ce champ est obligatoire." in response.content.decode()
    assert not MandateReview.objects.exists()
    ask(cast, mandate)
    response = login("reviewer").post(ask_url(mandate), {"reason": "Encore"})
    assert response.status_code == 400 and "déjà demandé" in response.content.decode()
    response = login("coordinator").post(transmit_url(mandate), {"note": "sans confirmation"})
    assert response.status_code == 400 and "Cochez la case" in response.content.decode()
    response = login("viewer").post(transmit_url(mandate), {"confirm": "1"})
    assert response.status_code == 403
    assert MandateReview.objects.get().status == "requested"


def api_url(name, mandate):
    return reverse(name, kwargs={"consortium_id": mandate.consortium_id, "id": mandate.pk})


def test_the_api_runs_the_same_workflow_with_the_same_codes(cast, mandate, api):
    assert api("coordinator").get(api_url("mandate-review", mandate)).status_code == 404  # never asked
    assert api("reviewer").post(api_url("mandate-review-ask", mandate), {"reason": ""}).json()["code"] == "blank"
    response = api("reviewer").post(api_url("mandate-review-ask", mandate), {"reason": "Voir."}, format="json")
    assert response.status_code == 201 and response.json()["status"] == "requested"
    response = api("reviewer").post(api_url("mandate-review-ask", mandate), {"reason": "Encore."}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "review_already_open")
    response = api("reviewer").post(api_url("mandate-review-approve", mandate), {}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "not_submitted")
    assert api("coordinator").post(api_url("mandate-review-approve", mandate), {}).status_code == 403
    assert api("governance").post(api_url("mandate-review-transmit", mandate), {}).status_code == 403
    response = api("coordinator").post(api_url("mandate-review-transmit", mandate), {"note": "Voici."}, format="json")
    assert response.json()["status"] == "submitted"
    response = api("reviewer").post(api_url("mandate-review-request-changes", mandate), {"comment": " "})
    assert (response.status_code, response.json()["code"]) == (400, "invalid_comment")
    response = api("reviewer").post(api_url("mandate-review-approve", mandate), {"comment": "Clair."}, format="json")
    assert response.json()["status"] == "approved"
    assert api("viewer").get(api_url("mandate-review", mandate)).json()["review_comment"] == "Clair."
    other = {"consortium_id": cast.consortium_b.pk, "id": mandate.pk}
    assert api("reviewer").get(reverse("mandate-review", kwargs=other)).status_code == 404
    assert api("outsider").get(api_url("mandate-review", mandate)).status_code == 404


def test_the_api_refuses_to_transmit_a_draft(cast, mandate, api):
    ask(cast, mandate)
    amendment = mandate_amend(actor=None, mandate=mandate)
    response = api("coordinator").post(api_url("mandate-review-transmit", amendment), {}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "mandate_not_transmittable")
    assert MandateReview.objects.get().status == "requested"


def test_the_mandate_list_shows_where_aviqs_review_stands(cast, mandate, login):
    url = reverse("mandates:list", kwargs={"consortium_id": cast.consortium_a.pk})
    assert "Demandé par l&#x27;AVIQ" not in login("viewer").get(url).content.decode()
    ask(cast, mandate)
    assert "Demandé par l&#x27;AVIQ" in login("viewer").get(url).content.decode()
    transmit(cast, mandate)
    assert "Transmis à l&#x27;AVIQ" in login("viewer").get(url).content.decode()
