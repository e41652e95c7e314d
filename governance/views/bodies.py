"""The governance home (bodies, open votes, latest decisions) and the coordination's pages on bodies and seats."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from consortia.views.common import confirm_then, consortium_page, page_context, posted, save_unless_stale, submit

from .. import selectors
from ..forms import BodyForm, SeatForm
from ..models import Body, Proposal, Seat
from ..permissions import MANAGE_GOVERNANCE
from ..register import recommendations_from
from ..services import bodies as body_services

SECTION = "governance"


def body_url(body) -> str:
    return reverse("governance:body", kwargs={"consortium_id": body.consortium_id, "body_id": body.pk})


def body_of(consortium, body_id) -> Body:
    return get_object_or_404(Body.objects.select_related("life_basin", "consortium"), pk=body_id, consortium=consortium)


def seat_of(consortium, seat_id) -> Seat:
    return get_object_or_404(
        Seat.objects.select_related("body", "body__consortium", "structure"), pk=seat_id, body__consortium=consortium
    )


@consortium_page(methods=("GET",))
def home(request, access):
    consortium = access.consortium
    context = page_context(
        access,
        SECTION,
        bodies=list(selectors.bodies_of(consortium)),
        open_proposals=list(selectors.proposals_of(consortium, status=Proposal.Status.OPEN)[:20]),
        pending=list(selectors.pending_votes(request.user, consortium=consortium)),
        decisions=list(selectors.recent_decisions(consortium)),
    )
    return render(request, "governance/home.html", context)


@consortium_page(methods=("GET",))
def body(request, access, body_id):
    body = body_of(access.consortium, body_id)
    context = page_context(
        access,
        SECTION,
        body=body,
        seats=list(selectors.seats_of(body)),
        proposals=list(selectors.proposals_of(access.consortium, body_id=body.pk)[:20]),
        other_bodies=[b for b in selectors.bodies_of(access.consortium) if b.pk != body.pk and not b.archived_at],
        recommendations=list(recommendations_from(body)),
    )
    return render(request, "governance/body.html", context)


@consortium_page(MANAGE_GOVERNANCE)
def body_create(request, access):
    form = BodyForm(posted(request), consortium=access.consortium)
    if request.method == "POST" and form.is_valid():
        body = submit(
            form,
            lambda: body_services.body_create(actor=request.user, consortium=access.consortium, data=form.body_data()),
        )
        if body:
            messages.success(request, _("L'instance « %s » est créée : attribuez maintenant ses sièges.") % body.name)
            return redirect(body_url(body))
    return render(request, "governance/body_form.html", page_context(access, SECTION, form=form, body=None))


@consortium_page(MANAGE_GOVERNANCE)
def body_edit(request, access, body_id):
    body = body_of(access.consortium, body_id)
    form = BodyForm(posted(request), instance=body, consortium=access.consortium, initial={"version": body.version})
    conflicts = []
    if request.method == "POST" and form.is_valid():
        saved, conflicts, _current = save_unless_stale(
            form,
            lambda: body_services.body_update(
                actor=request.user, body=body, data=form.body_data(), expected_version=form.cleaned_data["version"]
            ),
            lambda: _reread_body(access.consortium, body_id),
        )
        if saved:
            messages.success(request, _("L'instance « %s » est enregistrée.") % form.cleaned_data["name"])
            return redirect(body_url(body))
    context = page_context(access, SECTION, form=form, body=body, conflicts=conflicts)
    return render(request, "governance/body_form.html", context)


def _reread_body(consortium, body_id):
    body = body_of(consortium, body_id)
    return body, {name: getattr(body, name) for name in BodyForm.Meta.fields}, {"version": body.version}


@consortium_page(MANAGE_GOVERNANCE)
def body_archive(request, access, body_id):
    body = body_of(access.consortium, body_id)
    form, done = confirm_then(request, lambda: body_services.body_archive(actor=request.user, body=body))
    if done:
        messages.success(request, _("L'instance « %s » est archivée.") % body.name)
        return redirect(reverse("governance:home", kwargs={"consortium_id": access.consortium.pk}))
    return render(request, "governance/body_archive.html", page_context(access, SECTION, form=form, body=body))


@consortium_page(MANAGE_GOVERNANCE)
def seat_create(request, access, body_id):
    body = body_of(access.consortium, body_id)
    form = SeatForm(posted(request), body=body)
    if request.method == "POST" and form.is_valid():
        seat = submit(form, lambda: body_services.seat_create(actor=request.user, body=body, data=form.seat_data()))
        if seat:
            messages.success(request, _("Le siège de %s est attribué.") % seat)
            return redirect(body_url(body))
    return render(request, "governance/seat_form.html", page_context(access, SECTION, form=form, body=body, seat=None))


@consortium_page(MANAGE_GOVERNANCE)
def seat_edit(request, access, seat_id):
    seat = seat_of(access.consortium, seat_id)
    form = SeatForm(posted(request), instance=seat, body=seat.body, initial={"version": seat.version})
    conflicts = []
    if request.method == "POST" and form.is_valid():
        saved, conflicts, _current = save_unless_stale(
            form,
            lambda: body_services.seat_update(
                actor=request.user, seat=seat, data=form.seat_data(), expected_version=form.cleaned_data["version"]
            ),
            lambda: _reread_seat(access.consortium, seat_id, form),
        )
        if saved:
            messages.success(request, _("Le siège de %s est enregistré.") % seat)
            return redirect(body_url(seat.body))
    context = page_context(access, SECTION, form=form, body=seat.body, seat=seat, conflicts=conflicts)
    return render(request, "governance/seat_form.html", context)


def _reread_seat(consortium, seat_id, form):
    seat = seat_of(consortium, seat_id)
    names = [name for name in form.fields if name not in ("version", "structure")]
    return seat, {name: getattr(seat, name) for name in names}, {"version": seat.version}


@consortium_page(MANAGE_GOVERNANCE)
def seat_archive(request, access, seat_id):
    seat = seat_of(access.consortium, seat_id)
    form, done = confirm_then(request, lambda: body_services.seat_archive(actor=request.user, seat=seat))
    if done:
        messages.success(request, _("Le siège de %s est retiré ; ses votes restent dans l'historique.") % seat)
        return redirect(body_url(seat.body))
    return render(request, "governance/seat_archive.html", page_context(access, SECTION, form=form, seat=seat))
