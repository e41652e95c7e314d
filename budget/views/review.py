"""The budget's workflow: submission to AVIQ, approval or changes requested by a reviewer, and amendments."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from budget import selectors, services
from budget.forms import ReviewForm
from budget.permissions import EDIT_BUDGET, REVIEW_BUDGET
from consortia.views.common import consortium_page
from ols_platform.errors import DomainError

from .common import overview_url


def _current_budget_or_message(request, consortium):
    budget = selectors.latest_budget(consortium)
    if budget is None:
        messages.error(request, _("Ce consortium n'a pas encore de budget."))
    return budget


def confirmed(request, message) -> bool:
    """A one-way step (a submission, an amendment) needs its box ticked; else nothing happens, and the page says
    so in French (a `required` box would let the browser say it, in its own language)."""
    if request.POST.get("confirm") == "1":
        return True
    messages.error(request, message)
    return False


@consortium_page(EDIT_BUDGET, methods=("POST",))
def submit(request, access):
    budget = _current_budget_or_message(request, access.consortium)
    unconfirmed = _("Cochez la case de confirmation pour soumettre le budget : rien n'a été envoyé.")
    if budget is not None and confirmed(request, unconfirmed):
        try:
            services.budget_submit(
                actor=request.user,
                budget=budget,
                revision=request.POST.get("revision"),
                note=request.POST.get("note", ""),
            )
            messages.success(
                request, _("Budget (version %s) soumis à l'AVIQ : ses examinateurs sont prévenus.") % budget.version
            )
        except DomainError as error:
            messages.error(request, error.message)
    return redirect(overview_url(access.consortium))


def _review(request, access, action):
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


@consortium_page(REVIEW_BUDGET, methods=("POST",))
def approve(request, access):
    def action(budget, comment, revision):
        services.budget_approve(actor=request.user, budget=budget, comment=comment, revision=revision)
        messages.success(request, _("Budget (version %s) approuvé.") % budget.version)

    return _review(request, access, action)


@consortium_page(REVIEW_BUDGET, methods=("POST",))
def request_changes(request, access):
    def action(budget, comment, revision):
        services.budget_request_changes(actor=request.user, budget=budget, comment=comment, revision=revision)
        messages.success(request, _("Modifications demandées au consortium."))

    return _review(request, access, action)


@consortium_page(EDIT_BUDGET, methods=("POST",))
def amend(request, access):
    if not confirmed(request, _("Cochez la case de confirmation pour ouvrir un avenant : rien n'a changé.")):
        return redirect(overview_url(access.consortium))
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
