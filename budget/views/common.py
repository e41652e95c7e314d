"""What the budget's own pages share: the overview and its summary (re-rendered out-of-band after an htmx edit), an
htmx message, and the one-time token that makes a double submit of an add form harmless. The opening of every view
(`consortium_page`) and the page context are those of every consortium page (consortia/views/common.py)."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from budget import selectors
from budget.forms import BudgetLineForm, ReviewForm
from budget.models import Budget
from consortia.views.common import page_context

SUBMISSION_TOKEN_SECONDS = 3600
LINES_PER_PAGE = 100


def htmx_message(request, message, level):
    """A message shown in the page's message area instead of the element an htmx request targeted."""
    response = render(request, "budget/partials/message.html", {"message": message, "level": level})
    response["HX-Retarget"] = "#budget-messages"
    response["HX-Reswap"] = "innerHTML"
    return response


def claim_submission(request) -> bool:
    """Guard against double submits: each add form carries a one-time token; a second post of it is ignored."""
    token = str(request.POST.get("submission_token", ""))[:64]
    if not token:
        return True
    return cache.add(f"budget:submission:{request.user.pk}:{token}", 1, timeout=SUBMISSION_TOKEN_SECONDS)


def release_submission(request) -> None:
    token = str(request.POST.get("submission_token", ""))[:64]
    if token:
        cache.delete(f"budget:submission:{request.user.pk}:{token}")


def overview_url(consortium, anchor=""):
    return reverse("budget:overview", kwargs={"consortium_id": consortium.pk}) + (f"#{anchor}" if anchor else "")


def summary_context(access):
    consortium = access.consortium
    budget_versions = selectors.versions(consortium)
    summary = selectors.summary(consortium, budget_versions)
    budget = summary.budget
    return page_context(
        access,
        "budget",
        summary=summary,
        chart=selectors.chart(summary),
        budget=budget,
        versions=budget_versions,
        can_edit=access.can_edit_budget and (budget is None or budget.is_editable),
        can_review=access.can_review_budget and budget is not None and budget.status == Budget.Status.SUBMITTED,
        can_amend=access.can_edit_budget and budget is not None and budget.status == Budget.Status.APPROVED,
        review_form=ReviewForm(initial={"revision": budget.revision if budget else None}),
    )


def render_summary_oob(request, access) -> str:
    context = summary_context(access) | {"oob": True}
    return render_to_string("budget/partials/summary.html", context, request=request)


def beside_a_row(oob_html: str) -> str:
    """Out-of-band parts sent with a table row: inside <template>, or the HTML parser (table context) mangles them.
    htmx 2 swaps the out-of-band elements it finds in templates."""
    return f"<template>{oob_html}</template>"


def render_overview(request, access, add_form=None, status=200):
    context = summary_context(access)
    budget = context["budget"]
    memberships = selectors.structures_of(access.consortium)
    lines_page = None
    if budget is not None:
        lines_page = Paginator(selectors.lines_with_actuals(budget), LINES_PER_PAGE).get_page(request.GET.get("page"))
    context |= {
        "lines_page": lines_page,
        "add_form": add_form or BudgetLineForm(memberships=memberships, prefix="new", initial={"year": 1}),
        "has_memberships": bool(memberships),
    }
    return render(request, "budget/overview.html", context, status=status)
