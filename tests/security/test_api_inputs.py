"""Input the schema documents as integers is refused when it is not: a 400 or 404 in JSON, never a 500, a silently
empty answer or a silently accepted value (found by schemathesis)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("resource", ["budget-lines", "staff-arrangements"])
@pytest.mark.parametrize("value", ["x", "²", "-1", "1.5", "", "1e-48", "9" * 30])
def test_a_list_refuses_a_budget_version_that_is_not_a_positive_integer(cast, resource, value):
    from urllib.parse import quote

    client = cast.client("viewer")
    response = client.get(f"/api/v1/consortia/{cast.consortium_a.pk}/{resource}/?version={quote(value)}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_version"


@pytest.mark.parametrize("page", ["", "x", "0", "99"])
def test_a_list_refuses_a_page_that_is_not_one_of_its_pages(cast, page):
    response = cast.client("viewer").get(f"/api/v1/structures/?page={page}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_list_serves_its_first_page_when_none_is_named(cast):
    assert cast.client("viewer").get("/api/v1/structures/").status_code == 200
    assert cast.client("viewer").get("/api/v1/structures/?page=1").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nothing-here/", "/api/v1/territories/0.5/", "/api/v1/consortia/1/budget-lines/1.5/"],
)
def test_an_api_url_matching_no_route_answers_a_json_404(cast, path, settings):
    settings.DEBUG = False
    response = cast.client("viewer").get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_a_page_matching_no_route_keeps_the_html_404(cast, settings):
    settings.DEBUG = False
    response = cast.client("viewer").get("/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_role_refuses_an_empty_string_for_its_structure_and_grants_nothing(cast):
    from consortia.models import ConsortiumRole

    before = ConsortiumRole.objects.count()
    response = cast.client("coordinator").post(
        f"/api/v1/consortia/{cast.consortium_a.pk}/roles/",
        {"user": "nouvelle@a.test", "role": "viewer", "structure": ""},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "structure" in response.json()
    assert ConsortiumRole.objects.count() == before


@pytest.mark.parametrize(
    "resource, body",
    [
        (
            "budget-lines",
            {"structure": 38906130360978030592, "category": "other", "year": 1, "label": "x", "amount": "1"},
        ),
        (
            "expenses",
            {"budget_line": "99999999999999999999", "date": "2026-02-01", "amount": "1", "justification": "x"},
        ),
        (
            "staff-arrangements",
            {
                "kind": "secondment",
                "employer": 10**25,
                "person": "x",
                "fte": "0.5",
                "start_date": "2026-01-01",
                "end_date": "2026-06-30",
                "monthly_cost": "10",
                "lines": [10**25],
            },
        ),
    ],
)
def test_a_budget_write_refuses_an_id_past_the_database_integers(cast, resource, body):
    response = cast.client("accountant").post(
        f"/api/v1/consortia/{cast.consortium_a.pk}/{resource}/", body, content_type="application/json"
    )
    assert response.status_code == 400
