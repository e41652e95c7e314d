"""/api/v1/consortia/{id}/memberships/: members and partners of one consortium, changed by who manages structures."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortia.models import Membership
from tests.factories import MembershipFactory, StructureFactory

pytestmark = pytest.mark.django_db


def memberships(consortium):
    return reverse("consortium-membership-list", kwargs={"consortium_id": consortium.pk})


def membership(consortium, structure):
    pk = Membership.objects.get(consortium=consortium, structure=structure).pk
    return reverse("consortium-membership-detail", kwargs={"consortium_id": consortium.pk, "pk": pk})


def send(client, method, url, data):
    return getattr(client, method)(url, data, content_type="application/json")


def test_a_member_reads_the_lead_first_then_the_others(cast):
    response = cast.client("structure_reporter").get(memberships(cast.consortium_a))

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["structure_name"], r["role"], r["is_lead"]) for r in rows] == [
        ("ASBL Porteuse A", "member", True),
        ("ASBL Membre A", "member", False),
        ("Hôpital Partenaire A", "partner", False),
    ]
    assert rows[0]["structure"] == cast.lead_a.pk
    assert {"conflict_of_interest_declared", "conflict_of_interest_note", "joined_on"} <= set(rows[0])


def test_an_outsider_gets_404_on_the_memberships_of_another_consortium(cast):
    client = cast.client("outsider")

    assert client.get(memberships(cast.consortium_a)).status_code == 404
    assert client.get(membership(cast.consortium_a, cast.member_a)).status_code == 404
    assert (
        send(
            client, "post", memberships(cast.consortium_a), {"structure": cast.lead_b.pk, "role": "partner"}
        ).status_code
        == 404
    )


def test_a_membership_of_another_consortium_is_404_under_this_one(cast):
    pk = Membership.objects.get(consortium=cast.consortium_b, structure=cast.lead_b).pk
    url = reverse("consortium-membership-detail", kwargs={"consortium_id": cast.consortium_a.pk, "pk": pk})

    assert cast.client("admin").get(url).status_code == 404
    assert cast.client("admin").delete(url).status_code == 404
    assert Membership.objects.filter(pk=pk).exists()


def test_an_admin_adds_a_structure_of_no_consortium_as_a_partner(cast):
    structure = StructureFactory(name="ASBL Libre")
    client = cast.client("admin")  # the structure belongs to no consortium yet: only the admin can see it

    response = send(client, "post", memberships(cast.consortium_a), {"structure": structure.pk, "role": "partner"})

    assert response.status_code == 201, response.json()
    created = Membership.objects.get(pk=response.json()["id"])
    assert (created.consortium, created.structure, created.role) == (cast.consortium_a, structure, "partner")
    assert created.history.latest().history_user == cast.users["admin"]


def test_a_structure_joins_a_second_consortium_once_and_a_double_submit_is_refused(cast):
    other = cast.consortium_b
    shared = MembershipFactory(consortium=cast.consortium_a, structure=StructureFactory(name="ASBL Partagée")).structure
    client = cast.client("admin")

    first = send(client, "post", memberships(other), {"structure": shared.pk, "role": "member"})
    second = send(client, "post", memberships(other), {"structure": shared.pk, "role": "member"})

    assert first.status_code == 201
    assert (second.status_code, second.json()["code"]) == (400, "already_member")
    assert Membership.objects.filter(consortium=other, structure=shared).count() == 1


@pytest.mark.parametrize(
    "actor, data, field, code",
    [
        ("admin", {"structure": "hospital", "role": "member"}, "role", "excluded_member"),
        ("admin", {"structure": "free", "role": "member", "is_lead": True}, "is_lead", "second_lead"),
        ("coordinator", {"structure": "member_a", "role": "partner"}, "structure", "already_member"),
        # Another consortium's structure is unknown to A's coordinator, as if it did not exist.
        ("coordinator", {"structure": "lead_b", "role": "partner"}, "structure", "does_not_exist"),
        ("coordinator", {"structure": 987_654, "role": "partner"}, "structure", "does_not_exist"),
        ("coordinator", {"structure": 10**30, "role": "partner"}, "structure", "does_not_exist"),
        ("admin", {"structure": "free", "role": "partner", "joined_on": "hier"}, "joined_on", "invalid"),
        ("admin", {"structure": "free", "role": "chef"}, "role", "invalid_choice"),
        (
            "admin",
            {"structure": "free", "role": "partner", "conflict_of_interest_note": "x" * 2001},
            "conflict_of_interest_note",
            "max_length",
        ),
        ("coordinator", {"structure": [1, 2], "role": "partner"}, "structure", "incorrect_type"),
        ("coordinator", {"role": "partner"}, "enterprise_number", "required"),
    ],
)
def test_it_rejects_a_bad_membership_with_the_rule_code_and_changes_nothing(cast, actor, data, field, code):
    fixtures = {
        "hospital": StructureFactory(is_hospital=True, sector="SH", legal_form="public").pk,
        "free": MembershipFactory(consortium=cast.consortium_b, role="partner").structure_id,
        "member_a": cast.member_a.pk,
        "lead_b": cast.lead_b.pk,
    }
    data = {key: fixtures.get(value, value) if isinstance(value, str) else value for key, value in data.items()}
    before = list(Membership.objects.filter(consortium=cast.consortium_a).values_list("pk", "role", "is_lead"))

    response = send(cast.client(actor), "post", memberships(cast.consortium_a), data)

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()[field]
    assert list(Membership.objects.filter(consortium=cast.consortium_a).values_list("pk", "role", "is_lead")) == before


def test_a_coordinator_records_the_conflict_of_interest_declaration(cast):
    response = send(
        cast.client("coordinator"),
        "patch",
        membership(cast.consortium_a, cast.member_a),
        {"conflict_of_interest_declared": False, "conflict_of_interest_note": "Administratrice commune."},
    )

    assert response.status_code == 200, response.json()
    updated = Membership.objects.get(consortium=cast.consortium_a, structure=cast.member_a)
    assert (updated.conflict_of_interest_declared, updated.conflict_of_interest_note) == (
        False,
        "Administratrice commune.",
    )


def test_it_refuses_a_second_lead_and_removing_the_lead_by_update(cast):
    client = cast.client("coordinator")

    second = send(client, "patch", membership(cast.consortium_a, cast.member_a), {"is_lead": True})
    demote = send(client, "patch", membership(cast.consortium_a, cast.lead_a), {"is_lead": False})
    hospital = send(client, "patch", membership(cast.consortium_a, cast.partner_a), {"role": "member"})
    move = send(client, "patch", membership(cast.consortium_a, cast.member_a), {"structure": cast.lead_a.pk})

    assert (second.status_code, second.json()["code"], bool(second.json()["is_lead"])) == (400, "second_lead", True)
    assert (demote.status_code, demote.json()["code"]) == (400, "lead_removal")
    assert (hospital.status_code, hospital.json()["code"]) == (400, "excluded_member")
    assert (move.status_code, move.json()["code"]) == (400, "immutable")
    leads = Membership.objects.filter(consortium=cast.consortium_a, is_lead=True)
    assert [m.structure for m in leads] == [cast.lead_a]
    assert Membership.objects.get(consortium=cast.consortium_a, structure=cast.partner_a).role == "partner"


def test_a_coordinator_removes_a_partner_but_not_the_lead(cast):
    client = cast.client("coordinator")

    lead = client.delete(membership(cast.consortium_a, cast.lead_a))
    partner = client.delete(membership(cast.consortium_a, cast.partner_a))

    assert (lead.status_code, lead.json()["code"]) == (400, "lead_removal")
    assert partner.status_code == 204
    assert not Membership.objects.filter(consortium=cast.consortium_a, structure=cast.partner_a).exists()
    assert Membership.objects.filter(consortium=cast.consortium_a, structure=cast.lead_a, is_lead=True).exists()


@pytest.mark.parametrize("actor", ["operational", "accountant", "governance", "viewer", "reviewer"])
def test_it_forbids_changes_without_the_right_to_manage_structures(cast, actor):
    client = cast.client(actor)

    created = send(
        client, "post", memberships(cast.consortium_a), {"structure": StructureFactory().pk, "role": "partner"}
    )
    updated = send(
        client, "patch", membership(cast.consortium_a, cast.member_a), {"conflict_of_interest_declared": False}
    )
    deleted = client.delete(membership(cast.consortium_a, cast.partner_a))

    assert (created.status_code, updated.status_code, deleted.status_code) == (403, 403, 403)
    assert Membership.objects.filter(consortium=cast.consortium_a).count() == 3
    assert Membership.objects.get(consortium=cast.consortium_a, structure=cast.member_a).conflict_of_interest_declared


def _list_queries(client, consortium):
    cache.clear()  # the list as built, not as served again from the cache (ols_platform.api_cache)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(memberships(consortium))
    assert response.status_code == 200
    return len(queries), response.json()["count"]


@pytest.mark.parametrize("actor", ["viewer", "reviewer"])
def test_the_list_costs_the_same_number_of_queries_with_more_memberships(cast, actor):
    client = cast.client(actor)
    client.get(memberships(cast.consortium_a))

    small, small_count = _list_queries(client, cast.consortium_a)
    for _ in range(12):
        MembershipFactory(consortium=cast.consortium_a)
    large, large_count = _list_queries(client, cast.consortium_a)

    assert large_count == small_count + 12
    assert large == small


def race(*requests):
    """Send the requests at the same instant, each from its own thread and database connection."""
    barrier = threading.Barrier(len(requests))
    responses = [None] * len(requests)

    def run(index, request):
        try:
            barrier.wait(10)
            responses[index] = request()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return responses


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_identical_posts_add_the_structure_once():
    from tests.conftest import build_cast

    cast = build_cast()
    structure = StructureFactory()
    url = memberships(cast.consortium_a)
    clients = [cast.client("admin"), cast.client("admin")]

    responses = race(
        *(lambda c=c: send(c, "post", url, {"structure": structure.pk, "role": "partner"}) for c in clients)
    )

    assert sorted(r.status_code for r in responses) == [201, 400]
    assert next(r for r in responses if r.status_code == 400).json()["code"] == "already_member"
    assert Membership.objects.filter(consortium=cast.consortium_a, structure=structure).count() == 1


def make_lead(consortium, structure):
    pk = Membership.objects.get(consortium=consortium, structure=structure).pk
    return reverse("consortium-membership-make-lead", kwargs={"consortium_id": consortium.pk, "pk": pk})


def lead_structures(consortium):
    return [m.structure for m in Membership.objects.filter(consortium=consortium, is_lead=True)]


def test_a_membership_shows_its_version_in_the_list_and_the_detail(cast):
    client = cast.client("viewer")
    current = Membership.objects.get(consortium=cast.consortium_a, structure=cast.member_a).version

    row = next(
        r for r in client.get(memberships(cast.consortium_a)).json()["results"] if r["structure"] == cast.member_a.pk
    )

    assert row["version"] == current
    assert client.get(membership(cast.consortium_a, cast.member_a)).json()["version"] == current


def test_a_membership_save_based_on_a_stale_version_is_a_409_and_changes_nothing(cast):
    client = cast.client("coordinator")
    url = membership(cast.consortium_a, cast.member_a)
    stale = client.get(url).json()["version"]
    assert send(client, "patch", url, {"conflict_of_interest_note": "Première"}).status_code == 200

    response = send(client, "patch", url, {"conflict_of_interest_note": "Seconde", "version": stale})

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Membership.objects.get(consortium=cast.consortium_a, structure=cast.member_a).conflict_of_interest_note == (
        "Première"
    )


@pytest.mark.parametrize("with_version", [True, False])
def test_a_membership_save_with_the_current_version_or_none_goes_through(cast, with_version):
    client = cast.client("coordinator")
    url = membership(cast.consortium_a, cast.member_a)
    data = {"conflict_of_interest_note": "À jour"}
    if with_version:
        data["version"] = client.get(url).json()["version"]

    response = send(client, "patch", url, data)

    assert response.status_code == 200, response.json()
    updated = Membership.objects.get(consortium=cast.consortium_a, structure=cast.member_a)
    assert updated.conflict_of_interest_note == "À jour"
    assert response.json()["version"] == updated.version


def test_a_coordinator_hands_the_lead_to_another_asbl_member(cast):
    response = cast.client("coordinator").post(make_lead(cast.consortium_a, cast.member_a))

    assert response.status_code == 200, response.json()
    assert (response.json()["structure"], response.json()["is_lead"]) == (cast.member_a.pk, True)
    assert lead_structures(cast.consortium_a) == [cast.member_a]


def test_a_hospital_partner_cannot_become_the_lead(cast):
    response = cast.client("coordinator").post(make_lead(cast.consortium_a, cast.partner_a))

    assert response.status_code == 400
    assert response.json()["code"] == "lead_must_be_member"
    assert lead_structures(cast.consortium_a) == [cast.lead_a]


@pytest.mark.parametrize("actor, status", [("viewer", 403), ("outsider", 404)])
def test_only_who_manages_structures_hands_the_lead_over(cast, actor, status):
    response = cast.client(actor).post(make_lead(cast.consortium_a, cast.member_a))

    assert response.status_code == status
    assert lead_structures(cast.consortium_a) == [cast.lead_a]


def test_a_membership_carries_this_consortium_s_contact(cast):
    response = send(
        cast.client("coordinator"),
        "patch",
        membership(cast.consortium_a, cast.member_a),
        {"contact_name": "Léa", "contact_email": "lea@asbl.test", "address": "Rue 1"},
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["contact_name"], response.json()["address"]) == ("Léa", "Rue 1")
    bad = send(
        cast.client("coordinator"), "patch", membership(cast.consortium_a, cast.member_a), {"contact_email": "x"}
    )
    assert bad.status_code == 400 and "contact_email" in bad.json()


def test_the_number_designates_the_structure_only_at_creation(cast):
    client = cast.client("coordinator")
    changed = send(
        client,
        "patch",
        membership(cast.consortium_a, cast.member_a),
        {"enterprise_number": cast.lead_b.enterprise_number},
    )
    mismatch = send(
        client,
        "post",
        memberships(cast.consortium_a),
        {"structure": cast.member_a.pk, "enterprise_number": cast.lead_b.enterprise_number, "role": "partner"},
    )
    wrong = send(client, "post", memberships(cast.consortium_a), {"enterprise_number": "12AB", "role": "partner"})

    assert changed.status_code == 400 and changed.json()["code"] == "immutable"
    assert mismatch.status_code == 400 and "structure" in mismatch.json()
    assert wrong.status_code == 400 and wrong.json()["code"] == "enterprise_number_format"
    assert not Membership.objects.filter(consortium=cast.consortium_a, structure=cast.lead_b).exists()
