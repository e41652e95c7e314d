"""The budget overview is served from the cache like the consortium's read pages: its forms still carry the reader's
own CSRF token, a write shows at once, a cached hit runs no query of its own, and a wrong structure is never cached."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import Budget, Expense
from ols_platform.formatting import format_money

from .conftest import add_expense, add_line, approved_budget

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def overview(cast, query=""):
    return reverse("budget:overview", args=[cast.consortium_a.pk]) + query


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_a_cached_overview_gives_each_reader_a_csrf_token_of_their_own(cast):
    add_line(cast, "80000.00")
    coordinator = cast.users["coordinator"]
    first, second = csrf_client(coordinator), csrf_client(coordinator)  # two sessions: two CSRF secrets
    first.get(overview(cast))  # renders the body and caches it
    with CaptureQueriesContext(connection) as queries:
        page = second.get(overview(cast))  # served from the cache
    assert not any("budget_budgetline" in q["sql"] for q in queries.captured_queries)
    tokens = CSRF_INPUT.findall(page.content.split(b"<main", 1)[1])
    assert tokens and b"ols-csrf-slot" not in page.content
    submit = reverse("budget:submit", args=[cast.consortium_a.pk])
    budget = Budget.objects.get(consortium=cast.consortium_a)
    response = second.post(
        submit, {"csrfmiddlewaretoken": tokens[0].decode(), "revision": budget.revision, "confirm": "1"}
    )
    assert response.status_code == 302
    assert Budget.objects.get(pk=budget.pk).status == Budget.Status.SUBMITTED


def test_a_cached_overview_costs_the_session_the_user_and_the_access_only(cast):
    add_line(cast)
    client = cast.client("accountant")
    first = client.get(overview(cast))
    with CaptureQueriesContext(connection) as queries:
        again = client.get(overview(cast))
    assert again.status_code == 200
    assert len(queries.captured_queries) <= 3  # the session (without Redis), the user, the consortium and perms
    assert again.content.count(b"csrfmiddlewaretoken") == first.content.count(b"csrfmiddlewaretoken")


def test_a_new_line_shows_on_the_next_overview(cast):
    add_line(cast, "1000.00")
    client = cast.client("accountant")
    assert format_money(Decimal("1000")) in client.get(overview(cast)).content.decode()
    add_line(cast, "2345.67", category="operating", label="Loyer")
    assert format_money(Decimal("3345.67")) in client.get(overview(cast)).content.decode()


def test_it_rejects_a_structure_of_another_consortium_every_time(cast):
    add_line(cast)
    client = cast.client("accountant")
    for _ in range(2):  # the refusal is never cached as a page
        response = client.get(overview(cast, f"?structure={cast.lead_b.pk}"))
        assert response.status_code == 404
        assert "ne fait pas partie du budget" in response.content.decode()
    assert client.get(overview(cast, f"?structure={cast.lead_a.pk}")).status_code == 200


def test_the_programme_total_is_shown_to_aviq_only(cast):
    add_line(cast)
    assert "Total du programme" in cast.client("reviewer").get(overview(cast)).content.decode()
    assert "Total du programme" not in cast.client("coordinator").get(overview(cast)).content.decode()


def expenses(cast, query=""):
    return reverse("budget:expenses", args=[cast.consortium_a.pk]) + query


SUBMISSION = re.compile(rb'name="submission_token" value="([^"]+)"')


def test_a_cached_expenses_page_gives_each_visit_its_own_form_tokens(cast):
    _, line = approved_budget(cast)
    accountant = cast.users["accountant"]
    first, second = csrf_client(accountant), csrf_client(accountant)
    one = first.get(expenses(cast)).content
    with CaptureQueriesContext(connection) as queries:
        two = second.get(expenses(cast)).content  # the list from the cache, the form rendered afresh
    assert not any("budget_expense" in q["sql"] for q in queries.captured_queries)
    assert SUBMISSION.findall(one) != SUBMISSION.findall(two)
    assert b"ols-live:" not in two and b"ols-csrf-slot" not in two
    post = {
        "csrfmiddlewaretoken": CSRF_INPUT.findall(two.split(b"<main", 1)[1])[0].decode(),
        "submission_token": SUBMISSION.findall(two)[0].decode(),
        "budget_line": line.pk,
        "date": "15/03/2026",
        "amount": "123,45",
        "justification": "Fiche de paie mars",
    }
    assert second.post(expenses(cast), post).status_code == 302
    assert format_money(Decimal("123.45")) in second.get(expenses(cast)).content.decode()


def test_a_refused_expense_shows_its_errors_in_the_cached_page(cast):
    _, line = approved_budget(cast)
    client = cast.client("accountant")
    client.get(expenses(cast))
    response = client.post(expenses(cast), {"budget_line": line.pk, "date": "", "amount": "-5", "justification": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page and "Dépenses enregistrées" in page
    assert not Expense.objects.exists()


def test_a_reader_gets_the_list_without_the_form(cast):
    _, line = approved_budget(cast)
    add_expense(cast, line)
    assert b'id="expense-form"' in cast.client("accountant").get(expenses(cast)).content
    page = cast.client("reviewer").get(expenses(cast))  # reads the budget, may not write in it
    assert page.status_code == 200
    assert b'id="expense-form"' not in page.content and b"Fiche de paie mars" in page.content
