import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budget import services
from budget.models import Budget, BudgetLine, Expense

from .conftest import add_expense, add_line, approved_budget

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def url(name, cast, **kwargs):
    return reverse(f"budget:{name}", kwargs={"consortium_id": cast.consortium_a.pk, **kwargs})


def line_post(cast, prefix="new", **overrides):
    data = {
        "structure": cast.lead_a.pk,
        "category": "personnel",
        "year": "1",
        "label": "Coordinatrice",
        "amount": "12 500,50",
        "staff_role": "Coordination",
        "fte": "0,8",
    } | overrides
    return {f"{prefix}-{k}": v for k, v in data.items()}


def text(response):
    return response.content.decode()


class TestOverview:
    def test_it_shows_the_envelope_totals_share_and_violations(self, cast):
        add_line(cast, "70000")
        add_line(cast, "30000", category="operating", year=2, label="Loyer", structure=cast.member_a)
        page = text(cast.client("viewer").get(url("overview", cast)))
        assert f"450{NBSP}000,00{NBSP}€" in page  # envelope for 380,000 inhabitants
        assert f"100{NBSP}000,00{NBSP}€" in page  # planned
        assert f"350{NBSP}000,00{NBSP}€" in page  # left
        assert f"70,00{NBSP}%" in page
        assert 'data-code="personnel_share_too_low"' in page
        assert "ASBL Membre A" in page and "Loyer" not in page  # lines are grouped by structure, opened on demand
        opened = text(cast.client("viewer").get(url("overview", cast) + f"?structure={cast.member_a.pk}"))
        assert "Loyer" in opened
        assert "<svg" in page and page.count('class="bar-plan"') == 24
        # viewers read but do not edit
        assert "Ajouter une ligne" not in page and "Soumettre" not in page

    def test_it_shows_the_large_envelope_for_consortium_b(self, cast):
        page = text(
            cast.client("outsider").get(reverse("budget:overview", kwargs={"consortium_id": cast.consortium_b.pk}))
        )
        assert f"700{NBSP}000,00{NBSP}€" in page
        assert "Aucun budget" in page

    def test_it_offers_editing_to_the_accountant(self, cast):
        add_line(cast)
        page = text(cast.client("accountant").get(url("overview", cast) + f"?structure={cast.lead_a.pk}"))
        assert "Ajouter une ligne" in page and "Modifier" in page and "Soumettre à l'AVIQ" in page
        assert "Ajouter la ligne" in text(cast.client("accountant").get(url("line_create", cast)))

    def test_the_consortium_nav_has_a_budget_tab_for_those_who_may_see_it(self, cast):
        detail = reverse("consortia:detail", kwargs={"consortium_id": cast.consortium_a.pk})
        assert url("overview", cast) in text(cast.client("viewer").get(detail))
        assert url("overview", cast) not in text(cast.client("structure_reporter").get(detail))

    def test_it_shows_review_buttons_to_aviq_only_on_a_submitted_budget(self, cast):
        line = add_line(cast)
        from budget import services

        services.budget_submit(actor=None, budget=line.budget)
        assert "Approuver" in text(cast.client("reviewer").get(url("overview", cast)))
        assert "Approuver" not in text(cast.client("coordinator").get(url("overview", cast)))


