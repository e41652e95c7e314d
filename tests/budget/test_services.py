import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile

from budget import rulesets, services
from budget.models import Budget, BudgetLine, Expense, RuleSet
from budget.rules import DEFAULT_RULES
from ols_platform.errors import ConflictError, DomainError
from tests.factories import StructureFactory

from .conftest import add_expense, add_line, approve, approved_budget

D = Decimal
pytestmark = pytest.mark.django_db


def refusal(callable_, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as error:
        callable_(**kwargs)
    return error.value


class TestLines:
    def test_it_creates_the_first_draft_with_the_first_line(self, cast):
        line = add_line(cast, "1000.50")
        assert line.budget.version == 1 and line.budget.status == Budget.Status.DRAFT
        assert line.amount == D("1000.50") and line.version == 1
        assert line.history.first().history_user == cast.users["accountant"]

    def test_it_accepts_a_total_exactly_at_the_envelope(self, cast):
        add_line(cast, "449999.99")
        add_line(cast, "0.01")
        assert sum(BudgetLine.objects.values_list("amount", flat=True)) == D("450000.00")

    def test_it_rejects_a_line_over_the_cap_with_the_figures(self, cast):
        add_line(cast, "440000.00")
        error = refusal(add_line, cast=cast, amount="10000.01")
        assert error.code == "cap_exceeded" and error.field == "amount"
        assert error.params == {
            "cap": D("450000.00"),
            "current_total": D("440000.00"),
            "attempted_total": D("450000.01"),
            "over_by": D("0.01"),
        }
        assert BudgetLine.objects.count() == 1

    def test_it_uses_the_large_envelope_from_450000_inhabitants(self, cast):
        territory = cast.consortium_a.territory
        territory.population = 450_000
        territory.save()
        add_line(cast, "700000.00")
        assert refusal(add_line, cast=cast, amount="0.01").code == "cap_exceeded"

    def test_it_follows_the_active_rule_set(self, cast):
        RuleSet.objects.update(is_active=False)
        RuleSet.objects.create(name="Test", is_active=True, small_cap=D("1000"), large_cap=D("2000"))
        add_line(cast, "1000")
        assert refusal(add_line, cast=cast, amount="1").params["cap"] == D("1000.00")

    def test_it_rejects_an_update_that_goes_over_the_cap(self, cast):
        add_line(cast, "400000")
        line = add_line(cast, "50000")
        error = refusal(
            services.budget_line_update,
            actor=cast.users["accountant"],
            line=line,
            version=1,
            data={"amount": "50000.01"},
        )
        assert error.code == "cap_exceeded" and error.params["attempted_total"] == D("450000.01")
        line.refresh_from_db()
        assert line.amount == D("50000.00") and line.version == 1

    @pytest.mark.parametrize("amount", ["-5", "0", "1e9", "NaN", "Infinity", "12,345.678", "douze", "1000000.01"])
    def test_it_rejects_bad_amounts_and_changes_nothing(self, cast, amount):
        error = refusal(add_line, cast=cast, amount=amount)
        assert (error.code, error.field) == ("invalid_amount", "amount")
        assert not BudgetLine.objects.exists()

    def test_it_rejects_a_structure_outside_the_consortium(self, cast):
        for structure in (cast.lead_b, StructureFactory()):
            error = refusal(add_line, cast=cast, structure=structure)
            assert (error.code, error.field) == ("structure_not_in_consortium", "structure")

    def test_it_accepts_a_partner_structure(self, cast):
        assert add_line(cast, structure=cast.partner_a).structure == cast.partner_a

    @pytest.mark.parametrize(
        "changes, code",
        [
            ({"category": "bonus"}, "invalid_category"),
            ({"year": 3}, "invalid_year"),
            ({"year": "x"}, "invalid_year"),
            ({"label": "  "}, "invalid_label"),
            ({"label": "x" * 201}, "invalid_label"),
            ({"structure": "abc"}, "structure_not_in_consortium"),
            ({"staff_role": ""}, "invalid_staff_role"),
            ({"fte": ""}, "invalid_fte"),
            ({"fte": "1.5.1"}, "invalid_fte"),
            ({"fte": "0"}, "invalid_fte"),
        ],
    )
    def test_it_rejects_bad_line_fields(self, cast, changes, code):
        data = {
            "structure": cast.lead_a.pk,
            "category": "personnel",
            "year": 1,
            "label": "Coordinatrice",
            "amount": "1000",
            "staff_role": "Coordination",
            "fte": "1",
        } | changes
        error = refusal(services.budget_line_create, actor=None, consortium=cast.consortium_a, data=data)
        assert error.code == code
        assert not BudgetLine.objects.exists()

    def test_it_clears_role_and_fte_on_non_personnel_lines(self, cast):
        line = services.budget_line_create(
            actor=None,
            consortium=cast.consortium_a,
            data={
                "structure": cast.member_a.pk,
                "category": "operating",
                "year": "2",
                "label": "Loyer",
                "amount": "500",
                "staff_role": "x",
                "fte": "1",
            },
        )
        assert line.staff_role == "" and line.fte is None and line.year == 2

    def test_it_refuses_a_stale_version_and_shows_the_current_values(self, cast):
        line = add_line(cast, "1000")
        services.budget_line_update(actor=cast.users["coordinator"], line=line, version=1, data={"amount": "1500"})
        with pytest.raises(ConflictError) as error:
            services.budget_line_update(actor=cast.users["accountant"], line=line, version=1, data={"amount": "2000"})
        assert error.value.code == "conflict"
        assert "1\u00a0500,00\u00a0€" in error.value.message
        line.refresh_from_db()
        assert line.amount == D("1500.00") and line.version == 2

    def test_it_rejects_an_update_without_a_version(self, cast):
        line = add_line(cast)
        error = refusal(services.budget_line_update, actor=None, line=line, version="abc", data={"label": "x"})
        assert error.code == "invalid_version"

    def test_an_update_bumps_the_version_and_the_budget_revision(self, cast):
        line = add_line(cast)
        line = services.budget_line_update(actor=None, line=line, version=1, data={"label": "Coordinateur"})
        assert line.version == 2 and line.label == "Coordinateur"
        assert Budget.objects.get().revision == 2

    def test_it_deletes_a_draft_line(self, cast):
        line = add_line(cast)
        services.budget_line_delete(actor=cast.users["accountant"], line=line)
        assert not BudgetLine.objects.exists()
        assert BudgetLine.history.filter(history_type="-").get().history_user == cast.users["accountant"]


class TestWorkflow:
    def test_it_refuses_submission_below_80_percent_personnel(self, cast):
        add_line(cast, "79990")
        line = add_line(cast, "20010", category="operating")
        error = refusal(services.budget_submit, actor=None, budget=line.budget)
        assert error.code == "personnel_share_too_low"
        assert error.params["required"] == D("80000.00")
        assert Budget.objects.get().status == Budget.Status.DRAFT

    def test_it_accepts_submission_at_exactly_80_percent(self, cast):
        add_line(cast, "80000")
        line = add_line(cast, "20000", category="operating")
        assert services.budget_submit(actor=None, budget=line.budget).status == Budget.Status.SUBMITTED

    def test_it_refuses_to_submit_an_empty_budget(self, cast):
        budget = Budget.objects.create(consortium=cast.consortium_a)
        assert refusal(services.budget_submit, actor=None, budget=budget).code == "budget_empty"

    def test_it_refuses_a_second_submission(self, cast):
        line = add_line(cast)
        services.budget_submit(actor=None, budget=line.budget)
        assert refusal(services.budget_submit, actor=None, budget=line.budget).code == "budget_locked"

    def test_it_refuses_a_submission_of_a_budget_changed_since_it_was_displayed(self, cast):
        line = add_line(cast)
        add_line(cast)
        error = refusal(services.budget_submit, actor=None, budget=line.budget, revision=1)
        assert error.code == "conflict"

    def test_it_locks_a_submitted_budget(self, cast):
        line = add_line(cast)
        services.budget_submit(actor=None, budget=line.budget)
        assert refusal(add_line, cast=cast).code == "budget_locked"
        assert refusal(services.budget_line_update, actor=None, line=line, version=1, data={"label": "x"}).code == (
            "budget_locked"
        )
        assert refusal(services.budget_line_delete, actor=None, line=line).code == "budget_locked"

    def test_only_aviq_or_an_admin_reviews(self, cast):
        line = add_line(cast)
        services.budget_submit(actor=None, budget=line.budget)
        for actor in ("coordinator", "accountant", "anonymous"):
            assert refusal(services.budget_approve, actor=cast.users[actor], budget=line.budget).code == "not_reviewer"
        assert services.budget_approve(actor=cast.users["admin"], budget=line.budget).status == "approved"

    def test_it_requests_changes_with_a_comment_and_reopens_the_budget(self, cast):
        line = add_line(cast)
        services.budget_submit(actor=None, budget=line.budget)
        error = refusal(services.budget_request_changes, actor=cast.users["reviewer"], budget=line.budget, comment=" ")
        assert error.code == "invalid_comment"
        budget = services.budget_request_changes(
            actor=cast.users["reviewer"], budget=line.budget, comment="Détaillez les ETP."
        )
        assert budget.status == Budget.Status.CHANGES_REQUESTED and budget.reviewed_by == cast.users["reviewer"]
        add_line(cast, "10")
        assert services.budget_submit(actor=None, budget=budget).status == Budget.Status.SUBMITTED

    def test_it_refuses_to_review_a_draft(self, cast):
        line = add_line(cast)
        assert refusal(services.budget_approve, actor=cast.users["reviewer"], budget=line.budget).code == (
            "not_submitted"
        )

    def test_it_locks_an_approved_budget(self, cast):
        budget, line = approved_budget(cast)
        assert refusal(add_line, cast=cast).code == "budget_locked"
        assert refusal(services.budget_line_update, actor=None, line=line, version=1, data={"amount": "1"}).code == (
            "budget_locked"
        )

    def test_an_amendment_copies_the_approved_lines_and_keeps_the_approved_version(self, cast):
        budget, line = approved_budget(cast)
        add_expense(cast, line, "500")
        amendment = services.budget_amend(actor=cast.users["coordinator"], consortium=cast.consortium_a)
        assert (amendment.version, amendment.status, amendment.supersedes) == (2, "draft", budget)
        assert amendment.lines.count() == 2
        assert BudgetLine.history.filter(budget_id=amendment.pk).count() == 2
        copy = amendment.lines.get(copied_from=line)
        assert refusal(services.budget_line_delete, actor=None, line=copy).code == "line_in_use"
        services.budget_line_update(actor=None, line=copy, version=1, data={"amount": "90000"})
        budget.refresh_from_db()
        assert budget.status == "approved" and budget.lines.get(pk=line.pk).amount == D("80000.00")
        assert refusal(services.budget_amend, actor=None, consortium=cast.consortium_a).code == "not_approved"
        approve(cast, amendment)
        budget.refresh_from_db()
        assert budget.status == Budget.Status.SUPERSEDED
        assert Expense.objects.get().budget_line == copy

    def test_it_refuses_an_amendment_without_an_approved_budget(self, cast):
        add_line(cast)
        assert refusal(services.budget_amend, actor=None, consortium=cast.consortium_a).code == "not_approved"


class TestExpenses:
    def test_it_records_an_expense_on_the_approved_budget(self, cast):
        _, line = approved_budget(cast)
        expense = add_expense(cast, line, "1 234,56")
        assert expense.amount == D("1234.56") and expense.created_by == cast.users["accountant"]
        assert expense.history.first().history_user == cast.users["accountant"]

    def test_it_refuses_expenses_before_a_budget_is_approved(self, cast):
        line = add_line(cast)
        assert refusal(add_expense, cast=cast, line=line).code == "no_approved_budget"

    def test_it_refuses_spending_above_the_approved_total(self, cast):
        _, line = approved_budget(cast)
        add_expense(cast, line, "99999.99")
        add_expense(cast, line, "0.01")
        error = refusal(add_expense, cast=cast, line=line, amount="0.01")
        assert error.code == "actual_over_approved" and error.params["over_by"] == D("0.01")
        assert Expense.objects.count() == 2

    @pytest.mark.parametrize("date", [datetime.date(2025, 12, 31), datetime.date(2028, 1, 1)])
    def test_it_refuses_expenses_outside_the_24_months(self, cast, date):
        _, line = approved_budget(cast)
        error = refusal(add_expense, cast=cast, line=line, date=date)
        assert (error.code, error.field) == ("date_outside_period", "date")

    @pytest.mark.parametrize("date", [datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)])
    def test_it_accepts_the_first_and_last_day_of_the_period(self, cast, date):
        _, line = approved_budget(cast)
        assert add_expense(cast, line, date=date).date == date

    def test_it_refuses_a_line_of_another_consortium_or_version(self, cast):
        _, line = approved_budget(cast)
        amendment = services.budget_amend(actor=None, consortium=cast.consortium_a)
        for bad in (amendment.lines.first(), 999999, "abc", None):
            error = refusal(add_expense, cast=cast, line=bad if hasattr(bad, "pk") else type("L", (), {"pk": bad}))
            assert error.code == "invalid_budget_line"

    @pytest.mark.parametrize("amount", ["-1", "0", "1e9", "NaN", "12,345.678", "abc"])
    def test_it_rejects_bad_expense_amounts(self, cast, amount):
        _, line = approved_budget(cast)
        assert refusal(add_expense, cast=cast, line=line, amount=amount).code == "invalid_amount"

    def test_a_line_with_expenses_cannot_be_deleted(self, cast):
        line = add_line(cast)
        approve(cast, line.budget)
        add_expense(cast, line)
        # even if the budget were editable again, the expense keeps its line
        Budget.objects.filter(pk=line.budget_id).update(status="draft")
        assert refusal(services.budget_line_delete, actor=None, line=line).code == "line_in_use"

    def test_it_stores_an_accepted_justification_file_privately(self, cast, settings):
        _, line = approved_budget(cast)
        expense = add_expense(cast, line, file=SimpleUploadedFile("facture mars.pdf", b"%PDF-1.4 test"))
        assert expense.justification_filename == "facture_mars.pdf"
        assert expense.justification_file.path.startswith(settings.MEDIA_ROOT + "-private")
        with pytest.raises(ValueError):
            expense.justification_file.url  # noqa: B018

    @pytest.mark.parametrize(
        "name, content, code",
        [
            ("script.exe", b"MZ", "invalid_file_type"),
            ("page.html", b"<html>", "invalid_file_type"),
            ("faux.pdf", b"<html>", "invalid_file_type"),
            ("vide.pdf", b"", "invalid_file_type"),
            ("gros.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "file_too_large"),
        ],
    )
    def test_it_rejects_bad_justification_files(self, cast, name, content, code):
        _, line = approved_budget(cast)
        error = refusal(add_expense, cast=cast, line=line, file=SimpleUploadedFile(name, content))
        assert (error.code, error.field) == (code, "justification_file")
        assert not Expense.objects.exists()


class TestRuleSets:
    def test_activating_a_rule_set_deactivates_the_previous_one(self, cast):
        seeded = RuleSet.objects.get(is_active=True)
        assert (seeded.small_cap, seeded.large_cap, seeded.personnel_min_share) == (
            D("450000.00"),
            D("700000.00"),
            D("0.8000"),
        )
        rulesets.ruleset_save(actor=cast.users["admin"], ruleset=RuleSet(name="2027", is_active=True))
        assert list(RuleSet.objects.filter(is_active=True).values_list("name", flat=True)) == ["2027"]

    def test_a_new_rule_set_starts_from_the_rules_defaults(self):
        assert RuleSet(name="Neuf").as_rules() == DEFAULT_RULES

    def test_without_an_active_rule_set_the_services_refuse_loudly(self, cast):
        RuleSet.objects.update(is_active=False)
        with pytest.raises(ImproperlyConfigured, match="migrate"):
            RuleSet.active()
        with pytest.raises(ImproperlyConfigured):
            add_line(cast, "100.00")
        assert not BudgetLine.objects.exists()
