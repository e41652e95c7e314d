"""Expenses (the actual spending) against approved lines, and their justification files."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from budget import files, selectors, services
from budget.forms import ExpenseForm
from budget.permissions import EDIT_BUDGET, VIEW_BUDGET
from consortia.views.common import add_domain_error, consortium_page, page_context
from ols_platform.errors import DomainError
from ols_platform.lookups import or_404

from .common import claim_submission, release_submission

EXPENSES_PER_PAGE = 50


@consortium_page(VIEW_BUDGET)
def expenses(request, access):
    consortium = access.consortium
    lines = list(selectors.approved_lines(consortium)) if access.can_edit_budget else []
    form = None
    if request.method == "POST":
        access.require(EDIT_BUDGET)
        form = ExpenseForm(request.POST, request.FILES, lines=lines)
        if not claim_submission(request):
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
        release_submission(request)
    elif request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    if form is None and lines:
        form = ExpenseForm(lines=lines)
    page = Paginator(selectors.expenses(consortium), EXPENSES_PER_PAGE).get_page(request.GET.get("page"))
    summary = selectors.summary(consortium, selectors.versions(consortium))
    context = page_context(access, "budget", page=page, form=form, summary=summary, accept=files.ACCEPT)
    return render(request, "budget/expenses.html", context)


@consortium_page(VIEW_BUDGET, methods=("GET",))
def expense_file(request, access, expense_id):
    expense = or_404(selectors.expense_of(access.consortium, expense_id))
    return files.private_download(
        expense.justification_file, expense.justification_filename or f"justificatif-{expense.pk}"
    )
