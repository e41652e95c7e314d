import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_it_creates_an_api_token_and_shows_it_once(cast):
    client = cast.client("accountant")
    response = client.post("/profile/", {"action": "create_token"}, follow=True)
    token = Token.objects.get(user=cast.users["accountant"])
    assert token.key in response.content.decode()
    assert token.key not in client.get("/profile/").content.decode()


def test_it_replaces_the_previous_token(cast):
    client = cast.client("accountant")
    client.post("/profile/", {"action": "create_token"})
    first = Token.objects.get(user=cast.users["accountant"]).key
    client.post("/profile/", {"action": "create_token"})
    assert Token.objects.get(user=cast.users["accountant"]).key != first


def test_it_revokes_the_token(cast):
    client = cast.client("accountant")
    client.post("/profile/", {"action": "create_token"})
    client.post("/profile/", {"action": "revoke_token"})
    assert not Token.objects.filter(user=cast.users["accountant"]).exists()


def test_it_rejects_other_methods_on_the_profile(cast):
    assert cast.client("accountant").put("/profile/").status_code == 405


def test_healthz_answers_without_login(db):
    from django.test import Client

    assert Client().get("/healthz").json() == {"status": "ok"}
