"""The budget's read pages: the overview (summary, chart, lines), one version, and the history of changes."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from budget import compare, selectors
from budget.permissions import VIEW_BUDGET, consortium_access

from .common import render_overview

HISTORY_PER_PAGE = 50


@login_required
@require_GET
def overview(request, consortium_id):
    access = consortium_access(request.user, consortium_id, VIEW_BUDGET)
    return render_overview(request, access)


@login_required
@require_GET
def version_detail(request, consortium_id, budget_id):
    access = consortium_access(request.user, consortium_id, VIEW_BUDGET)
    budget_versions = selectors.versions(access.consortium)
    budget = next((b for b in budget_versions if b.pk == budget_id), None)
    if budget is None:
        raise Http404
    comparison = compare.version_comparison(budget, budget_versions)
    return render(
        request,
        "budget/version.html",
        {
            "access": access,
            "consortium": access.consortium,
            "section": "budget",
            "budget": budget,
            "versions": budget_versions,
            "comparison": comparison,
        },
    )


@login_required
@require_GET
def history(request, consortium_id):
    access = consortium_access(request.user, consortium_id, VIEW_BUDGET)
    consortium = access.consortium
    kind = "expenses" if request.GET.get("kind") == "expenses" else "lines"
    page = Paginator(selectors.history_records(consortium, kind), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    budget_versions = selectors.versions(consortium)
    changes = selectors.history_changes(kind, list(page), budget_versions, selectors.structures_of(consortium))
    return render(
        request,
        "budget/history.html",
        {
            "access": access,
            "consortium": consortium,
            "section": "budget",
            "kind": kind,
            "page": page,
            "changes": changes,
        },
    )
