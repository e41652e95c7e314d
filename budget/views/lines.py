"""Adding, editing and deleting budget lines. htmx requests get a table row with the summary swapped out-of-band;
the same URLs work as plain forms without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from budget import selectors, services
from budget.forms import BudgetLineForm, add_domain_error
from budget.permissions import EDIT_BUDGET, VIEW_BUDGET, consortium_access
from ols_platform.errors import ConflictError, DomainError

from .common import (
    beside_a_row,
    claim_submission,
    overview_url,
    release_submission,
    render_overview,
    render_summary_oob,
)


@login_required
@require_POST
def line_create(request, consortium_id):
    access = consortium_access(request.user, consortium_id, EDIT_BUDGET)
    consortium = access.consortium
    memberships = selectors.structures_of(consortium)
    form = BudgetLineForm(request.POST, memberships=memberships, prefix="new")
    line = None
    if not claim_submission(request):
        message = _("Ce formulaire a déjà été envoyé : la ligne n'a pas été ajoutée une seconde fois.")
        if request.htmx:
            response = render(request, "budget/partials/message.html", {"message": message, "level": "warning"})
            response["HX-Retarget"] = "#budget-messages"
            response["HX-Reswap"] = "innerHTML"
            return response
        messages.warning(request, message)
        return redirect(overview_url(consortium, "lines"))
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            line = services.budget_line_create(actor=request.user, consortium=consortium, data=data)
        except DomainError as error:
            add_domain_error(form, error)
    if line is None:
        release_submission(request)
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
        return HttpResponse(body + beside_a_row(oob + render_summary_oob(request, access)))
    if line is None:
        return render_overview(request, access, add_form=form)
    messages.success(request, _("Ligne « %s » ajoutée.") % line.label)
    return redirect(overview_url(consortium, f"line-{line.pk}"))


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
    form = BudgetLineForm.for_line(line, memberships=selectors.structures_of(access.consortium))
    context = {"access": access, "consortium": access.consortium, "line": line, "form": form, "section": "budget"}
    if not line.budget.is_editable:
        messages.error(request, _("Cette version du budget est verrouillée : elle ne peut plus être modifiée."))
        return redirect(overview_url(access.consortium))
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
        return redirect(overview_url(access.consortium, f"line-{line_id}"))
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    access = consortium_access(request.user, consortium_id, EDIT_BUDGET)
    consortium = access.consortium
    line = _line_or_404(consortium, line_id)
    memberships = selectors.structures_of(consortium)
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
            return _line_row(request, access, line.pk, extra=beside_a_row(render_summary_oob(request, access)))
        return render(request, "budget/partials/line_edit_row.html", context)
    if saved:
        messages.success(request, _("Ligne « %s » enregistrée.") % form.cleaned_data["label"])
        return redirect(overview_url(consortium, f"line-{line.pk}"))
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
        return redirect(overview_url(consortium, f"line-{line.pk}"))
    if request.htmx:
        return HttpResponse(render_summary_oob(request, access))
    messages.success(request, _("Ligne « %s » supprimée.") % line.label)
    return redirect(overview_url(consortium, "lines"))
