import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from budget.models import BudgetLine, Expense
from ols_platform.tokens import token_create

from .conftest import add_expense, add_line, approved_budget

pytestmark = pytest.mark.django_db


def api(cast, actor):
    client = APIClient()
    if cast.users.get(actor):
        client.force_authenticate(cast.users[actor])
    return client


def base(cast, consortium=None):
    return f"/api/v1/consortia/{(consortium or cast.consortium_a).pk}"


def line_body(cast, **changes):
    return {
        "structure": cast.lead_a.pk,
        "category": "personnel",
        "year": 1,
        "label": "Coordinatrice",
        "amount": "449999.50",
        "staff_role": "Coordination",
        "fte": "1",
    } | changes


class TestSummary:
    def test_it_gives_the_summary_with_decimal_strings(self, cast):
        _, line = approved_budget(cast, personnel="80000.00", operating="20000.00")
        add_expense(cast, line, "1250.50")
        body = api(cast, "viewer").get(f"{base(cast)}/budget/").json()
        assert body["envelope_cap"] == "450000.00"
        assert body["total_planned"] == "100000.00"
        assert body["personnel_planned"] == "80000.00"
        assert body["personnel_share"] == "0.8000"
        assert body["total_by_year"] == {"1": "80000.00", "2": "20000.00"}
        assert body["total_actual"] == "1250.50" and body["personnel_actual"] == "1250.50"
        assert body["violations"] == [] and body["is_compliant"] is True

    def test_it_lists_violations_of_a_draft(self, cast):
        add_line(cast, "79990")
        add_line(cast, "20010", category="operating")
        body = api(cast, "viewer").get(f"{base(cast)}/budget/").json()
        assert body["personnel_share"] == "0.7999"
        assert [v["code"] for v in body["violations"]] == ["personnel_share_too_low"]
        assert "79,99" in body["violations"][0]["message"]
        assert body["is_compliant"] is False

    def test_it_answers_for_a_consortium_without_budget(self, cast):
        body = api(cast, "outsider").get(f"{base(cast, cast.consortium_b)}/budget/").json()
        assert body["envelope_cap"] == "700000.00" and body["total_planned"] == "0.00"
        assert body["is_compliant"] is True and body["version"] is None

    def test_it_hides_other_consortia_and_refuses_anonymous_calls(self, cast):
        assert api(cast, "outsider").get(f"{base(cast)}/budget/").status_code == 404
        assert api(cast, "structure_reporter").get(f"{base(cast)}/budget/").status_code == 403
        assert APIClient().get(f"{base(cast)}/budget/").status_code == 401

    def test_a_token_works(self, cast):
        key = token_create(actor=None, user=cast.users["governance"]).key
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert client.get(f"{base(cast)}/budget/").status_code == 200


