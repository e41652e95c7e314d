from decimal import Decimal

import pytest

from budget import rules
from budget.rules import Rules
from ols_platform.errors import DomainError

RULES = Rules()
D = Decimal


class TestEnvelope:
    def test_it_gives_the_small_envelope_below_the_threshold(self):
        assert rules.envelope_cap(449_999, RULES) == D("450000.00")

    def test_it_gives_the_large_envelope_at_exactly_the_threshold(self):
        assert rules.envelope_cap(450_000, RULES) == D("700000.00")

    def test_it_reads_the_threshold_and_caps_from_the_rules(self):
        other = Rules(population_threshold=100, small_cap=D("1.00"), large_cap=D("2.00"))
        assert rules.envelope_cap(99, other) == D("1.00")
        assert rules.envelope_cap(100, other) == D("2.00")


class TestPersonnelShare:
    def test_it_measures_personnel_against_the_budget_total(self):
        assert rules.personnel_share(D("80"), D("100"), D("450000"), "budget_total") == D("0.8000")

    def test_it_measures_personnel_against_the_envelope_when_asked(self):
        assert rules.personnel_share(D("360000"), D("400000"), D("450000"), "envelope") == D("0.8000")

    def test_it_has_no_share_for_an_empty_budget(self):
        assert rules.personnel_share(D("0"), D("0"), D("450000"), "budget_total") is None

    def test_it_accepts_exactly_80_percent(self):
        assert (
            rules.violations(envelope=D("450000"), total_planned=D("100000"), personnel_planned=D("80000"), rules=RULES)
            == []
        )

    def test_it_flags_79_99_percent(self):
        found = rules.violations(
            envelope=D("450000"), total_planned=D("100000"), personnel_planned=D("79990"), rules=RULES
        )
        assert [v.code for v in found] == ["personnel_share_too_low"]
        assert found[0].params["required"] == D("80000.00")
        assert "79,99" in found[0].message

    def test_it_does_not_round_a_share_just_under_the_line_up_to_it(self):
        found = rules.violations(
            envelope=D("450000"), total_planned=D("100000.00"), personnel_planned=D("79999.99"), rules=RULES
        )
        assert [v.code for v in found] == ["personnel_share_too_low"]

    def test_it_checks_the_envelope_basis(self):
        envelope_rules = Rules(personnel_basis="envelope")
        found = rules.violations(
            envelope=D("450000"), total_planned=D("359999.99"), personnel_planned=D("359999.99"), rules=envelope_rules
        )
        assert [v.code for v in found] == ["personnel_share_too_low"]
        assert (
            rules.violations(
                envelope=D("450000"), total_planned=D("360000"), personnel_planned=D("360000"), rules=envelope_rules
            )
            == []
        )


class TestCap:
    def test_it_accepts_a_total_one_cent_under_the_cap(self):
        assert rules.cap_check(cap=D("450000"), current_total=D("0"), attempted_total=D("449999.99")) is None

    def test_it_accepts_a_total_exactly_at_the_cap(self):
        assert rules.cap_check(cap=D("450000"), current_total=D("0"), attempted_total=D("450000.00")) is None

    def test_it_refuses_a_total_one_cent_over_the_cap_with_the_figures(self):
        found = rules.cap_check(cap=D("450000"), current_total=D("440000"), attempted_total=D("450000.01"))
        assert found.code == "cap_exceeded"
        assert found.params == {
            "cap": D("450000"),
            "current_total": D("440000"),
            "attempted_total": D("450000.01"),
            "over_by": D("0.01"),
        }
        assert "450\u00a0000,00\u00a0€" in found.message and "0,01\u00a0€" in found.message

    def test_it_lets_a_total_already_over_the_cap_come_down(self):
        assert rules.cap_check(cap=D("450000"), current_total=D("460000"), attempted_total=D("455000")) is None

    def test_violations_list_a_budget_over_the_cap(self):
        found = rules.violations(
            envelope=D("450000"), total_planned=D("450000.01"), personnel_planned=D("450000.01"), rules=RULES
        )
        assert [v.code for v in found] == ["cap_exceeded"]

    def test_violations_list_actuals_over_the_approved_total(self):
        found = rules.violations(
            envelope=D("450000"),
            total_planned=D("100"),
            personnel_planned=D("100"),
            rules=RULES,
            total_actual=D("100.01"),
            approved_total=D("100"),
        )
        assert [v.code for v in found] == ["actual_over_approved"]

    def test_violations_list_an_empty_budget(self):
        found = rules.violations(
            envelope=D("450000"), total_planned=D("0"), personnel_planned=D("0"), rules=RULES, line_count=0
        )
        assert [v.code for v in found] == ["budget_empty"]


