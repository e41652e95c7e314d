"""Hole 4 of issue 6: API tokens skipped MFA and outlived passwords and roles. A token now works only while its owner
keeps the access it was made for, for a limited time, and the page that shows it is never cached."""

import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consortia.services.roles import role_revoke
from consortia.services.users import user_update
from ols_platform.models import ActionLog, ApiToken
from ols_platform.tokens import token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def call(key, url=None):
    return Client().get(url or reverse("consortium-list"), HTTP_AUTHORIZATION=f"Token {key}")


def key_of(user):
    return token_create(actor=user, user=user).key


def test_a_fresh_token_of_a_member_opens_the_api(cast):
    assert call(key_of(cast.users["viewer"])).status_code == 200


@pytest.mark.parametrize(
    "flags", [{"aviq_reviewer": True}, {"is_superuser": True, "is_staff": True}, {"is_staff": True}]
)
def test_it_rejects_the_token_of_an_mfa_bound_account_without_totp(cast, flags):
    user = UserFactory(email="sans-totp@aviq.test", **flags)

    response = call(key_of(user))

    assert response.status_code == 401
    assert response.json()["code"] == "mfa_required"
    assert "double authentification" in response.json()["detail"]


def test_the_token_of_a_reviewer_works_once_totp_is_enrolled_and_stops_when_it_is_removed(cast):
    reviewer = cast.users["reviewer"]
    key = key_of(reviewer)
    assert call(key).status_code == 200

    Authenticator.objects.filter(user=reviewer).delete()

    assert call(key).status_code == 401


def test_it_rejects_a_token_after_a_password_change_through_set_password(cast):
    user = cast.users["viewer"]
    key = key_of(user)

    user.set_password("un-nouveau-mot-de-passe-2026")
    user.save()

    assert call(key).status_code == 401
    assert not ApiToken.objects.filter(user=user).exists()
    assert ActionLog.objects.filter(action="token.revoked", data__reason="password_changed").count() == 1


def test_it_rejects_a_token_after_a_password_change_through_allauth(cast):
    user = cast.users["viewer"]
    user.set_password("ancien-mot-de-passe-2026")
    user.save()
    client = cast.client("viewer")
    key = key_of(user)

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "ancien-mot-de-passe-2026",
            "password1": "Nouveau-Secret-2026!",
            "password2": "Nouveau-Secret-2026!",
        },
    )

    assert response.status_code == 302
    assert call(key).status_code == 401


def test_it_rejects_a_token_after_a_password_reset_by_an_admin_form(cast):
    user = cast.users["viewer"]
    key = key_of(user)
    form = AdminPasswordChangeForm(user, {"password1": "Nouveau-Secret-2026!", "password2": "Nouveau-Secret-2026!"})
    assert form.is_valid(), form.errors

    form.save()

    assert call(key).status_code == 401


def test_it_rejects_a_token_after_its_owner_loses_a_role(cast):
    user = cast.users["viewer"]
    key = key_of(user)

    role_revoke(actor=cast.users["coordinator"], grant=user.consortium_roles.get())

    response = call(key)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    revoked = ActionLog.objects.get(action="token.revoked")
    assert (revoked.data["reason"], revoked.actor) == ("role_revoked", cast.users["coordinator"])


def test_it_rejects_a_token_after_a_role_is_withdrawn_through_the_api(cast):
    user = cast.users["operational"]
    key = key_of(user)
    grant = user.consortium_roles.get()
    url = reverse("consortium-role-detail", kwargs={"consortium_id": grant.consortium_id, "pk": grant.pk})

    assert cast.client("coordinator").delete(url).status_code == 204

    assert call(key).status_code == 401


def test_it_rejects_a_token_after_the_aviq_reviewer_flag_is_removed(cast):
    reviewer = cast.users["reviewer"]
    key = key_of(reviewer)

    user_update(actor=cast.users["admin"], user=reviewer, data={"global_role": None})

    assert call(key).status_code == 401
    assert ActionLog.objects.filter(action="token.revoked", data__reason="global_role_removed").exists()


def test_it_rejects_a_token_after_the_account_is_deactivated(cast):
    user = cast.users["viewer"]
    key = key_of(user)

    user.is_active = False
    user.save()

    assert call(key).status_code == 401
    assert ActionLog.objects.filter(action="token.revoked", data__reason="deactivated").exists()


def test_a_login_does_not_revoke_the_token(cast):
    user = cast.users["viewer"]
    user.set_password("mot-de-passe-2026")
    user.save()
    key = key_of(user)

    assert Client().login(email=user.email, password="mot-de-passe-2026")  # saves last_login

    assert call(key).status_code == 200


def test_it_rejects_an_expired_token_in_french(cast):
    user = cast.users["viewer"]
    key = key_of(user)
    past = timezone.now() - datetime.timedelta(days=1)
    ApiToken.objects.filter(user=user).update(created_at=past - datetime.timedelta(days=90), expires_at=past)

    response = call(key)

    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "token_expired"
    assert body["detail"].startswith("Jeton expiré le ")
    assert timezone.localtime(past).strftime("%d/%m/%Y") in body["detail"]


def test_tokens_expire_after_the_configured_number_of_days(cast, settings):
    settings.API_TOKEN_TTL_DAYS = 7

    token = token_create(actor=None, user=cast.users["viewer"]).token

    assert token.expires_at - token.created_at == datetime.timedelta(days=7)


def test_a_wrong_token_answers_401_in_french(cast):
    response = call("f" * 40)

    assert response.status_code == 401
    assert response.json()["detail"] == "Jeton d'API invalide."


def test_the_database_holds_no_usable_key(cast):
    key = key_of(cast.users["viewer"])

    token = ApiToken.objects.get()

    assert key not in (token.key_hash, token.prefix)
    assert call(token.key_hash).status_code == 401


def test_the_profile_page_is_never_cached(cast):
    client = cast.client("accountant")

    shown = client.post(reverse("profile"), {"action": "create_token"})
    page = client.get(reverse("profile"))

    for response in (shown, page):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_token_creation_and_revocation_are_logged_without_the_key(cast):
    user = cast.users["accountant"]
    client = cast.client("accountant")
    client.post(reverse("profile"), {"action": "create_token"})
    prefix = ApiToken.objects.get(user=user).prefix
    client.post(reverse("profile"), {"action": "revoke_token"})

    created, revoked = ActionLog.objects.filter(action__startswith="token.").order_by("id")

    assert (created.action, created.actor, created.target_id, created.data["prefix"]) == (
        "token.created",
        user,
        user.pk,
        prefix,
    )
    assert (revoked.action, revoked.data["reason"]) == ("token.revoked", "revoked_by_owner")
    assert created.ip_address == "127.0.0.1"
