"""The overview's plan/actual chart: round ticks in euros on the y-axis, and a sentence when there is nothing to draw."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budget.selectors import axis_ticks

from .conftest import add_line

NBSP = "\u00a0"


@pytest.mark.parametrize(
    "max_value, ticks",
    [
        (9344, [0, 2000, 4000, 6000, 8000, 10000]),
        (Decimal("3115.40"), [0, 1000, 2000, 3000, 4000]),
        (12460, [0, 2500, 5000, 7500, 10000, 12500]),
        (2500, [0, 500, 1000, 1500, 2000, 2500]),
        (2501, [0, 1000, 2000, 3000]),
        (Decimal("449999.50"), [0, 100000, 200000, 300000, 400000, 500000]),
        (100, [0, 20, 40, 60, 80, 100]),
        (7, [0, 2, 4, 6, 8]),
    ],
)
def test_the_ticks_are_round_and_reach_past_the_max(max_value, ticks):
    assert axis_ticks(max_value) == ticks


@pytest.mark.parametrize("max_value", [3, 17, 999, 1001, 4321, 99999, 123456, Decimal("7654321.99")])
def test_there_are_four_to_six_ticks_on_a_nice_step(max_value):
    ticks = axis_ticks(max_value)
    step = ticks[1]
    assert 4 <= len(ticks) <= 6
    assert ticks[-1] >= max_value > ticks[-2]
    assert all(b - a == step for a, b in zip(ticks, ticks[1:]))
    mantissa = step / Decimal(10) ** (len(str(int(step))) - 1)
    assert mantissa in (1, 2, Decimal("2.5"), 5)


def test_nothing_gives_a_single_zero_tick():
    assert axis_ticks(0) == [0]


def _overview(cast):
    url = reverse("budget:overview", kwargs={"consortium_id": cast.consortium_a.pk})
    return cast.client("viewer").get(url).content.decode()


@pytest.mark.django_db
def test_an_empty_budget_shows_a_sentence_instead_of_the_chart(cast):
    page = _overview(cast)
    assert "Aucun montant prévu ni dépensé pour l'instant." in page
    assert 'class="grid-line"' not in page and "<svg viewBox" not in page


@pytest.mark.django_db
def test_the_axis_shows_round_amounts_in_euros(cast):
    add_line(cast, "111000.00")  # year 1: 9 250 a month
    page = _overview(cast)
    assert "Aucun montant prévu ni dépensé" not in page
    labels = [f"{n}{NBSP}€" for n in ("0", f"2{NBSP}000", f"4{NBSP}000", f"6{NBSP}000", f"8{NBSP}000", f"10{NBSP}000")]
    for label in labels:
        assert f'dominant-baseline="middle">{label}</text>' in page
    assert page.count('class="grid-line"') == 6
    assert f"Échelle en euros, jusqu'à 10{NBSP}000{NBSP}€" in page
