"""Every e-mail links to the site where it is served: `SITE_URL` when it is set; in development (DEBUG, no
SITE_URL) the host of the request that triggered the mail."""

import re

import pytest
from allauth.core import context as allauth_context
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse

from budget import services as budget_services
from budget.notices import budget_notice
from consortia.services.users import user_invite
from ols_platform.site_links import DEFAULT_SITE_URL, absolute_url, base_url, rebase

from ..budget.conftest import add_line
from ..factories import UserFactory

SITE = "https://ols.example.be"
DEV_HOST = "dev.local:8123"


def _links(message) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", message.body)


def _all_on(base: str) -> None:
    links = [link for message in mail.outbox for link in _links(message)]
    assert links, [m.body for m in mail.outbox]
    assert all(link.startswith(base + "/") for link in links), links


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE
    settings.DEBUG = False


@pytest.fixture
def dev_mode(settings):
    settings.SITE_URL = ""
    settings.DEBUG = True
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "dev.local"]


def _invite_from_the_team_page(cast, **extra):
    return cast.client("coordinator").post(
        reverse("consortia:roles", kwargs={"consortium_id": cast.consortium_a.pk}),
        {"email": "claire@exemple.be", "first_name": "Claire", "last_name": "Martin", "role": "operational"},
        **extra,
    )


# --- SITE_URL set: every mail links there, whatever host the request came by -------------------------------


def test_an_invitation_links_to_site_url(cast, site_url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert _invite_from_the_team_page(cast, HTTP_HOST="testserver").status_code == 302
    assert len(mail.outbox) == 1
    _all_on(SITE)
    assert f"{SITE}/accounts/password/reset/key/" in mail.outbox[0].body


def test_a_role_notice_links_to_site_url(cast, site_url, django_capture_on_commit_callbacks):
    UserFactory(email="deja@exemple.be")
    with django_capture_on_commit_callbacks(execute=True):
        cast.client("coordinator").post(
            reverse("consortia:roles", kwargs={"consortium_id": cast.consortium_a.pk}),
            {"email": "deja@exemple.be", "role": "viewer"},
        )
    assert len(mail.outbox) == 1
    _all_on(SITE)


def test_budget_notices_link_to_site_url(cast, site_url, django_capture_on_commit_callbacks):
    add_line(cast, "80000")
    budget = add_line(cast, "20000", category="operating").budget
    with django_capture_on_commit_callbacks(execute=True):
        budget_services.budget_submit(actor=cast.users["coordinator"], budget=budget)
    with django_capture_on_commit_callbacks(execute=True):
        budget_services.budget_request_changes(actor=cast.users["reviewer"], budget=budget, comment="Détaillez.")
    assert len(mail.outbox) >= 2
    _all_on(SITE)
    assert f"{SITE}{reverse('budget:overview', args=[cast.consortium_a.pk])}" in mail.outbox[-1].body


def test_a_password_reset_links_to_site_url(db, site_url):
    UserFactory(email="ana@example.test")
    response = Client().post("/accounts/password/reset/", {"email": "ana@example.test"}, HTTP_HOST="testserver")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    _all_on(SITE)
    assert f"{SITE}/accounts/password/reset/key/" in mail.outbox[0].body
    assert "testserver" not in mail.outbox[0].body


def test_an_invitation_sent_by_the_admin_outside_a_request_links_to_site_url(
    cast, site_url, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user_invite(actor=cast.users["admin"], email="hors-requete@exemple.be")
    _all_on(SITE)


# --- development: the host of the request that triggered the mail ------------------------------------------


def test_in_development_an_invitation_links_to_the_request_host(cast, dev_mode, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert _invite_from_the_team_page(cast, HTTP_HOST=DEV_HOST).status_code == 302
    _all_on(f"http://{DEV_HOST}")


def test_in_development_a_password_reset_links_to_the_request_host(db, dev_mode):
    UserFactory(email="ana@example.test")
    Client().post("/accounts/password/reset/", {"email": "ana@example.test"}, HTTP_HOST=DEV_HOST)
    assert len(mail.outbox) == 1
    _all_on(f"http://{DEV_HOST}")


def test_in_development_a_budget_notice_carries_the_host_of_the_request_that_queued_it(
    cast, dev_mode, django_capture_on_commit_callbacks
):
    budget = add_line(cast, "80000").budget
    request = RequestFactory().post("/", HTTP_HOST=DEV_HOST)
    with django_capture_on_commit_callbacks(execute=True), allauth_context.request_context(request):
        budget_notice(budget, "submitted")
    assert len(mail.outbox) == 1
    _all_on(f"http://{DEV_HOST}")


# --- the helper ---------------------------------------------------------------------------------------------


def test_site_url_wins_over_the_request_even_in_development(settings):
    settings.SITE_URL, settings.DEBUG = SITE + "/", True
    assert base_url(RequestFactory().get("/", HTTP_HOST="testserver")) == SITE
    assert absolute_url("/a/b/") == f"{SITE}/a/b/"


def test_without_site_url_nor_debug_the_request_host_is_not_trusted(settings):
    settings.SITE_URL, settings.DEBUG = "", False
    assert base_url(RequestFactory().get("/", HTTP_HOST="testserver")) == DEFAULT_SITE_URL


def test_rebase_keeps_the_path_and_query():
    assert rebase("http://testserver/accounts/x/?next=/a/", SITE) == f"{SITE}/accounts/x/?next=/a/"
    assert rebase("/accounts/x/", SITE) == f"{SITE}/accounts/x/"