class TestLineForms:
    def test_it_adds_a_line_with_a_plain_form(self, cast):
        response = cast.client("accountant").post(url("line_create", cast), line_post(cast))
        assert response.status_code == 302
        line = BudgetLine.objects.get()
        assert (line.amount, line.fte, line.label) == (Decimal("12500.50"), Decimal("0.80"), "Coordinatrice")

    def test_it_refuses_a_line_over_the_envelope_and_shows_the_figures(self, cast):
        add_line(cast, "449000")
        response = cast.client("accountant").post(url("line_create", cast), line_post(cast, amount="1000,01"))
        page = text(response)
        assert response.status_code == 200
        assert "Plafond dépassé" in page and f"0,01{NBSP}€ de trop" in page
        assert BudgetLine.objects.count() == 1

    @pytest.mark.parametrize("amount", ["-5", "0", "1e9", "NaN", "Infinity", "12,345.678", "beaucoup", ""])
    def test_it_rejects_bad_amounts_with_a_field_error(self, cast, amount):
        response = cast.client("accountant").post(url("line_create", cast), line_post(cast, amount=amount))
        assert response.status_code == 200
        assert 'class="field-error"' in text(response)
        assert not BudgetLine.objects.exists()

    def test_it_rejects_a_structure_of_another_consortium(self, cast):
        response = cast.client("accountant").post(url("line_create", cast), line_post(cast, structure=cast.lead_b.pk))
        assert 'class="field-error"' in text(response)
        assert not BudgetLine.objects.exists()

    def test_htmx_add_returns_the_row_the_summary_and_a_fresh_form(self, cast):
        response = cast.client("accountant").post(url("line_create", cast), line_post(cast), HTTP_HX_REQUEST="true")
        page = text(response)
        line = BudgetLine.objects.get()
        assert f'<tr id="line-{line.pk}"' in page
        assert 'id="budget-summary" hx-swap-oob="true"' in page
        assert 'id="line-add-form"' in page and 'hx-swap-oob="true"' in page
        assert f"12{NBSP}500,50{NBSP}€" in page

    def test_htmx_add_of_the_first_line_removes_the_no_budget_message(self, cast):
        client = cast.client("accountant")
        overview = text(client.get(url("overview", cast)))
        assert '<div id="lines-empty"><p class="muted">Aucun budget n\'a encore été saisi' in overview
        response = client.post(url("line_create", cast), line_post(cast), HTTP_HX_REQUEST="true")
        page = text(response)
        # In the <template> beside the row: htmx swaps the emptied element out of band.
        assert "<template>" in page and '<div id="lines-empty" hx-swap-oob="true"></div>' in page
        assert "Aucun budget" not in page
        assert "Aucun budget" not in text(client.get(url("overview", cast)))

    def test_htmx_add_with_an_error_retargets_the_form(self, cast):
        response = cast.client("accountant").post(
            url("line_create", cast), line_post(cast, amount="-1"), HTTP_HX_REQUEST="true"
        )
        assert response["HX-Retarget"] == "#line-add-form"
        assert "strictement positif" in text(response)

    def test_htmx_edit_returns_an_edit_row_and_saves_in_place(self, cast):
        line = add_line(cast, "1000")
        client = cast.client("coordinator")
        edit = text(client.get(url("line_edit", cast, line_id=line.pk), HTTP_HX_REQUEST="true"))
        assert f'<tr id="line-{line.pk}" class="editing">' in edit and "<html" not in edit
        response = client.post(
            url("line", cast, line_id=line.pk),
            line_post(cast, prefix=f"line-{line.pk}", amount="2000", version="1"),
            HTTP_HX_REQUEST="true",
        )
        page = text(response)
        assert f"2{NBSP}000,00{NBSP}€" in page and 'id="budget-summary" hx-swap-oob="true"' in page
        line.refresh_from_db()
        assert line.amount == Decimal("2000.00") and line.version == 2

    def test_the_edit_page_works_without_javascript(self, cast):
        line = add_line(cast, "1000")
        client = cast.client("coordinator")
        page = text(client.get(url("line_edit", cast, line_id=line.pk)))
        assert "<html" in page and f'name="line-{line.pk}-amount"' in page
        response = client.post(
            url("line", cast, line_id=line.pk), line_post(cast, prefix=f"line-{line.pk}", version="1")
        )
        assert response.status_code == 302

    def test_a_stale_save_shows_the_conflict_with_the_current_value(self, cast):
        line = add_line(cast, "1000")
        from budget import services

        services.budget_line_update(actor=None, line=line, version=1, data={"amount": "1500"})
        response = cast.client("coordinator").post(
            url("line", cast, line_id=line.pk),
            line_post(cast, prefix=f"line-{line.pk}", amount="3000", version="1"),
            HTTP_HX_REQUEST="true",
        )
        page = text(response)
        assert "a modifié la ligne «" in page and f"1{NBSP}500,00{NBSP}€" in page
        assert re.search(rf'name="line-{line.pk}-version" value="2"', page)
        line.refresh_from_db()
        assert line.amount == Decimal("1500.00")

    def test_htmx_delete_removes_the_row_and_refreshes_the_summary(self, cast):
        line = add_line(cast)
        response = cast.client("accountant").post(url("line_delete", cast, line_id=line.pk), HTTP_HX_REQUEST="true")
        assert 'id="budget-summary" hx-swap-oob="true"' in text(response)
        assert not BudgetLine.objects.exists()

    def test_deleting_a_line_in_use_is_refused_with_a_message(self, cast):
        _, line = approved_budget(cast)
        add_expense(cast, line)
        from budget import services

        amendment = services.budget_amend(actor=None, consortium=cast.consortium_a)
        copy = amendment.lines.get(copied_from=line)
        response = cast.client("accountant").post(url("line_delete", cast, line_id=copy.pk), HTTP_HX_REQUEST="true")
        assert response["HX-Retarget"] == "#budget-messages" and "dépenses sont imputées" in text(response)
        assert BudgetLine.objects.filter(pk=copy.pk).exists()

    def test_another_consortiums_line_is_404(self, cast):
        from budget import services

        other = services.budget_line_create(
            actor=None,
            consortium=cast.consortium_b,
            data={"structure": cast.lead_b.pk, "category": "operating", "year": 1, "label": "B", "amount": "10"},
        )
        client = cast.client("coordinator")
        assert client.get(url("line_edit", cast, line_id=other.pk)).status_code == 404
        assert (
            client.post(url("line", cast, line_id=other.pk), line_post(cast, prefix=f"line-{other.pk}")).status_code
            == 404
        )
        assert client.post(url("line_delete", cast, line_id=other.pk)).status_code == 404
        assert BudgetLine.objects.get(pk=other.pk).label == "B"