class TestActual:
    def test_it_accepts_spending_up_to_the_approved_total(self):
        assert rules.actual_check(approved_total=D("100"), current_actual=D("50"), attempted_actual=D("100")) is None

    def test_it_refuses_spending_one_cent_over(self):
        found = rules.actual_check(approved_total=D("100"), current_actual=D("50"), attempted_actual=D("100.01"))
        assert found.code == "actual_over_approved"
        assert found.params["over_by"] == D("0.01")


class TestAmounts:
    @pytest.mark.parametrize(
        "raw, expected",
        [
            ("12500", D("12500.00")),
            ("12 500,50", D("12500.50")),
            ("12\u00a0500,5", D("12500.50")),
            ("449999.50", D("449999.50")),
            (D("0.01"), D("0.01")),
            (100, D("100.00")),
            ("1000000", D("1000000.00")),
            ("10.500", D("10.50")),
        ],
    )
    def test_it_accepts_plain_amounts(self, raw, expected):
        assert rules.clean_amount(raw, maximum=D("1000000")) == expected

    @pytest.mark.parametrize(
        "raw",
        [
            "-5",
            "0",
            "0.00",
            "1e9",
            1e9,
            "NaN",
            D("NaN"),
            "Infinity",
            D("Infinity"),
            "12,345.678",
            "abc",
            "",
            None,
            "0.001",
            "1000000.01",
            True,
            [],
            {"a": 1},
            "1" * 40,
            "--1",
            "1.2.3",
            "12,5,6",
        ],
    )
    def test_it_rejects_bad_amounts_with_a_field_error(self, raw):
        with pytest.raises(DomainError) as error:
            rules.clean_amount(raw, maximum=D("1000000"))
        assert error.value.code == "invalid_amount"
        assert error.value.field == "amount"
        assert error.value.message

    @pytest.mark.parametrize("raw, expected", [("0,5", D("0.50")), ("1", D("1.00")), ("10", D("10.00"))])
    def test_it_accepts_fte_within_bounds(self, raw, expected):
        assert rules.clean_fte(raw) == expected

    @pytest.mark.parametrize("raw", ["0", "-1", "10.01", "11", "abc", "0.001", "NaN", None])
    def test_it_rejects_fte_out_of_bounds(self, raw):
        with pytest.raises(DomainError) as error:
            rules.clean_fte(raw)
        assert error.value.code == "invalid_fte"


class TestCalendar:
    def test_it_spreads_each_year_evenly_over_its_months_without_losing_a_cent(self):
        plan = rules.monthly_plan({1: D("1000.00"), 2: D("120.00")})
        assert len(plan) == 24
        assert plan[0] == D("83.33") and plan[11] == D("83.37")
        assert sum(plan[:12]) == D("1000.00")
        assert plan[12:] == [D("10.00")] * 12

    def test_it_places_dates_in_the_months_of_the_period(self):
        import datetime

        start = datetime.date(2026, 1, 1)
        assert rules.month_index(datetime.date(2026, 1, 31), start) == 0
        assert rules.month_index(datetime.date(2027, 12, 1), start) == 23
        assert rules.months_of(start, 24)[-1] == datetime.date(2027, 12, 1)
