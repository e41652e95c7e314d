"""Meetings: the list, a meeting's page (agenda, attendance with the live quorum, minutes, decisions, calendar file),
and the pages of the people preparing decisions: plan, change, cancel, invite, agenda, attendance, minutes, decisions.
Everyone who sees the consortium reads them; `PREPARE_DECISIONS` writes."""

import uuid

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from consortia.views.common import confirm_then, consortium_page, page_context, posted, save_unless_stale, submit
from ols_platform.errors import DomainError
from ols_platform.site_links import base_url

from .. import selectors
from ..ics import calendar
from ..invitations import meeting_event, meeting_url
from ..meeting_forms import AgendaItemForm, AttendanceForm, MeetingDecisionForm, MeetingForm, MinutesForm
from ..models import AgendaItem, Meeting
from ..permissions import PREPARE_DECISIONS
from ..services import meetings as services
from ..services.meetings import meeting_has_started
from .bodies import SECTION, body_of

PER_PAGE = 20
SUBMISSION_SECONDS = 3600


def meeting_of(consortium, meeting_id) -> Meeting:
    meeting = selectors.visible_meeting(consortium, meeting_id)
    if meeting is None:
        raise Http404
    return meeting


def _claim(request) -> bool:
    """A one-time token per add form: a second post of the same token (a double submit) is ignored."""
    token = str(request.POST.get("submission_token", ""))[:64]
    return not token or cache.add(f"governance:submission:{request.user.pk}:{token}", 1, SUBMISSION_SECONDS)


def _release(request) -> None:
    token = str(request.POST.get("submission_token", ""))[:64]
    if token:
        cache.delete(f"governance:submission:{request.user.pk}:{token}")


def _already_sent(request, url):
    messages.info(request, _("Ce formulaire a déjà été envoyé : il n'a été enregistré qu'une fois."))
    return redirect(url)


@consortium_page(methods=("GET",))
def meeting_list(request, access):
    body_id = request.GET.get("body", "")
    body = body_of(access.consortium, int(body_id)) if body_id.isdigit() else None
    meetings = selectors.meetings_of(access.consortium, body_id=body.pk if body else None)
    page = Paginator(meetings, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "governance/meeting_list.html", page_context(access, SECTION, page=page, body=body))


