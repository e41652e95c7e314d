"""Hole 5: an invited AVIQ reviewer (and the demo and createsuperuser staff) can enrol their authenticator.

allauth refuses TOTP enrolment while an account has an unverified address; the invitation link is the proof that
the person reads that mailbox, so choosing a password from it verifies the address.
"""

import io
import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core import mail
from django.core.management import call_command
from django.test import Client

from consortia.models import User
from consortia.services.users import user_invite
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Une-phrase-solide-2026"


def _accept_invitation(link: str) -> Client:
    client = Client()
    page = client.get(link.replace("http://127.0.0.1:8000", ""), follow=True)
    assert page.status_code == 200
    response = client.post(page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    return client


def _enrol_totp(client: Client, user: User):
    """Log in, follow the MFA gate straight to enrolment (the password just typed counts: allauth's re-authentication
    is not asked for again), confirm with a code."""
    response = client.post("/accounts/login/", {"login": user.email, "password": NEW_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/totp/activate/"), response.redirect_chain
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
    return client.post("/accounts/2fa/totp/activate/", {"code": code})


def test_an_invited_reviewer_sets_a_password_logs_in_and_activates_totp(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reviewer = user_invite(actor=cast.users["admin"], email="Nouvelle@AVIQ.test", aviq_reviewer=True)
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)

    client = _accept_invitation(link)

    address = EmailAddress.objects.get(user=reviewer)
    assert (address.email, address.verified, address.primary) == ("nouvelle@aviq.test", True, True)
    response = _enrol_totp(client, reviewer)
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=reviewer, type=Authenticator.Type.TOTP).exists()
    assert client.get("/").status_code == 200


def test_a_password_reset_link_also_proves_the_address():
    user = UserFactory(email="ana@aviq.test", aviq_reviewer=True)
    EmailAddress.objects.create(user=user, email="ana@aviq.test", verified=False, primary=True)
    Client().post("/accounts/password/reset/", {"email": "ana@aviq.test"})
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    _accept_invitation(link)
    assert EmailAddress.objects.get(user=user).verified


def test_the_demo_staff_can_enrol(settings):
    settings.DEMO_PASSWORD = NEW_PASSWORD
    settings.DEBUG = True  # demo passwords are for development only
    call_command("load_demo", stdout=io.StringIO())
    for user in User.objects.filter(aviq_reviewer=True) | User.objects.filter(is_superuser=True):
        assert list(EmailAddress.objects.filter(user=user).values_list("verified", "primary")) == [(True, True)]
        response = _enrol_totp(Client(), user)
        assert response.status_code == 302, response.content.decode()[:2000]


def test_a_superuser_made_by_createsuperuser_can_enrol(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "root@ols.example")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", NEW_PASSWORD)
    call_command("createsuperuser", "--noinput", stdout=io.StringIO())
    admin = User.objects.get(email="root@ols.example")
    assert _enrol_totp(Client(), admin).status_code == 302
    assert Authenticator.objects.filter(user=admin).exists()


def test_a_reviewer_with_an_unconfirmed_address_is_told_how_to_confirm_it():
    reviewer = UserFactory(email="ana@aviq.test", aviq_reviewer=True)
    EmailAddress.objects.create(user=reviewer, email="ana@aviq.test", verified=False, primary=True)
    client = Client()
    client.force_login(reviewer)
    page = client.get("/", follow=True)
    assert page.redirect_chain[-1][0] == "/accounts/2fa/"
    assert "Mot de passe oublié ?" in page.content.decode()
