"""Hole 1: the Django admin opens only to a session that passed the allauth login with its second factor."""

import pytest
from django.core.cache import cache
from django.test import Client

from ols_platform.models import ActionLog
from tests.factories import UserFactory, enrol_totp, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def superuser():
    return enrol_totp(UserFactory(email="root@ols.test", is_superuser=True, is_staff=True))


@pytest.fixture
def rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    cache.clear()
    yield
    cache.clear()


def _log_in_with_password_and_totp(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(user)})
    assert response.status_code == 302
    return response


def test_it_gives_no_admin_access_to_the_admin_login_form_with_the_right_password(superuser):
    client = Client()
    response = client.post("/admin/login/", {"username": superuser.email, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_it_never_shows_the_admin_password_form(superuser):
    response = Client().get("/admin/login/?next=/admin/consortia/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fconsortia%2Fuser%2F"


def test_twenty_wrong_passwords_on_the_admin_login_do_not_bypass_the_lockout(superuser, rate_limits):
    client = Client()
    for attempt in range(20):
        response = client.post("/admin/login/", {"username": superuser.email, "password": f"wrong-{attempt}"})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    # The allauth login, the only way in, counts its own failures and locks after five.
    for attempt in range(5):
        client.post("/accounts/login/", {"login": superuser.email, "password": f"wrong-{attempt}"})
    refused = client.post("/accounts/login/", {"login": superuser.email, "password": PASSWORD})
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_superuser_who_gave_password_and_totp_reaches_the_admin(superuser):
    client = Client()
    _log_in_with_password_and_totp(client, superuser)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/consortia/user/").status_code == 200
    entries = ActionLog.objects.filter(action="admin.login")
    assert [(entry.actor_id, entry.ip_address) for entry in entries] == [(superuser.pk, "127.0.0.1")]


def test_a_superuser_logged_in_by_password_alone_must_give_the_authenticator_code(superuser):
    client = Client()
    client.force_login(superuser)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2F"
    response = client.post("/accounts/2fa/reauthenticate/?next=/admin/", {"code": totp_code(superuser)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_superuser_without_an_authenticator_is_sent_to_enrolment():
    admin = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_it_refuses_the_admin_to_a_member_without_staff_rights():
    member = UserFactory()
    client = Client()
    client.force_login(member)
    assert client.get("/admin/", follow=True).status_code == 403
