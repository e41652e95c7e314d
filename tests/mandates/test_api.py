"""The mandates API: a draft written and read in JSON, proposed to the deciding body (its proposal's id in
`proposal`), refused while essentials are missing (the list), an adopted version refusing edits (409), an amendment as
the next version; strict types; the list's queries do not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Proposal
from mandates.models import Mandate
from mandates.services import mandate_create
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db

ESSENTIALS = {
    "title": "Équipe opérationnelle",
    "purpose": "Soutenir les acteurs sociaux et de santé du territoire.",
    "responsibilities": "Animer le réseau.",
    "autonomy": "Méthodes, outils, formats d'animation.",
    "scope": "Tout le territoire.",
    "composition": "Équipe financée via le budget OLS.",
}


def list_url(cast, consortium=None):
    return reverse("consortium-mandate-list", kwargs={"consortium_id": (consortium or cast.consortium_a).pk})


def detail_url(cast, mandate, name="detail"):
    return reverse(f"consortium-mandate-{name}", kwargs={"consortium_id": mandate.consortium_id, "pk": mandate.pk})


def send(client, method, url, data=None):
    return getattr(client, method)(url, data or {}, content_type="application/json")


@pytest.fixture
def team(cast):
    return BodyFactory(consortium=cast.consortium_a, kind="operational_team", name="Équipe opérationnelle")


def draft(cast, team, **parts):
    return mandate_create(
        actor=None, consortium=cast.consortium_a, data={"kind": "operational_team", "body": team, **parts}
    )


def adopted(cast, team):
    mandate = draft(cast, team, **ESSENTIALS)
    Mandate.objects.filter(pk=mandate.pk).update(status=Mandate.Status.ADOPTED)
    return Mandate.objects.get(pk=mandate.pk)


def test_it_creates_a_draft_and_shows_its_twelve_parts(cast, team):
    body = {
        "kind": "operational_team",
        "body": team.pk,
        **ESSENTIALS,
        "autonomy_domains": ["methods_tools", "concertation"],
        "start_date": "2026-01-01",
        "end_date": "2027-12-31",
    }
    response = send(cast.client("operational"), "post", list_url(cast), body)
    assert response.status_code == 201, response.content
    shown = response.json()
    assert shown["status"] == "draft" and shown["version"] == 1 and shown["row_version"] == 1
    assert shown["body"] == team.pk and shown["title"] == "Équipe opérationnelle"
    assert shown["autonomy_domains"] == ["concertation", "methods_tools"]
    assert shown["end_date"] == "2027-12-31" and shown["proposal"] is None
    assert Mandate.objects.get(pk=shown["id"]).lineage == shown["id"]


def test_it_edits_a_draft_with_the_row_version_it_read(cast, team):
    mandate = draft(cast, team, title="Équipe")
    client = cast.client("coordinator")
    response = send(client, "patch", detail_url(cast, mandate), {"purpose": "Relier.", "row_version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["purpose"] == "Relier." and response.json()["row_version"] == 2


def test_it_refuses_a_stale_row_version_and_changes_nothing(cast, team):
    mandate = draft(cast, team, title="Équipe")
    client = cast.client("coordinator")
    send(client, "patch", detail_url(cast, mandate), {"purpose": "Premier.", "row_version": 1})
    response = send(client, "patch", detail_url(cast, mandate), {"purpose": "Second.", "row_version": 1})
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assert Mandate.objects.get(pk=mandate.pk).purpose == "Premier."


def test_it_refuses_an_update_without_its_row_version(cast, team):
    mandate = draft(cast, team, title="Équipe")
    response = send(cast.client("coordinator"), "patch", detail_url(cast, mandate), {"purpose": "Relier."})
    assert response.status_code == 400 and response.json()["row_version"]
    assert Mandate.objects.get(pk=mandate.pk).purpose == ""


def test_an_adopted_version_refuses_edits_with_409(cast, team):
    mandate = adopted(cast, team)
    response = send(
        cast.client("coordinator"), "patch", detail_url(cast, mandate), {"title": "Autre", "row_version": 1}
    )
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "mandate_adopted"
    assert Mandate.objects.get(pk=mandate.pk).title == "Équipe opérationnelle"


def test_proposing_without_the_essentials_lists_them_and_changes_nothing(cast, team, gov):
    mandate = draft(cast, team, title="Équipe", purpose="Relier.")
    response = send(cast.client("operational"), "post", detail_url(cast, mandate, "propose"), {"body": gov.body.pk})
    assert response.status_code == 400, response.content
    error = response.json()
    assert error["code"] == "mandate_incomplete"
    assert error["missing"] == [
        "Responsabilités et tâches",
        "Champ d'autonomie",
        "Périmètre d'action",
        "Composition / profils attendus",
    ]
    assert Mandate.objects.get(pk=mandate.pk).status == "draft"


def test_proposing_returns_the_proposal_made_in_the_deciding_body(cast, team, gov):
    mandate = draft(cast, team, **ESSENTIALS)
    response = send(
        cast.client("operational"),
        "post",
        detail_url(cast, mandate, "propose"),
        {"body": gov.body.pk, "decision_method": "consent"},
    )
    assert response.status_code == 200, response.content
    shown = response.json()
    proposal = Proposal.objects.get(pk=shown["proposal"])
    assert proposal.body_id == gov.body.pk and proposal.method == "consent"
    assert shown["status"] == "proposed" and shown["deciding_body"] == gov.body.pk


def test_proposing_to_a_body_of_another_consortium_is_refused(cast, team):
    elsewhere = BodyFactory(consortium=cast.consortium_b, kind="temporary_governance", name="Ailleurs")
    mandate = draft(cast, team, **ESSENTIALS)
    response = send(cast.client("operational"), "post", detail_url(cast, mandate, "propose"), {"body": elsewhere.pk})
    assert response.status_code == 400 and response.json()["code"] == "does_not_exist"
    assert Mandate.objects.get(pk=mandate.pk).status == "draft"


def test_amending_makes_the_next_version_as_a_draft(cast, team):
    mandate = adopted(cast, team)
    response = send(cast.client("coordinator"), "post", detail_url(cast, mandate, "amend"))
    assert response.status_code == 201, response.content
    shown = response.json()
    assert shown["version"] == 2 and shown["status"] == "draft" and shown["lineage"] == mandate.lineage
    assert shown["title"] == mandate.title and shown["id"] != mandate.pk


def test_amending_a_draft_is_refused(cast, team):
    mandate = draft(cast, team, title="Équipe")
    response = send(cast.client("coordinator"), "post", detail_url(cast, mandate, "amend"))
    assert response.status_code == 400 and response.json()["code"] == "mandate_not_adopted"
    assert Mandate.objects.count() == 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": 12}, "title"),
        ({"body": "12"}, "body"),
        ({"kind": 1}, "kind"),
        ({"autonomy_domains": "methods_tools"}, "autonomy_domains"),
        ({"start_date": "31/12/2026"}, "start_date"),
    ],
)
def test_it_rejects_values_of_the_wrong_type_and_creates_nothing(cast, team, changes, field):
    body = {"kind": "operational_team", "title": "Équipe"} | changes
    response = send(cast.client("coordinator"), "post", list_url(cast), body)
    assert response.status_code == 400, response.content
    assert response.json()[field]
    assert not Mandate.objects.exists()


def test_it_refuses_a_date_outside_the_programme_years(cast):
    body = {"kind": "facilitator", "title": "Facilitation", "end_date": "2099-01-01"}
    response = send(cast.client("coordinator"), "post", list_url(cast), body)
    assert response.status_code == 400 and response.json()["code"] == "date_out_of_range"
    assert not Mandate.objects.exists()


def test_it_refuses_changing_a_mandates_kind(cast, team):
    mandate = draft(cast, team, title="Équipe")
    response = send(
        cast.client("coordinator"), "patch", detail_url(cast, mandate), {"kind": "facilitator", "row_version": 1}
    )
    assert response.status_code == 400 and response.json()["code"] == "immutable"


def test_outsiders_see_no_mandate_and_reviewers_read_them(cast, team):
    mandate = draft(cast, team, title="Équipe")
    assert cast.client("outsider").get(detail_url(cast, mandate)).status_code == 404
    assert cast.client("reviewer").get(detail_url(cast, mandate)).json()["title"] == "Équipe"
    other = reverse("consortium-mandate-detail", kwargs={"consortium_id": cast.consortium_b.pk, "pk": mandate.pk})
    assert cast.client("admin").get(other).status_code == 404


def _grow(cast, total):
    for i in range(Mandate.objects.count(), total):
        mandate_create(actor=None, consortium=cast.consortium_a, data={"kind": "facilitator", "title": f"F {i:03d}"})


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.json()


def test_the_list_is_paginated_and_its_queries_do_not_grow_with_the_data(cast):
    client = cast.client("coordinator")
    client.get(list_url(cast))  # warm the session and content types
    _grow(cast, 3)
    small, page = _count(client, list_url(cast))
    assert page["count"] == 3
    _grow(cast, 60)
    large, page = _count(client, list_url(cast))
    assert page["count"] == 60 and len(page["results"]) == 50 and page["next"]
    assert small == large
