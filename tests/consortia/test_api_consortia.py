"""/api/v1/consortia/: created by admins (the lead becomes a member), updated by admins and coordinators, never deleted."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortia.models import Consortium, Membership
from tests.factories import ConsortiumFactory, MembershipFactory, StructureFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

LIST = reverse("consortium-list")


def detail(consortium_id):
    return reverse("consortium-detail", kwargs={"pk": consortium_id})


def send(client, method, url, data):
    return getattr(client, method)(url, data, content_type="application/json")


def test_a_member_reads_their_consortium_with_its_lead(cast):
    response = cast.client("governance").get(LIST)

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": cast.consortium_a.pk,
            "name": "OLS A",
            "territory": cast.consortium_a.territory_id,
            "lead_structure": cast.lead_a.pk,
            "status": "active",
            "start_date": "2026-01-01",
            "end_date": "2027-12-31",
        }
    ]


def test_an_outsider_gets_404_for_another_consortium(cast):
    client = cast.client("outsider")

    assert [row["name"] for row in client.get(LIST).json()["results"]] == ["OLS B"]
    assert client.get(detail(cast.consortium_a.pk)).status_code == 404
    assert send(client, "patch", detail(cast.consortium_a.pk), {"name": "Pris"}).status_code == 404


def test_an_admin_creates_a_consortium_whose_lead_becomes_a_member(cast):
    territory = TerritoryFactory(name="Condroz")
    lead = StructureFactory(name="ASBL Condroz")

    response = send(
        cast.client("admin"),
        "post",
        LIST,
        {"name": "OLS Condroz", "territory": territory.pk, "lead_structure": lead.pk, "start_date": "2026-03-01"},
    )

    assert response.status_code == 201, response.json()
    consortium = Consortium.objects.get(pk=response.json()["id"])
    assert response.json()["lead_structure"] == lead.pk
    assert response.json()["end_date"] == "2028-02-29"
    assert consortium.start_date == datetime.date(2026, 3, 1)
    membership = Membership.objects.get(consortium=consortium)
    assert (membership.structure, membership.role, membership.is_lead) == (lead, "member", True)
    assert consortium.history.latest().history_user == cast.users["admin"]


@pytest.mark.parametrize(
    "change, field, code",
    [
        ({"territory": "taken"}, "territory", "territory_taken"),
        ({"lead_structure": "hospital"}, "role", "excluded_member"),
        ({"lead_structure": "not_asbl"}, "is_lead", "lead_must_be_asbl"),
        ({"lead_structure": None}, "lead_structure", "required"),
        ({"lead_structure": 987_654}, "lead_structure", "does_not_exist"),
        ({"territory": 987_654}, "territory", "does_not_exist"),
        ({"territory": "abc"}, "territory", "incorrect_type"),
        ({"name": "OLS A"}, "name", "invalid"),
        ({"name": "x" * 201}, "name", "max_length"),
        ({"status": "abandoned"}, "status", "invalid_choice"),
        ({"start_date": "2026-13-45"}, "start_date", "invalid"),
    ],
)
def test_it_rejects_a_bad_consortium_with_the_rule_code_and_creates_nothing(cast, change, field, code):
    fixtures = {
        "taken": cast.consortium_b.territory_id,
        "hospital": StructureFactory(is_hospital=True, legal_form="public", sector="SH").pk,
        "not_asbl": StructureFactory(legal_form="srl").pk,
    }
    data = {"name": "OLS Neuf", "territory": TerritoryFactory().pk, "lead_structure": StructureFactory().pk}
    data |= {key: fixtures.get(value, value) if isinstance(value, str) else value for key, value in change.items()}
    before = Consortium.objects.count()

    response = send(cast.client("admin"), "post", LIST, data)

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()[field]
    assert Consortium.objects.count() == before


def test_a_double_submit_creates_one_consortium(cast):
    data = {"name": "OLS Double", "territory": TerritoryFactory().pk, "lead_structure": StructureFactory().pk}
    client = cast.client("admin")

    first, second = send(client, "post", LIST, data), send(client, "post", LIST, data)

    assert (first.status_code, second.status_code) == (201, 400)
    assert second.json()["code"] == "territory_taken"
    assert Consortium.objects.filter(name="OLS Double").count() == 1


@pytest.mark.parametrize("actor", ["coordinator", "reviewer"])
def test_only_admins_create_consortia(cast, actor):
    data = {"name": "OLS Pirate", "territory": TerritoryFactory().pk, "lead_structure": StructureFactory().pk}

    response = send(cast.client(actor), "post", LIST, data)

    assert response.status_code == 403
    assert "administrateur" in response.json()["detail"]
    assert not Consortium.objects.filter(name="OLS Pirate").exists()


def test_a_coordinator_renames_and_suspends_their_consortium(cast):
    response = send(
        cast.client("coordinator"), "patch", detail(cast.consortium_a.pk), {"name": "OLS A+", "status": "suspended"}
    )

    assert response.status_code == 200, response.json()
    cast.consortium_a.refresh_from_db()
    assert (cast.consortium_a.name, cast.consortium_a.status) == ("OLS A+", "suspended")


@pytest.mark.parametrize("actor", ["operational", "accountant", "viewer", "reviewer"])
def test_it_forbids_updates_to_members_who_do_not_coordinate(cast, actor):
    response = send(cast.client(actor), "patch", detail(cast.consortium_a.pk), {"name": "Piraté"})

    assert response.status_code == 403
    assert Consortium.objects.get(pk=cast.consortium_a.pk).name == "OLS A"


def test_it_refuses_to_move_a_consortium_or_change_its_lead_by_update(cast):
    client = cast.client("admin")

    moved = send(client, "patch", detail(cast.consortium_a.pk), {"territory": TerritoryFactory().pk})
    new_lead = send(client, "patch", detail(cast.consortium_a.pk), {"lead_structure": cast.member_a.pk})
    same = send(
        client,
        "put",
        detail(cast.consortium_a.pk),
        {
            "name": "OLS A",
            "territory": cast.consortium_a.territory_id,
            "lead_structure": cast.lead_a.pk,
            "status": "active",
            "start_date": "2026-02-01",
        },
    )

    assert (moved.status_code, moved.json()["code"]) == (400, "immutable")
    assert (new_lead.status_code, new_lead.json()["code"]) == (400, "immutable")
    assert same.status_code == 200, same.json()
    assert Membership.objects.get(consortium=cast.consortium_a, is_lead=True).structure == cast.lead_a


def test_it_refuses_to_delete_a_consortium_with_a_clear_message(cast):
    response = cast.client("admin").delete(detail(cast.consortium_a.pk))

    assert response.status_code == 405
    assert "statut" in response.json()["detail"]
    assert Consortium.objects.filter(pk=cast.consortium_a.pk).exists()


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(queries), response.json()["count"]


def test_the_list_costs_the_same_number_of_queries_with_more_consortia(cast):
    client = cast.client("reviewer")
    client.get(LIST)

    small, small_count = _list_queries(client)
    for _ in range(6):
        MembershipFactory(consortium=ConsortiumFactory(), is_lead=True)
    large, large_count = _list_queries(client)

    assert large_count == small_count + 6
    assert large == small