class TestLines:
    def test_it_creates_and_lists_lines_with_string_amounts(self, cast):
        client = api(cast, "accountant")
        response = client.post(f"{base(cast)}/budget-lines/", line_body(cast), format="json")
        assert response.status_code == 201, response.content
        assert response.json()["amount"] == "449999.50" and response.json()["fte"] == "1.00"
        listing = client.get(f"{base(cast)}/budget-lines/").json()
        assert listing["count"] == 1 and listing["results"][0]["amount"] == "449999.50"

    def test_it_refuses_a_line_over_the_cap_with_code_and_figures(self, cast):
        add_line(cast, "449999.50")
        response = api(cast, "accountant").post(
            f"{base(cast)}/budget-lines/", line_body(cast, amount="0.51"), format="json"
        )
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "cap_exceeded"
        assert body["params"] == {
            "cap": "450000.00",
            "current_total": "449999.50",
            "attempted_total": "450000.01",
            "over_by": "0.01",
        }
        assert body["amount"]

    @pytest.mark.parametrize(
        "amount", ["-5", 0, "0", 1e9, "1e9", "NaN", "Infinity", "12,345.678", "texte", None, [1], {"a": 1}]
    )
    def test_it_rejects_bad_amounts_with_400_never_500(self, cast, amount):
        response = api(cast, "accountant").post(
            f"{base(cast)}/budget-lines/", line_body(cast, amount=amount), format="json"
        )
        assert response.status_code == 400
        assert not BudgetLine.objects.exists()

    @pytest.mark.parametrize("raw_amount", ["NaN", "Infinity", "-Infinity", "1e999"])
    def test_it_rejects_raw_non_finite_numbers_in_json(self, cast, raw_amount):
        raw = json.dumps(line_body(cast)).replace('"449999.50"', raw_amount)
        response = api(cast, "accountant").post(f"{base(cast)}/budget-lines/", raw, content_type="application/json")
        assert response.status_code == 400 and response.json()["code"] in ("invalid", "parse_error")
        assert not BudgetLine.objects.exists()

    def test_it_rejects_a_structure_of_another_consortium(self, cast):
        response = api(cast, "accountant").post(
            f"{base(cast)}/budget-lines/", line_body(cast, structure=cast.lead_b.pk), format="json"
        )
        assert response.status_code == 400 and response.json()["code"] == "structure_not_in_consortium"

    def test_it_updates_with_the_version_and_refuses_a_stale_one_with_409(self, cast):
        line = add_line(cast, "1000")
        client = api(cast, "coordinator")
        url = f"{base(cast)}/budget-lines/{line.pk}/"
        assert client.patch(url, {"amount": "1500"}, format="json").status_code == 400  # no version
        ok = client.patch(url, {"amount": "1500", "version": 1}, format="json")
        assert ok.status_code == 200 and ok.json()["amount"] == "1500.00" and ok.json()["version"] == 2
        stale = client.patch(url, {"amount": "2000", "version": 1}, format="json")
        assert stale.status_code == 409 and stale.json()["code"] == "conflict"
        assert "1\u00a0500,00" in stale.json()["detail"]

    def test_it_deletes_a_draft_line_and_refuses_a_locked_one(self, cast):
        line = add_line(cast)
        client = api(cast, "accountant")
        assert client.delete(f"{base(cast)}/budget-lines/{line.pk}/").status_code == 204
        _, approved_line = approved_budget(cast)
        response = client.delete(f"{base(cast)}/budget-lines/{approved_line.pk}/")
        assert response.status_code == 400 and response.json()["code"] == "budget_locked"

    def test_another_consortiums_line_is_404(self, cast):
        from budget import services

        other = services.budget_line_create(
            actor=None,
            consortium=cast.consortium_b,
            data={"structure": cast.lead_b.pk, "category": "other", "year": 2, "label": "B", "amount": "5"},
        )
        client = api(cast, "coordinator")
        assert client.get(f"{base(cast)}/budget-lines/{other.pk}/").status_code == 404
        assert client.patch(f"{base(cast)}/budget-lines/{other.pk}/", {"version": 1}, format="json").status_code == 404
        assert client.delete(f"{base(cast)}/budget-lines/{other.pk}/").status_code == 404

    def test_readers_cannot_write(self, cast):
        for actor in ("viewer", "reviewer", "governance"):
            response = api(cast, actor).post(f"{base(cast)}/budget-lines/", line_body(cast), format="json")
            assert response.status_code == 403
        assert not BudgetLine.objects.exists()


class TestExpenses:
    def test_it_creates_an_expense_with_a_file_and_links_to_it(self, cast):
        _, line = approved_budget(cast)
        response = api(cast, "accountant").post(
            f"{base(cast)}/expenses/",
            {
                "budget_line": line.pk,
                "date": "2026-05-31",
                "amount": "99.99",
                "justification": "Facture",
                "justification_file": SimpleUploadedFile("f.png", b"\x89PNG\r\n\x1a\nxxxx"),
            },
            format="multipart",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["amount"] == "99.99" and body["justification_url"].endswith("/file/")
        assert api(cast, "viewer").get(f"{base(cast)}/expenses/").json()["count"] == 1

    @pytest.mark.parametrize(
        "changes, code",
        [
            ({"date": "2025-12-31"}, "date_outside_period"),
            ({"amount": "100000.01"}, "actual_over_approved"),
            ({"amount": "-1"}, "invalid_amount"),
            ({"budget_line": 999999}, "invalid_budget_line"),
            ({"date": "demain"}, "invalid"),
        ],
    )
    def test_it_refuses_bad_expenses_with_a_code(self, cast, changes, code):
        _, line = approved_budget(cast)
        body = {"budget_line": line.pk, "date": "2026-05-31", "amount": "10", "justification": "x"} | changes
        response = api(cast, "accountant").post(f"{base(cast)}/expenses/", body, format="json")
        assert response.status_code == 400 and response.json()["code"] == code
        assert not Expense.objects.exists()

    def test_expenses_are_never_deleted_or_rewritten(self, cast):
        _, line = approved_budget(cast)
        expense = add_expense(cast, line)
        client = api(cast, "admin")
        assert client.delete(f"{base(cast)}/expenses/{expense.pk}/").status_code == 405
        assert client.patch(f"{base(cast)}/expenses/{expense.pk}/", {"amount": "1"}, format="json").status_code == 405
        assert Expense.objects.get().amount == Decimal("100.00")
