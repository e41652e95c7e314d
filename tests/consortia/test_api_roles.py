"""/api/v1/consortia/{id}/roles/: who does what in a consortium; given and withdrawn by its coordinators and admins."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortia.models import ConsortiumRole, User
from consortia.permissions import consortium_access
from consortia.services.roles import role_grant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def roles(consortium):
    return reverse("consortium-role-list", kwargs={"consortium_id": consortium.pk})


def role(grant):
    return reverse("consortium-role-detail", kwargs={"consortium_id": grant.consortium_id, "pk": grant.pk})


def grant_of(cast, actor, consortium=None):
    return cast.users[actor].consortium_roles.get(consortium=consortium or cast.consortium_a)


def send(client, method, url, data):
    return getattr(client, method)(url, data, content_type="application/json")


def test_a_member_reads_every_role_of_their_consortium(cast):
    response = cast.client("viewer").get(roles(cast.consortium_a))

    assert response.status_code == 200
    rows = {row["user"]: row for row in response.json()["results"]}
    assert set(rows) == {
        f"{r}@a.test"
        for r in ("coordinator", "operational", "accountant", "governance", "structure_reporter", "viewer")
    }
    assert rows["structure_reporter@a.test"]["structure"] == cast.member_a.pk
    assert rows["coordinator@a.test"] == {
        "id": grant_of(cast, "coordinator").pk,
        "user": "coordinator@a.test",
        "role": "coordinator",
        "structure": None,
    }


def test_a_role_of_another_consortium_is_404_under_this_one(cast):
    foreign = grant_of(cast, "outsider", cast.consortium_b)
    url = reverse("consortium-role-detail", kwargs={"consortium_id": cast.consortium_a.pk, "pk": foreign.pk})

    assert cast.client("coordinator").get(url).status_code == 404
    assert cast.client("coordinator").delete(url).status_code == 404
    assert ConsortiumRole.objects.filter(pk=foreign.pk).exists()


def test_a_coordinator_invites_a_new_person_who_gets_an_account_and_an_email(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(
            cast.client("coordinator"),
            "post",
            roles(cast.consortium_a),
            {"user": "Nouveau@Exemple.be", "role": "accountant", "first_name": "Noé", "last_name": "Compta"},
        )

    assert response.status_code == 201, response.json()
    assert response.json()["user"] == "nouveau@exemple.be"
    user = User.objects.get(email="nouveau@exemple.be")
    assert (user.first_name, user.last_name) == ("Noé", "Compta")
    assert consortium_access(user, cast.consortium_a.pk).can_edit_budget
    assert [m.to for m in mail.outbox] == [["nouveau@exemple.be"]]


def test_an_admin_makes_an_existing_person_reporter_for_a_structure_of_the_consortium(cast):
    response = send(
        cast.client("admin"),
        "post",
        roles(cast.consortium_a),
        {"user": "viewer@a.test", "role": "structure_reporter", "structure": cast.lead_a.pk},
    )

    assert response.status_code == 201, response.json()
    grant = ConsortiumRole.objects.get(pk=response.json()["id"])
    assert (grant.user, grant.role, grant.structure) == (cast.users["viewer"], "structure_reporter", cast.lead_a)


@pytest.mark.parametrize(
    "actor, data, field, code",
    [
        ("coordinator", {"user": "viewer@a.test", "role": "viewer"}, "role", "duplicate_role"),
        ("coordinator", {"user": "new@a.test", "role": "structure_reporter"}, "structure", "reporter_needs_structure"),
        # B's structure is unknown to A's coordinator; to the admin it is known but not in the consortium.
        (
            "coordinator",
            {"user": "new@a.test", "role": "structure_reporter", "structure": "lead_b"},
            "structure",
            "does_not_exist",
        ),
        (
            "admin",
            {"user": "new@a.test", "role": "structure_reporter", "structure": "lead_b"},
            "structure",
            "reporter_needs_structure",
        ),
        (
            "coordinator",
            {"user": "new@a.test", "role": "structure_reporter", "structure": 987_654},
            "structure",
            "does_not_exist",
        ),
        ("coordinator", {"user": "new@a.test", "role": "chef"}, "role", "invalid_choice"),
        ("coordinator", {"user": "pas une adresse", "role": "viewer"}, "user", "invalid"),
        ("coordinator", {"user": "x" * 300 + "@a.test", "role": "viewer"}, "user", "max_length"),
        ("coordinator", {"user": "new@a.test", "role": "viewer", "first_name": "x" * 151}, "first_name", "max_length"),
        ("coordinator", {"role": "viewer"}, "user", "required"),
    ],
)
def test_it_rejects_a_bad_grant_with_the_rule_code_and_changes_nothing(cast, actor, data, field, code):
    data = {k: cast.lead_b.pk if v == "lead_b" else v for k, v in data.items()}
    before = ConsortiumRole.objects.count()

    response = send(cast.client(actor), "post", roles(cast.consortium_a), data)

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()[field]
    assert ConsortiumRole.objects.count() == before
    assert not User.objects.filter(email="new@a.test").exists()


@pytest.mark.parametrize("actor", ["operational", "accountant", "viewer", "reviewer"])
def test_only_coordinators_and_admins_give_or_withdraw_roles(cast, actor):
    client = cast.client(actor)

    created = send(client, "post", roles(cast.consortium_a), {"user": "new@a.test", "role": "viewer"})
    deleted = client.delete(role(grant_of(cast, "viewer")))

    assert (created.status_code, deleted.status_code) == (403, 403)
    assert not User.objects.filter(email="new@a.test").exists()
    assert ConsortiumRole.objects.filter(pk=grant_of(cast, "viewer").pk).exists()


def test_an_outsider_cannot_give_roles_in_another_consortium(cast):
    response = send(cast.client("outsider"), "post", roles(cast.consortium_a), {"user": "new@a.test", "role": "viewer"})

    assert response.status_code == 404
    assert not User.objects.filter(email="new@a.test").exists()


def test_a_coordinator_withdraws_a_role_and_the_access_goes_with_it(cast):
    viewer = cast.users["viewer"]

    response = cast.client("coordinator").delete(role(grant_of(cast, "viewer")))

    assert response.status_code == 204
    assert not viewer.consortium_roles.exists()
    assert cast.client("viewer").get(roles(cast.consortium_a)).status_code == 404


def test_the_last_coordinator_cannot_withdraw_their_own_role(cast):
    response = cast.client("coordinator").delete(role(grant_of(cast, "coordinator")))

    assert response.status_code == 400
    assert response.json()["code"] == "last_coordinator"
    assert cast.users["coordinator"].consortium_roles.filter(role="coordinator").exists()


def test_a_role_is_not_edited_in_place(cast):
    response = send(cast.client("admin"), "patch", role(grant_of(cast, "viewer")), {"role": "coordinator"})

    assert response.status_code == 405
    assert grant_of(cast, "viewer").role == "viewer"


def test_the_list_costs_the_same_number_of_queries_with_more_roles(cast):
    client = cast.client("governance")
    client.get(roles(cast.consortium_a))

    def count():
        cache.clear()  # the list as built, not as served again from the cache (ols_platform.api_cache)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(roles(cast.consortium_a))
        return len(queries), response.json()["count"]

    small, small_rows = count()
    for _ in range(8):
        role_grant(
            actor=None,
            consortium=cast.consortium_a,
            user=UserFactory(),
            role="structure_reporter",
            structure=cast.lead_a,
        )
    large, large_rows = count()

    assert large_rows == small_rows + 8
    assert large == small


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_invitations_of_a_new_address_make_one_account_and_one_role():
    from tests.conftest import build_cast
    from tests.consortia.test_api_memberships import race

    cast = build_cast()
    url = roles(cast.consortium_a)
    clients = [cast.client("coordinator"), cast.client("admin")]

    responses = race(*(lambda c=c: send(c, "post", url, {"user": "neuve@a.test", "role": "viewer"}) for c in clients))

    assert sorted(r.status_code for r in responses) == [201, 400], [r.content for r in responses]
    assert User.objects.filter(email="neuve@a.test").count() == 1
    assert ConsortiumRole.objects.filter(user__email="neuve@a.test", consortium=cast.consortium_a).count() == 1
