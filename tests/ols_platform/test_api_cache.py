"""API lists (and the budget summary) are answered from the cache until what they show changes: a write through the
API or the pages shows at once, nobody is served what another caller may not see, and a hit runs no query of its own
beyond the opening ones."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from consortia.services.structures import structure_update
from tests.budget.conftest import add_line
from tests.factories import StructureFactory

pytestmark = pytest.mark.django_db

STRUCTURES = reverse("structure-list")


def api(cast, actor) -> APIClient:
    client = APIClient()
    client.force_authenticate(cast.users[actor])
    return client


def lines_url(cast):
    return f"/api/v1/consortia/{cast.consortium_a.pk}/budget-lines/"


def summary_url(cast):
    return f"/api/v1/consortia/{cast.consortium_a.pk}/budget/"


def names(response) -> set[str]:
    return {row["name"] for row in response.json()["results"]}


def test_a_second_read_of_a_list_runs_only_the_opening_query(cast):
    add_line(cast)
    client = api(cast, "accountant")
    first = client.get(lines_url(cast))
    with CaptureQueriesContext(connection) as queries:
        again = client.get(lines_url(cast))
    assert again.json() == first.json()
    assert [q["sql"] for q in queries.captured_queries if "budget_" in q["sql"]] == []
    assert len(queries.captured_queries) == 1  # the consortium with the caller's permissions


def test_a_line_created_through_the_api_is_in_the_next_list_and_summary(cast):
    client = api(cast, "accountant")
    assert client.get(lines_url(cast)).json()["count"] == 0
    planned = client.get(summary_url(cast)).json()["total_planned"]
    body = {"structure": cast.lead_a.pk, "category": "operating", "year": 1, "label": "Loyer", "amount": "1200.00"}
    assert client.post(lines_url(cast), body, format="json").status_code == 201
    assert client.get(lines_url(cast)).json()["count"] == 1
    assert client.get(summary_url(cast)).json()["total_planned"] != planned


def test_a_structure_renamed_through_a_service_is_renamed_in_the_next_list(cast):
    client = api(cast, "coordinator")
    assert cast.member_a.name in names(client.get(STRUCTURES))
    structure_update(actor=None, structure=cast.member_a, data={"name": "ASBL Renommée"})
    assert "ASBL Renommée" in names(client.get(STRUCTURES))


def test_a_consortium_member_is_never_served_the_list_the_reviewer_was(cast):
    StructureFactory(name="ASBL Orpheline")
    assert {"ASBL Orpheline", cast.lead_b.name} <= names(api(cast, "reviewer").get(STRUCTURES))
    seen = names(api(cast, "coordinator").get(STRUCTURES))
    assert "ASBL Orpheline" not in seen and cast.lead_b.name not in seen
    assert cast.lead_a.name in seen


def test_an_outsider_still_gets_404_after_a_member_read_the_list(cast):
    add_line(cast)
    assert api(cast, "accountant").get(lines_url(cast)).status_code == 200
    assert api(cast, "outsider").get(lines_url(cast)).status_code == 404
    assert api(cast, "outsider").get(summary_url(cast)).status_code == 404


def test_a_bad_page_is_refused_every_time_and_never_cached(cast):
    client = api(cast, "accountant")
    for _ in range(2):
        assert client.get(lines_url(cast) + "?page=999").status_code == 404
    assert client.get(lines_url(cast)).status_code == 200


def test_the_dashboard_shows_a_renamed_lead_at_once_and_each_role_its_own_words(cast):
    client = cast.client("coordinator")
    assert cast.lead_a.name in client.get(reverse("dashboard")).content.decode()
    structure_update(actor=None, structure=cast.lead_a, data={"name": "ASBL Porteuse renommée"})
    page = client.get(reverse("dashboard")).content.decode()
    assert "ASBL Porteuse renommée" in page and cast.consortium_b.name not in page
    reviewer_page = cast.client("reviewer").get(reverse("dashboard")).content.decode()
    assert "suivis par l'AVIQ" in reviewer_page and cast.consortium_b.name in reviewer_page
    assert "suivis par l'AVIQ" not in page
