"""Every budget write moves the consortium's revision, so that its cached pages are built again (and only then)."""

import pytest

from budget import rulesets, services
from budget.models import Budget, RuleSet
from budget.staff import services as staff_services
from consortia.models import Consortium
from ols_platform.errors import DomainError

from .conftest import add_expense, add_line, approved_budget
from .staff_fixtures import add_arrangement, arrangement_data

pytestmark = pytest.mark.django_db


def revision(cast) -> int:
    return Consortium.objects.get(pk=cast.consortium_a.pk).revision


def _update_line(cast):
    line = add_line(cast)
    return lambda: services.budget_line_update(
        actor=cast.users["accountant"], line=line, version=line.version, data={"amount": "1500.00"}
    )


def _delete_line(cast):
    line = add_line(cast)
    return lambda: services.budget_line_delete(actor=cast.users["accountant"], line=line, version=line.version)


def _submit(cast):
    line = add_line(cast, "80000.00")
    return lambda: services.budget_submit(actor=cast.users["coordinator"], budget=line.budget)


def _approve(cast):
    line = add_line(cast, "80000.00")
    services.budget_submit(actor=cast.users["coordinator"], budget=line.budget)
    return lambda: services.budget_approve(actor=cast.users["reviewer"], budget=line.budget)


def _request_changes(cast):
    line = add_line(cast, "80000.00")
    services.budget_submit(actor=cast.users["coordinator"], budget=line.budget)
    return lambda: services.budget_request_changes(actor=cast.users["reviewer"], budget=line.budget, comment="Non")


def _expense(cast):
    _budget, line = approved_budget(cast)
    return lambda: add_expense(cast, line)


def _amend(cast):
    approved_budget(cast)
    return lambda: services.budget_amend(actor=cast.users["coordinator"], consortium=cast.consortium_a)


def _arrangement_create(cast):
    line = add_line(cast, "30000.00", structure=cast.member_a, label="Infirmière")
    return lambda: add_arrangement(cast, [line])


def _arrangement_update(cast):
    arrangement = add_arrangement(cast)
    lines = list(arrangement.line_links.values_list("line_id", flat=True))
    data = arrangement_data(cast, lines, person="Infirmière en chef")
    return lambda: staff_services.arrangement_update(
        actor=cast.users["accountant"], arrangement=arrangement, version=arrangement.version, data=data
    )


def _arrangement_delete(cast):
    arrangement = add_arrangement(cast)
    return lambda: staff_services.arrangement_delete(
        actor=cast.users["accountant"], arrangement=arrangement, version=arrangement.version
    )


def _ruleset(cast):
    ruleset = RuleSet.active()
    return lambda: rulesets.ruleset_save(actor=cast.users["admin"], ruleset=ruleset)


WRITES = {
    "line created": lambda cast: lambda: add_line(cast),
    "line changed": _update_line,
    "line deleted": _delete_line,
    "budget submitted": _submit,
    "budget approved": _approve,
    "changes requested": _request_changes,
    "expense recorded": _expense,
    "amendment opened": _amend,
    "arrangement created": _arrangement_create,
    "arrangement changed": _arrangement_update,
    "arrangement deleted": _arrangement_delete,
    "rule set saved": _ruleset,
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_each_budget_write_moves_the_consortium_revision(cast, write):
    act = write(cast)
    before = revision(cast)

    act()

    assert revision(cast) > before


def test_a_refused_write_moves_nothing(cast):
    line = add_line(cast)
    before, budget_before = revision(cast), Budget.objects.get(pk=line.budget_id).revision
    with pytest.raises(DomainError):
        services.budget_line_update(
            actor=cast.users["accountant"], line=line, version=line.version, data={"amount": "-1"}
        )
    assert revision(cast) == before
    assert Budget.objects.get(pk=line.budget_id).revision == budget_before


def test_an_approved_budget_is_not_moved_by_reading(cast):
    approve_budget = approved_budget(cast)[0]
    before = revision(cast)
    cast.client("viewer").get(f"/consortia/{cast.consortium_a.pk}/budget/history/")
    assert revision(cast) == before
    assert approve_budget.status == Budget.Status.APPROVED
