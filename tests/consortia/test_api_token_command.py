"""`manage.py api_token EMAIL` prints the user's token alone, creating it once; an unknown address fails clearly."""

from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def test_it_creates_the_token_and_prints_it_alone():
    user = UserFactory(email="lea@ols.test")

    output = run("lea@ols.test")

    token = Token.objects.get(user=user)
    assert output == f"{token.key}\n"


def test_it_prints_the_same_token_again_whatever_the_case_of_the_address():
    UserFactory(email="lea@ols.test")

    first, second = run("lea@ols.test"), run("  LEA@OLS.test ")

    assert first == second
    assert Token.objects.count() == 1


def test_the_printed_token_opens_the_api():
    UserFactory(email="lea@ols.test")
    key = run("lea@ols.test").strip()

    response = Client().get("/api/v1/users/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert response.json()["results"][0]["email"] == "lea@ols.test"


def test_it_fails_clearly_for_an_unknown_address():
    with pytest.raises(CommandError, match="Aucun compte n'a l'adresse e-mail « personne@ols.test »"):
        run("personne@ols.test")
    assert not Token.objects.exists()


def test_it_refuses_a_deactivated_account():
    UserFactory(email="parti@ols.test", is_active=False)

    with pytest.raises(CommandError, match="désactivé"):
        run("parti@ols.test")
    assert not Token.objects.exists()


def test_an_unknown_address_exits_non_zero_from_the_command_line(capsys):
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "api_token", "personne@ols.test"]).execute()

    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Aucun compte n'a l'adresse e-mail" in captured.err
