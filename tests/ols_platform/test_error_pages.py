"""Errors are pages of the platform, in French and in its layout; a refused request is one line in the log."""

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from consortia.models import Structure
from ols_platform.error_pages import server_error_page

pytestmark = pytest.mark.django_db


def test_a_forbidden_page_says_why_in_french_inside_the_layout(cast):
    response = cast.client("viewer").get(reverse("consortia:roles", args=[cast.consortium_a.pk]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Accès refusé" in page and "coordination du consortium" in page
    assert 'class="site-header"' in page and "Retour au tableau de bord" in page
    assert "Forbidden" not in page


def test_an_unknown_page_and_another_consortium_both_get_the_french_404(cast):
    client = cast.client("coordinator")
    for url in ("/nulle-part/", reverse("consortia:detail", args=[cast.consortium_b.pk])):
        response = client.get(url)
        assert response.status_code == 404
        assert "Page introuvable" in response.content.decode()
        assert "Not Found" not in response.content.decode()


def test_a_visitor_who_is_not_logged_in_is_offered_the_login():
    page = Client().get("/nulle-part/").content.decode()
    assert "Page introuvable" in page and "Se connecter" in page


def test_the_server_error_page_needs_neither_the_user_nor_the_database():
    response = server_error_page()
    page = response.content.decode()
    assert response.status_code == 500
    assert "Erreur du serveur" in page and "rechargez la page" in page


def test_an_api_error_stays_json(cast):
    response = cast.client("coordinator").get("/api/v1/nulle-part/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_expired_form_gets_a_french_page_and_changes_nothing(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.users["coordinator"])
    response = client.post(reverse("consortia:structure_create", args=[cast.consortium_a.pk]), {"name": "ASBL X"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Formulaire expiré" in page and "Revenez en arrière" in page
    assert "CSRF verification failed" not in page


def test_a_refusal_is_one_line_in_the_log_without_a_traceback(cast, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        cast.client("viewer").get(reverse("consortia:roles", args=[cast.consortium_a.pk]))
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].exc_info is None and "Forbidden" in records[0].getMessage()
    assert not Structure.objects.filter(name="ASBL X").exists()


def test_every_page_offers_a_skip_link_to_its_content(cast):
    page = cast.client("viewer").get(reverse("dashboard")).content.decode()
    assert '<a class="skip-link" href="#main">' in page and '<main class="container" id="main"' in page
    assert 'rel="icon"' in page


def test_a_new_reviewer_enrols_totp_without_retyping_the_password_and_reads_the_qr_in_words(db):
    from allauth.account.internal.flows.login import record_authentication
    from django.http import HttpRequest

    from tests.factories import UserFactory

    reviewer = UserFactory(aviq_reviewer=True)  # no authenticator yet: sent to the activation page
    client = Client()
    client.force_login(reviewer)
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, reviewer, "password", email=reviewer.email)  # as the login form does
    request.session.save()
    client.get(reverse("dashboard"))  # sent to enrol: the fresh login counts, no second password
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200, response.get("Location")
    page = response.content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page) or re.search(
        r'value="([A-Z2-7]{16,})"', page
    )
    assert "QR code à scanner" in page
    assert secret and f'alt="{secret.group(1)}"' not in page


def test_an_old_login_still_asks_for_the_password_before_enrolling(db):
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY, record_authentication
    from django.http import HttpRequest

    from tests.factories import UserFactory

    reviewer = UserFactory(aviq_reviewer=True)
    client = Client()
    client.force_login(reviewer)
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, reviewer, "password", email=reviewer.email)
    records = request.session[AUTHENTICATION_METHODS_SESSION_KEY]
    request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [{**records[-1], "at": records[-1]["at"] - 3600}]
    request.session.save()
    client.get(reverse("dashboard"))
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
