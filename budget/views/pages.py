"""The budget's read pages: the overview (summary, chart, lines), one version, and the history of changes."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from budget import compare, grouping, selectors
from budget.permissions import VIEW_BUDGET
from consortia.views.common import consortium_page, page_context, render_cached_page
from ols_platform.lookups import or_404

from .common import GROUPS_PER_PAGE, LINES_PER_PAGE, render_overview, structure_missing

HISTORY_PER_PAGE = 50


@consortium_page(VIEW_BUDGET, methods=("GET",))
def overview(request, access):
    return render_overview(request, access)


@consortium_page(VIEW_BUDGET, methods=("GET",))
def version_detail(request, access, budget_id):
    """A version against the version it supersedes, by structure (50 a page, totals in SQL); `?structure=<id>` opens
    a structure's lines, compared line by line (100 a page): htmx picks that part of the page."""
    budget_versions = selectors.versions(access.consortium)
    budget = or_404(next((b for b in budget_versions if b.pk == budget_id), None))
    previous = next((b for b in budget_versions if b.pk == budget.supersedes_id), budget)
    page_number = request.GET.get("page")
    opened = None
    if "structure" in request.GET:
        structure = grouping.version_structure(budget, previous, request.GET["structure"])
        if structure is None:
            return structure_missing(request, access)
        if page_number is None:  # the page that shows its group (the page links keep `structure`: they win)
            page_number = grouping.version_group_position(budget, previous, structure) // GROUPS_PER_PAGE + 1
        comparison = compare.compare_budgets(previous, budget, structure_id=structure.pk)
        opened = {
            "structure_id": structure.pk,
            "comparison": comparison,
            "lines_page": Paginator(comparison.plan_order, LINES_PER_PAGE).get_page(request.GET.get("lines_page")),
        }
    groups_page = Paginator(grouping.version_groups(budget, previous), GROUPS_PER_PAGE).get_page(page_number)
    groups = [g | {"delta": g["amount"] - g["previous_amount"]} for g in groups_page]
    totals = grouping.version_totals(budget, previous)
    totals["delta"] = totals["amount"] - totals["previous_amount"]
    context = page_context(
        access,
        "budget",
        budget=budget,
        versions=budget_versions,
        groups_page=groups_page,
        groups=groups,
        opened=opened,
        totals=totals,
        compared=budget.supersedes_id is not None,
    )
    return render(request, "budget/version.html", context)


@consortium_page(VIEW_BUDGET, methods=("GET",))
def history(request, access):
    consortium = access.consortium
    kind = "expenses" if request.GET.get("kind") == "expenses" else "lines"

    def build():
        records = selectors.history_records(consortium, kind)
        page = Paginator(records, HISTORY_PER_PAGE).get_page(request.GET.get("page"))
        return {"kind": kind, "page": page, "changes": selectors.history_page_changes(consortium, kind, list(page))}

    return render_cached_page(
        request,
        access,
        "budget",
        title=_("Historique du budget"),
        body="budget/history_body.html",
        build=build,
    )
