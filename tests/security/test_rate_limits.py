"""Hole 10: rate limits key on the real client behind the proxy, cannot lock an owner out from elsewhere, and
the API throttles (per user, per anonymous address) answer 429 in French."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from ols_platform.audit import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
PROXY = "10.0.0.2"


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "login_failed_account": "50/15m/key"}
    cache.clear()
    yield settings
    cache.clear()


def _client_at(address: str, claimed: str = "") -> Client:
    forwarded = f"{claimed}, {address}" if claimed else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def _logs_in(client: Client, email: str, password: str = PASSWORD) -> bool:
    client.post("/accounts/login/", {"login": email, "password": password})
    return "_auth_user_id" in client.session


def test_two_clients_behind_the_proxy_are_limited_separately(behind_one_proxy):
    UserFactory(email="owner@ols.test")
    attacker = _client_at("203.0.113.5")
    for attempt in range(10):
        assert not _logs_in(attacker, f"someone{attempt}@ols.test", "wrong")
    assert not _logs_in(attacker, "owner@ols.test")  # the attacker's address is blocked, even with the password
    assert _logs_in(_client_at("198.51.100.7"), "owner@ols.test")


def test_a_client_cannot_escape_its_limit_by_claiming_other_addresses(behind_one_proxy):
    UserFactory(email="owner@ols.test")
    for attempt in range(10):
        _logs_in(_client_at("203.0.113.5", claimed=f"192.0.2.{attempt}"), f"x{attempt}@ols.test", "wrong")
    assert not _logs_in(_client_at("203.0.113.5", claimed="192.0.2.200"), "owner@ols.test")


def test_failures_from_an_attackers_address_do_not_lock_the_owner_out(behind_one_proxy):
    UserFactory(email="owner@ols.test")
    attacker = _client_at("203.0.113.5")
    for _attempt in range(6):
        assert not _logs_in(attacker, "owner@ols.test", "wrong")
    assert not _logs_in(attacker, "owner@ols.test")  # five per account from one address
    assert _logs_in(_client_at("198.51.100.7"), "owner@ols.test")


def test_failures_spread_over_many_addresses_lock_the_account_at_the_generous_cap(behind_one_proxy):
    behind_one_proxy.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "login_failed_account": "3/15m/key"}
    UserFactory(email="owner@ols.test")
    for attempt in range(3):
        assert not _logs_in(_client_at(f"203.0.113.{attempt + 1}"), "owner@ols.test", "wrong")
    assert not _logs_in(_client_at("198.51.100.7"), "owner@ols.test")


def test_a_correct_login_does_not_count_against_the_account(behind_one_proxy):
    behind_one_proxy.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "login_failed_account": "2/15m/key"}
    UserFactory(email="owner@ols.test")
    for attempt in range(3):
        assert _logs_in(_client_at(f"198.51.100.{attempt + 1}"), "owner@ols.test")


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.5", PROXY),  # no trusted proxy: the header is the client's word only
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "192.0.2.1, 203.0.113.5", "203.0.113.5"),
        (2, "192.0.2.1, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "203.0.113.5", PROXY),  # fewer entries than proxies: not through them all
        (1, "not-an-address", PROXY),
    ],
)
def test_the_action_log_and_the_limits_read_the_same_client_address(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


class _Open(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        return Response({"ok": True})


@pytest.fixture
def low_api_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "3/minute", "anon": "2/minute"},
    }
    cache.clear()
    yield
    cache.clear()


def test_the_anonymous_api_throttle_answers_429_in_french(low_api_rates):
    view = _Open.as_view()
    factory = APIRequestFactory()
    assert [view(factory.get("/api/open/")).status_code for _ in range(2)] == [200, 200]
    response = view(factory.get("/api/open/"))
    assert response.status_code == 429
    assert response.data["code"] == "throttled"
    assert response.data["detail"].startswith("Trop de requêtes : réessayez dans ")
    assert 1 <= response.data["wait"] <= 60
    assert response["Retry-After"] == str(response.data["wait"])
    assert view(factory.get("/api/open/", REMOTE_ADDR="198.51.100.7")).status_code == 200  # another client


def test_the_user_api_throttle_answers_429_in_french(cast, low_api_rates):
    client = cast.client("coordinator")
    statuses = [client.get("/api/v1/consortia/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    body = client.get("/api/v1/consortia/").json()
    assert body["code"] == "throttled" and "réessayez dans" in body["detail"]


def test_allauths_own_429_page_is_in_french(settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "1/m/ip"}
    cache.clear()
    client = Client()
    client.post("/accounts/password/reset/", {"email": "nobody@ols.test"})
    response = client.post("/accounts/password/reset/", {"email": "nobody@ols.test"})
    cache.clear()
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
