"""What every endpoint of /api/v1/ shares: authentication, error shape, pagination, the schema and its docs."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from consortia.models import Territory
from ols_platform.tokens import token_create
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db

TERRITORIES = reverse("territory-list")


def test_an_anonymous_call_is_401_with_a_token_challenge(cast):
    response = Client().get(reverse("consortium-list"))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["detail"]


def test_a_token_authenticates_without_a_session(cast):
    key = token_create(actor=None, user=cast.users["viewer"]).key

    response = Client().get(reverse("consortium-list"), HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["OLS A"]


def test_a_wrong_token_is_401_even_with_a_session(cast):
    response = cast.client("viewer").get(reverse("consortium-list"), HTTP_AUTHORIZATION="Token " + "0" * 40)

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_session_write_needs_the_csrf_token_but_a_token_write_does_not(cast):
    admin = cast.users["admin"]
    session = Client(enforce_csrf_checks=True)
    session.force_login(admin)
    data = {"name": "Condroz", "population": 210_000}

    refused = session.post(TERRITORIES, data, content_type="application/json")
    key = token_create(actor=None, user=admin).key
    accepted = Client(enforce_csrf_checks=True).post(
        TERRITORIES, data, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
    )

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert accepted.status_code == 201
    assert Territory.objects.filter(name="Condroz").count() == 1


@pytest.mark.parametrize(
    "body, content_type, status, code",
    [
        ('{"name": "Condroz", "population": ', "application/json", 400, "parse_error"),
        ("[1, 2, 3]", "application/json", 400, "invalid"),
        ('"Condroz"', "application/json", 400, "invalid"),
        ("null", "application/json", 400, "null"),
        ("name=Condroz", "text/plain", 415, "unsupported_media_type"),
        (b"\xff\xfe\x00garbage", "application/json", 400, "parse_error"),
    ],
)
def test_it_answers_malformed_bodies_with_a_clear_error_and_saves_nothing(cast, body, content_type, status, code):
    before = Territory.objects.count()

    response = cast.client("admin").post(TERRITORIES, body, content_type=content_type)

    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["detail"]
    assert Territory.objects.count() == before


def test_lists_are_paginated_by_fifty(cast):
    TerritoryFactory.create_batch(53)
    client = cast.client("viewer")

    first = client.get(TERRITORIES).json()
    last = client.get(first["next"]).json()

    assert first["count"] == 55
    assert len(first["results"]) == 50 and first["previous"] is None
    assert len(last["results"]) == 5 and last["next"] is None and last["previous"]
    assert client.get(TERRITORIES, {"page": 99}).status_code == 404
    assert client.get(TERRITORIES, {"page": "abc"}).status_code == 404


def test_the_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))

    schema = (tmp_path / "schema.yml").read_text()
    for path in (
        "/users/",
        "/territories/",
        "/structures/",
        "/consortia/",
        "/{consortium_id}/roles/",
        "/{consortium_id}/memberships/",
    ):
        assert f"/api/v1{path}" in schema or path in schema


def test_the_docs_render_from_local_files_only(cast):
    client = cast.client("viewer")

    page = client.get("/api/docs/")
    script = client.get("/api/docs/?script=")
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert page.status_code == 200 and script.status_code == 200 and schema.status_code == 200
    html = page.content.decode()
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "the docs page must not load anything from a CDN"
    assert "/static/drf_spectacular_sidecar/" in html
    assert "/api/v1/consortia/{consortium_id}/memberships/" in schema.json()["paths"]


def test_a_malformed_body_is_explained_in_french(cast):
    response = cast.client("admin").post(TERRITORIES, '{"name": ', content_type="application/json")

    assert response.json() == {
        "detail": "Le corps de la requête est illisible : envoyez un JSON valide.",
        "code": "parse_error",
    }


@pytest.mark.parametrize("consortium_id", ["abc", "1e3", str(10**30), "-1"])
def test_a_malformed_consortium_id_in_a_nested_url_is_a_json_404(cast, consortium_id):
    response = cast.client("admin").get(f"/api/v1/consortia/{consortium_id}/memberships/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
