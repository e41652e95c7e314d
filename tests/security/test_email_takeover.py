"""Hole 3: people do not manage their own e-mail addresses (an address decides whose account a role lands in).

allauth's page `/accounts/email/` is closed: it sends back to the profile, which says whom to ask. Nothing a user
posts there adds an address, makes one primary, mails anyone or fails.
"""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from consortia.models import ConsortiumRole, User
from consortia.services.roles import invite_to_consortium

pytestmark = pytest.mark.django_db


def _post(client, email, action):
    return client.post("/accounts/email/", {"email": email, action: ""}, follow=True)


def test_a_user_cannot_add_an_address_and_make_it_primary(cast):
    viewer = cast.users["viewer"]
    client = cast.client("viewer")
    _post(client, "new-boss@ols.test", "action_add")
    response = _post(client, "new-boss@ols.test", "action_primary")
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/profile/"
    assert "administrat" in response.content.decode()
    viewer.refresh_from_db()
    assert viewer.email == "viewer@a.test"
    assert not EmailAddress.objects.filter(email__iexact="new-boss@ols.test").exists()


def test_a_role_granted_to_an_address_someone_tried_to_claim_goes_to_a_new_account(
    cast, django_capture_on_commit_callbacks
):
    client = cast.client("viewer")
    _post(client, "future-coordinator@ols.test", "action_add")
    _post(client, "future-coordinator@ols.test", "action_primary")
    with django_capture_on_commit_callbacks(execute=True):
        grant = invite_to_consortium(
            actor=cast.users["coordinator"],
            consortium=cast.consortium_a,
            email="future-coordinator@ols.test",
            role="coordinator",
        )
    assert grant.user != cast.users["viewer"]
    assert grant.user.email == "future-coordinator@ols.test"
    assert not ConsortiumRole.objects.filter(user=cast.users["viewer"], role="coordinator").exists()


def test_adding_someone_elses_address_mails_nobody(cast):
    _post(cast.client("viewer"), "coordinator@a.test", "action_add")
    assert mail.outbox == []
    assert not EmailAddress.objects.filter(user=cast.users["viewer"], email="coordinator@a.test").exists()


def test_making_another_users_address_primary_is_refused_without_an_error(cast):
    client = cast.client("viewer")
    _post(client, "coordinator@a.test", "action_add")
    response = _post(client, "coordinator@a.test", "action_primary")
    assert response.status_code == 200
    assert User.objects.get(pk=cast.users["viewer"].pk).email == "viewer@a.test"
    assert User.objects.get(pk=cast.users["coordinator"].pk).email == "coordinator@a.test"
    assert not EmailAddress.objects.filter(user=cast.users["viewer"], email="coordinator@a.test").exists()


def test_the_email_page_sends_back_to_the_profile_which_says_whom_to_ask(cast):
    response = cast.client("viewer").get("/accounts/email/", follow=True)
    assert response.redirect_chain == [("/profile/", 302)]
    assert "ne se modifie pas ici" in response.content.decode()
    profile = cast.client("viewer").get("/profile/").content.decode()
    assert "viewer@a.test" in profile
    assert "Pour la changer, adressez-vous à un·e administrateur·rice de la plateforme" in profile


def test_anonymous_visitors_are_sent_to_the_login(db):
    from django.test import Client

    response = Client().get("/accounts/email/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_address_another_account_confirmed_cannot_be_given_to_someone_else(cast):
    from consortia.services.users import user_email_change
    from ols_platform.errors import DomainError

    EmailAddress.objects.create(user=cast.users["coordinator"], email="alias@a.test", verified=True)
    with pytest.raises(DomainError) as refused:
        user_email_change(actor=cast.users["admin"], user=cast.users["viewer"], email="Alias@A.test")
    assert refused.value.code == "duplicate_email"
    assert User.objects.get(pk=cast.users["viewer"].pk).email == "viewer@a.test"
