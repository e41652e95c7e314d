"""Comparing two versions of a consortium's budget (read: `view_budget`)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from budget import selectors
from budget.compare import compare_budgets
from budget.permissions import VIEW_BUDGET, consortium_access
from ols_platform.validators import object_id


def _pick(versions, raw, default):
    wanted = object_id(raw)
    return next((b for b in versions if b.pk == wanted), default)


@login_required
@require_GET
def compare(request, consortium_id):
    """`?from=<budget id>&to=<budget id>`; by default the version before the newest against the newest.
    Ids of another consortium's budgets are ignored (the defaults apply)."""
    access = consortium_access(request.user, consortium_id, VIEW_BUDGET)
    consortium = access.consortium
    versions = selectors.versions(consortium)  # newest first
    newest = versions[0] if versions else None
    previous = versions[1] if len(versions) > 1 else newest
    old = _pick(versions, request.GET.get("from"), previous)
    new = _pick(versions, request.GET.get("to"), newest)
    comparison = compare_budgets(old, new) if old is not None and new is not None else None
    return render(
        request,
        "budget/io/compare.html",
        {
            "access": access,
            "consortium": consortium,
            "section": "budget",
            "page_name": "compare",
            "versions": versions,
            "old": old,
            "new": new,
            "comparison": comparison,
        },
    )
