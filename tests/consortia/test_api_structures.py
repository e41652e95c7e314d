"""/api/v1/structures/: the structures of the consortia one sees; created into a consortium one manages."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortia.enterprise_number import make_enterprise_number
from consortia.models import Membership, Structure
from consortia.services.structures import structure_update
from tests.factories import MembershipFactory, StructureFactory

pytestmark = pytest.mark.django_db

LIST = reverse("structure-list")
NEW_NUMBER = make_enterprise_number(4_567_890)
WRONG_CHECKSUM = NEW_NUMBER[:-1] + str((int(NEW_NUMBER[-1]) + 1) % 10)


def detail(structure_id):
    return reverse("structure-detail", kwargs={"pk": structure_id})


def send(client, method, url, data):
    return getattr(client, method)(url, data, content_type="application/json")


def new_structure(cast, **overrides):
    return {
        "name": "ASBL Nouvelle",
        "enterprise_number": NEW_NUMBER,
        "legal_form": "asbl",
        "sector": "PP",
        "level": "micro",
        "consortium": cast.consortium_a.pk,
        "role": "member",
    } | overrides


def names(response):
    return sorted(row["name"] for row in response.json()["results"])


def test_a_member_lists_the_structures_of_their_consortium_only(cast):
    response = cast.client("viewer").get(LIST)

    assert response.status_code == 200
    assert names(response) == ["ASBL Membre A", "ASBL Porteuse A", "Hôpital Partenaire A"]
    hospital = next(row for row in response.json()["results"] if row["is_hospital"])
    assert hospital["sector"] == "SH" and hospital["legal_form"] == "other"
    assert {"enterprise_number", "level", "is_insurer", "insolvency", "life_basins", "archived_at"} <= set(hospital)
    assert "consortium" not in hospital and "role" not in hospital


def test_an_outsider_sees_only_their_structures_and_gets_404_for_others(cast):
    client = cast.client("outsider")

    assert names(client.get(LIST)) == ["ASBL Porteuse B"]
    assert client.get(detail(cast.member_a.pk)).status_code == 404


def test_the_reviewer_and_the_admin_see_every_structure_even_without_a_consortium(cast):
    orphan = StructureFactory(name="ASBL Orpheline")

    for actor in ("reviewer", "admin"):
        assert "ASBL Orpheline" in names(cast.client(actor).get(LIST))
    assert cast.client("coordinator").get(detail(orphan.pk)).status_code == 404


def test_a_coordinator_creates_a_structure_as_a_member_of_their_consortium(cast):
    response = send(
        cast.client("coordinator"),
        "post",
        LIST,
        new_structure(cast, enterprise_number="BE " + NEW_NUMBER.replace(".", "")),
    )

    assert response.status_code == 201, response.json()
    structure = Structure.objects.get(pk=response.json()["id"])
    assert response.json()["enterprise_number"] == NEW_NUMBER == structure.enterprise_number
    membership = Membership.objects.get(structure=structure)
    assert (membership.consortium, membership.role, membership.is_lead) == (cast.consortium_a, "member", False)
    assert structure.history.latest().history_user == cast.users["coordinator"]


def test_a_hospital_is_created_as_a_partner_but_refused_as_a_member(cast):
    client = cast.client("coordinator")
    hospital = new_structure(cast, name="CHR", legal_form="public", sector="SH", is_hospital=True)

    refused = send(client, "post", LIST, hospital)
    assert refused.status_code == 400
    assert refused.json()["code"] == "excluded_member"
    assert not Structure.objects.filter(enterprise_number=NEW_NUMBER).exists()

    accepted = send(client, "post", LIST, hospital | {"role": "partner"})
    assert accepted.status_code == 201, accepted.json()
    assert Membership.objects.get(structure_id=accepted.json()["id"]).role == "partner"


@pytest.mark.parametrize(
    "overrides, field, code",
    [
        ({"enterprise_number": WRONG_CHECKSUM}, "enterprise_number", "enterprise_number_checksum"),
        ({"enterprise_number": "ABC"}, "enterprise_number", "enterprise_number_format"),
        ({"enterprise_number": "1" * 500}, "enterprise_number", "max_length"),
        ({"name": "x" * 5000}, "name", "max_length"),
        ({"sector": "XYZ"}, "sector", "invalid_choice"),
        ({"level": 3}, "level", "invalid_choice"),
        ({"is_hospital": "peut-être"}, "is_hospital", "invalid"),
        ({"insolvency": "peut-être"}, "insolvency", "invalid_choice"),
        ({"role": "chef"}, "role", "invalid_choice"),
        ({"consortium": "A"}, "consortium", "invalid"),
        ({"consortium": 10**30}, "consortium", "max_value"),
        ({"consortium": 987_654}, "consortium", "does_not_exist"),
        ({"consortium": None}, "consortium", "null"),
    ],
)
def test_it_rejects_bad_input_with_the_rule_code_and_creates_nothing(cast, overrides, field, code):
    before = Structure.objects.count()

    response = send(cast.client("coordinator"), "post", LIST, new_structure(cast, **overrides))

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()[field]
    assert Structure.objects.count() == before


def test_it_requires_a_consortium_and_a_role_on_creation(cast):
    data = new_structure(cast)
    del data["consortium"], data["role"]

    response = send(cast.client("admin"), "post", LIST, data)

    assert response.status_code == 400
    assert response.json()["code"] == "required"
    assert response.json()["consortium"] and response.json()["role"]
    assert not Structure.objects.filter(enterprise_number=NEW_NUMBER).exists()


def test_it_refuses_a_second_structure_with_the_same_number(cast):
    client = cast.client("coordinator")

    first = send(client, "post", LIST, new_structure(cast))
    second = send(client, "post", LIST, new_structure(cast, name="Doublon"))

    assert first.status_code == 201
    assert second.status_code == 400
    assert second.json()["code"] == "duplicate_enterprise_number"
    assert Structure.objects.filter(enterprise_number=NEW_NUMBER).count() == 1


def test_it_hides_the_existence_of_a_consortium_one_does_not_see(cast):
    response = send(cast.client("outsider"), "post", LIST, new_structure(cast))

    assert response.status_code == 400
    assert response.json()["consortium"] == ["Consortium introuvable."]
    assert not Structure.objects.filter(enterprise_number=NEW_NUMBER).exists()


@pytest.mark.parametrize("actor", ["operational", "viewer", "reviewer"])
def test_it_forbids_creation_without_the_right_to_manage_structures(cast, actor):
    response = send(cast.client(actor), "post", LIST, new_structure(cast))

    assert response.status_code == 403
    assert not Structure.objects.filter(enterprise_number=NEW_NUMBER).exists()


def test_a_coordinator_updates_a_structure_of_their_consortium(cast):
    response = send(
        cast.client("coordinator"),
        "patch",
        detail(cast.member_a.pk),
        {"name": "ASBL Léa", "insolvency": "bankruptcy"},
    )

    assert response.status_code == 200, response.json()
    cast.member_a.refresh_from_db()
    assert (cast.member_a.name, cast.member_a.insolvency) == ("ASBL Léa", "bankruptcy")


@pytest.mark.parametrize("actor, status", [("operational", 403), ("reviewer", 403), ("outsider", 404)])
def test_it_forbids_updates_to_those_who_do_not_manage_the_structure(cast, actor, status):
    response = send(cast.client(actor), "patch", detail(cast.member_a.pk), {"name": "Piraté"})

    assert response.status_code == status
    cast.member_a.refresh_from_db()
    assert cast.member_a.name == "ASBL Membre A"


def test_it_refuses_to_flag_a_member_as_a_hospital(cast):
    response = send(cast.client("coordinator"), "patch", detail(cast.member_a.pk), {"is_hospital": True})

    assert response.status_code == 400
    assert response.json()["code"] == "excluded_member"
    cast.member_a.refresh_from_db()
    assert cast.member_a.is_hospital is False


def test_it_refuses_to_move_a_structure_through_its_own_resource(cast):
    response = send(
        cast.client("admin"), "patch", detail(cast.member_a.pk), {"consortium": cast.consortium_b.pk, "role": "member"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "immutable"
    assert not cast.member_a.memberships.filter(consortium=cast.consortium_b).exists()


def test_it_refuses_to_delete_a_structure_in_use(cast):
    response = cast.client("coordinator").delete(detail(cast.member_a.pk))

    assert response.status_code == 400
    assert response.json()["code"] == "structure_in_use"
    assert Structure.objects.filter(pk=cast.member_a.pk).exists()


def test_an_admin_deletes_a_structure_nobody_uses(cast):
    orphan = StructureFactory()

    assert cast.client("admin").delete(detail(orphan.pk)).status_code == 204
    assert not Structure.objects.filter(pk=orphan.pk).exists()


def _list_queries(client):
    cache.clear()  # the list as built, not as served again from the cache (ols_platform.api_cache)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(queries), response.json()["count"]


@pytest.mark.parametrize("actor", ["coordinator", "admin"])
def test_the_list_costs_the_same_number_of_queries_with_more_structures(cast, actor):
    basins = list(cast.consortium_a.territory.life_basins.all())
    client = cast.client(actor)
    client.get(LIST)  # warm the session and content-type caches

    small, small_count = _list_queries(client)
    for _ in range(15):
        MembershipFactory(consortium=cast.consortium_a).structure.life_basins.set(basins)
    large, large_count = _list_queries(client)

    assert large_count == small_count + 15
    assert large == small


def test_a_structure_shows_its_version_in_its_detail_and_in_the_list(cast):
    client = cast.client("viewer")
    structure_update(actor=None, structure=cast.member_a, data={"name": "Renommée"})

    assert client.get(detail(cast.member_a.pk)).json()["version"] == 2
    rows = client.get(LIST).json()["results"]
    assert {row["id"]: row["version"] for row in rows}[cast.member_a.pk] == 2
    assert all(isinstance(row["version"], int) for row in rows)


@pytest.mark.parametrize("version", ["2", "²", True, 1.5, -1, 2**31])
def test_a_version_that_is_not_a_counter_is_a_400_and_changes_nothing(cast, version):
    client = cast.client("coordinator")

    response = send(client, "patch", detail(cast.member_a.pk), {"name": "Seconde", "version": version})

    assert response.status_code == 400 and "version" in response.json()
    cast.member_a.refresh_from_db()
    assert cast.member_a.name != "Seconde"


def test_a_save_based_on_a_stale_version_is_a_409_and_changes_nothing(cast):
    client = cast.client("coordinator")
    stale = client.get(detail(cast.member_a.pk)).json()["version"]
    assert send(client, "patch", detail(cast.member_a.pk), {"name": "Première"}).status_code == 200

    response = send(client, "patch", detail(cast.member_a.pk), {"name": "Seconde", "version": stale})

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    cast.member_a.refresh_from_db()
    assert cast.member_a.name == "Première"


def test_a_save_with_the_current_version_goes_through_and_returns_the_new_one(cast):
    client = cast.client("coordinator")
    current = client.get(detail(cast.member_a.pk)).json()["version"]

    response = send(client, "patch", detail(cast.member_a.pk), {"name": "Léa", "version": current})

    assert response.status_code == 200, response.json()
    cast.member_a.refresh_from_db()
    assert cast.member_a.name == "Léa"
    assert response.json()["version"] == cast.member_a.version == current + 1


def test_a_save_without_a_version_is_not_checked(cast):
    client = cast.client("coordinator")
    send(client, "patch", detail(cast.member_a.pk), {"name": "Première"})

    response = send(client, "patch", detail(cast.member_a.pk), {"name": "Seconde"})

    assert response.status_code == 200, response.json()
    cast.member_a.refresh_from_db()
    assert cast.member_a.name == "Seconde"
