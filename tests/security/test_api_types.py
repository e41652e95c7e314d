"""The JSON API is strict about types (ols_platform/api_fields.py): a number for a text field, a string for an id or an
integer, "true" or 1 for a boolean, a number for an amount documented as text: a 400 in French, code `invalid` (or
`incorrect_type` for a relation), that changes nothing. Found by schemathesis' `negative_data_rejection` check.

A multipart body (an expense with its justification file) can only carry text: there, digits still name an id."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budget.models import BudgetLine, Expense
from budget.staff.models import StaffArrangement
from consortia.models import Consortium, ConsortiumRole, Membership, Territory
from tests.budget.conftest import add_line, approved_budget

pytestmark = pytest.mark.django_db

FRENCH_WORDS = ("Envoyez", "Saisissez", "Type incorrect", "Structure introuvable")


def send(client, method, url, data):
    return getattr(client, method)(url, data, content_type="application/json")


def assert_refused(response, field, code="invalid"):
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == code
    assert body[field] and body["detail"].startswith(f"{field} : ")
    assert any(word in body["detail"] for word in FRENCH_WORDS), body["detail"]


def budget_url(cast, resource):
    return f"/api/v1/consortia/{cast.consortium_a.pk}/{resource}/"


def line_body(cast, **changes):
    return {
        "structure": cast.lead_a.pk,
        "category": "personnel",
        "year": 1,
        "label": "Coordinatrice",
        "amount": "80000.00",
        "staff_role": "Coordination",
        "fte": "1",
    } | changes


@pytest.mark.parametrize(
    "data, field",
    [
        ({"name": 0, "population": 1000}, "name"),
        ({"name": True, "population": 1000}, "name"),
        ({"name": "Condroz", "population": "1000"}, "population"),
        ({"name": "Condroz", "population": True}, "population"),
        ({"name": "Condroz", "population": 1000.5}, "population"),
    ],
)
def test_it_rejects_a_territory_of_the_wrong_types_and_creates_nothing(cast, data, field):
    before = Territory.objects.count()
    response = send(cast.client("admin"), "post", reverse("territory-list"), data)
    assert_refused(response, field)
    assert Territory.objects.count() == before


def test_it_still_creates_a_territory_of_the_right_types(cast):
    response = send(cast.client("admin"), "post", reverse("territory-list"), {"name": "Condroz", "population": 1000})
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("value", ["true", 1, 0, "1", None])
def test_it_rejects_a_boolean_that_is_not_true_or_false_and_changes_nothing(cast, value):
    member = Membership.objects.get(consortium=cast.consortium_a, structure=cast.member_a)
    declared = member.conflict_of_interest_declared
    url = reverse("consortium-membership-detail", kwargs={"consortium_id": cast.consortium_a.pk, "pk": member.pk})
    response = send(cast.client("coordinator"), "patch", url, {"conflict_of_interest_declared": value})
    assert response.status_code == 400, response.content
    assert response.json()["conflict_of_interest_declared"]
    member.refresh_from_db()
    assert member.conflict_of_interest_declared is declared


def test_it_rejects_a_territory_id_sent_as_text_and_creates_no_consortium(cast):
    before = Consortium.objects.count()
    response = send(
        cast.client("admin"),
        "post",
        reverse("consortium-list"),
        {"name": "OLS C", "territory": str(cast.consortium_a.territory_id), "status": "draft"},
    )
    assert_refused(response, "territory", code="incorrect_type")
    assert Consortium.objects.count() == before


def test_it_rejects_a_role_whose_structure_is_text_and_grants_nothing(cast):
    before = ConsortiumRole.objects.count()
    response = send(
        cast.client("coordinator"),
        "post",
        budget_url(cast, "roles"),
        {"user": "nouvelle@a.test", "role": "structure_reporter", "structure": str(cast.member_a.pk)},
    )
    assert_refused(response, "structure", code="incorrect_type")
    assert ConsortiumRole.objects.count() == before


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"label": 12}, "label"),
        ({"amount": 80000}, "amount"),
        ({"amount": 80000.5}, "amount"),
        ({"fte": 1}, "fte"),
        ({"year": "1"}, "year"),
        ({"year": True}, "year"),
        ({"structure": "STRUCTURE"}, "structure"),
        ({"structure": True}, "structure"),
        ({"category": 0}, "category"),
    ],
)
def test_it_rejects_a_budget_line_of_the_wrong_types_and_creates_nothing(cast, changes, field):
    if changes.get("structure") == "STRUCTURE":
        changes = {"structure": str(cast.lead_a.pk)}
    response = cast.client("accountant").post(
        budget_url(cast, "budget-lines"), line_body(cast, **changes), content_type="application/json"
    )
    assert_refused(response, field)
    assert not BudgetLine.objects.exists()


def test_it_rejects_a_line_version_sent_as_text_and_changes_nothing(cast):
    line = add_line(cast, "1000.00")
    response = cast.client("accountant").patch(
        f"{budget_url(cast, 'budget-lines')}{line.pk}/",
        {"amount": "2000.00", "version": str(line.version)},
        content_type="application/json",
    )
    assert_refused(response, "version")
    line.refresh_from_db()
    assert str(line.amount) == "1000.00"


def test_it_rejects_staff_lines_named_as_text_and_creates_no_arrangement(cast):
    line = add_line(cast, "30000.00", structure=cast.member_a, label="Infirmière")
    body = {
        "kind": "secondment",
        "employer": cast.member_a.pk,
        "person": "Infirmière coordinatrice",
        "fte": "0.5",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "monthly_cost": "2000.00",
        "lines": [str(line.pk)],
    }
    response = cast.client("accountant").post(
        budget_url(cast, "staff-arrangements"), body, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid" and response.json()["lines"]
    assert not StaffArrangement.objects.exists()


def expense_body(line, **changes):
    return {"budget_line": line.pk, "date": "2026-05-31", "amount": "99.99", "justification": "Facture"} | changes


@pytest.mark.parametrize(
    "changes, field",
    [({"budget_line": "LINE"}, "budget_line"), ({"amount": 99.99}, "amount"), ({"justification": 7}, "justification")],
)
def test_it_rejects_a_json_expense_of_the_wrong_types_and_records_nothing(cast, changes, field):
    _, line = approved_budget(cast)
    if changes.get("budget_line") == "LINE":
        changes = {"budget_line": str(line.pk)}
    response = cast.client("accountant").post(
        budget_url(cast, "expenses"), expense_body(line, **changes), content_type="application/json"
    )
    assert_refused(response, field)
    assert not Expense.objects.exists()


def test_a_multipart_expense_still_names_its_line_with_digits(cast):
    _, line = approved_budget(cast)
    body = expense_body(line) | {"justification_file": SimpleUploadedFile("f.png", b"\x89PNG\r\n\x1a\nxxxx")}
    response = cast.client("accountant").post(budget_url(cast, "expenses"), body)  # multipart: every value is text
    assert response.status_code == 201, response.content
    assert Expense.objects.get().budget_line == line
