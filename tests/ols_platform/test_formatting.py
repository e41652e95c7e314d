from decimal import Decimal

from ols_platform.formatting import NBSP, format_money, format_number, format_percent


def test_it_formats_money_belgian_style():
    assert format_money(Decimal("449999.5")) == f"449{NBSP}999,50{NBSP}€"


def test_it_formats_millions_and_negative_amounts():
    assert format_money(Decimal("-5251000")) == f"-5{NBSP}251{NBSP}000,00{NBSP}€"


def test_it_rounds_half_up_to_cents():
    assert format_money(Decimal("0.005")) == f"0,01{NBSP}€"


def test_it_leaves_non_numbers_empty():
    assert format_money("abc") == ""
    assert format_money(None) == ""
    assert format_number(Decimal("NaN")) == ""


def test_it_formats_percentages_from_ratios():
    assert format_percent(Decimal("0.8")) == f"80,0{NBSP}%"
    assert format_percent(Decimal("0.79994"), 2) == f"79,99{NBSP}%"


def test_it_groups_population_figures():
    assert format_number(412000) == f"412{NBSP}000"