@consortium_page(PREPARE_DECISIONS)
def meeting_create(request, access):
    initial = {}
    if request.method == "GET" and request.GET.get("body", "").isdigit():
        initial["body"] = body_of(access.consortium, int(request.GET["body"]))
    form = MeetingForm(posted(request), consortium=access.consortium, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not _claim(request):
            return _already_sent(request, reverse("governance:meetings", args=[access.consortium.pk]))
        meeting = submit(
            form,
            lambda: services.meeting_create(
                actor=request.user, body=form.cleaned_data["body"], data=form.meeting_data()
            ),
        )
        if meeting:
            messages.success(
                request, _("La réunion est planifiée : composez l'ordre du jour, puis envoyez les invitations.")
            )
            return redirect(meeting_url(meeting))
        _release(request)
    return render(
        request,
        "governance/meeting_form.html",
        page_context(access, SECTION, form=form, meeting=None, submission_token=uuid.uuid4().hex),
    )


@consortium_page(PREPARE_DECISIONS)
def meeting_edit(request, access, meeting_id):
    meeting = meeting_of(access.consortium, meeting_id)
    if meeting.status != Meeting.Status.PLANNED:
        raise PermissionDenied
    initial = {name: getattr(meeting, name) for name in services.MEETING_FIELDS} | {"version": meeting.version}
    form = MeetingForm(posted(request), consortium=access.consortium, initial=initial, editing=True)
    conflicts = []
    if request.method == "POST" and form.is_valid():
        saved, conflicts, _current = save_unless_stale(
            form,
            lambda: services.meeting_update(
                actor=request.user,
                meeting=meeting,
                data=form.meeting_data(),
                expected_version=form.cleaned_data["version"],
            ),
            lambda: _reread(access.consortium, meeting_id),
        )
        if saved:
            messages.success(request, _("La réunion est enregistrée."))
            return redirect(meeting_url(meeting))
    context = page_context(access, SECTION, form=form, meeting=meeting, conflicts=conflicts)
    return render(request, "governance/meeting_form.html", context)


def _reread(consortium, meeting_id):
    meeting = meeting_of(consortium, meeting_id)
    values = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    return meeting, values, {"version": meeting.version}


@consortium_page(PREPARE_DECISIONS)
def meeting_cancel(request, access, meeting_id):
    meeting = meeting_of(access.consortium, meeting_id)
    form, done = confirm_then(request, lambda: services.meeting_cancel(actor=request.user, meeting=meeting))
    if done:
        messages.success(request, _("La réunion est annulée ; les personnes invitées en sont prévenues."))
        return redirect(meeting_url(meeting))
    return render(request, "governance/meeting_cancel.html", page_context(access, SECTION, form=form, meeting=meeting))


@consortium_page(methods=("GET",))
def meeting_detail(request, access, meeting_id):
    meeting = meeting_of(access.consortium, meeting_id)
    return render(request, "governance/meeting_detail.html", _detail_context(access, meeting))


def _detail_context(access, meeting, **forms):
    seats, quorum = selectors.attendance_sheet(meeting)
    planned = meeting.status == Meeting.Status.PLANNED
    return page_context(
        access,
        SECTION,
        meeting=meeting,
        agenda=list(meeting.agenda_items.select_related("proposal")),
        seats=seats,
        quorum=quorum,
        decisions=list(meeting.decisions.order_by("number")),
        started=meeting_has_started(meeting),
        planned=planned,
        resend=planned
        and meeting.invitations_sent_at is not None
        and (meeting.emailed_sequence or 0) < meeting.sequence,
        agenda_form=forms.get("agenda_form") or (AgendaItemForm(meeting=meeting) if planned else None),
        submission_token=uuid.uuid4().hex,
    )


@consortium_page(methods=("GET",))
def meeting_ics(request, access, meeting_id):
    meeting = meeting_of(access.consortium, meeting_id)
    event = meeting_event(meeting, base=base_url(request))
    response = HttpResponse(calendar(event, "PUBLISH"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response


def _post_action(request, meeting, act, success: str):
    try:
        act()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(meeting_url(meeting))


@consortium_page(PREPARE_DECISIONS, methods=("POST",))
def meeting_invite(request, access, meeting_id):
    meeting = meeting_of(access.consortium, meeting_id)
    return _post_action(
        request,
        meeting,
        lambda: services.invitations_send(actor=request.user, meeting=meeting),
        _("Les invitations partent par e-mail, avec le fichier d'agenda (.ics)."),
    )


@consortium_page(PREPARE_DECISIONS, methods=("POST",))
def meeting_held(request, access, meeting_id):
    meeting = meeting_of(access.consortium, meeting_id)
    return _post_action(
        request,
        meeting,
        lambda: services.meeting_mark_held(actor=request.user, meeting=meeting),
        _("La réunion est marquée comme tenue."),
    )


@consortium_page(PREPARE_DECISIONS, methods=("POST",))
def agenda_add(request, access, meeting_id):
    meeting = meeting_of(access.consortium, meeting_id)
    form = AgendaItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        if not _claim(request):
            return _already_sent(request, meeting_url(meeting))
        item = submit(
            form,
            lambda: services.agenda_item_add(
                actor=request.user,
                meeting=meeting,
                title=form.cleaned_data["title"],
                notes=form.cleaned_data["notes"],
                proposal=form.cleaned_data["proposal"],
            ),
        )
        if item:
            messages.success(request, _("Le point « %s » est ajouté à l'ordre du jour.") % item.title)
            return redirect(meeting_url(meeting) + "#agenda")
        _release(request)
    context = _detail_context(access, meeting, agenda_form=form)
    return render(request, "governance/meeting_detail.html", context, status=400)


def _item_of(meeting, item_id) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("meeting__body"), pk=item_id, meeting=meeting)


@consortium_page(PREPARE_DECISIONS, methods=("POST",))
def agenda_move(request, access, meeting_id, item_id):
    meeting = meeting_of(access.consortium, meeting_id)
    item = _item_of(meeting, item_id)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction"), 0)
    return _post_action(
        request,
        meeting,
        lambda: services.agenda_item_move(actor=request.user, item=item, offset=offset),
        _("L'ordre du jour est réordonné."),
    )


@consortium_page(PREPARE_DECISIONS, methods=("POST",))
def agenda_remove(request, access, meeting_id, item_id):
    meeting = meeting_of(access.consortium, meeting_id)
    item = _item_of(meeting, item_id)
    return _post_action(
        request,
        meeting,
        lambda: services.agenda_item_remove(actor=request.user, item=item),
        _("Le point « %s » est retiré de l'ordre du jour.") % item.title,
    )


@consortium_page(PREPARE_DECISIONS)
def attendance(request, access, meeting_id):
    meeting = meeting_of(access.consortium, meeting_id)
    seats, quorum = selectors.attendance_sheet(meeting)
    seats = [seat for seat in seats if seat.archived_at is None]
    form = AttendanceForm(posted(request), seats=seats)
    if request.method == "POST" and form.is_valid():
        saved = submit(form, lambda: services.attendance_record(actor=request.user, meeting=meeting, rows=form.rows()))
        if saved is not None:
            messages.success(request, _("Les présences sont enregistrées."))
            return redirect(meeting_url(meeting) + "#attendance")
    context = page_context(
        access, SECTION, meeting=meeting, form=form, quorum=quorum, started=meeting_has_started(meeting)
    )
    return render(request, "governance/meeting_attendance.html", context)


@consortium_page(PREPARE_DECISIONS)
def minutes(request, access, meeting_id):
    meeting = meeting_of(access.consortium, meeting_id)
    if meeting.minutes_status == Meeting.MinutesStatus.APPROVED:
        raise PermissionDenied
    initial = {"minutes": meeting.minutes, "version": meeting.version}
    form = MinutesForm(posted(request), initial=initial)
    conflicts = []
    if request.method == "POST" and form.is_valid():
        saved, conflicts, _current = save_unless_stale(
            form,
            lambda: services.minutes_save(
                actor=request.user,
                meeting=meeting,
                text=form.cleaned_data["minutes"],
                expected_version=form.cleaned_data["version"],
            ),
            lambda: _reread_minutes(access.consortium, meeting_id),
        )
        if saved:
            messages.success(request, _("Le projet de procès-verbal est enregistré."))
            return redirect(meeting_url(meeting) + "#minutes")
    context = page_context(access, SECTION, meeting=meeting, form=form, conflicts=conflicts)
    return render(request, "governance/meeting_minutes.html", context)


def _reread_minutes(consortium, meeting_id):
    meeting = meeting_of(consortium, meeting_id)
    return meeting, {"minutes": meeting.minutes}, {"version": meeting.version}


@consortium_page(PREPARE_DECISIONS)
def minutes_approve(request, access, meeting_id):
    meeting = meeting_of(access.consortium, meeting_id)
    form, done = confirm_then(request, lambda: services.minutes_approve(actor=request.user, meeting=meeting))
    if done:
        messages.success(request, _("Le procès-verbal est approuvé : il ne change plus."))
        return redirect(meeting_url(meeting) + "#minutes")
    context = page_context(access, SECTION, form=form, meeting=meeting)
    return render(request, "governance/meeting_minutes_approve.html", context)


@consortium_page(PREPARE_DECISIONS)
def decision_create(request, access, meeting_id):
    meeting = meeting_of(access.consortium, meeting_id)
    initial = {"title": request.GET.get("title", "")[:200]} if request.method == "GET" else None
    form = MeetingDecisionForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        if not _claim(request):
            return _already_sent(request, meeting_url(meeting))
        decision = submit(
            form,
            lambda: services.decision_record_in_meeting(actor=request.user, meeting=meeting, data=form.cleaned_data),
        )
        if decision:
            messages.success(
                request,
                _("Décision %(ref)s inscrite au registre : %(outcome)s.")
                % {"ref": decision.reference, "outcome": decision.get_outcome_display().lower()},
            )
            return redirect(meeting_url(meeting) + "#decisions")
        _release(request)
    _seats, quorum = selectors.attendance_sheet(meeting)
    context = page_context(
        access, SECTION, meeting=meeting, form=form, quorum=quorum, submission_token=uuid.uuid4().hex
    )
    return render(request, "governance/meeting_decision.html", context)
