"""Adding, editing and deleting budget lines. htmx requests get a table row with the summary swapped out-of-band;
the same URLs work as plain forms without JavaScript."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from budget import grouping, selectors, services
from budget.forms import BudgetLineForm
from budget.permissions import EDIT_BUDGET, VIEW_BUDGET
from consortia.views.common import add_domain_error, consortium_page, page_context
from ols_platform.errors import ConflictError, DomainError
from ols_platform.lookups import or_404
from ols_platform.validators import object_id

from .common import (
    beside_a_row,
    claim_submission,
    group_context,
    htmx_message,
    overview_url,
    release_submission,
    render_group_rows_oob,
    render_summary_oob,
    structure_missing,
)


@consortium_page(VIEW_BUDGET, methods=("GET",))
def structure_lines(request, access, structure_id):
    """ "Voir les lignes": a structure's lines in the current version, 100 a page, loaded by htmx under its group.
    Without htmx, the overview opened on that structure."""
    consortium = access.consortium
    budget = selectors.latest_budget(consortium)
    structure = grouping.structure_in(consortium, budget, structure_id)
    if structure is None:
        return structure_missing(request, access)
    if not request.htmx:
        return redirect(overview_url(consortium, f"group-{structure.pk}", structure_id=structure.pk))
    if request.GET.get("hide"):
        return HttpResponse(f'<tr id="group-{structure.pk}-lines" class="group-lines" hidden></tr>')
    context = group_context(access, budget, structure.pk, request.GET.get("page"))
    return render(request, "budget/partials/group_lines.html", context)


def _render_add_form(request, access, form):
    """The add form: in place under the lines (htmx), or on its own page (without JavaScript)."""
    context = page_context(access, "budget", add_form=form)
    if request.htmx:
        return render(request, "budget/partials/line_form.html", context)
    return render(request, "budget/line_add.html", context)


@consortium_page(EDIT_BUDGET, methods=("GET", "POST"))
def line_create(request, access):
    """GET: the add form (its list of structures is long, so the overview loads it on demand). POST: add a line."""
    consortium = access.consortium
    memberships = selectors.structures_of(consortium)
    if request.method == "GET":
        initial = {"year": 1, "structure": object_id(request.GET.get("structure"))}
        return _render_add_form(request, access, BudgetLineForm(memberships=memberships, prefix="new", initial=initial))
    form = BudgetLineForm(request.POST, memberships=memberships, prefix="new")
    line = None
    if not claim_submission(request):
        message = _("Ce formulaire a déjà été envoyé : la ligne n'a pas été ajoutée une seconde fois.")
        if request.htmx:
            return htmx_message(request, message, "warning")
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
            "budget/partials/line_rows.html",
            {"lines": [line], "consortium": consortium, "can_edit": True, "highlight": True},
            request=request,
        )
        oob = render_to_string(
            "budget/partials/line_form.html",
            {"add_form": fresh, "consortium": consortium, "oob": True},
            request=request,
        )
        groups = render_group_rows_oob(request, access, line.budget, line.structure_id)
        no_longer_empty = '<div id="lines-empty" hx-swap-oob="true"></div>'  # "Aucun budget…" goes with the first line
        return HttpResponse(body + beside_a_row(oob + render_summary_oob(request, access) + no_longer_empty) + groups)
    if line is None:
        return _render_add_form(request, access, form)
    messages.success(request, _("Ligne « %s » ajoutée.") % line.label)
    return redirect(overview_url(consortium, f"line-{line.pk}", structure_id=line.structure_id))


@consortium_page(EDIT_BUDGET, methods=("GET",))
def line_edit(request, access, line_id):
    line = or_404(selectors.line_of(access.consortium, line_id))
    form = BudgetLineForm.for_line(line, memberships=selectors.structures_of(access.consortium))
    context = page_context(access, "budget", line=line, form=form)
    if not line.budget.is_editable:
        messages.error(request, _("Cette version du budget est verrouillée : elle ne peut plus être modifiée."))
        return redirect(overview_url(access.consortium))
    if request.htmx:
        return render(request, "budget/partials/line_edit_row.html", context)
    return render(request, "budget/line_edit.html", context)


def _line_row(request, access, line_id, extra=""):
    line = or_404(selectors.lines_with_actuals_by_id(access.consortium, line_id))
    context = {
        "lines": [line],
        "consortium": access.consortium,
        "can_edit": access.can_edit_budget and line.budget.is_editable,
    }
    return HttpResponse(render_to_string("budget/partials/line_rows.html", context, request=request) + extra)


@consortium_page(None, methods=("GET", "POST"))
def line(request, access, line_id):
    """GET: the row (htmx, e.g. cancelling an edit) or the overview. POST: save an edit."""
    access.require(VIEW_BUDGET if request.method == "GET" else EDIT_BUDGET)
    consortium = access.consortium
    line = or_404(selectors.line_of(consortium, line_id))
    if request.method == "GET":
        if request.htmx:
            return _line_row(request, access, line_id)
        return redirect(overview_url(consortium, f"line-{line.pk}", structure_id=line.structure_id))
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
    context = page_context(access, "budget", line=line, form=form)
    if request.htmx:
        if saved:
            # The totals of the line's group, and of the group it left if its structure changed.
            structures = (line.structure_id, form.cleaned_data["structure"])
            extra = beside_a_row(render_summary_oob(request, access))
            extra += render_group_rows_oob(request, access, line.budget, *structures)
            return _line_row(request, access, line.pk, extra=extra)
        return render(request, "budget/partials/line_edit_row.html", context)
    if saved:
        messages.success(request, _("Ligne « %s » enregistrée.") % form.cleaned_data["label"])
        return redirect(overview_url(consortium, f"line-{line.pk}", structure_id=form.cleaned_data["structure"]))
    return render(request, "budget/line_edit.html", context)


@consortium_page(EDIT_BUDGET, methods=("POST",))
def line_delete(request, access, line_id):
    consortium = access.consortium
    line = or_404(selectors.line_of(consortium, line_id))
    try:
        services.budget_line_delete(actor=request.user, line=line, version=request.POST.get("version"))
    except DomainError as error:
        if request.htmx:
            return htmx_message(request, error.message, "error")
        messages.error(request, error.message)
        return redirect(overview_url(consortium, f"line-{line.pk}", structure_id=line.structure_id))
    if request.htmx:
        groups = render_group_rows_oob(request, access, line.budget, line.structure_id)
        return HttpResponse(render_summary_oob(request, access) + groups)
    messages.success(request, _("Ligne « %s » supprimée.") % line.label)
    return redirect(overview_url(consortium, "lines"))
