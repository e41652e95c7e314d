"""The expenses page: the line search of the form (htmx fragment, or the page itself without JavaScript), the
check of the posted line id, and the list's filters (month, structure, category) with their count and total."""

import datetime

import pytest
from django.urls import reverse

from budget import services
from budget.models import Expense

from .conftest import add_expense, add_line, approve, approved_budget

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def url(name, cast, **kwargs):
    return reverse(f"budget:{name}", kwargs={"consortium_id": cast.consortium_a.pk, **kwargs})


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def line_of_b(cast, label):
    """A line of consortium B's budget (never A's to charge)."""
    data = {"structure": cast.lead_b.pk, "category": "operating", "year": 1, "label": label, "amount": "5"}
    return services.budget_line_create(actor=None, consortium=cast.consortium_b, data=data)


def search(client, cast, words):
    return text(client.get(url("expense_lines", cast), {"line_search": words}, headers={"HX-Request": "true"}))


class TestLineSearch:
    def test_it_finds_approved_lines_by_label_structure_or_category(self, cast):
        _, staff = approved_budget(cast)
        rent = staff.budget.lines.get(label="Loyer")
        client = cast.client("accountant")
        found = search(client, cast, "LOYER")
        assert f'value="{rent.pk}"' in found and f'value="{staff.pk}"' not in found
        assert "Loyer · ASBL Porteuse A · Fonctionnement · A2" in found or "Loyer · ASBL Porteuse A" in found
        found = search(client, cast, "porteuse")
        assert f'value="{rent.pk}"' in found and f'value="{staff.pk}"' in found
        found = search(client, cast, "porteuse personnel")  # every word must match
        assert f'value="{staff.pk}"' in found and f'value="{rent.pk}"' not in found
        assert "ne correspond" in search(client, cast, "introuvable")

    def test_it_offers_at_most_twenty_lines_and_says_there_are_more(self, cast):
        for i in range(25):
            add_line(cast, "10", label=f"Fournitures {i}")
        approve(cast)
        found = search(cast.client("accountant"), cast, "fournitures")
        assert found.count('type="radio"') == 20 and "précisez la recherche" in found

    def test_it_never_offers_another_consortiums_or_a_draft_budgets_lines(self, cast):
        _, line = approved_budget(cast)
        services.budget_amend(actor=cast.users["coordinator"], consortium=cast.consortium_a)  # a draft v2, copied
        other = line_of_b(cast, "Coordinatrice")
        found = search(cast.client("accountant"), cast, "coordinatrice")
        assert found.count('type="radio"') == 1 and f'value="{line.pk}"' in found
        assert f'value="{other.pk}"' not in found

    def test_without_javascript_the_search_lands_on_the_page_with_the_choices(self, cast):
        _, line = approved_budget(cast)
        client = cast.client("accountant")
        response = client.get(url("expense_lines", cast), {"line_search": "coordinatrice"})
        assert response.status_code == 302 and "line_search=coordinatrice" in response["Location"]
        assert f'value="{line.pk}"' in text(client.get(response["Location"]))

    def test_it_is_for_those_who_may_record_expenses(self, cast):
        approved_budget(cast)
        assert cast.client("viewer").get(url("expense_lines", cast), {"line_search": "x"}).status_code == 403
        assert cast.client("outsider").get(url("expense_lines", cast), {"line_search": "x"}).status_code == 404


class TestPostedLine:
    @pytest.mark.parametrize(
        "line_of",
        [
            lambda cast, line, draft, other: other.pk,  # another consortium's line
            lambda cast, line, draft, other: draft.pk,  # a line of a budget not approved
            lambda cast, line, draft, other: "12abc",
            lambda cast, line, draft, other: "9" * 40,
            lambda cast, line, draft, other: str(2**63),
            lambda cast, line, draft, other: "",
        ],
        ids=["other-consortium", "draft-budget", "garbled", "huge", "overflow", "missing"],
    )
    def test_it_refuses_a_line_that_is_not_of_the_approved_budget(self, cast, line_of):
        _, line = approved_budget(cast)
        draft = services.budget_amend(actor=cast.users["coordinator"], consortium=cast.consortium_a).lines.first()
        other = line_of_b(cast, "B")
        data = {"budget_line": line_of(cast, line, draft, other), "date": "2026-04-30", "amount": "10"}
        page = text(cast.client("accountant").post(url("expenses", cast), data | {"justification": "x"}))
        assert "Choisissez une ligne du budget approuvé." in page
        assert not Expense.objects.exists()

    def test_it_records_the_chosen_line(self, cast):
        _, line = approved_budget(cast)
        data = {"budget_line": str(line.pk), "date": "2026-04-30", "amount": "10", "justification": "x"}
        assert cast.client("accountant").post(url("expenses", cast), data).status_code == 302
        assert Expense.objects.get().budget_line_id == line.pk


