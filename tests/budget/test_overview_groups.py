"""The overview's lines grouped by structure: one row per structure with its totals (computed in SQL), "Voir les
lignes" loading a structure's lines with htmx or as a plain link, and the line flows keeping the group totals right."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from budget import grouping, selectors, services
from budget.models import Budget, BudgetLine
from budget.views import common

from .conftest import add_expense, add_line, approved_budget

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
HX = {"HTTP_HX_REQUEST": "true"}


def overview(cast, query=""):
    return reverse("budget:overview", kwargs={"consortium_id": cast.consortium_a.pk}) + query


def group_url(cast, structure_id, query=""):
    kwargs = {"consortium_id": cast.consortium_a.pk, "structure_id": structure_id}
    return reverse("budget:structure_lines", kwargs=kwargs) + query


def money(amount: str) -> str:
    return f"{amount}{NBSP}€"


def group_row(page: str, structure) -> str:
    found = re.search(rf'<tr id="group-{structure.pk}" class="group-row"[^>]*>.*?</tr>', page, re.S)
    assert found, f"no group row for {structure}"
    return found.group(0)


def groups_of(cast):
    budget = selectors.latest_budget(cast.consortium_a)
    return {
        g.pk: g
        for g in grouping.structure_group_rows(cast.consortium_a, grouping.structure_groups(cast.consortium_a, budget))
    }


class TestGroups:
    def test_it_gives_one_row_per_structure_with_its_totals_by_category(self, cast):
        add_line(cast, "1000", label="Coordinatrice")
        add_line(cast, "500", category="operating", year=2, label="Loyer")
        add_line(cast, "300", category="equipment", structure=cast.member_a, label="PC")
        groups = groups_of(cast)
        lead, member, partner = groups[cast.lead_a.pk], groups[cast.member_a.pk], groups[cast.partner_a.pk]
        assert (lead.lines, lead.planned, lead.by_category) == (
            2,
            Decimal("1500.00"),
            [Decimal("1000.00"), Decimal("500.00"), 0, 0, 0],
        )
        assert (member.lines, member.planned, member.spent) == (1, Decimal("300.00"), 0)
        # a member structure without any line has its row, at zero
        assert (partner.lines, partner.planned, partner.spent) == (0, 0, 0)
        assert cast.lead_b.pk not in groups  # another consortium's structure is not a group

    def test_the_page_shows_the_groups_and_no_line_until_asked(self, cast):
        add_line(cast, "1000", label="Coordinatrice")
        page = cast.client("viewer").get(overview(cast)).content.decode()
        row = group_row(page, cast.lead_a)
        assert money(f"1{NBSP}000,00") in row and ">1<" in row and "Voir les lignes" in row
        assert "Voir les lignes" not in group_row(page, cast.partner_a)  # nothing to open
        assert f'hx-get="{group_url(cast, cast.lead_a.pk)}"' in row  # its lines, loaded on demand
        assert "Coordinatrice" not in page

    def test_deleted_lines_and_other_versions_do_not_count_but_spending_does(self, cast):
        _, staff = approved_budget(cast)  # 80,000 personnel + 20,000 operating, both on the lead structure
        add_expense(cast, staff, "250")
        amendment = services.budget_amend(actor=None, consortium=cast.consortium_a)
        rent = amendment.lines.get(category="operating")
        services.budget_line_delete(actor=None, line=rent, version=rent.version)
        lead = groups_of(cast)[cast.lead_a.pk]
        assert (lead.lines, lead.planned) == (1, Decimal("80000.00"))  # the amendment's lines only
        assert lead.spent == Decimal("250.00")  # spent on the approved version's line

    def test_a_structure_with_lines_that_left_the_consortium_keeps_its_group(self, cast):
        add_line(cast, "700", category="other", structure=cast.partner_a, label="Frais")
        cast.consortium_a.memberships.filter(structure=cast.partner_a).delete()
        partner = groups_of(cast)[cast.partner_a.pk]
        assert (partner.lines, partner.planned) == (1, Decimal("700.00"))

    def test_groups_are_paged_and_a_structure_opens_on_its_page(self, cast, monkeypatch):
        monkeypatch.setattr(common, "GROUPS_PER_PAGE", 1)
        add_line(cast, "100", structure=cast.partner_a, label="Ligne du partenaire")
        names = [g.name for g in groups_of(cast).values()]
        last = sorted(names, key=str.lower)[-1]
        page = cast.client("viewer").get(overview(cast, "?page=3")).content.decode()
        assert page.count('class="group-row"') == 1 and last in page
        opened = cast.client("viewer").get(overview(cast, f"?structure={cast.partner_a.pk}")).content.decode()
        assert "Ligne du partenaire" in opened and group_row(opened, cast.partner_a)
        # the page links keep the opened structure: the page they name wins
        other = cast.client("viewer").get(overview(cast, f"?structure={cast.partner_a.pk}&page=1")).content.decode()
        assert other.count('class="group-row"') == 1 and f'id="group-{cast.partner_a.pk}"' not in other


class TestShowLines:
    def test_htmx_loads_the_lines_of_one_structure(self, cast):
        add_line(cast, "1000", label="Coordinatrice")
        add_line(cast, "300", category="equipment", structure=cast.member_a, label="PC")
        response = cast.client("viewer").get(group_url(cast, cast.lead_a.pk), **HX)
        page = response.content.decode()
        assert response.status_code == 200 and "<html" not in page
        assert page.lstrip().startswith(f'<tr id="group-{cast.lead_a.pk}-lines"')
        assert "Coordinatrice" in page and "PC" not in page
        assert "Modifier" not in page  # a viewer reads

    def test_editors_get_the_edit_buttons_on_a_draft(self, cast):
        line = add_line(cast, "1000")
        page = cast.client("accountant").get(group_url(cast, cast.lead_a.pk), **HX).content.decode()
        assert f'<tr id="line-{line.pk}"' in page and "Modifier" in page

    def test_without_htmx_it_is_the_overview_opened_on_the_structure(self, cast):
        add_line(cast, "1000", label="Coordinatrice")
        response = cast.client("viewer").get(group_url(cast, cast.lead_a.pk))
        assert response.status_code == 302
        assert response["Location"] == overview(cast, f"?structure={cast.lead_a.pk}#group-{cast.lead_a.pk}")
        page = cast.client("viewer").get(response["Location"]).content.decode()
        assert "Coordinatrice" in page and f'id="group-{cast.lead_a.pk}-lines" class="group-lines">' in page

    def test_a_structures_lines_are_paged_by_100(self, cast):
        budget = add_line(cast, "1", label="Ligne 000").budget
        BudgetLine.objects.bulk_create(
            BudgetLine(budget=budget, structure=cast.lead_a, category="other", year=2, label=f"Ligne {i:03}", amount=1)
            for i in range(1, 101)
        )
        first = cast.client("viewer").get(group_url(cast, cast.lead_a.pk), **HX).content.decode()
        assert first.count('<tr id="line-') == 100 and "Ligne 100" not in first and "Page 1 sur 2" in first
        second = cast.client("viewer").get(group_url(cast, cast.lead_a.pk, "?page=2"), **HX).content.decode()
        assert second.count('<tr id="line-') == 1 and "Ligne 100" in second
        no_js = cast.client("viewer").get(overview(cast, f"?structure={cast.lead_a.pk}&lines_page=2"))
        assert "Ligne 100" in no_js.content.decode()

    def test_hiding_gives_back_the_empty_place(self, cast):
        add_line(cast, "1000")
        page = cast.client("viewer").get(group_url(cast, cast.lead_a.pk, "?page=0&hide=1"), **HX).content.decode()
        assert page == f'<tr id="group-{cast.lead_a.pk}-lines" class="group-lines" hidden></tr>'


class TestBadIds:
    @pytest.mark.parametrize("raw", ["abc", "-1", "1.5", "99999999999999999999999", "٣", ""])
    def test_a_garbled_structure_in_the_query_is_a_french_404(self, cast, raw):
        add_line(cast)
        response = cast.client("viewer").get(overview(cast), {"structure": raw})
        assert response.status_code == 404
        assert "Cette structure ne fait pas partie du budget de ce consortium" in response.content.decode()

    @pytest.mark.parametrize("raw", ["abc", "-1", "99999999999999999999999", "1e3"])
    def test_a_garbled_structure_in_the_url_is_a_french_404(self, cast, raw):
        add_line(cast)
        response = cast.client("viewer").get(group_url(cast, raw), **HX)
        assert response.status_code == 404
        assert "Cette structure ne fait pas partie du budget" in response.content.decode()

    def test_another_consortiums_structure_is_404(self, cast):
        add_line(cast)
        client = cast.client("viewer")
        assert client.get(overview(cast, f"?structure={cast.lead_b.pk}")).status_code == 404
        assert client.get(group_url(cast, cast.lead_b.pk), **HX).status_code == 404
        assert client.get(group_url(cast, cast.lead_b.pk)).status_code == 404


class TestLineFlowsKeepTheGroupsRight:
    def form(self, cast, prefix="new", **overrides):
        data = {
            "structure": cast.lead_a.pk,
            "category": "operating",
            "year": "1",
            "label": "Loyer",
            "amount": "1 000,00",
        } | overrides
        return {f"{prefix}-{k}": v for k, v in data.items()}

    def test_htmx_add_refreshes_the_groups_totals_out_of_band(self, cast):
        add_line(cast, "500", category="operating", label="Avant")
        url = reverse("budget:line_create", kwargs={"consortium_id": cast.consortium_a.pk})
        page = cast.client("accountant").post(url, self.form(cast), **HX).content.decode()
        row = group_row(page, cast.lead_a)
        assert 'hx-swap-oob="true"' in row and money(f"1{NBSP}500,00") in row and ">2<" in row
        assert re.search(r"<template>.*" + re.escape(row), page, re.S)  # beside a row: inside <template>

    def test_htmx_edit_moving_a_line_refreshes_both_groups(self, cast):
        line = add_line(cast, "1000", category="operating", label="Loyer")
        url = reverse("budget:line", kwargs={"consortium_id": cast.consortium_a.pk, "line_id": line.pk})
        data = self.form(cast, prefix=f"line-{line.pk}", structure=cast.member_a.pk, version="1")
        page = cast.client("accountant").post(url, data, **HX).content.decode()
        assert ">0<" in group_row(page, cast.lead_a)
        assert money(f"1{NBSP}000,00") in group_row(page, cast.member_a)
        assert 'id="budget-summary" hx-swap-oob="true"' in page

    def test_htmx_delete_refreshes_the_group_and_the_summary(self, cast):
        add_line(cast, "1000", label="Reste")
        line = add_line(cast, "400", category="operating", label="Supprimée")
        url = reverse("budget:line_delete", kwargs={"consortium_id": cast.consortium_a.pk, "line_id": line.pk})
        page = cast.client("accountant").post(url, {"version": line.version}, **HX).content.decode()
        assert money(f"1{NBSP}000,00") in group_row(page, cast.lead_a) and ">1<" in group_row(page, cast.lead_a)
        assert 'id="budget-summary" hx-swap-oob="true"' in page

    def test_without_javascript_an_added_line_shows_in_its_opened_group(self, cast):
        url = reverse("budget:line_create", kwargs={"consortium_id": cast.consortium_a.pk})
        client = cast.client("accountant")
        response = client.post(url, self.form(cast, structure=cast.member_a.pk))
        line = BudgetLine.objects.get()
        assert response["Location"] == overview(cast, f"?structure={cast.member_a.pk}#line-{line.pk}")
        assert f'<tr id="line-{line.pk}"' in client.get(response["Location"]).content.decode()

    def test_the_add_form_loads_on_demand_with_the_structure_chosen(self, cast):
        url = reverse("budget:line_create", kwargs={"consortium_id": cast.consortium_a.pk})
        client = cast.client("accountant")
        part = client.get(url, {"structure": cast.member_a.pk}, **HX).content.decode()
        assert part.lstrip().startswith('<form id="line-add-form"') and 'hx-post="' in part
        assert re.search(rf'<option value="{cast.member_a.pk}" selected>', part)
        page = client.get(url).content.decode()
        assert "<html" in page and 'hx-post="' not in page  # the plain form of its own page
        assert client.get(url, {"structure": "abc"}).status_code == 200  # a garbled choice is just not chosen
        assert Budget.objects.count() == 0
