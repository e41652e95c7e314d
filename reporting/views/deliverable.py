"""The evaluation deliverable's pages: the overview (five steps, overall progress, the use of the subsidy), a step
(narrative, evidence, and for step 3 the priority projects, 4 the governance, 5 the learning cycles), the step's
edit form (optimistic locking), evidence added and removed, priority projects and learning cycles written.

Everyone who sees the consortium reads (AVIQ reviewers too; the subsidy's figures only with the budget's right);
the operational team and the coordination (MANAGE_REPORTING) write."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from consortia.views.common import consortium_page, page_context, posted, save_unless_stale, submit
from ols_platform.errors import DomainError

from .. import selectors_deliverable as selectors
from .. import services_deliverable as services
from ..forms_deliverable import CycleForm, EvidenceForm, ProjectForm, StepForm
from ..models.deliverable import STEP_NUMBERS
from ..permissions import MANAGE_REPORTING
from . import deliverable_review

SECTION = "deliverable"


def overview_url(consortium) -> str:
    return reverse("reporting:deliverable", kwargs={"consortium_id": consortium.pk})


def step_url(consortium, number: int) -> str:
    return reverse("reporting:deliverable_step", kwargs={"consortium_id": consortium.pk, "number": number})


def _number(number: int) -> int:
    if number not in STEP_NUMBERS:
        raise Http404
    return number


def _run(request, act, success: str) -> None:
    """A removal: done and said, or refused (already removed by someone else) and said; never a 500."""
    try:
        act()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)


def _or_404(record):
    if record is None:
        raise Http404
    return record


@consortium_page(methods=("GET",))
def deliverable_overview(request, access):
    consortium = access.consortium
    steps = selectors.steps_of(consortium)
    counts = selectors.evidence_counts(consortium)
    for step in steps:
        step.evidence_count = counts.get(step.number, 0)
    context = page_context(
        access,
        SECTION,
        steps=steps,
        overall=selectors.overall_progress(steps),
        subsidy=selectors.subsidy(consortium) if access.can_view_budget else None,
        can_manage=access.can(MANAGE_REPORTING),
        review=deliverable_review.review_context(request, consortium),
    )
    return render(request, "reporting/deliverable/overview.html", context)


def step_context(access, step, **extra) -> dict:
    consortium = access.consortium
    context = {"step": step, "evidence": selectors.evidence_of(step), "can_manage": access.can(MANAGE_REPORTING)}
    if step.number == 3:
        context["projects"] = list(selectors.projects_of(consortium))
    elif step.number == 4:
        context["mandates"] = list(selectors.adopted_mandates(consortium))
        context["register"] = selectors.register_summary(consortium)
    elif step.number == 5:
        context["cycles"] = list(selectors.cycles_of(consortium))
    return page_context(access, SECTION, **context, **extra)


@consortium_page(methods=("GET",))
def step_detail(request, access, number):
    step = selectors.step_of(access.consortium, _number(number))
    return render(request, "reporting/deliverable/step.html", step_context(access, step))


@consortium_page(MANAGE_REPORTING)
def step_edit(request, access, number):
    consortium = access.consortium
    step = selectors.step_of(consortium, _number(number))
    initial = {"narrative": step.narrative, "status": step.status, "progress": step.progress, "version": step.version}
    form = StepForm(posted(request), initial=initial)
    conflicts, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            saved, conflicts, _record = save_unless_stale(
                form,
                lambda: services.step_update(
                    actor=request.user,
                    consortium=consortium,
                    number=step.number,
                    data=data,
                    expected_version=data["version"],
                ),
                lambda: _reread_step(consortium, step.number),
            )
            if saved:
                messages.success(request, _("L'étape %d est enregistrée.") % step.number)
                return redirect(step_url(consortium, step.number))
            status = 409 if conflicts else 400
    context = page_context(access, SECTION, form=form, step=step, conflicts=conflicts)
    return render(request, "reporting/deliverable/step_form.html", context, status=status)


def _reread_step(consortium, number):
    step = selectors.step_of(consortium, number)
    values = {"narrative": step.narrative, "status": step.status, "progress": step.progress}
    return step, values, {"version": step.version}


@consortium_page(MANAGE_REPORTING)
def evidence_add(request, access, number):
    consortium = access.consortium
    step = selectors.step_of(consortium, _number(number))
    form = EvidenceForm(posted(request), pickers=selectors.pickers(consortium))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            added = submit(
                form,
                lambda: services.evidence_add(
                    actor=request.user, consortium=consortium, number=step.number, data=form.evidence_data()
                ),
            )
            if added:
                messages.success(request, _("La preuve est liée à l'étape %d.") % step.number)
                return redirect(step_url(consortium, step.number) + "#evidence")
    context = page_context(access, SECTION, form=form, step=step)
    return render(request, "reporting/deliverable/evidence_form.html", context, status=status)


@consortium_page(MANAGE_REPORTING, methods=("POST",))
def evidence_remove(request, access, evidence_id):
    evidence = _or_404(selectors.evidence_item(access.consortium, evidence_id))
    act = lambda: services.evidence_remove(actor=request.user, evidence=evidence)  # noqa: E731
    _run(request, act, _("La preuve « %s » est retirée.") % evidence.label)
    return redirect(step_url(access.consortium, evidence.step.number) + "#evidence")


# --- priority projects (step 3) ---------------------------------------------------------------------------------


@consortium_page(MANAGE_REPORTING)
def project_create(request, access):
    consortium = access.consortium
    form = ProjectForm(posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            project = submit(
                form, lambda: services.project_create(actor=request.user, consortium=consortium, data=form.cleaned_data)
            )
            if project:
                messages.success(request, _("Le projet « %s » est ajouté.") % project.title)
                return redirect(step_url(consortium, 3) + "#projects")
    context = page_context(access, SECTION, form=form, project=None)
    return render(request, "reporting/deliverable/project_form.html", context, status=status)


@consortium_page(MANAGE_REPORTING)
def project_edit(request, access, project_id):
    consortium = access.consortium
    project = _or_404(selectors.project_of(consortium, project_id))
    fields = ("title", "description", "origin", "status", "progress", "version")
    form = ProjectForm(posted(request), initial={name: getattr(project, name) for name in fields})
    conflicts, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            saved, conflicts, _record = save_unless_stale(
                form,
                lambda: services.project_update(
                    actor=request.user,
                    project=project,
                    data=form.cleaned_data,
                    expected_version=form.cleaned_data["version"],
                ),
                lambda: _reread_project(consortium, project.pk, fields),
            )
            if saved:
                messages.success(request, _("Le projet est enregistré."))
                return redirect(step_url(consortium, 3) + "#projects")
            status = 409 if conflicts else 400
    context = page_context(access, SECTION, form=form, project=project, conflicts=conflicts)
    return render(request, "reporting/deliverable/project_form.html", context, status=status)


def _reread_project(consortium, project_id, fields):
    project = _or_404(selectors.project_of(consortium, project_id))
    return project, {name: getattr(project, name) for name in fields if name != "version"}, {"version": project.version}


@consortium_page(MANAGE_REPORTING, methods=("POST",))
def project_delete(request, access, project_id):
    project = _or_404(selectors.project_of(access.consortium, project_id))
    act = lambda: services.project_delete(actor=request.user, project=project)  # noqa: E731
    _run(request, act, _("Le projet « %s » est supprimé.") % project.title)
    return redirect(step_url(access.consortium, 3) + "#projects")


# --- learning cycles (step 5) -----------------------------------------------------------------------------------

CYCLE_FIELDS = ("title", "question", "status", "plan", "plan_date", "do", "do_date", "study", "study_date")
CYCLE_FIELDS += ("act", "act_date", "hard_data", "soft_data", "warm_data")


@consortium_page(MANAGE_REPORTING)
def cycle_create(request, access):
    consortium = access.consortium
    form = CycleForm(posted(request), consortium=consortium)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cycle = submit(
                form, lambda: services.cycle_create(actor=request.user, consortium=consortium, data=form.cycle_data())
            )
            if cycle:
                messages.success(request, _("Le cycle « %s » est ajouté.") % cycle.title)
                return redirect(step_url(consortium, 5) + "#cycles")
    context = page_context(access, SECTION, form=form, cycle=None)
    return render(request, "reporting/deliverable/cycle_form.html", context, status=status)


@consortium_page(MANAGE_REPORTING)
def cycle_edit(request, access, cycle_id):
    consortium = access.consortium
    cycle = _or_404(selectors.cycle_of(consortium, cycle_id))
    initial = {name: getattr(cycle, name) for name in CYCLE_FIELDS}
    initial |= {"follows": cycle.follows_id, "activities": list(cycle.activities.all()), "version": cycle.version}
    form = CycleForm(posted(request), consortium=consortium, cycle=cycle, initial=initial)
    conflicts, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            saved, conflicts, _record = save_unless_stale(
                form,
                lambda: services.cycle_update(
                    actor=request.user,
                    cycle=cycle,
                    data=form.cycle_data(),
                    expected_version=form.cleaned_data["version"],
                ),
                lambda: _reread_cycle(consortium, cycle.pk),
            )
            if saved:
                messages.success(request, _("Le cycle est enregistré."))
                return redirect(step_url(consortium, 5) + "#cycles")
            status = 409 if conflicts else 400
    context = page_context(access, SECTION, form=form, cycle=cycle, conflicts=conflicts)
    return render(request, "reporting/deliverable/cycle_form.html", context, status=status)


def _reread_cycle(consortium, cycle_id):
    cycle = _or_404(selectors.cycle_of(consortium, cycle_id))
    values = {name: getattr(cycle, name) for name in CYCLE_FIELDS} | {"follows": cycle.follows}
    return cycle, values, {"version": cycle.version}


@consortium_page(MANAGE_REPORTING, methods=("POST",))
def cycle_delete(request, access, cycle_id):
    cycle = _or_404(selectors.cycle_of(access.consortium, cycle_id))
    act = lambda: services.cycle_delete(actor=request.user, cycle=cycle)  # noqa: E731
    _run(request, act, _("Le cycle « %s » est supprimé.") % cycle.title)
    return redirect(step_url(access.consortium, 5) + "#cycles")
