"""The budget pages and API: view_budget reads (not the structure reporter), edit_budget writes (coordinator,
accountant, admin), record_expenses records expenses (the same, plus the operational team when the consortium allows
it), review actions are AVIQ's (reviewer, admin). Fixtures are built by `kwargs` through the services."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from . import Entry, a, expect, only

EDITORS = ("coordinator", "accountant")
EXPENSE_RECORDERS = (*EDITORS, "operational")  # while the consortium lets its operational team record expenses


def _line(cast, amount="80000", category="personnel", year=1):
    from budget import services

    data = {"structure": cast.lead_a.pk, "category": category, "year": year, "label": "Matrice", "amount": amount}
    if category == "personnel":
        data |= {"staff_role": "Coordination", "fte": "1"}
    return services.budget_line_create(actor=None, consortium=cast.consortium_a, data=data)


def _submitted(cast):
    from budget import services

    line = _line(cast)
    services.budget_submit(actor=None, budget=line.budget)
    return line


def _approved(cast):
    from budget import services

    line = _submitted(cast)
    services.budget_approve(actor=cast.users["admin"], budget=line.budget)
    return line


def with_line(cast):
    return a(cast) | {"line_id": _line(cast).pk}


def with_structure(cast):
    _line(cast)
    return a(cast) | {"structure_id": cast.lead_a.pk}


def with_budget(cast):
    return a(cast) | {"budget_id": _line(cast).budget_id}


def with_draft(cast):
    _line(cast)
    return a(cast)


def with_submitted(cast):
    _submitted(cast)
    return a(cast)


def with_approved(cast):
    _approved(cast)
    return a(cast)


def with_expense_file(cast):
    from budget import services

    line = _approved(cast)
    expense = services.expense_create(
        actor=None,
        consortium=cast.consortium_a,
        data={"budget_line": line.pk, "date": datetime.date(2026, 2, 1), "amount": "10", "justification": "x"},
        file=SimpleUploadedFile("piece.pdf", b"%PDF-1.4 matrix"),
    )
    return a(cast) | {"expense_id": expense.pk}


def with_approved_and_operational_expenses(cast):
    from consortia.services.consortium import operational_expenses_set

    _approved(cast)
    operational_expenses_set(actor=None, consortium=cast.consortium_a, allowed=True)
    return a(cast)


def expense_count(cast):
    from budget.models import Expense

    return Expense.objects.count()


def api_line(cast):
    return a(cast) | {"pk": _line(cast).pk}


def api_expense(cast):
    from budget import services

    line = _approved(cast)
    expense = services.expense_create(
        actor=None,
        consortium=cast.consortium_a,
        data={"budget_line": line.pk, "date": datetime.date(2026, 2, 1), "amount": "10", "justification": "x"},
    )
    return a(cast) | {"pk": expense.pk}


def current_version(cast):
    from budget.models import BudgetLine

    return BudgetLine.objects.get(label="Matrice").version


def line_row(cast):
    from budget.models import BudgetLine

    return list(BudgetLine.objects.filter(label="Matrice").values_list("pk", "amount", "version"))


def budget_states(cast):
    from budget.models import Budget

    return list(Budget.objects.filter(consortium=cast.consortium_a).values_list("version", "status").order_by("pk"))


def line_form(cast):
    return {
        "new-structure": cast.lead_a.pk,
        "new-category": "operating",
        "new-year": "1",
        "new-label": "Ajout",
        "new-amount": "10",
    }


def line_update_form(cast):
    from budget.models import BudgetLine

    line = BudgetLine.objects.get(label="Matrice")
    prefix = f"line-{line.pk}-"
    return {
        prefix + "structure": cast.lead_a.pk,
        prefix + "category": "personnel",
        prefix + "year": "1",
        prefix + "label": "Matrice",
        prefix + "amount": "80000",
        prefix + "staff_role": "Coordination",
        prefix + "fte": "1",
        prefix + "version": line.version,
    }


def expense_api_body(cast):
    from budget.models import BudgetLine

    return {
        "budget_line": BudgetLine.objects.get(label="Matrice").pk,
        "date": "2026-03-01",
        "amount": "5",
        "justification": "Matrice",
    }


readers = expect(structure_reporter=403)
redirecting_readers = expect(default=302, structure_reporter=403)
api_readers = expect(anonymous=401, structure_reporter=403)
aviq_only = {
    "anonymous": 302,
    "outsider": 404,
    "coordinator": 403,
    "operational": 403,
    "accountant": 403,
    "governance": 403,
    "structure_reporter": 403,
    "viewer": 403,
    "reviewer": 302,
    "admin": 302,
}

ENTRIES = [
    # pages
    Entry("budget:overview", readers, kwargs=a),
    # without htmx, a structure's lines are the overview opened on it (a redirect)
    Entry("budget:structure_lines", redirecting_readers, kwargs=with_structure),
    Entry("budget:line_create", only(EDITORS), kwargs=a),
    Entry("budget:line_create", only(EDITORS, ok=302), kwargs=a, method="post", data=line_form),
    Entry("budget:line", redirecting_readers, kwargs=with_line),
    Entry("budget:line", only(EDITORS, ok=302), kwargs=with_line, method="post", data=line_update_form),
    Entry("budget:line_edit", only(EDITORS), kwargs=with_line),
    Entry(
        "budget:line_delete",
        only(EDITORS, ok=302),
        kwargs=with_line,
        method="post",
        data=lambda cast: {"version": current_version(cast)},
        snapshot=line_row,
    ),
    Entry("budget:submit", only(EDITORS, ok=302), kwargs=with_draft, method="post", snapshot=budget_states),
    # review_budget: AVIQ reviewers and admins
    Entry("budget:approve", aviq_only, kwargs=with_submitted, method="post", snapshot=budget_states),
    Entry(
        "budget:request_changes",
        aviq_only,
        kwargs=with_submitted,
        method="post",
        data=lambda cast: {"comment": "À revoir"},
        snapshot=budget_states,
    ),
    Entry("budget:amend", only(EDITORS, ok=302), kwargs=with_approved, method="post", snapshot=budget_states),
    Entry("budget:version", readers, kwargs=with_budget),
    Entry("budget:expenses", readers, kwargs=a),
    # an empty form: editors see the form again with its errors; the operational team 403 (not allowed by default)
    Entry("budget:expenses", only(EDITORS), kwargs=with_approved, method="post", snapshot=expense_count),
    Entry(
        "budget:expenses",
        only(EXPENSE_RECORDERS),
        kwargs=with_approved_and_operational_expenses,
        method="post",
        id="POST budget:expenses (operational team allowed)",
        snapshot=expense_count,
    ),
    # the line search of the expense form (a plain GET lands on the page: 302)
    Entry("budget:expense_lines", only(EDITORS, ok=302), kwargs=with_approved),
    Entry(
        "budget:expense_lines",
        only(EXPENSE_RECORDERS, ok=302),
        kwargs=with_approved_and_operational_expenses,
        id="GET budget:expense_lines (operational team allowed)",
    ),
    Entry("budget:expense_file", readers, kwargs=with_expense_file),
    Entry("budget:history", readers, kwargs=a),
    # API
    Entry("consortium-budget", api_readers, kwargs=a, api=True),
    Entry("consortium-budget-line-list", api_readers, kwargs=a, api=True),
    Entry(
        "consortium-budget-line-list",
        only(EDITORS, ok=201, anonymous=401),
        kwargs=a,
        method="post",
        api=True,
        data=lambda cast: {
            "structure": cast.lead_a.pk,
            "category": "other",
            "year": 2,
            "label": "API",
            "amount": "1.50",
        },
    ),
    Entry("consortium-budget-line-detail", api_readers, kwargs=api_line, api=True),
    Entry(
        "consortium-budget-line-detail",
        only(EDITORS, anonymous=401),
        kwargs=api_line,
        method="patch",
        api=True,
        data=lambda cast: {"label": "Matrice", "amount": "79000", "version": current_version(cast)},
        snapshot=line_row,
    ),
    Entry(
        "consortium-budget-line-detail",
        only(EDITORS, anonymous=401),
        kwargs=api_line,
        method="put",
        api=True,
        data=lambda cast: {
            "structure": cast.lead_a.pk,
            "category": "personnel",
            "year": 1,
            "label": "Matrice",
            "amount": "79000",
            "staff_role": "Coordination",
            "fte": "1",
            "version": current_version(cast),
        },
        snapshot=line_row,
    ),
    Entry(
        "consortium-budget-line-detail",
        only(EDITORS, ok=204, anonymous=401),
        kwargs=api_line,
        method="delete",
        api=True,
        data=lambda cast: {"version": current_version(cast)},
        snapshot=line_row,
    ),
    Entry("consortium-expense-list", api_readers, kwargs=a, api=True),
    Entry(
        "consortium-expense-list",
        only(EDITORS, ok=201, anonymous=401),
        kwargs=with_approved,
        method="post",
        api=True,
        data=expense_api_body,
        snapshot=expense_count,
    ),
    Entry(
        "consortium-expense-list",
        only(EXPENSE_RECORDERS, ok=201, anonymous=401),
        kwargs=with_approved_and_operational_expenses,
        method="post",
        api=True,
        data=expense_api_body,
        id="POST consortium-expense-list (operational team allowed)",
        snapshot=expense_count,
    ),
    Entry("consortium-expense-detail", api_readers, kwargs=api_expense, api=True),
]
