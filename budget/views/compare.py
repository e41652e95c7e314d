"""Comparing two versions of a consortium's budget (read: `view_budget`)."""

from django.shortcuts import render

from budget import selectors
from budget.compare import compare_budgets
from budget.permissions import VIEW_BUDGET
from consortia.views.common import consortium_page, page_context
from ols_platform.validators import object_id


def _pick(versions, raw, default):
    wanted = object_id(raw)
    return next((b for b in versions if b.pk == wanted), default)


@consortium_page(VIEW_BUDGET, methods=("GET",))
def compare(request, access):
    """`?from=<budget id>&to=<budget id>`; by default the version before the newest against the newest.
    Ids of another consortium's budgets are ignored (the defaults apply)."""
    versions = selectors.versions(access.consortium)  # newest first
    newest = versions[0] if versions else None
    previous = versions[1] if len(versions) > 1 else newest
    old = _pick(versions, request.GET.get("from"), previous)
    new = _pick(versions, request.GET.get("to"), newest)
    comparison = compare_budgets(old, new) if old is not None and new is not None else None
    context = page_context(
        access, "budget", page_name="compare", versions=versions, old=old, new=new, comparison=comparison
    )
    return render(request, "budget/io/compare.html", context)
