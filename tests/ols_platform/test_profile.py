import re

import pytest

from ols_platform.models import ActionLog, ApiToken
from ols_platform.tokens import hash_key

pytestmark = pytest.mark.django_db


def shown_key(response) -> str:
    return re.search(r'id="new-token">([0-9a-f]{40})<', response.content.decode()).group(1)


def test_it_creates_an_api_token_and_shows_it_once(cast):
    client = cast.client("accountant")
    response = client.post("/profile/", {"action": "create_token"})
    key = shown_key(response)
    token = ApiToken.objects.get(user=cast.users["accountant"])
    assert token.key_hash == hash_key(key) and token.prefix == key[:8]
    assert key not in client.get("/profile/").content.decode()


def test_it_stores_only_a_hash_of_the_key(cast):
    key = shown_key(cast.client("accountant").post("/profile/", {"action": "create_token"}))
    token = ApiToken.objects.get(user=cast.users["accountant"])
    assert key not in {token.key_hash, token.prefix}
    assert key not in str(list(ActionLog.objects.values()))


def test_it_shows_the_prefix_and_the_creation_and_expiry_dates(cast, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    client = cast.client("accountant")
    client.post("/profile/", {"action": "create_token"})
    token = ApiToken.objects.get(user=cast.users["accountant"])
    page = client.get("/profile/").content.decode()
    assert f"{token.prefix}…" in page
    assert token.created_at.astimezone().strftime("%d/%m/%Y") in page
    assert (token.expires_at - token.created_at).days == 30
    assert f"Expire le</dt><dd>{token.expires_at.astimezone():%d/%m/%Y}" in page.replace("\n", "")


def test_it_renews_the_token(cast):
    client = cast.client("accountant")
    first = shown_key(client.post("/profile/", {"action": "create_token"}))
    second = shown_key(client.post("/profile/", {"action": "create_token"}))
    assert first != second
    assert list(ApiToken.objects.filter(user=cast.users["accountant"]).values_list("prefix", flat=True)) == [second[:8]]


def test_it_revokes_the_token(cast):
    client = cast.client("accountant")
    client.post("/profile/", {"action": "create_token"})
    client.post("/profile/", {"action": "revoke_token"})
    assert not ApiToken.objects.filter(user=cast.users["accountant"]).exists()


def test_it_lists_the_users_own_security_events(cast):
    client = cast.client("accountant")
    client.post("/profile/", {"action": "create_token"})
    client.post("/profile/", {"action": "revoke_token"})
    page = client.get("/profile/").content.decode()
    assert "Jeton d&#x27;API créé" in page and "Jeton d&#x27;API révoqué" in page
    assert "révoqué depuis le profil" in page
    assert "Rôle donné" in page and "Comptable" in page  # the cast's own role grant


def test_it_rejects_other_methods_on_the_profile(cast):
    assert cast.client("accountant").put("/profile/").status_code == 405


def test_healthz_answers_without_login(db):
    from django.test import Client

    assert Client().get("/healthz").json() == {"status": "ok"}
