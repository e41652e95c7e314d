import re

import pytest
from django.core import mail
from django.test import Client

from consortia.models import User
from consortia.services.roles import invite_to_consortium
from consortia.services.users import user_invite
from tests.factories import UserFactory, enrol_totp

pytestmark = pytest.mark.django_db


def test_it_logs_a_user_in_with_email_and_password():
    UserFactory(email="ana@example.test")
    client = Client()
    response = client.post("/accounts/login/", {"login": "ana@example.test", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_rejects_a_wrong_password_with_a_message():
    UserFactory(email="ana@example.test")
    client = Client()
    response = client.post("/accounts/login/", {"login": "ana@example.test", "password": "wrong"})
    assert response.status_code == 200
    assert "incorrect" in response.content.decode().lower()
    assert client.get("/").status_code == 302


def test_it_sends_anonymous_visitors_to_the_login_page():
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_has_no_public_signup():
    client = Client()
    response = client.post(
        "/accounts/signup/", {"email": "new@example.test", "password1": "Xy9!long-pass", "password2": "Xy9!long-pass"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.test").exists()


def _link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def test_an_invited_person_chooses_a_password_and_logs_in(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite_to_consortium(
            actor=cast.users["coordinator"],
            consortium=cast.consortium_a,
            email="New.Person@Example.test",
            role="viewer",
        )
    user = User.objects.get(email="new.person@example.test")
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    assert "OLS A" in mail.outbox[0].subject
    link = _link_in(mail.outbox[0])

    client = Client()
    page = client.get(link.replace("http://127.0.0.1:8000", ""), follow=True)
    assert page.status_code == 200
    assert "<title>Choisir votre mot de passe" in page.content.decode()
    assert "<h1>Choisir votre mot de passe</h1>" in page.content.decode()
    assert "Modifier le mot de passe" not in page.content.decode()
    response = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link,
        {"password1": "Une-phrase-solide-2026", "password2": "Une-phrase-solide-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.has_usable_password()
    assert client.login(email="new.person@example.test", password="Une-phrase-solide-2026")
    assert "OLS A" in client.get("/").content.decode()


def test_a_password_reset_link_keeps_the_change_password_title():
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str
    from django.urls import reverse

    user = UserFactory(email="ana@example.test")
    assert user.has_usable_password()
    link = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    page = Client().get(link, follow=True)
    assert page.status_code == 200
    assert "<h1>Modifier le mot de passe</h1>" in page.content.decode()
    assert "Choisir votre mot de passe" not in page.content.decode()


def test_it_refuses_to_invite_the_same_email_twice(cast):
    from ols_platform.errors import DomainError

    user_invite(actor=cast.users["admin"], email="twice@example.test")
    with pytest.raises(DomainError) as exc:
        user_invite(actor=cast.users["admin"], email="TWICE@example.test")
    assert exc.value.code == "duplicate_email"
    assert User.objects.filter(email__iexact="twice@example.test").count() == 1


def test_password_reset_sends_an_email():
    UserFactory(email="ana@example.test")
    response = Client().post("/accounts/password/reset/", {"email": "ana@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "ana@example.test" in mail.outbox[0].to


def test_it_sends_an_aviq_reviewer_without_totp_to_enrolment():
    reviewer = UserFactory(aviq_reviewer=True)
    client = Client()
    client.force_login(reviewer)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_it_sends_a_platform_admin_without_totp_to_enrolment():
    admin = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/")["Location"].startswith("/accounts/2fa/totp/activate/")


def test_it_lets_an_enrolled_reviewer_see_every_consortium(cast):
    response = cast.client("reviewer").get("/")
    body = response.content.decode()
    assert "OLS A" in body and "OLS B" in body


def test_it_shows_a_member_only_their_consortia(cast):
    body = cast.client("viewer").get("/").content.decode()
    assert "OLS A" in body
    assert "OLS B" not in body


def test_a_member_without_a_role_sees_an_empty_dashboard_message():
    client = Client()
    client.force_login(enrol_totp(UserFactory()))
    assert "aucun consortium" in client.get("/").content.decode()


def test_the_interface_switches_to_english(cast):
    client = cast.client("viewer")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()


def test_the_totp_check_costs_a_query_once_per_session_not_once_per_page(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = cast.client("reviewer")
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q for q in queries.captured_queries if "mfa_authenticator" in q["sql"]]


def test_removing_the_totp_sends_the_reviewer_back_to_enrolment(cast):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.signals import authenticator_removed
    from django.test import RequestFactory

    client = cast.client("reviewer")
    assert client.get("/").status_code == 200
    authenticator = Authenticator.objects.get(user=cast.users["reviewer"], type=Authenticator.Type.TOTP)
    authenticator.delete()
    request = RequestFactory().get("/")
    request.session = client.session
    authenticator_removed.send(
        sender=Authenticator, request=request, user=cast.users["reviewer"], authenticator=authenticator
    )
    request.session.save()

    assert client.get("/")["Location"].startswith("/accounts/2fa/totp/activate/")
