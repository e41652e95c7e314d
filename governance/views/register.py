"""The decision register: the filtered list (paginated, printable, exportable to .xlsx), a decision's page with its
follow-up actions, and its correction (a new decision referring to it; coordinators only)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from consortia.views.common import consortium_page, page_context, posted, submit

from .. import register
from ..exporting import register_workbook
from ..forms_register import CorrectionForm, FollowUpDoneForm, FollowUpForm
from ..models import Choice, FollowUp, Outcome
from ..permissions import MANAGE_GOVERNANCE, PREPARE_DECISIONS
from ..services import decisions as decision_services
from .bodies import SECTION

PER_PAGE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def decision_url(decision) -> str:
    return reverse("governance:decision", kwargs={"consortium_id": decision.consortium_id, "decision_id": decision.pk})


def decision_of(consortium, decision_id):
    decision = register.decision_of(consortium, decision_id)
    if decision is None:
        raise Http404
    return decision


@consortium_page(methods=("GET",))
def decision_list(request, access):
    consortium = access.consortium
    form = register.RegisterFilterForm(request.GET, consortium=consortium)
    filters = form.filters()
    decisions = register.register_of(consortium, filters)
    printing = request.GET.get("print") == "1"
    context = {
        "form": form,
        "counts": register.outcome_counts(consortium, filters),
        "printing": printing,
        "outcome_icons": {Outcome.ADOPTED: "✓", Outcome.REJECTED: "✗", Outcome.NO_QUORUM: "⚠"},
    }
    if printing:
        rows = list(decisions[: register.PRINT_MAX + 1])
        context |= {"rows": rows[: register.PRINT_MAX], "truncated": len(rows) > register.PRINT_MAX}
        context["print_max"] = register.PRINT_MAX
    else:
        page = Paginator(decisions, PER_PAGE).get_page(request.GET.get("page"))
        context |= {"page": page, "rows": page.object_list}
    return render(request, "governance/register_decisions.html", page_context(access, SECTION, **context))


@consortium_page(methods=("GET",))
def decision_export(request, access):
    form = register.RegisterFilterForm(request.GET, consortium=access.consortium)
    content, filename = register_workbook(access.consortium, form.filters())
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _decision_context(access, decision, **forms):
    labels = dict(Choice.choices)
    participants = [
        person | {"choice_label": labels.get(person.get("choice"), "")}
        for person in decision.participants
        if isinstance(person, dict)
    ]
    counts = (decision.tally or {}).get("counts") or {}
    return page_context(
        access,
        SECTION,
        decision=decision,
        participants=participants,
        tally_counts=[(labels.get(choice, choice), count) for choice, count in counts.items()],
        corrections=list(register.corrections_of(decision)),
        follow_ups=list(register.follow_ups_of(decision)),
        follow_up_form=forms.get("follow_up_form")
        or (FollowUpForm(consortium=access.consortium) if access.can_prepare_decisions else None),
    )


@consortium_page(methods=("GET",))
def decision_detail(request, access, decision_id):
    decision = decision_of(access.consortium, decision_id)
    return render(request, "governance/register_decision.html", _decision_context(access, decision))


@consortium_page(PREPARE_DECISIONS, methods=("POST",))
def follow_up_create(request, access, decision_id):
    decision = decision_of(access.consortium, decision_id)
    form = FollowUpForm(request.POST, consortium=access.consortium)
    if form.is_valid():
        follow_up = submit(
            form,
            lambda: decision_services.follow_up_create(
                actor=request.user,
                decision=decision,
                description=form.cleaned_data["description"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
            ),
        )
        if follow_up:
            messages.success(request, _("L'action de suivi « %s » est ajoutée.") % follow_up.description)
            return redirect(decision_url(decision) + "#follow-ups")
    context = _decision_context(access, decision, follow_up_form=form)
    return render(request, "governance/register_decision.html", context, status=400)


@consortium_page(PREPARE_DECISIONS, methods=("POST",))
def follow_up_done(request, access, follow_up_id):
    follow_up = get_object_or_404(
        FollowUp.objects.select_related("decision"), pk=follow_up_id, decision__consortium=access.consortium
    )
    form = FollowUpDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez si l'action est réalisée ou non."))
        return redirect(decision_url(follow_up.decision) + "#follow-ups")
    done = form.cleaned_data["done"]
    decision_services.follow_up_set_done(actor=request.user, follow_up=follow_up, done=done)
    if done:
        messages.success(request, _("L'action « %s » est marquée réalisée.") % follow_up.description)
    else:
        messages.success(request, _("L'action « %s » est de nouveau à faire.") % follow_up.description)
    return redirect(decision_url(follow_up.decision) + "#follow-ups")


@consortium_page(MANAGE_GOVERNANCE)
def decision_correct(request, access, decision_id):
    decision = decision_of(access.consortium, decision_id)
    form = CorrectionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        correction = submit(
            form,
            lambda: decision_services.decision_correct(
                actor=request.user,
                decision=decision,
                rationale=form.cleaned_data["rationale"],
                outcome=form.cleaned_data["outcome"] or None,
            ),
        )
        if correction:
            messages.success(
                request,
                _("La correction est inscrite au registre : décision %(ref)s.") % {"ref": correction.reference},
            )
            return redirect(decision_url(correction))
    context = page_context(access, SECTION, decision=decision, form=form)
    return render(request, "governance/register_correct.html", context)
