"""Pure functions over plain values for staff arrangements: the cost of a period month by month, and the money
flows of the 24 months ("who pays whom"). No database access here: unit-tested directly."""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from budget.rules import CENT, months_of
from ols_platform.errors import DomainError

ZERO = Decimal("0.00")
SECONDMENT, CONVENTION, DIRECT = "secondment", "convention", "direct"
REIMBURSED = (SECONDMENT, CONVENTION)
# One arrangement is one person's time: at most one full-time equivalent (a personnel line may fund more:
# budget.rules.LINE_FTE_MAX). The StaffArrangement check constraint reads this bound too.
ARRANGEMENT_FTE_MAX = Decimal("1")


@dataclass(frozen=True)
class Terms:
    """What the flows need to know of one arrangement."""

    kind: str
    employer_id: int
    start: datetime.date
    end: datetime.date
    monthly_cost: Decimal
    key: object = None  # the arrangement's id, to find its months again


def check_period(start: datetime.date, end: datetime.date) -> None:
    if end < start:
        raise DomainError(
            _("La date de fin (%(end)s) précède la date de début (%(start)s).")
            % {"end": end.strftime("%d/%m/%Y"), "start": start.strftime("%d/%m/%Y")},
            code="invalid_period",
            field="end_date",
        )


def month_share(monthly_cost: Decimal, start: datetime.date, end: datetime.date, month: datetime.date) -> Decimal:
    """What is owed for one calendar month: the monthly cost × days covered / days in the month, in cents.

    A whole month costs exactly the monthly cost; a month outside the period costs nothing.
    """
    days_in_month = calendar.monthrange(month.year, month.month)[1]
    first = month.replace(day=1)
    last = month.replace(day=days_in_month)
    covered_from, covered_to = max(start, first), min(end, last)
    if covered_to < covered_from:
        return ZERO
    days = (covered_to - covered_from).days + 1
    if days == days_in_month:
        return Decimal(monthly_cost).quantize(CENT)
    return (Decimal(monthly_cost) * days / days_in_month).quantize(CENT, rounding=ROUND_HALF_UP)


def monthly_costs(
    monthly_cost: Decimal, start: datetime.date, end: datetime.date, months: list[datetime.date]
) -> list[Decimal]:
    """The cost of an arrangement for each month of `months` (first days of months)."""
    check_period(start, end)
    return [month_share(monthly_cost, start, end, month) for month in months]


def period_cost(monthly_cost: Decimal, start: datetime.date, end: datetime.date) -> Decimal:
    """Total cost of an arrangement from `start` to `end` (inclusive), month by month pro rata of days."""
    check_period(start, end)
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    months = months_of(start.replace(day=1), count)
    return sum((month_share(monthly_cost, start, end, m) for m in months), ZERO)


@dataclass
class Flows:
    """Money of the period, month by month.

    `by_employer[employer_id]` lists what the lead pays that structure each month (secondments and conventions);
    `direct` what the lead pays its own staff each month (no flow between structures).
    """

    months: list[datetime.date]
    by_employer: dict = field(default_factory=dict)
    direct: list = field(default_factory=list)
    by_arrangement: dict = field(default_factory=dict)

    def employer_total(self, employer_id) -> Decimal:
        return sum(self.by_employer.get(employer_id, ()), ZERO)

    @property
    def month_totals(self) -> list[Decimal]:
        """Paid by the lead to other structures, each month."""
        totals = [ZERO] * len(self.months)
        for amounts in self.by_employer.values():
            totals = [a + b for a, b in zip(totals, amounts, strict=True)]
        return totals

    @property
    def total_between_structures(self) -> Decimal:
        return sum(self.month_totals, ZERO)

    @property
    def total_direct(self) -> Decimal:
        return sum(self.direct, ZERO)

    @property
    def total(self) -> Decimal:
        return self.total_between_structures + self.total_direct


def monthly_flows(arrangements: Iterable[Terms], period_start: datetime.date, period_months: int) -> Flows:
    """The flows of each month of the period (those of an arrangement outside the period are not counted)."""
    months = months_of(period_start.replace(day=1), period_months)
    flows = Flows(months=months, direct=[ZERO] * len(months))
    for terms in arrangements:
        costs = monthly_costs(terms.monthly_cost, terms.start, terms.end, months)
        flows.by_arrangement[terms.key] = costs
        if terms.kind in REIMBURSED:
            current = flows.by_employer.setdefault(terms.employer_id, [ZERO] * len(months))
            flows.by_employer[terms.employer_id] = [a + b for a, b in zip(current, costs, strict=True)]
        else:
            flows.direct = [a + b for a, b in zip(flows.direct, costs, strict=True)]
    return flows
