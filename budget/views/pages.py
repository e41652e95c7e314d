"""The budget's read pages: the overview (summary, chart, lines), one version, and the history of changes."""

from django.core.paginator import Paginator
from django.shortcuts import render

from budget import compare, selectors
from budget.permissions import VIEW_BUDGET
from consortia.views.common import consortium_page, page_context
from ols_platform.lookups import or_404

from .common import render_overview

HISTORY_PER_PAGE = 50


@consortium_page(VIEW_BUDGET, methods=("GET",))
def overview(request, access):
    return render_overview(request, access)


@consortium_page(VIEW_BUDGET, methods=("GET",))
def version_detail(request, access, budget_id):
    """A version's lines against the version it supersedes."""
    budget_versions = selectors.versions(access.consortium)
    budget = or_404(next((b for b in budget_versions if b.pk == budget_id), None))
    comparison = compare.version_comparison(budget, budget_versions)
    context = page_context(access, "budget", budget=budget, versions=budget_versions, comparison=comparison)
    return render(request, "budget/version.html", context)


@consortium_page(VIEW_BUDGET, methods=("GET",))
def history(request, access):
    consortium = access.consortium
    kind = "expenses" if request.GET.get("kind") == "expenses" else "lines"
    page = Paginator(selectors.history_records(consortium, kind), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    changes = selectors.history_page_changes(consortium, kind, list(page))
    return render(request, "budget/history.html", page_context(access, "budget", kind=kind, page=page, changes=changes))
