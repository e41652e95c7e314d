"""The programme dashboard: one row per consortium with its figures, the programme's totals, sorting, filtering,
the export and the comparison; a fixed number of queries whatever the data."""

import datetime
import html
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from budget import services
from tests.factories import ConsortiumFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _line(consortium, structure, amount, category="personnel", year=1, label="Coordination"):
    data = {"structure": structure.pk, "category": category, "year": year, "label": label, "amount": str(amount)}
    if category == "personnel":
        data |= {"staff_role": "Coordination", "fte": "1"}
    return services.budget_line_create(actor=None, consortium=consortium, data=data)


def _consortium_with_budget(name, lines=3, expenses=0, personnel_share=0.8):
    consortium = ConsortiumFactory(name=name)
    lead = MembershipFactory(consortium=consortium, is_lead=True).structure
    first = None
    for index in range(lines):
        category = "personnel" if index < lines * personnel_share else "operating"
        line = _line(consortium, lead, 1000, category=category, label=f"Ligne {index}")
        first = first or line
    if expenses:
        services.budget_submit(actor=None, budget=first.budget)
        services.budget_approve(actor=_admin(), budget=first.budget)
    for index in range(expenses):
        services.expense_create(
            actor=None,
            consortium=consortium,
            data={
                "budget_line": first.pk,
                "date": datetime.date(2026, 3, 1 + index % 28),
                "amount": "10",
                "justification": "x",
            },
        )
    return consortium


def _admin():
    from consortia.models import User  # noqa: PLC0415

    return User.objects.get(is_superuser=True)


def _table(response) -> str:
    page = html.unescape(response.content.decode())
    return page[page.index('id="programme-table"') : page.index("</table>")]


def _page(client, **params):
    return client.get(reverse("aviq:programme"), params)


def test_it_shows_each_consortium_with_its_figures_and_the_programme_totals(cast):
    _consortium_with_budget("OLS Un", lines=5, personnel_share=0.8)
    _consortium_with_budget("OLS Deux", lines=4, personnel_share=0.5)
    page = html.unescape(_page(cast.client("reviewer")).content.decode())
    assert "OLS Un" in page and "OLS Deux" in page and "OLS A" in page
    assert "5\u00a0251\u00a0000\u00a0€" in page  # the programme total of the rule set
    assert "9\u00a0000\u00a0€" in page  # planned, all consortia
    assert "Les frais de personnel" in page  # OLS Deux is flagged under the 80 % rule


def test_it_filters_the_flagged_and_sorts_by_any_column(cast):
    _consortium_with_budget("OLS Un", lines=5)
    _consortium_with_budget("OLS Deux", lines=4, personnel_share=0.5)
    client = cast.client("reviewer")
    flagged = _table(_page(client, flagged="1"))
    assert "OLS Deux" in flagged and "OLS Un" not in flagged
    by_planned = _table(_page(client, sort="planned", dir="desc"))
    assert by_planned.index("OLS Un") < by_planned.index("OLS Deux") < by_planned.index("OLS B")


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "'; drop table"},
        {"dir": "sideways"},
        {"status": "<script>"},
        {"q": "x" * 10_000},
        {"q": "\x00"},
        {"flagged": "oui"},
    ],
)
def test_odd_parameters_never_break_the_page(cast, params):
    assert _page(cast.client("reviewer"), **params).status_code == 200


def test_the_export_has_the_rows_the_page_shows(cast):
    _consortium_with_budget("OLS Un", lines=5)
    response = cast.client("reviewer").get(reverse("aviq:programme_export"), {"q": "Un"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    assert names[0] == "OLS Un"
    assert "Programme" in names


def test_the_comparison_needs_two_known_consortia(cast):
    client = cast.client("reviewer")
    url = reverse("aviq:compare")
    assert client.get(url).status_code == 200  # the chooser
    for bad in (["x"], [str(cast.consortium_a.pk)], [str(cast.consortium_a.pk), "999999"], ["1" * 30]):
        response = client.get(url, {"consortium": bad})
        assert response.status_code == 400
        assert "au moins deux" in html.unescape(response.content.decode())
    response = client.get(url, {"consortium": [cast.consortium_a.pk, cast.consortium_b.pk]})
    assert response.status_code == 200
    assert "Membres par secteur" in html.unescape(response.content.decode())


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_dashboard_and_the_export_run_the_same_queries_with_3_or_9_consortia_and_more_lines(cast):
    client = cast.client("reviewer")
    _consortium_with_budget("OLS petit", lines=3, expenses=1)  # every grouped query has something to group
    small = {url: _count(client, url) for url in (reverse("aviq:programme"), reverse("aviq:programme_export"))}
    for index in range(6):
        _consortium_with_budget(f"OLS {index}", lines=40, expenses=30)
    large = {url: _count(client, url) for url in small}
    assert large == small