class TestFilters:
    @pytest.fixture
    def spending(self, cast):
        staff = add_line(cast, "90000")
        add_line(cast, "9000", category="operating", year=2, label="Loyer")
        computer = add_line(cast, "500", category="equipment", structure=cast.member_a, label="Ordinateur")
        approve(cast, staff.budget)
        add_expense(cast, staff, "100", datetime.date(2026, 3, 15))
        add_expense(cast, staff, "200", datetime.date(2026, 4, 2))
        add_expense(cast, computer, "450", datetime.date(2026, 4, 20))
        return staff, computer

    def test_it_lists_everything_with_the_count_and_total(self, cast, spending):
        page = text(cast.client("viewer").get(url("expenses", cast)))
        assert f"3 dépenses pour 750,00{NBSP}€" in page

    @pytest.mark.parametrize(
        "query, expected",
        [
            ({"month": "2026-04"}, f"2 dépenses pour 650,00{NBSP}€"),
            ({"category": "personnel"}, f"2 dépenses pour 300,00{NBSP}€"),
            ({"month": "2026-04", "category": "personnel"}, f"1 dépense pour 200,00{NBSP}€"),
            ({"month": "2025-01"}, "Aucune dépense ne correspond à ces filtres."),
            ({"month": "2025-01"}, f"0 dépense pour 0,00{NBSP}€"),  # French: 0 takes the singular
        ],
    )
    def test_it_filters_by_month_structure_and_category(self, cast, spending, query, expected):
        page = text(cast.client("viewer").get(url("expenses", cast), query))
        assert expected in page

    def test_it_filters_by_structure(self, cast, spending):
        page = text(cast.client("viewer").get(url("expenses", cast), {"structure": cast.member_a.pk}))
        assert f"1 dépense pour 450,00{NBSP}€" in page and "Ordinateur" in page

    @pytest.mark.parametrize(
        "query, message",
        [
            ({"month": "mars"}, "Mois invalide"),
            ({"month": "2026-13"}, "Mois invalide"),
            ({"month": "2026-04-01"}, "Mois invalide"),
            ({"structure": "abc"}, "Structure inconnue"),
            ({"structure": "9" * 30}, "Structure inconnue"),
            ({"category": "caviar"}, "Catégorie inconnue"),
        ],
    )
    def test_a_bad_filter_is_reported_and_ignored(self, cast, spending, query, message):
        page = text(cast.client("viewer").get(url("expenses", cast), query))
        assert message in page and 'role="alert"' in page
        assert f"3 dépenses pour 750,00{NBSP}€" in page

    def test_another_consortiums_structure_is_ignored(self, cast, spending):
        page = text(cast.client("viewer").get(url("expenses", cast), {"structure": cast.lead_b.pk, "month": "2026-04"}))
        assert "Structure inconnue" in page and f"2 dépenses pour 650,00{NBSP}€" in page

    def test_the_page_links_keep_the_filters(self, cast, spending):
        staff, _ = spending
        for day in range(60):
            Expense.objects.create(budget_line=staff, date=datetime.date(2026, 5, 1), amount=1, justification="x")
        page = text(cast.client("viewer").get(url("expenses", cast), {"month": "2026-05"}))
        assert f"60 dépenses pour 60,00{NBSP}€" in page
        assert "?month=2026-05&amp;page=2" in page
        assert page.count('<tr id="expense-') == 50
        page = text(cast.client("viewer").get(url("expenses", cast), {"month": "2026-05", "page": "2"}))
        assert page.count('<tr id="expense-') == 10
