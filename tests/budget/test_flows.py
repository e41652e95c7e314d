"""The money flows of staff arrangements, month by month: pure functions over plain values."""

import datetime

import pytest

from budget.staff.rules import Terms, month_share, monthly_costs, monthly_flows, period_cost
from ols_platform.errors import DomainError

from .staff_fixtures import D

START = datetime.date(2026, 1, 1)


def test_a_whole_month_costs_exactly_the_monthly_cost():
    assert month_share(D("3333.33"), START, datetime.date(2026, 12, 31), datetime.date(2026, 2, 1)) == D("3333.33")


def test_an_arrangement_starting_mid_month_pays_that_month_pro_rata_of_the_days():
    # 16 of the 31 days of March 2026
    assert month_share(
        D("3100"), datetime.date(2026, 3, 16), datetime.date(2026, 12, 31), datetime.date(2026, 3, 1)
    ) == D("1600.00")


def test_an_arrangement_ending_mid_month_pays_the_days_it_covers():
    # 14 of the 28 days of February 2026
    assert month_share(D("2000"), START, datetime.date(2026, 2, 14), datetime.date(2026, 2, 1)) == D("1000.00")


def test_a_partial_month_rounds_to_the_cent():
    # 10 of 31 days of 1,000 € = 322.580645… → 322.58
    assert month_share(D("1000"), datetime.date(2026, 1, 22), datetime.date(2026, 6, 30), START) == D("322.58")


def test_a_month_outside_the_period_costs_nothing():
    assert month_share(D("1000"), datetime.date(2026, 3, 1), datetime.date(2026, 4, 30), START) == D("0.00")


def test_a_one_day_arrangement_costs_one_day():
    day = datetime.date(2026, 4, 10)
    assert period_cost(D("3000"), day, day) == D("100.00")  # 1 of 30 days


def test_the_period_cost_adds_partial_and_whole_months():
    # 17 days of January (17/31 × 3100 = 1700) + February + March
    assert period_cost(D("3100"), datetime.date(2026, 1, 15), datetime.date(2026, 3, 31)) == D("7900.00")


def test_end_before_start_is_refused():
    with pytest.raises(DomainError) as refused:
        period_cost(D("1000"), datetime.date(2026, 5, 1), datetime.date(2026, 4, 30))
    assert refused.value.code == "invalid_period"
    assert "30/04/2026" in refused.value.message
    with pytest.raises(DomainError):
        monthly_costs(D("1000"), datetime.date(2026, 5, 1), datetime.date(2026, 4, 30), [START])


def test_the_lead_pays_each_employer_for_secondments_and_conventions_and_its_own_staff_apart():
    flows = monthly_flows(
        [
            Terms("secondment", 7, START, datetime.date(2026, 12, 31), D("2000"), key=1),
            Terms("convention", 7, datetime.date(2026, 7, 16), datetime.date(2027, 6, 30), D("3100"), key=2),
            Terms("convention", 8, datetime.date(2027, 1, 1), datetime.date(2027, 12, 31), D("1000"), key=3),
            Terms("direct", 1, START, datetime.date(2027, 12, 31), D("4000"), key=4),
        ],
        START,
        24,
    )
    assert len(flows.months) == 24 and flows.months[0] == START and flows.months[-1] == datetime.date(2027, 12, 1)
    assert flows.by_employer[7][0] == D("2000.00")
    assert flows.by_employer[7][6] == D("2000.00") + D("1600.00")  # July: 16 of 31 days of 3,100 €
    assert flows.by_employer[7][12] == D("3100.00")  # January 2027: the convention only
    assert flows.by_employer[7][18] == D("0.00")
    assert flows.employer_total(7) == D("24000.00") + D("1600.00") + 11 * D("3100.00")
    assert flows.employer_total(8) == D("12000.00")
    assert 1 not in flows.by_employer  # direct employment is no flow between structures
    assert flows.direct == [D("4000.00")] * 24 and flows.total_direct == D("96000.00")
    assert flows.month_totals[12] == D("3100.00") + D("1000.00")
    assert flows.total_between_structures == flows.employer_total(7) + flows.employer_total(8)
    assert flows.total == flows.total_between_structures + D("96000.00")
    assert sum(flows.by_arrangement[2]) == D("1600.00") + 11 * D("3100.00")


def test_months_outside_the_funding_period_are_not_counted():
    flows = monthly_flows(
        [Terms("convention", 7, datetime.date(2025, 12, 1), datetime.date(2026, 1, 31), D("500"))], START, 24
    )
    assert flows.employer_total(7) == D("500.00")


def test_no_arrangement_means_no_flow():
    flows = monthly_flows([], START, 24)
    assert flows.by_employer == {} and flows.total == D("0.00") and flows.month_totals == [D("0.00")] * 24
