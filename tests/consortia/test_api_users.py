"""/api/v1/users/: admins manage accounts (creating one sends the invitation); everyone else sees only themselves."""

import pytest
from django.core import mail
from django.urls import reverse

from consortia.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("user-list")


def detail(user):
    return reverse("user-detail", kwargs={"pk": user.pk})


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def test_it_lists_only_themselves_to_a_member(cast):
    response = cast.client("operational").get(LIST)

    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["results"] == [
        {
            "id": cast.users["operational"].pk,
            "email": "operational@a.test",
            "first_name": cast.users["operational"].first_name,
            "last_name": "Test",
            "global_role": None,
        }
    ]


def test_it_lists_every_account_to_an_admin_with_their_global_roles(cast):
    response = cast.client("admin").get(LIST)

    body = response.json()
    assert body["count"] == User.objects.count()
    roles = {row["email"]: row["global_role"] for row in body["results"]}
    assert roles["admin@ols.test"] == "platform_admin"
    assert roles["reviewer@aviq.test"] == "aviq_reviewer"
    assert roles["viewer@a.test"] is None


def test_it_hides_other_accounts_from_a_reviewer(cast):
    assert cast.client("reviewer").get(detail(cast.users["coordinator"])).status_code == 404
    assert cast.client("reviewer").get(detail(cast.users["reviewer"])).status_code == 200


def test_an_admin_creates_an_aviq_reviewer_and_the_invitation_is_sent(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            cast.client("admin"),
            LIST,
            {
                "email": "Nouvelle@AVIQ.test",
                "first_name": "Nora",
                "last_name": "Lenoir",
                "global_role": "aviq_reviewer",
            },
        )

    assert response.status_code == 201, response.json()
    created = User.objects.get(pk=response.json()["id"])
    assert created.email == "nouvelle@aviq.test"
    assert created.aviq_reviewer and not created.is_superuser
    assert not created.has_usable_password()
    assert response.json()["global_role"] == "aviq_reviewer"
    assert [m.to for m in mail.outbox] == [["nouvelle@aviq.test"]]


def test_it_refuses_to_create_a_platform_admin_through_the_api(cast):
    response = post(cast.client("admin"), LIST, {"email": "boss@ols.test", "global_role": "platform_admin"})

    assert response.status_code == 400
    assert response.json()["code"] == "platform_admin_role"
    assert "createsuperuser" in response.json()["global_role"][0]
    assert not User.objects.filter(email="boss@ols.test").exists()


def test_it_refuses_a_second_account_for_the_same_address(cast):
    response = post(cast.client("admin"), LIST, {"email": "VIEWER@a.test"})

    assert response.status_code == 400
    assert response.json()["code"] == "duplicate_email"
    assert response.json()["email"]
    assert User.objects.filter(email__iexact="viewer@a.test").count() == 1


@pytest.mark.parametrize(
    "data, field",
    [
        ({"email": "pas-une-adresse"}, "email"),
        ({"email": "x" * 300 + "@ols.test"}, "email"),
        ({"email": "ok@ols.test", "first_name": "x" * 151}, "first_name"),
        ({"email": "ok@ols.test", "global_role": "chef"}, "global_role"),
        ({"email": ["ok@ols.test"]}, "email"),
        ({}, "email"),
    ],
)
def test_it_rejects_bad_input_with_a_field_error_and_creates_nothing(
    cast, data, field, django_capture_on_commit_callbacks
):
    before = User.objects.count()
    client = cast.client("admin")  # logging in saves the user (last login): not part of what is checked

    with django_capture_on_commit_callbacks() as invitations:
        response = post(client, LIST, data)

    assert response.status_code == 400
    assert field in response.json() and response.json()["code"]
    assert User.objects.count() == before
    assert invitations == []


def test_it_forbids_members_and_reviewers_to_create_accounts(cast):
    for actor in ("coordinator", "reviewer"):
        response = post(cast.client(actor), LIST, {"email": f"new-{actor}@ols.test"})
        assert response.status_code == 403
        assert "administrateur" in response.json()["detail"]
    assert not User.objects.filter(email__startswith="new-").exists()


def test_an_admin_renames_a_person_and_makes_them_aviq_reviewer(cast):
    viewer = UserFactory(email="vera@aviq.test")  # no consortium role: see tests/security/test_separation_of_duties.py

    response = patch(
        cast.client("admin"),
        detail(viewer),
        {"first_name": "Véra", "last_name": "Lecteur", "global_role": "aviq_reviewer"},
    )

    assert response.status_code == 200, response.json()
    viewer.refresh_from_db()
    assert (viewer.first_name, viewer.last_name, viewer.aviq_reviewer) == ("Véra", "Lecteur", True)


def test_it_refuses_to_change_an_email_or_the_platform_admin_role(cast):
    client = cast.client("admin")

    email = patch(client, detail(cast.users["viewer"]), {"email": "autre@a.test"})
    promote = patch(client, detail(cast.users["viewer"]), {"global_role": "platform_admin"})
    demote = patch(client, detail(cast.users["admin"]), {"global_role": None})

    assert (email.status_code, email.json()["code"]) == (400, "immutable")
    assert (promote.status_code, promote.json()["code"]) == (400, "platform_admin_role")
    assert (demote.status_code, demote.json()["code"]) == (400, "platform_admin_role")
    assert User.objects.get(email="viewer@a.test").is_superuser is False
    assert User.objects.get(email="admin@ols.test").is_superuser is True


def test_a_member_cannot_change_their_own_account_through_the_api(cast):
    response = patch(cast.client("viewer"), detail(cast.users["viewer"]), {"first_name": "Moi"})

    assert response.status_code == 403
    cast.users["viewer"].refresh_from_db()
    assert cast.users["viewer"].first_name != "Moi"


def test_it_does_not_delete_accounts(cast):
    response = cast.client("admin").delete(detail(cast.users["viewer"]))

    assert response.status_code == 405
    assert User.objects.filter(pk=cast.users["viewer"].pk).exists()
