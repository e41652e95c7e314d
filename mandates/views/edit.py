"""Writing mandates (operational team, coordination): create one (blank or from a model), edit a draft, propose it
to its deciding body, open an amendment of an adopted one."""

from django.contrib import messages
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from consortia.views.common import consortium_page, page_context, posted, save_unless_stale, submit
from ols_platform.errors import DomainError

from .. import models_library, selectors, services
from ..forms import MandateForm, ProposeForm, member_formset, members_of_formset
from ..permissions import PREPARE_DECISIONS
from .common import SECTION, claim_submission, list_url, mandate_of, mandate_url, release_submission
from .pages import detail_context

FORM_FIELDS = MandateForm.Meta.fields


def _model_initial(key):
    """The create form filled from a model mandate (`?model=`), or blank."""
    if key not in models_library.MODELS:
        return {}, []
    data = models_library.as_data(key)
    tasks, members = data.pop("tasks"), data.pop("members")
    initial = data | MandateForm.task_initial(tasks)
    return initial, [{"profile": profile, "contribution": contribution} for profile, contribution in members]


@consortium_page(PREPARE_DECISIONS)
def mandate_create(request, access):
    consortium = access.consortium
    model = request.GET.get("model", "")
    initial, members_initial = _model_initial(model)
    form = MandateForm(posted(request), consortium=consortium, initial=initial)
    formset = member_formset(posted(request), consortium=consortium, initial=members_initial or None)
    status = 200
    if request.method == "POST":
        if not claim_submission(request):
            messages.info(request, _("Ce formulaire a déjà été envoyé : le mandat est enregistré une seule fois."))
            return redirect(list_url(consortium))
        if form.is_valid() and formset.is_valid():
            data = form.mandate_data() | {"members": members_of_formset(formset)}
            mandate = submit(
                form, lambda: services.mandate_create(actor=request.user, consortium=consortium, data=data)
            )
            if mandate:
                messages.success(request, _("Le projet de mandat est enregistré."))
                return redirect(mandate_url(mandate))
        release_submission(request)
        status = 400
    context = page_context(
        access, SECTION, form=form, formset=formset, mandate=None, models=models_library.choices(), model=model
    )
    return render(request, "mandates/form.html", context, status=status)


def _current(mandate):
    values = model_to_dict(mandate, fields=[name for name in FORM_FIELDS if name not in ("body", "life_basin")])
    values |= {"body": mandate.body, "life_basin": mandate.life_basin}
    values["scope_life_basins"] = list(mandate.scope_life_basins.all())
    values["articulated_bodies"] = list(mandate.articulated_bodies.all())
    return values


def _locked(request, access, mandate, status=200):
    """A version that is no longer a draft: no edit form; an adopted one offers an amendment."""
    context = detail_context(access, mandate, viewer=request.user, locked=True)
    return render(request, "mandates/locked.html", context, status=status)


@consortium_page(PREPARE_DECISIONS)
def mandate_edit(request, access, mandate_id):
    consortium = access.consortium
    mandate = mandate_of(consortium, mandate_id)
    if not mandate.is_editable:
        return _locked(request, access, mandate, status=409 if request.method == "POST" else 200)
    tasks = [(task.axis, task.text) for task in mandate.tasks.all()]
    members = [
        {
            "structure": m.structure,
            "profile": m.profile,
            "contribution": m.contribution,
            "staff_arrangement": m.staff_arrangement,
        }
        for m in selectors.members_of(mandate)
    ]
    initial = MandateForm.task_initial(tasks) | {"version": mandate.version}
    form = MandateForm(posted(request), consortium=consortium, instance=mandate, initial=initial)
    formset = member_formset(posted(request), consortium=consortium, initial=members)
    conflicts, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and formset.is_valid():
            data = form.mandate_data() | {"members": members_of_formset(formset)}
            saved, conflicts, _record = save_unless_stale(
                form,
                lambda: services.mandate_update(
                    actor=request.user, mandate=mandate, data=data, expected_version=form.cleaned_data["version"]
                ),
                lambda: _reread(consortium, mandate_id),
            )
            if saved:
                messages.success(request, _("Le projet de mandat est enregistré."))
                return redirect(mandate_url(mandate))
            status = 409 if conflicts else 400
    context = page_context(access, SECTION, form=form, formset=formset, mandate=mandate, conflicts=conflicts)
    return render(request, "mandates/form.html", context, status=status)


def _reread(consortium, mandate_id):
    mandate = mandate_of(consortium, mandate_id)
    values = _current(mandate)
    for name in ("autonomy_domains", "scope_life_basins", "articulated_bodies"):
        values.pop(name)  # the conflict table compares the single values
    return mandate, values, {"version": mandate.version}


@consortium_page(PREPARE_DECISIONS)
def mandate_propose(request, access, mandate_id):
    consortium = access.consortium
    mandate = mandate_of(consortium, mandate_id)
    if not mandate.is_editable:
        return _locked(request, access, mandate, status=409 if request.method == "POST" else 200)
    initial = {"deciding_body": mandate.deciding_body, "decision_method": mandate.decision_method}
    form = ProposeForm(posted(request), consortium=consortium, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            proposed = submit(
                form,
                lambda: services.mandate_propose(
                    actor=request.user,
                    mandate=mandate,
                    deciding_body=form.cleaned_data["deciding_body"],
                    decision_method=form.cleaned_data["decision_method"],
                    closes_at=form.cleaned_data["closes_at"],
                ),
            )
            if proposed:
                messages.success(request, _("Le mandat est proposé à « %s ».") % proposed.deciding_body)
                return redirect(mandate_url(proposed))
    missing = services.missing_essentials(mandate)
    context = page_context(access, SECTION, form=form, mandate=mandate, missing=missing)
    return render(request, "mandates/propose.html", context, status=status)


@consortium_page(PREPARE_DECISIONS, methods=("POST",))
def mandate_amend(request, access, mandate_id):
    mandate = mandate_of(access.consortium, mandate_id)
    try:
        amendment = services.mandate_amend(actor=request.user, mandate=mandate)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(mandate_url(mandate))
    messages.success(request, _("L'avenant (version %d) est ouvert : modifiez-le puis proposez-le.") % amendment.number)
    return redirect(mandate_url(amendment, "edit"))
