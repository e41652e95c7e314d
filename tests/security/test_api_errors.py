"""Hole 7 (odd input): garbled versions, absurdly nested bodies and unexpected errors answer JSON 4xx/5xx — no
HTML page, no 500 from input."""

import pytest
from django.test import Client
from django.urls import path
from rest_framework.test import APIClient

from budget.models import BudgetLine
from ols_platform import urls as project_urls
from tests.budget.conftest import add_line

pytestmark = pytest.mark.django_db


def api(cast, actor="coordinator"):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(cast.users[actor])
    return client


def base(cast):
    return f"/api/v1/consortia/{cast.consortium_a.pk}"


@pytest.mark.parametrize("version", ["²", "١", "1_0", " 1", "-1", "99999999999999999999", "9" * 5000, ""])
@pytest.mark.parametrize("resource", ["budget-lines", "staff-arrangements"])
def test_it_refuses_a_garbled_version_filter_in_french(cast, version, resource):
    add_line(cast, "1000.00")

    response = api(cast).get(f"{base(cast)}/{resource}/", {"version": version})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_version"
    assert "entier positif" in response.json()["detail"]


def test_it_still_lists_the_asked_version(cast):
    add_line(cast, "1000.00")

    assert api(cast).get(f"{base(cast)}/budget-lines/", {"version": "1"}).json()["count"] == 1


@pytest.mark.parametrize("version", ["²", True, 1.5, "1e3", "99999999999999999999"])
def test_it_refuses_a_garbled_version_on_update(cast, version):
    line = add_line(cast, "1000.00")

    response = api(cast, "accountant").patch(
        f"{base(cast)}/budget-lines/{line.pk}/", {"version": version, "amount": "2000.00"}, format="json"
    )

    assert response.status_code == 400 and response.json()["version"]
    assert BudgetLine.objects.get(pk=line.pk).amount == 1000


def test_a_strict_version_parser_takes_ascii_digits_only():
    from ols_platform.concurrency import version_number

    assert [version_number(v) for v in ("7", 7, "0007")] == [7, 7, 7]
    assert {version_number(v) for v in ("²", "١", "1_0", " 1", "-1", "", True, 1.5, None, 2**40, "9" * 11)} == {None}


@pytest.mark.parametrize("depth", [100_000, 33])
def test_it_refuses_a_body_nested_too_deep_with_a_400_in_french(cast, depth):
    line = add_line(cast, "1000.00")
    body = "[" * depth + "]" * depth

    response = api(cast, "accountant").patch(
        f"{base(cast)}/budget-lines/{line.pk}/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Le corps de la requête est trop imbriqué (plus de 32 niveaux) : envoyez un JSON plus simple.",
        "code": "body_too_deep",
    }


def test_it_refuses_an_unclosed_deep_body_too(cast):
    response = api(cast, "accountant").post(
        f"{base(cast)}/budget-lines/", "[" * 100_000, content_type="application/json"
    )

    assert response.status_code == 400 and response.json()["code"] in ("body_too_deep", "parse_error")


def test_a_reasonably_nested_body_still_reaches_the_validation(cast):
    line = add_line(cast, "1000.00")
    response = api(cast, "accountant").patch(
        f"{base(cast)}/budget-lines/{line.pk}/", {"version": 1, "label": [[["x"]]]}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] != "body_too_deep"


# --- error pages under DEBUG=0: JSON for the API ----------------------------------------------------------------


def _boom(request):
    raise RuntimeError("unexpected")


@pytest.fixture
def boom_urls(settings):
    """The project's URLs plus one view that fails, under /api/ and outside it."""
    module = type(project_urls)("boom_urls")
    module.urlpatterns = [path("api/v1/boom/", _boom), path("boom/", _boom), *project_urls.urlpatterns]
    for name in ("handler400", "handler403", "handler404", "handler500"):
        setattr(module, name, getattr(project_urls, name))
    settings.ROOT_URLCONF = module
    settings.DEBUG = False
    return module


def test_an_unexpected_api_error_answers_json_500(cast, boom_urls):
    response = Client(raise_request_exception=False).get("/api/v1/boom/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "server_error" and "Erreur interne" in response.json()["detail"]


def test_an_unexpected_page_error_keeps_the_html_page(cast, boom_urls):
    response = Client(raise_request_exception=False).get("/boom/")

    assert response.status_code == 500 and response["Content-Type"].startswith("text/html")


def test_an_unknown_api_url_answers_json_404(cast, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(cast.users["coordinator"])

    response = client.get("/api/v1/nothing-here/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Introuvable.", "code": "not_found"}
    assert client.get("/nothing-here/")["Content-Type"].startswith("text/html")


def test_a_bad_host_on_the_api_answers_json_400(settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False, HTTP_HOST="evil.example").get("/api/v1/consortia/")

    assert response.status_code == 400 and response.json()["code"] == "bad_request"


def test_it_refuses_a_body_over_the_upload_limit_in_french(cast, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = '{"label": "' + "x" * (2 * 1024 * 1024) + '"}'

    response = api(cast, "accountant").post(f"{base(cast)}/budget-lines/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Le corps de la requête est trop volumineux (au plus 1 Mo).",
        "code": "body_too_large",
    }


HUGE_IDS = [-370935409695364874240, 2**63, "99999999999999999999", "٣", "1_0", 0, -1, True, [], {}]


@pytest.mark.parametrize("structure", HUGE_IDS)
def test_a_budget_line_naming_an_impossible_structure_id_is_a_400_not_a_500(cast, structure):
    # Found by schemathesis: the id reached SQLite as an integer no column holds (OverflowError at the query).
    body = {"structure": structure, "category": "operating", "year": 1, "label": "Loyer", "amount": "100.00"}

    response = api(cast).post(f"{base(cast)}/budget-lines/", body, format="json")

    assert response.status_code == 400, response.content
    assert not BudgetLine.objects.exists()


@pytest.mark.parametrize("line", HUGE_IDS)
def test_an_expense_on_an_impossible_line_id_is_a_400(cast, line):
    from tests.budget.conftest import approved_budget

    approved_budget(cast)
    body = {"budget_line": line, "date": "2026-03-01", "amount": "10.00", "justification": "Facture"}

    response = api(cast, "accountant").post(f"{base(cast)}/expenses/", body, format="json")

    assert response.status_code == 400, response.content
    assert "budget_line" in response.json()  # the field at fault is named


@pytest.mark.parametrize("value", ["99999999999999999999999", "9223372036854775808"])
def test_a_consortium_url_with_an_impossible_id_is_a_404(cast, value):
    assert api(cast).get(f"/api/v1/consortia/{value}/budget/").status_code == 404
    web = Client(raise_request_exception=False)
    web.force_login(cast.users["coordinator"])
    assert web.get(f"/consortia/{value}/").status_code == 404
    assert web.get(f"/consortia/{cast.consortium_a.pk}/structures/{value}/").status_code == 404
