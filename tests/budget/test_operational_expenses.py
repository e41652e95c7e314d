"""The operational team records expenses and their justificatifs while the coordination allows it (record_expenses);
it never writes the budget's lines, import, submission or amendments."""

from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budget.models import BudgetLine, Expense
from consortia.models import Consortium
from consortia.permissions import RECORD_EXPENSES, held_perms
from consortia.services.consortium import operational_expenses_set
from consortia.services.roles import role_grant
from tests.factories import UserFactory

from .conftest import approved_budget

pytestmark = pytest.mark.django_db


def url(name, cast, **kwargs):
    return reverse(f"budget:{name}", kwargs={"consortium_id": cast.consortium_a.pk, **kwargs})


def allow(cast, allowed=True):
    operational_expenses_set(actor=cast.users["coordinator"], consortium=cast.consortium_a, allowed=allowed)


def expense_post(line, **changes):
    return {
        "budget_line": line.pk,
        "date": "2026-04-30",
        "amount": "250,00",
        "justification": "Facture traiteur, réunion du réseau",
        "justification_file": SimpleUploadedFile("facture.pdf", b"%PDF-1.7 facture"),
    } | changes


def test_with_the_setting_off_an_operational_expense_gets_a_clear_403_and_nothing_is_recorded(cast):
    _, line = approved_budget(cast)
    response = cast.client("operational").post(url("expenses", cast), expense_post(line))
    assert response.status_code == 403
    page = unescape(response.content.decode())
    assert "La dépense n'a pas été enregistrée." in page and "la coordination du consortium l'autorise" in page
    assert not Expense.objects.exists()


def test_with_the_setting_on_the_operational_team_records_an_expense_with_its_file(cast):
    _, line = approved_budget(cast)
    allow(cast)
    client = cast.client("operational")
    response = client.post(url("expenses", cast), expense_post(line))
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert (expense.amount, expense.created_by) == (Decimal("250.00"), cast.users["operational"])
    download = client.get(url("expense_file", cast, expense_id=expense.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.7 facture"


def test_a_double_submitted_operational_expense_is_recorded_once(cast):
    _, line = approved_budget(cast)
    allow(cast)
    client = cast.client("operational")
    data = expense_post(line, submission_token="tok-operational")
    del data["justification_file"]
    client.post(url("expenses", cast), data)
    client.post(url("expenses", cast), data)
    assert Expense.objects.count() == 1


def test_a_form_left_open_when_the_coordination_withdraws_the_right_gets_403(cast):
    _, line = approved_budget(cast)
    allow(cast)
    client = cast.client("operational")
    assert 'id="line-search"' in client.get(url("expenses", cast)).content.decode()  # the form is offered
    allow(cast, allowed=False)
    response = client.post(url("expenses", cast), expense_post(line))
    assert response.status_code == 403 and "La dépense n'a pas été enregistrée." in unescape(response.content.decode())
    assert not Expense.objects.exists()
    assert 'id="line-search"' not in client.get(url("expenses", cast)).content.decode()  # and no longer offered


def test_the_cached_expenses_page_offers_the_form_once_the_setting_is_on(cast):
    approved_budget(cast)
    client = cast.client("operational")
    assert 'id="line-search"' not in client.get(url("expenses", cast)).content.decode()
    allow(cast)
    assert 'id="line-search"' in client.get(url("expenses", cast)).content.decode()
    # a viewer reads the same revision without the form: the reader's permissions are part of the cache key
    assert 'id="line-search"' not in cast.client("viewer").get(url("expenses", cast)).content.decode()


def test_the_operational_team_never_writes_the_budget_lines_import_submission_or_amendments(cast):
    budget, line = approved_budget(cast)
    allow(cast)
    client = cast.client("operational")
    assert client.post(url("line_create", cast), {"new-label": "x"}).status_code == 403
    assert client.get(url("line_edit", cast, line_id=line.pk)).status_code == 403
    assert client.post(url("line_delete", cast, line_id=line.pk), {"version": line.version}).status_code == 403
    assert client.get(url("import", cast)).status_code == 403
    assert client.post(url("submit", cast)).status_code == 403
    assert client.post(url("amend", cast)).status_code == 403
    assert BudgetLine.objects.filter(budget=budget).count() == 2


@pytest.mark.parametrize("actor", ["governance", "viewer", "structure_reporter"])
def test_other_members_still_may_not_record_expenses(cast, actor):
    _, line = approved_budget(cast)
    allow(cast)
    assert cast.client(actor).post(url("expenses", cast), expense_post(line)).status_code == 403
    assert not Expense.objects.exists()


def test_an_outsider_gets_404(cast):
    _, line = approved_budget(cast)
    allow(cast)
    assert cast.client("outsider").post(url("expenses", cast), expense_post(line)).status_code == 404


def test_the_api_follows_the_same_right(cast):
    _, line = approved_budget(cast)
    client = cast.client("operational")
    api_url = reverse("consortium-expense-list", kwargs={"consortium_id": cast.consortium_a.pk})
    body = {"budget_line": line.pk, "date": "2026-03-01", "amount": "5", "justification": "API"}
    assert client.post(api_url, body, content_type="application/json").status_code == 403
    allow(cast)
    assert client.post(api_url, body, content_type="application/json").status_code == 201
    assert Expense.objects.get().created_by == cast.users["operational"]


def test_the_right_follows_the_setting_for_every_operational_member_and_newcomers(cast):
    consortium = cast.consortium_a
    operational = cast.users["operational"]
    assert RECORD_EXPENSES not in held_perms(operational, consortium)
    for role in ("coordinator", "accountant"):
        assert RECORD_EXPENSES in held_perms(cast.users[role], consortium)
    allow(cast)
    assert RECORD_EXPENSES in held_perms(operational, consortium)
    newcomer = UserFactory(email="nouvelle@a.test")
    role_grant(actor=None, consortium=Consortium.objects.get(pk=consortium.pk), user=newcomer, role="operational")
    assert RECORD_EXPENSES in held_perms(newcomer, consortium)
    allow(cast, allowed=False)
    assert RECORD_EXPENSES not in held_perms(operational, consortium)
    assert RECORD_EXPENSES not in held_perms(newcomer, consortium)
    assert RECORD_EXPENSES in held_perms(cast.users["accountant"], consortium)  # the accountant's stays
