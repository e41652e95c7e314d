"""The access spine: permissions are constants, the "AVIQ reviewer or admin" rule is written once, and reviewing a
budget is a permission of the gate like the others (held by AVIQ reviewers and admins only, never stored)."""

import pytest
from django.core.exceptions import PermissionDenied
from guardian.shortcuts import get_perms

from budget import permissions as budget_permissions
from budget import services
from consortia.permissions import REVIEW_BUDGET, consortium_access, has_perm, is_aviq_staff, sync_role_perms
from ols_platform.errors import DomainError
from tests.budget.conftest import add_line

pytestmark = pytest.mark.django_db


def test_it_counts_only_reviewers_and_admins_as_aviq_staff(cast):
    from django.contrib.auth.models import AnonymousUser

    assert is_aviq_staff(cast.users["reviewer"])
    assert is_aviq_staff(cast.users["admin"])
    assert not is_aviq_staff(cast.users["coordinator"])
    assert not is_aviq_staff(cast.users["outsider"])
    assert not is_aviq_staff(AnonymousUser())
    assert not is_aviq_staff(None)


def test_it_gives_review_budget_to_reviewers_and_admins_only(cast):
    for actor in ("reviewer", "admin"):
        assert consortium_access(cast.users[actor], cast.consortium_a.pk).can_review_budget, actor
    for actor in ("coordinator", "operational", "accountant", "governance", "structure_reporter", "viewer"):
        access = consortium_access(cast.users[actor], cast.consortium_a.pk)
        assert not access.can_review_budget, actor
        with pytest.raises(PermissionDenied):
            access.require(REVIEW_BUDGET)


def test_it_never_stores_review_budget_in_guardian(cast):
    reviewer = cast.users["reviewer"]
    sync_role_perms(reviewer, cast.consortium_a)
    assert REVIEW_BUDGET not in get_perms(reviewer, cast.consortium_a)
    assert has_perm(reviewer, cast.consortium_a, REVIEW_BUDGET)


def test_it_declares_the_budget_permissions_in_the_budget_access_module():
    assert {budget_permissions.VIEW_BUDGET, budget_permissions.EDIT_BUDGET, budget_permissions.REVIEW_BUDGET} == {
        "view_budget",
        "edit_budget",
        "review_budget",
    }


def test_the_review_service_refuses_a_coordinator_and_changes_nothing(cast):
    line = add_line(cast, "80000.00")
    services.budget_submit(actor=cast.users["coordinator"], budget=line.budget)
    with pytest.raises(DomainError) as refused:
        services.budget_approve(actor=cast.users["coordinator"], budget=line.budget)
    assert refused.value.code == "not_reviewer"
    line.budget.refresh_from_db()
    assert line.budget.status == "submitted"
    services.budget_approve(actor=cast.users["reviewer"], budget=line.budget)
    line.budget.refresh_from_db()
    assert line.budget.status == "approved"