CONFIRMED = {"confirm": "1"}


class TestWorkflowViews:
    def test_submission_below_80_percent_is_refused_with_the_reason(self, cast):
        add_line(cast, "70000")
        add_line(cast, "30000", category="operating")
        client = cast.client("coordinator")
        page = text(client.post(url("submit", cast), CONFIRMED, follow=True))
        assert "ne peut pas être soumis" in page and "80" in page
        assert Budget.objects.get().status == "draft"

    def test_submit_approve_and_amend(self, cast):
        add_line(cast, "80000")
        add_line(cast, "20000", category="operating")
        budget = Budget.objects.get()
        submitted = cast.client("coordinator").post(url("submit", cast), {"revision": budget.revision} | CONFIRMED)
        assert submitted.status_code == 302
        assert cast.client("reviewer").post(url("approve", cast), {"comment": "OK"}).status_code == 302
        budget.refresh_from_db()
        assert budget.status == "approved" and budget.review_comment == "OK"
        cast.client("coordinator").post(url("amend", cast), CONFIRMED)
        assert Budget.objects.filter(version=2, status="draft").exists()
        version = url("version", cast, budget_id=Budget.objects.get(version=2).pk)
        page = text(cast.client("viewer").get(version + f"?structure={cast.lead_a.pk}"))
        assert "inchangée" in page

    def test_a_double_submit_is_refused_politely(self, cast):
        add_line(cast)
        client = cast.client("coordinator")
        client.post(url("submit", cast), CONFIRMED)
        page = text(client.post(url("submit", cast), CONFIRMED, follow=True))
        assert "déjà soumis" in page

    def test_it_submits_and_amends_nothing_without_the_confirmation_box(self, cast):
        add_line(cast, "80000")
        add_line(cast, "20000", category="operating")
        client = cast.client("coordinator")
        page = text(client.post(url("submit", cast), {"confirm": "yes"}, follow=True))
        assert "Cochez la case de confirmation" in page
        assert Budget.objects.get().status == "draft"
        client.post(url("submit", cast), CONFIRMED)
        services.budget_approve(actor=cast.users["reviewer"], budget=Budget.objects.get())
        page = text(client.post(url("amend", cast), follow=True))
        assert "rien n'a changé" in page.replace("&#x27;", "'")
        assert Budget.objects.count() == 1

    def test_request_changes_needs_a_comment(self, cast):
        line = add_line(cast)
        from budget import services

        services.budget_submit(actor=None, budget=line.budget)
        page = text(cast.client("reviewer").post(url("request_changes", cast), {"comment": ""}, follow=True))
        assert "Expliquez les modifications" in page
        cast.client("reviewer").post(url("request_changes", cast), {"comment": "Plus de détails"})
        assert Budget.objects.get().status == "changes_requested"


