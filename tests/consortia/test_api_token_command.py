"""`manage.py api_token EMAIL` prints a fresh token alone (replacing the previous one); an unknown address fails clearly."""

from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.test import Client

from ols_platform.models import ApiToken
from ols_platform.tokens import hash_key
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def test_it_creates_the_token_and_prints_it_alone():
    user = UserFactory(email="lea@ols.test")

    output = run("lea@ols.test")

    token = ApiToken.objects.get(user=user)
    assert output.endswith("\n") and len(output.split()) == 1
    assert token.key_hash == hash_key(output.strip())


def test_it_prints_a_fresh_token_each_time_whatever_the_case_of_the_address():
    UserFactory(email="lea@ols.test")

    first, second = run("lea@ols.test").strip(), run("  LEA@OLS.test ").strip()

    assert first != second
    assert list(ApiToken.objects.values_list("key_hash", flat=True)) == [hash_key(second)]
    assert Client().get("/api/v1/users/", HTTP_AUTHORIZATION=f"Token {first}").status_code == 401


def test_the_printed_token_opens_the_api():
    UserFactory(email="lea@ols.test")
    key = run("lea@ols.test").strip()

    response = Client().get("/api/v1/users/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert response.json()["results"][0]["email"] == "lea@ols.test"


def test_it_fails_clearly_for_an_unknown_address():
    with pytest.raises(CommandError, match="Aucun compte n'a l'adresse e-mail « personne@ols.test »"):
        run("personne@ols.test")
    assert not ApiToken.objects.exists()


def test_it_refuses_a_deactivated_account():
    UserFactory(email="parti@ols.test", is_active=False)

    with pytest.raises(CommandError, match="désactivé"):
        run("parti@ols.test")
    assert not ApiToken.objects.exists()


def test_an_unknown_address_exits_non_zero_from_the_command_line(capsys):
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "api_token", "personne@ols.test"]).execute()

    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Aucun compte n'a l'adresse e-mail" in captured.err
