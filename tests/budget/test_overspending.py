"""Spending beyond a line's or a category's plan is recorded, and said: in a message, among the summary's warnings
(text and icon, not colour alone), and counted in the API. It never blocks a submission: an amendment is the remedy."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from budget import rulesets, selectors
from budget.models import RuleSet

from .conftest import add_expense, add_line, approve, approved_budget

pytestmark = pytest.mark.django_db


def overview(cast):
    return cast.client("accountant").get(reverse("budget:overview", args=[cast.consortium_a.pk])).content.decode()


def test_an_expense_beyond_its_line_is_recorded_with_a_warning(cast):
    _, line = approved_budget(cast)  # personnel line: 80,000
    add_expense(cast, line, "79000.00")
    client = cast.client("accountant")
    response = client.post(
        reverse("budget:expenses", args=[cast.consortium_a.pk]),
        {"budget_line": line.pk, "date": "2026-04-15", "amount": "1250,75", "justification": "Fiche de paie avril"},
        follow=True,
    )
    page = response.content.decode()
    assert "Dépense enregistrée." in page
    assert "Attention : la ligne « Coordinatrice » est maintenant dépensée à" in page


def test_the_summary_lists_the_overspent_line_and_category_and_drops_the_all_clear(cast):
    _, line = approved_budget(cast)
    add_expense(cast, line, "80250.75")
    page = overview(cast)
    assert "Le budget respecte toutes les règles" not in page
    assert "Ligne dépassée" in page and "« Coordinatrice » (ASBL Porteuse A)" in page
    assert "Catégorie dépassée" in page
    assert "dépassé</span>" in page  # the category row says it in words, beside the red
    assert "Cela n'empêche pas la soumission" in page


def test_a_line_within_its_plan_raises_no_warning(cast):
    _, line = approved_budget(cast)
    add_expense(cast, line, "80000.00")
    summary = selectors.summary(cast.consortium_a, selectors.versions(cast.consortium_a))
    assert summary.warnings == [] and summary.overspent_line_count == 0
    assert "Le budget respecte toutes les règles" in overview(cast)


def test_the_api_counts_the_overspending_without_calling_the_budget_non_compliant(cast):
    _, line = approved_budget(cast)
    add_expense(cast, line, "81000.00")
    client = APIClient()
    client.force_authenticate(cast.users["accountant"])
    data = client.get(f"/api/v1/consortia/{cast.consortium_a.pk}/budget/").json()
    assert data["overspent_lines"] == 1
    assert data["overspent_categories"] == ["personnel"]
    assert {w["code"] for w in data["warnings"]} == {"line_overspent", "category_overspent"}
    assert data["is_compliant"] is True


def approved_small_lines(cast, count):
    """`count` approved operating lines of 1,000 € each (and the personnel line the share rule wants)."""
    lines = [add_line(cast, "1000.00", category="operating", label=f"Ligne {i}") for i in range(count)]
    add_line(cast, "80000.00", label="Coordinatrice")
    approve(cast, lines[0].budget)
    return [selectors.approved_lines(cast.consortium_a).get(label=line.label) for line in lines]


def test_it_names_five_lines_and_counts_the_others(cast):
    for line in approved_small_lines(cast, 7):
        add_expense(cast, line, "1100.00")
    summary = selectors.summary(cast.consortium_a, selectors.versions(cast.consortium_a))
    named = [w for w in summary.warnings if w.code == "line_overspent" and "line" in w.params]
    assert len(named) == 5 and summary.overspent_line_count == 7
    assert any("Et 2 autres lignes" in w.message for w in summary.warnings)
    assert [w.params["over_by"] for w in named] == [Decimal("100.00")] * 5


def test_the_summary_costs_the_same_queries_with_one_or_many_overspent_lines(cast):
    lines = approved_small_lines(cast, 7)
    add_expense(cast, lines[0], "1100.00")

    def count():
        with CaptureQueriesContext(connection) as queries:
            selectors.summary(cast.consortium_a, selectors.versions(cast.consortium_a))
        return len(queries)

    small = count()
    for line in lines[1:]:
        add_expense(cast, line, "1100.00")
    assert count() == small


def test_the_rules_are_named_in_words_not_codes(cast):
    add_line(cast, "440000.00")
    ruleset = RuleSet.active()
    ruleset.small_cap = Decimal("400000.00")  # the envelope shrinks under the plan
    rulesets.ruleset_save(actor=None, ruleset=ruleset)
    page = overview(cast)
    assert "Enveloppe dépassée" in page
    assert "<strong>cap_exceeded</strong>" not in page
