"""The session's user is read from the cache, and every change to a user is seen on the very next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortia.models import User

pytestmark = pytest.mark.django_db

PROFILE = reverse("profile")


def user_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("dashboard"))
    return sum('FROM "consortia_user"' in q["sql"] for q in queries.captured_queries)


def test_the_user_is_read_from_the_database_once_then_from_the_cache(cast):
    client = cast.client("coordinator")
    client.get(reverse("dashboard"))
    assert user_queries(client) == 0


def test_a_deactivated_user_is_logged_out_on_the_next_request(cast):
    client = cast.client("coordinator")
    assert client.get(PROFILE).status_code == 200
    user = User.objects.get(pk=cast.users["coordinator"].pk)
    user.is_active = False
    user.save()
    assert client.get(PROFILE).status_code == 302


def test_a_new_password_ends_the_other_sessions(cast):
    client = cast.client("coordinator")
    assert client.get(PROFILE).status_code == 200
    user = User.objects.get(pk=cast.users["coordinator"].pk)
    user.set_password("un-tout-autre-mot-de-passe-2026")
    user.save()
    assert client.get(PROFILE).status_code == 302


def test_a_deleted_user_is_logged_out(cast):
    client = cast.client("viewer")
    assert client.get(PROFILE).status_code == 200
    User.objects.get(pk=cast.users["viewer"].pk).delete()
    assert client.get(PROFILE).status_code == 302


def test_a_renamed_user_sees_the_new_name_at_once(cast):
    client = cast.client("coordinator")
    client.get(PROFILE)
    user = User.objects.get(pk=cast.users["coordinator"].pk)
    user.first_name = "Prénom-Changé"
    user.save(update_fields=["first_name"])
    assert client.get(PROFILE).wsgi_request.user.first_name == "Prénom-Changé"
