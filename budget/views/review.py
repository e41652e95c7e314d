"""The budget's workflow: submission to AVIQ, approval or changes requested by a reviewer, and amendments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budget import services
from budget.forms import ReviewForm
from budget.models import Budget
from budget.permissions import EDIT_BUDGET, REVIEW_BUDGET, consortium_access
from ols_platform.errors import DomainError

from .common import overview_url


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
    return redirect(overview_url(access.consortium))


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
    return redirect(overview_url(access.consortium))


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
    return redirect(overview_url(access.consortium))
