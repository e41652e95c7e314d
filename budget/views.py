"""Budget pages. Thin: the gate (consortium_access), a form, a service call, a template. htmx requests get fragments
(a row, the summary swapped out-of-band); the same URLs work as plain forms without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ols_platform.errors import ConflictError, DomainError

from . import files, selectors, services
from .forms import BudgetLineForm, ExpenseForm, ReviewForm, add_domain_error
from .models import Budget, RuleSet
from .permissions import EDIT_BUDGET, REVIEW_BUDGET, VIEW_BUDGET, consortium_access

LINES_PER_PAGE = 100
EXPENSES_PER_PAGE = 50
HISTORY_PER_PAGE = 50
SUBMISSION_TOKEN_SECONDS = 3600


def _claim_submission(request) -> bool:
    """Guard against double submits: each add form carries a one-time token; a second post of it is ignored."""
    token = str(request.POST.get("submission_token", ""))[:64]
    if not token:
        return True
    return cache.add(f"budget:submission:{request.user.pk}:{token}", 1, timeout=SUBMISSION_TOKEN_SECONDS)


def _release_submission(request) -> None:
    token = str(request.POST.get("submission_token", ""))[:64]
    if token:
        cache.delete(f"budget:submission:{request.user.pk}:{token}")


def _overview_url(consortium, anchor=""):
    return reverse("budget:overview", kwargs={"consortium_id": consortium.pk}) + (f"#{anchor}" if anchor else "")


def _summary_context(request, access, budget_versions=None, memberships=None):
    consortium = access.consortium
    budget_versions = selectors.versions(consortium) if budget_versions is None else budget_versions
    summary = selectors.summary(consortium, budget_versions, RuleSet.active())
    budget = summary.budget
    return {
        "access": access,
        "consortium": consortium,
        "section": "budget",
        "summary": summary,
        "chart": selectors.chart(summary),
        "budget": budget,
        "versions": budget_versions,
        "can_edit": access.can_edit_budget and (budget is None or budget.is_editable),
        "can_review": access.can_review_budget and budget is not None and budget.status == Budget.Status.SUBMITTED,
        "can_amend": access.can_edit_budget and budget is not None and budget.status == Budget.Status.APPROVED,
        "review_form": ReviewForm(initial={"revision": budget.revision if budget else None}),
    }


def _render_summary_oob(request, access) -> str:
    context = _summary_context(request, access) | {"oob": True}
    return render_to_string("budget/partials/summary.html", context, request=request)


def _beside_a_row(oob_html: str) -> str:
    """Out-of-band parts sent with a table row: inside <template>, or the HTML parser (table context) mangles them.
    htmx 2 swaps the out-of-band elements it finds in templates."""
    return f"<template>{oob_html}</template>"


def _memberships(consortium):
    return selectors.structures_of(consortium)


@login_required
@require_GET
def overview(request, consortium_id):
    access = consortium_access(request.user, consortium_id, VIEW_BUDGET)
    return _render_overview(request, access)


def _render_overview(request, access, add_form=None, status=200):
    context = _summary_context(request, access)
    budget = context["budget"]
    memberships = _memberships(access.consortium)
    lines_page = None
    if budget is not None:
        lines_page = Paginator(selectors.lines_with_actuals(budget), LINES_PER_PAGE).get_page(request.GET.get("page"))
    context |= {
        "lines_page": lines_page,
        "add_form": add_form or BudgetLineForm(memberships=memberships, prefix="new", initial={"year": 1}),
        "has_memberships": bool(memberships),
    }
    return render(request, "budget/overview.html", context, status=status)


@login_required
@require_POST
def line_create(request, consortium_id):
    access = consortium_access(request.user, consortium_id, EDIT_BUDGET)
    consortium = access.consortium
    memberships = _memberships(consortium)
    form = BudgetLineForm(request.POST, memberships=memberships, prefix="new")
    line = None
    if not _claim_submission(request):
        message = _("Ce formulaire a déjà été envoyé : la ligne n'a pas été ajoutée une seconde fois.")
        if request.htmx:
            response = render(request, "budget/partials/message.html", {"message": message, "level": "warning"})
            response["HX-Retarget"] = "#budget-messages"
            response["HX-Reswap"] = "innerHTML"
            return response
        messages.warning(request, message)
        return redirect(_overview_url(consortium, "lines"))
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            line = services.budget_line_create(actor=request.user, consortium=consortium, data=data)
        except DomainError as error:
            add_domain_error(form, error)
    if line is None:
        _release_submission(request)
    if request.htmx:
        if line is None:
            response = render(request, "budget/partials/line_form.html", {"add_form": form, "consortium": consortium})
            response["HX-Retarget"] = "#line-add-form"
            response["HX-Reswap"] = "outerHTML"
            return response
        line = selectors.lines_with_actuals(line.budget).get(pk=line.pk)
        fresh = BudgetLineForm(
            memberships=memberships,
            prefix="new",
            initial={"year": line.year, "structure": line.structure_id, "category": line.category},
        )
        body = render_to_string(
            "budget/partials/line_row.html",
            {"line": line, "consortium": consortium, "can_edit": True, "highlight": True},
            request=request,
        )
        oob = render_to_string(
            "budget/partials/line_form.html",
            {"add_form": fresh, "consortium": consortium, "oob": True},
            request=request,
        )
        return HttpResponse(body + _beside_a_row(oob + _render_summary_oob(request, access)))
    if line is None:
        return _render_overview(request, access, add_form=form)
    messages.success(request, _("Ligne « %s » ajoutée.") % line.label)
    return redirect(_overview_url(consortium, f"line-{line.pk}"))


def _line_or_404(consortium, line_id):
    line = selectors.line_of(consortium, line_id)
    if line is None:
        raise Http404
    return line


@login_required
@require_GET
def line_edit(request, consortium_id, line_id):
    access = consortium_access(request.user, consortium_id, EDIT_BUDGET)
    line = _line_or_404(access.consortium, line_id)
    form = BudgetLineForm.for_line(line, memberships=_memberships(access.consortium))
    context = {"access": access, "consortium": access.consortium, "line": line, "form": form, "section": "budget"}
    if not line.budget.is_editable:
        messages.error(request, _("Cette version du budget est verrouillée : elle ne peut plus être modifiée."))
        return redirect(_overview_url(access.consortium))
    if request.htmx:
        return render(request, "budget/partials/line_edit_row.html", context)
    return render(request, "budget/line_edit.html", context)


def _line_row(request, access, line_id, extra=""):
    line = selectors.lines_with_actuals_by_id(access.consortium, line_id)
    if line is None:
        raise Http404
    context = {
        "line": line,
        "consortium": access.consortium,
        "can_edit": access.can_edit_budget and line.budget.is_editable,
    }
    return HttpResponse(render_to_string("budget/partials/line_row.html", context, request=request) + extra)


@login_required
def line(request, consortium_id, line_id):
    """GET: the row (htmx, e.g. cancelling an edit) or the overview. POST: save an edit."""
    if request.method == "GET":
        access = consortium_access(request.user, consortium_id, VIEW_BUDGET)
        _line_or_404(access.consortium, line_id)
        if request.htmx:
            return _line_row(request, access, line_id)
        return redirect(_overview_url(access.consortium, f"line-{line_id}"))
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    access = consortium_access(request.user, consortium_id, EDIT_BUDGET)
    consortium = access.consortium
    line = _line_or_404(consortium, line_id)
    memberships = _memberships(consortium)
    form = BudgetLineForm.for_line(line, memberships=memberships, data=request.POST)
    saved = False
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.budget_line_update(
                actor=request.user, line=line, version=form.cleaned_data.get("version"), data=data
            )
            saved = True
        except ConflictError as error:
            # Show the conflict with the editor's values kept, and the current version loaded for a deliberate retry.
            current = selectors.line_of(consortium, line.pk)
            data = request.POST.copy()
            data[form.add_prefix("version")] = str(current.version)
            form = BudgetLineForm.for_line(current, memberships=memberships, data=data)
            form.is_valid()
            add_domain_error(form, error)
        except DomainError as error:
            add_domain_error(form, error)
    context = {"access": access, "consortium": consortium, "line": line, "form": form, "section": "budget"}
    if request.htmx:
        if saved:
            return _line_row(request, access, line.pk, extra=_beside_a_row(_render_summary_oob(request, access)))
        return render(request, "budget/partials/line_edit_row.html", context)
    if saved:
        messages.success(request, _("Ligne « %s » enregistrée.") % form.cleaned_data["label"])
        return redirect(_overview_url(consortium, f"line-{line.pk}"))
    return render(request, "budget/line_edit.html", context)


@login_required
@require_POST
def line_delete(request, consortium_id, line_id):
    access = consortium_access(request.user, consortium_id, EDIT_BUDGET)
    consortium = access.consortium
    line = _line_or_404(consortium, line_id)
    try:
        services.budget_line_delete(actor=request.user, line=line, version=request.POST.get("version"))
    except DomainError as error:
        if request.htmx:
            response = render(request, "budget/partials/message.html", {"message": error.message, "level": "error"})
            response["HX-Retarget"] = "#budget-messages"
            response["HX-Reswap"] = "innerHTML"
            return response
        messages.error(request, error.message)
        return redirect(_overview_url(consortium, f"line-{line.pk}"))
    if request.htmx:
        return HttpResponse(_render_summary_oob(request, access))
    messages.success(request, _("Ligne « %s » supprimée.") % line.label)
    return redirect(_overview_url(consortium, "lines"))


def _current_budget_or_message(request, consortium):
    budget = Budget.objects.filter(consortium=consortium).order_by("-version").first()
    if budget is None:
        messages.error(request, _("Ce consortium n'a pas encore de budget."))
    return budget


@login_required
@require_POST
def submit(request, consortium_id):
    access = consortium_access(request.user, consortium_id, EDIT_BUDGET)
    budget = _current_budget_or_message(request, access.consortium)
    if budget is not None:
        try:
            services.budget_submit(actor=request.user, budget=budget, revision=request.POST.get("revision"))
            messages.success(request, _("Budget (version %s) soumis à l'AVIQ.") % budget.version)
        except DomainError as error:
            messages.error(request, error.message)
    return redirect(_overview_url(access.consortium))


def _review(request, consortium_id, action):
    access = consortium_access(request.user, consortium_id, REVIEW_BUDGET)
    budget = _current_budget_or_message(request, access.consortium)
    form = ReviewForm(request.POST)
    if budget is not None and form.is_valid():
        try:
            action(budget, form.cleaned_data["comment"], form.cleaned_data.get("revision"))
        except DomainError as error:
            messages.error(request, error.message)
    elif budget is not None:
        messages.error(request, _("Le commentaire est trop long (4 000 caractères au plus)."))
    return redirect(_overview_url(access.consortium))


@login_required
@require_POST
def approve(request, consortium_id):
    def action(budget, comment, revision):
        services.budget_approve(actor=request.user, budget=budget, comment=comment, revision=revision)
        messages.success(request, _("Budget (version %s) approuvé.") % budget.version)

    return _review(request, consortium_id, action)


@login_required
@require_POST
def request_changes(request, consortium_id):
    def action(budget, comment, revision):
        services.budget_request_changes(actor=request.user, budget=budget, comment=comment, revision=revision)
        messages.success(request, _("Modifications demandées au consortium."))

    return _review(request, consortium_id, action)


@login_required
@require_POST
def amend(request, consortium_id):
    access = consortium_access(request.user, consortium_id, EDIT_BUDGET)
    try:
        amendment = services.budget_amend(actor=request.user, consortium=access.consortium)
        messages.success(
            request,
            _("Avenant ouvert : la version %s reprend les lignes approuvées ; la version approuvée reste en vigueur.")
            % amendment.version,
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(_overview_url(access.consortium))


@login_required
@require_GET
def version_detail(request, consortium_id, budget_id):
    access = consortium_access(request.user, consortium_id, VIEW_BUDGET)
    budget_versions = selectors.versions(access.consortium)
    budget = next((b for b in budget_versions if b.pk == budget_id), None)
    if budget is None:
        raise Http404
    comparison = selectors.compare_versions(budget)
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
def expenses(request, consortium_id):
    access = consortium_access(request.user, consortium_id, VIEW_BUDGET)
    consortium = access.consortium
    lines = list(selectors.approved_lines(consortium)) if access.can_edit_budget else []
    form = None
    status = 200
    if request.method == "POST":
        access.require(EDIT_BUDGET)
        form = ExpenseForm(request.POST, request.FILES, lines=lines)
        if not _claim_submission(request):
            messages.warning(
                request, _("Ce formulaire a déjà été envoyé : la dépense n'a pas été enregistrée deux fois.")
            )
            return redirect(reverse("budget:expenses", kwargs={"consortium_id": consortium.pk}))
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "justification_file"}
            try:
                services.expense_create(
                    actor=request.user, consortium=consortium, data=data, file=form.cleaned_data["justification_file"]
                )
                messages.success(request, _("Dépense enregistrée."))
                return redirect(reverse("budget:expenses", kwargs={"consortium_id": consortium.pk}))
            except DomainError as error:
                add_domain_error(form, error)
        _release_submission(request)
    elif request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    if form is None and lines:
        form = ExpenseForm(lines=lines)
    page = Paginator(selectors.expenses(consortium), EXPENSES_PER_PAGE).get_page(request.GET.get("page"))
    budget_versions = selectors.versions(consortium)
    summary = selectors.summary(consortium, budget_versions)
    return render(
        request,
        "budget/expenses.html",
        {
            "access": access,
            "consortium": consortium,
            "section": "budget",
            "page": page,
            "form": form,
            "summary": summary,
            "accept": files.ACCEPT,
        },
        status=status,
    )


@login_required
@require_GET
def expense_file(request, consortium_id, expense_id):
    access = consortium_access(request.user, consortium_id, VIEW_BUDGET)
    expense = selectors.expense_of(access.consortium, expense_id)
    if expense is None:
        raise Http404
    return files.private_download(
        expense.justification_file, expense.justification_filename or f"justificatif-{expense.pk}"
    )


@login_required
@require_GET
def history(request, consortium_id):
    access = consortium_access(request.user, consortium_id, VIEW_BUDGET)
    consortium = access.consortium
    kind = "expenses" if request.GET.get("kind") == "expenses" else "lines"
    page = Paginator(selectors.history_records(consortium, kind), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    budget_versions = selectors.versions(consortium)
    changes = selectors.history_changes(consortium, kind, list(page), budget_versions, _memberships(consortium))
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