class TestExpenses:
    def test_it_records_an_expense_with_a_file_and_serves_it_only_to_members(self, cast):
        _, line = approved_budget(cast)
        response = cast.client("accountant").post(
            url("expenses", cast),
            {
                "budget_line": line.pk,
                "date": "2026-04-30",
                "amount": "1 250,00",
                "justification": "Fiche de paie avril",
                "justification_file": SimpleUploadedFile("paie.pdf", b"%PDF-1.7 ok"),
            },
        )
        assert response.status_code == 302
        expense = Expense.objects.get()
        assert expense.amount == Decimal("1250.00") and expense.date == datetime.date(2026, 4, 30)
        file_url = url("expense_file", cast, expense_id=expense.pk)
        download = cast.client("viewer").get(file_url)
        assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.7 ok"
        assert download["Content-Disposition"].startswith("attachment")
        assert cast.client("outsider").get(file_url).status_code == 404
        assert cast.client("structure_reporter").get(file_url).status_code == 403
        page = text(cast.client("viewer").get(url("expenses", cast)))
        assert "Fiche de paie avril" in page and f"1{NBSP}250,00{NBSP}€" in page
        assert f'href="{file_url}"' in page  # the list links each justification to its download

    @pytest.mark.parametrize(
        "changes, message",
        [
            ({"date": "2028-01-01"}, "période financée"),
            ({"amount": "-3"}, "strictement positif"),
            ({"amount": "1e9"}, "Montant invalide"),
            ({"justification_file": SimpleUploadedFile("x.exe", b"MZ")}, "Type de fichier refusé"),
            ({"date": "pas une date"}, "date"),
        ],
    )
    def test_it_rejects_bad_expenses_with_a_message(self, cast, changes, message):
        _, line = approved_budget(cast)
        data = {"budget_line": line.pk, "date": "2026-04-30", "amount": "100", "justification": "x"} | changes
        response = cast.client("accountant").post(url("expenses", cast), data)
        assert response.status_code == 200 and message in text(response)
        assert not Expense.objects.exists()

    def test_it_refuses_spending_over_the_approved_total(self, cast):
        _, line = approved_budget(cast)
        data = {"budget_line": line.pk, "date": "2026-04-30", "amount": "100000,01", "justification": "x"}
        page = text(cast.client("accountant").post(url("expenses", cast), data))
        assert "au-delà du budget approuvé" in page


class TestHistory:
    def test_it_lists_who_changed_what_before_and_after(self, cast):
        line = add_line(cast, "1000", actor=cast.users["accountant"])
        from budget import services

        services.budget_line_update(actor=cast.users["coordinator"], line=line, version=1, data={"amount": "1500"})
        page = text(cast.client("viewer").get(url("history", cast)))
        assert "coordinator@a.test" in page or "Prénom" in page
        assert f"<del>1{NBSP}000,00{NBSP}€</del> → <ins>1{NBSP}500,00{NBSP}€</ins>" in page

    def test_it_lists_expense_changes(self, cast):
        _, line = approved_budget(cast)
        add_expense(cast, line, "42")
        page = text(cast.client("viewer").get(url("history", cast) + "?kind=expenses"))
        assert f"42,00{NBSP}€" in page and "création" in page


class TestDoubleSubmits:
    def test_a_second_post_of_the_same_add_form_adds_nothing(self, cast):
        client = cast.client("accountant")
        page = text(client.get(url("line_create", cast)))
        token = re.search(r'name="submission_token" value="([0-9a-f]+)"', page).group(1)
        data = line_post(cast) | {"submission_token": token}
        assert client.post(url("line_create", cast), data).status_code == 302
        again = client.post(url("line_create", cast), data, follow=True)
        assert "déjà été envoyé" in text(again)
        assert BudgetLine.objects.count() == 1

    def test_a_refused_post_can_be_corrected_and_sent_again(self, cast):
        client = cast.client("accountant")
        data = line_post(cast, amount="-1") | {"submission_token": "abc123"}
        assert 'class="field-error"' in text(client.post(url("line_create", cast), data))
        data["new-amount"] = "10"
        assert client.post(url("line_create", cast), data).status_code == 302
        assert BudgetLine.objects.count() == 1

    def test_a_double_posted_expense_is_recorded_once(self, cast):
        _, line = approved_budget(cast)
        client = cast.client("accountant")
        data = {
            "budget_line": line.pk,
            "date": "2026-04-30",
            "amount": "10",
            "justification": "x",
            "submission_token": "tok-1",
        }
        client.post(url("expenses", cast), data)
        client.post(url("expenses", cast), data)
        assert Expense.objects.count() == 1


def test_the_expense_form_offers_the_searched_lines_and_keeps_the_choice(cast):
    _, line = approved_budget(cast)
    client = cast.client("accountant")
    page = text(client.get(url("expenses", cast)))
    assert 'name="budget_line"' not in page and 'id="line-search"' in page  # no list of every line
    page = text(client.get(url("expenses", cast) + "?line_search=coordin"))
    assert f'<input type="radio" name="budget_line" value="{line.pk}" required>' in page
    page = text(client.post(url("expenses", cast), {"budget_line": line.pk, "amount": "-1", "date": "2026-02-02"}))
    assert f'<input type="radio" name="budget_line" value="{line.pk}" required checked>' in page


def test_the_first_line_of_an_empty_budget_has_a_table_to_land_in(cast):
    page = text(cast.client("accountant").get(url("overview", cast)))
    assert "Aucun budget" in page and 'id="lines-body"' in page and 'id="line-add-form"' in page
    assert 'id="lines-body"' not in text(cast.client("viewer").get(url("overview", cast)))
