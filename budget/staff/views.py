"""Staff arrangement pages and the "who pays whom" table. Thin: the gate, a form, a service call, a template.

Reading needs `view_budget` (AVIQ reviewers read), writing `edit_budget`. Another consortium's ids are 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from budget import selectors
from budget.permissions import EDIT_BUDGET, VIEW_BUDGET
from budget.staff import rules as staff_rules
from budget.staff import selectors as staff_selectors
from budget.staff import services as staff_services
from consortia.views.common import add_domain_error, consortium_page, page_context, render_cached_page
from ols_platform import files
from ols_platform.errors import ConflictError, DomainError
from ols_platform.lookups import or_404

from .forms import ArrangementForm

HISTORY_PER_PAGE = 50


def _list_url(consortium, anchor=""):
    return reverse("budget:arrangements", kwargs={"consortium_id": consortium.pk}) + (f"#{anchor}" if anchor else "")


def _form_context(access, form, budget, arrangement=None):
    return page_context(access, "budget", page_name="arrangements", form=form, budget=budget, arrangement=arrangement)


def _form_data(form):
    return {k: v for k, v in form.cleaned_data.items() if k not in ("version", "document")}


@consortium_page(VIEW_BUDGET, methods=("GET",))
def arrangements(request, access):
    consortium = access.consortium
    budget = selectors.latest_budget(consortium)
    items = list(staff_selectors.arrangements_of(budget))
    rows = [(a, staff_rules.period_cost(a.monthly_cost, a.start_date, a.end_date)) for a in items]
    can_edit = access.can_edit_budget and budget is not None and budget.is_editable
    context = page_context(access, "budget", page_name="arrangements", budget=budget, rows=rows, can_edit=can_edit)
    return render(request, "budget/staff/arrangements.html", context)


@consortium_page(EDIT_BUDGET)
def arrangement_create(request, access):
    consortium = access.consortium
    budget = selectors.latest_budget(consortium)
    memberships = selectors.structures_of(consortium)
    lines = staff_selectors.personnel_lines(budget)
    if request.method == "POST":
        form = ArrangementForm(request.POST, request.FILES, memberships=memberships, lines=lines)
        if form.is_valid():
            try:
                arrangement = staff_services.arrangement_create(
                    actor=request.user, consortium=consortium, data=_form_data(form), file=form.cleaned_data["document"]
                )
                messages.success(request, _("Arrangement « %s » enregistré.") % arrangement.person)
                return redirect(_list_url(consortium, f"arrangement-{arrangement.pk}"))
            except DomainError as error:
                add_domain_error(form, error)
    elif request.method == "GET":
        form = ArrangementForm(memberships=memberships, lines=lines)
    else:
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    return render(request, "budget/staff/arrangement_form.html", _form_context(access, form, budget))


@consortium_page(EDIT_BUDGET)
def arrangement_edit(request, access, arrangement_id):
    consortium = access.consortium
    arrangement = or_404(staff_selectors.arrangement_of(consortium, arrangement_id))
    budget = arrangement.budget
    memberships = selectors.structures_of(consortium)
    lines = staff_selectors.personnel_lines(budget)
    if not budget.is_editable:
        messages.error(
            request, _("Cette version du budget est verrouillée : ses arrangements ne peuvent plus changer.")
        )
        return redirect(_list_url(consortium))
    if request.method == "POST":
        form = ArrangementForm.for_arrangement(
            arrangement, memberships=memberships, lines=lines, data=request.POST, files=request.FILES
        )
        if form.is_valid():
            try:
                staff_services.arrangement_update(
                    actor=request.user,
                    arrangement=arrangement,
                    version=form.cleaned_data.get("version"),
                    data=_form_data(form),
                    file=form.cleaned_data["document"],
                )
                messages.success(request, _("Arrangement « %s » enregistré.") % form.cleaned_data["person"])
                return redirect(_list_url(consortium, f"arrangement-{arrangement.pk}"))
            except ConflictError as error:
                # Keep the editor's values, load the current version for a deliberate retry.
                current = or_404(staff_selectors.arrangement_of(consortium, arrangement.pk))
                data = request.POST.copy()
                data["version"] = str(current.version)
                form = ArrangementForm.for_arrangement(current, memberships=memberships, lines=lines, data=data)
                form.is_valid()
                add_domain_error(form, error)
            except DomainError as error:
                add_domain_error(form, error)
    elif request.method == "GET":
        form = ArrangementForm.for_arrangement(arrangement, memberships=memberships, lines=lines)
    else:
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    return render(request, "budget/staff/arrangement_form.html", _form_context(access, form, budget, arrangement))


@consortium_page(EDIT_BUDGET, methods=("POST",))
def arrangement_delete(request, access, arrangement_id):
    consortium = access.consortium
    arrangement = or_404(staff_selectors.arrangement_of(consortium, arrangement_id))
    try:
        staff_services.arrangement_delete(
            actor=request.user, arrangement=arrangement, version=request.POST.get("version")
        )
        messages.success(request, _("Arrangement « %s » supprimé.") % arrangement.person)
        return redirect(_list_url(consortium))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_list_url(consortium, f"arrangement-{arrangement.pk}"))


@consortium_page(VIEW_BUDGET, methods=("GET",))
def arrangement_document(request, access, arrangement_id):
    arrangement = or_404(staff_selectors.arrangement_of(access.consortium, arrangement_id))
    return files.private_download(arrangement.document, arrangement.document_filename or f"document-{arrangement.pk}")


@consortium_page(VIEW_BUDGET, methods=("GET",))
def flows(request, access):
    consortium = access.consortium

    def build():
        budget = selectors.latest_budget(consortium)
        return {"page_name": "flows", "budget": budget, "table": staff_selectors.flow_table(consortium, budget)}

    return render_cached_page(
        request,
        access,
        "budget",
        title=_("Qui paie qui") + " · " + consortium.name,
        body="budget/staff/flows_body.html",
        build=build,
    )


@consortium_page(VIEW_BUDGET, methods=("GET",))
def arrangement_history(request, access):
    """Every change to the arrangements (who, when, before, after) and to the lines they are paid from."""
    consortium = access.consortium
    page = Paginator(staff_selectors.history_records(consortium), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    links = staff_selectors.link_history(consortium) if page.number == 1 else []
    changes = staff_selectors.history_changes(
        list(page), selectors.versions(consortium), selectors.structures_of(consortium)
    )
    context = page_context(
        access, "arrangement_history", page=page, changes=changes, link_changes=staff_selectors.link_changes(links)
    )
    return render(request, "budget/staff/history.html", context)
