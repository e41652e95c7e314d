"""What the budget's own pages share: the overview and its summary (re-rendered out-of-band after an htmx edit), an
htmx message, and the one-time token that makes a double submit of an add form harmless. The opening of every view
(`consortium_page`) and the page context are those of every consortium page (consortia/views/common.py)."""

import functools

from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from budget import grouping, selectors
from budget.forms import ReviewForm
from budget.models import Budget, Category
from consortia.permissions import is_aviq_staff
from consortia.views.common import page_context, render_cached_page
from ols_platform import fragments
from ols_platform.links import url_with_id_slot
from review import selectors as review_selectors
from review.models import ItemKind

LINES_PER_PAGE = 100  # a structure's lines, opened under its group
GROUPS_PER_PAGE = 50  # structures on a page of the overview


def htmx_message(request, message, level):
    """A message shown in the page's message area instead of the element an htmx request targeted."""
    response = render(request, "budget/partials/message.html", {"message": message, "level": level})
    response["HX-Retarget"] = "#budget-messages"
    response["HX-Reswap"] = "innerHTML"
    return response


claim_submission = functools.partial(fragments.claim_submission, scope="budget")
release_submission = functools.partial(fragments.release_submission, scope="budget")


def overview_url(consortium, anchor="", structure_id=None):
    """The overview, opened on a structure's lines when `structure_id` is given."""
    query = f"?{urlencode({'structure': structure_id})}" if structure_id is not None else ""
    return (
        reverse("budget:overview", kwargs={"consortium_id": consortium.pk}) + query + (f"#{anchor}" if anchor else "")
    )


def structure_missing(request, access):
    """A structure id (URL or query) that names none of the consortium's structures: 404, said in French."""
    message = _("Cette structure ne fait pas partie du budget de ce consortium.")
    context = page_context(access, "budget", message=message, back=overview_url(access.consortium))
    return render(request, "budget/missing.html", context, status=404)


def summary_context(access):
    return page_context(access, "budget", **summary_values(access))


def summary_values(access) -> dict:
    """What the summary shows (`budget/partials/summary.html`): status and actions, key figures, rules, totals."""
    consortium = access.consortium
    budget_versions = selectors.versions(consortium)
    summary = selectors.summary(consortium, budget_versions)
    budget = summary.budget
    return dict(
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


def can_edit_lines(access, budget) -> bool:
    return access.can_edit_budget and (budget is None or budget.is_editable)


def structure_lines_url(consortium) -> str:
    """The URL of a group's lines, its structure id left open (`ols_platform.links`): reversed once per page."""
    return url_with_id_slot("budget:structure_lines", consortium.pk)


def group_context(access, budget, structure_id, page_number, hide_url=None) -> dict:
    """What a structure's opened lines show (`budget/partials/group_lines.html`): a page of 100 of its lines."""
    lines = grouping.lines_of_structure(budget, structure_id)
    consortium = access.consortium
    return {
        "consortium": consortium,
        "structure_id": structure_id,
        # Page links: the overview opened on the structure (without JavaScript) and this partial (htmx).
        "page_url": overview_url(consortium, structure_id=structure_id) + "&lines_page=",
        "partial_url": reverse(
            "budget:structure_lines", kwargs={"consortium_id": consortium.pk, "structure_id": structure_id}
        )
        + "?page=",
        "hide_url": hide_url or overview_url(consortium),
        "lines_page": Paginator(lines, LINES_PER_PAGE).get_page(page_number),
        "can_edit": can_edit_lines(access, budget),
        "group_columns": len(Category.values) + 5,
    }


def render_group_rows_oob(request, access, budget, *structure_ids) -> str:
    """The totals rows of these structures' groups, swapped out-of-band after a line changed (in a <template>)."""
    groups = [grouping.structure_group(access.consortium, budget, pk) for pk in dict.fromkeys(structure_ids)]
    context = {
        "groups": [g for g in groups if g is not None],
        "oob": True,
        "consortium": access.consortium,
        "group_url": structure_lines_url(access.consortium),
    }
    return beside_a_row(render_to_string("budget/partials/group_rows.html", context, request=request))


def review_panel(request, access) -> str:
    """AVIQ's comments on the newest version and its review history, for this reader: private annotations only for
    AVIQ staff (review.selectors.visible_comments). Kept apart from the page's cached body, and cached on its own per
    state of the consortium and kind of reader (every comment and review step moves the consortium's revision)."""
    consortium = access.consortium

    def render_panel():
        budget = selectors.latest_budget(consortium)
        if budget is None:
            return ""
        context = review_selectors.panel(
            request.user, consortium_id=consortium.pk, item_kind=ItemKind.BUDGET, item_id=budget.pk
        )
        return render_to_string("review/_panel.html", context, request=request)

    reader = "aviq" if is_aviq_staff(request.user) else "consortium"
    key = ("review-panel", fragments.consortium_scope(access), reader, get_language())
    return fragments.cached_fragment(key, render_panel)


class _StructureMissing(Exception):
    """`?structure=<id>` names none of the budget's structures (raised while the page is built, so never cached)."""


def render_overview(request, access):
    """The summary, then the budget's lines grouped by structure (50 groups a page, their totals computed in SQL);
    `?structure=<id>` opens that structure's lines under its group (the no-JavaScript way of "Voir les lignes").

    Cached per revision like the consortium's read pages (its forms get the reader's CSRF token when served)."""
    consortium = access.consortium

    def build():
        context = summary_values(access)
        budget = context["budget"]
        groups_page = opened = None
        context |= {"opened": None, "oob": False}  # named: a template's missing variable costs an exception per use
        if budget is not None:
            page_number = request.GET.get("page")
            if "structure" in request.GET:
                opened = grouping.structure_in(consortium, budget, request.GET["structure"])
                if opened is None:
                    raise _StructureMissing
                if page_number is None:  # the page that shows its group (the page links keep `structure`: they win)
                    page_number = grouping.structure_group_position(consortium, budget, opened) // GROUPS_PER_PAGE + 1
            groups_page, context["groups"] = grouping.structure_group_page(
                consortium, budget, page_number, GROUPS_PER_PAGE
            )
            if opened is not None:
                hide_url = f"{overview_url(consortium)}?page={groups_page.number}"
                context["opened"] = group_context(access, budget, opened.pk, request.GET.get("lines_page"), hide_url)
        return context | {
            "groups_page": groups_page,
            "categories": Category.choices,
            "group_url": structure_lines_url(consortium),
            "group_columns": len(Category.values) + 5,
            # The add form is loaded on demand (its list of structures is long): here only whether there is any.
            "has_memberships": context["can_edit"] and selectors.has_structures(consortium),
        }

    try:
        return render_cached_page(
            request,
            access,
            "budget",
            title=_("Budget"),
            body="budget/overview_body.html",
            build=build,
            for_reader=review_panel(request, access),
        )
    except _StructureMissing:
        return structure_missing(request, access)
