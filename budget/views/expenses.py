"""Expenses (the actual spending) against approved lines, and their justification files."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from budget import expense_selectors, selectors, services
from budget.forms import ExpenseFilterForm, ExpenseForm
from budget.permissions import RECORD_EXPENSES, VIEW_BUDGET
from consortia.views.common import add_domain_error, consortium_page, render_cached_page
from ols_platform import files
from ols_platform.errors import DomainError
from ols_platform.formatting import format_money
from ols_platform.lookups import or_404

from .common import claim_submission, release_submission

EXPENSES_PER_PAGE = 50
LINE_SEARCH = "line_search"  # the search field of the expense form's line (its GET parameter)


def expenses_url(consortium) -> str:
    return reverse("budget:expenses", kwargs={"consortium_id": consortium.pk})


@consortium_page(VIEW_BUDGET)
def expenses(request, access):
    consortium = access.consortium
    form = None
    if request.method == "POST":
        if not access.can_record_expenses:
            return recording_refused(request, access)
        form = ExpenseForm(request.POST, request.FILES, lines=selectors.approved_lines(consortium))
        if not claim_submission(request):
            messages.warning(
                request, _("Ce formulaire a déjà été envoyé : la dépense n'a pas été enregistrée deux fois.")
            )
            return redirect(expenses_url(consortium))
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "justification_file"}
            try:
                expense = services.expense_create(
                    actor=request.user, consortium=consortium, data=data, file=form.cleaned_data["justification_file"]
                )
                messages.success(request, _("Dépense enregistrée."))
                warn_if_overspent(request, expense.budget_line_id)
                return redirect(expenses_url(consortium))
            except DomainError as error:
                add_domain_error(form, error)
        release_submission(request)
    elif request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    return render_expenses(request, access, form)


def recording_refused(request, access):
    """403 for an expense form sent without `record_expenses`: say why (the operational team's right may have been
    withdrawn while the form was open), and that nothing was recorded."""
    paragraphs = [
        _("La dépense n'a pas été enregistrée."),
        _(
            "Enregistrer des dépenses demande le rôle de coordination ou de comptable ; l'équipe opérationnelle le "
            "peut seulement quand la coordination du consortium l'autorise, ce qui n'est pas le cas actuellement."
        ),
    ]
    context = {"status": 403, "error_title": _("Accès refusé"), "paragraphs": paragraphs}
    return render(request, "error.html", context, status=403)


def warn_if_overspent(request, line_id) -> None:
    """Recorded, but said: the line is now spent beyond its plan (text, not colour alone; listed in the summary)."""
    overspent = expense_selectors.line_overspending(line_id)
    if overspent is not None:
        label, planned, spent = overspent
        messages.warning(
            request,
            _("Attention : la ligne « %(label)s » est maintenant dépensée à %(spent)s pour %(planned)s prévus.")
            % {"label": label, "spent": format_money(spent), "planned": format_money(planned)},
        )


def render_expenses(request, access, form=None):
    """The page: the form (those who record expenses, once a budget is approved), the filters, a page of the list and its totals.

    Cached per revision like the consortium's read pages (the form's tokens are filled in for each visit); a form
    sent back with its errors is rendered for that request only."""
    return render_cached_page(
        request,
        access,
        "budget",
        title=_("Dépenses"),
        body="budget/expenses_body.html",
        build=lambda: expenses_values(request, access, form),
        cached=form is None,
    )


def expenses_values(request, access, form) -> dict:
    """The page's content: the form (unbound unless sent back), the filters, a page of the list and its totals."""
    consortium = access.consortium
    plan = expense_selectors.approved_plan(consortium)  # (lines, total) or None
    picker = {}
    if access.can_record_expenses and plan and plan[0]:
        form = form or ExpenseForm()
        picker = line_picker(request, consortium, form)
    else:
        form = None
    filter_form = ExpenseFilterForm(request.GET, structures=expense_selectors.member_structure_choices(consortium))
    filters = filter_form.filters()
    totals = expense_selectors.expense_totals(consortium, filters)
    paginator = Paginator(expense_selectors.expense_rows(consortium, filters), EXPENSES_PER_PAGE)
    paginator.count = totals.count  # counted with the totals: no second COUNT query
    return dict(
        page=paginator.get_page(request.GET.get("page")),
        form=form,
        filter_form=filter_form,
        filtered=any(filter_form.cleaned_data.get(name) for name in filter_form.fields),
        totals=totals,
        approved_total=plan[1] if plan else None,
        expenses_url=expenses_url(consortium),
        **picker,
    )


def line_picker(request, consortium, form) -> dict:
    """The line field's state: what was searched and the lines to choose from (the search's, else the chosen one)."""
    text = str(request.GET.get(LINE_SEARCH, ""))[:100].strip()
    lines, more = expense_selectors.approved_line_search(consortium, text)
    if not text and form.line is not None:
        lines = [form.line]
    chosen = form.line.pk if form.line is not None else None
    return {"line_search": text, "line_choices": lines, "more_lines": more, "chosen_line": chosen}


@consortium_page(RECORD_EXPENSES, methods=("GET",))
def expense_lines(request, access):
    """The line search of the expense form: the matching approved lines as a list of choices (an htmx fragment);
    a plain GET (no JavaScript) lands on the expenses page, which shows the same choices."""
    if not request.htmx:
        query = urlencode({LINE_SEARCH: str(request.GET.get(LINE_SEARCH, ""))[:100]})
        return redirect(f"{expenses_url(access.consortium)}?{query}#expense-form")
    context = line_picker(request, access.consortium, ExpenseForm())
    return render(request, "budget/partials/expense_line_choices.html", context)


@consortium_page(VIEW_BUDGET, methods=("GET",))
def expense_file(request, access, expense_id):
    expense = or_404(selectors.expense_of(access.consortium, expense_id))
    return files.private_download(
        expense.justification_file, expense.justification_filename or f"justificatif-{expense.pk}"
    )
