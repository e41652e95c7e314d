"""Meetings of a body: planned (date, place or video link, agenda), the seat holders invited by e-mail with a calendar
invitation (sent again when it changes, a cancellation when cancelled), held (attendance per seat, the quorum from
it), minutes drafted then approved (then immutable), and the decisions taken in the meeting written to the register.

Every write locks the consortium, is audited and bumps the consortium's revision."""

from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ols_platform import outbox
from ols_platform.audit import as_actor, log_action
from ols_platform.concurrency import check_version, next_version
from ols_platform.site_links import base_url

from ..invitations import send_meeting_invitations
from ..models import AgendaItem, Attendance, Decision, DecisionDomain, DecisionMethod, Meeting, Outcome, Proposal
from ..models.choices import REASON_MAX, TEXT_MAX
from ..rules import quorum_needed
from .base import bump_revision, check_domain_allowed, check_moment, full_clean_or_refuse, lock_consortium, refuse
from .register import record_decision

MEETING_FIELDS = ("title", "starts_at", "ends_at", "place", "video_url")
# What the calendar invitation says: a change of one of these sends it again.
INVITATION_FIELDS = MEETING_FIELDS
TITLE_MAX, PLACE_MAX, URL_MAX, ITEM_MAX, NOTE_MAX = 200, 250, 500, 250, 250


def meeting_has_started(meeting) -> bool:
    return meeting.status == Meeting.Status.HELD or (
        meeting.status == Meeting.Status.PLANNED and meeting.starts_at <= timezone.now()
    )


def _clean(data: dict) -> dict:
    values = {name: data.get(name) for name in MEETING_FIELDS}
    for name in ("title", "place", "video_url"):
        values[name] = (values[name] or "").strip()
    if not values["title"]:
        refuse(_("Donnez un titre à la réunion."), code="required", field="title")
    if len(values["title"]) > TITLE_MAX:
        refuse(_("Le titre tient en %d caractères au plus.") % TITLE_MAX, code="too_long", field="title")
    check_moment(values["starts_at"], field="starts_at", label=_("le début de la réunion"))
    check_moment(values["ends_at"], field="ends_at", label=_("la fin de la réunion"))
    if values["ends_at"] <= values["starts_at"]:
        refuse(_("La réunion doit finir après son début."), code="ends_before_start", field="ends_at")
    if len(values["place"]) > PLACE_MAX:
        refuse(_("Le lieu tient en %d caractères au plus.") % PLACE_MAX, code="too_long", field="place")
    url = values["video_url"]
    if url:
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in url) or len(url) > URL_MAX:
            refuse(
                _("Le lien de visioconférence doit être une adresse https:// complète."),
                code="video_url_not_https",
                field="video_url",
            )
    if not values["place"] and not url:
        refuse(_("Indiquez le lieu ou le lien de visioconférence."), code="required", field="place")
    return values


def _lock_meeting(meeting) -> Meeting:
    lock_consortium(meeting.body.consortium_id)
    return Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)


def _check_planned(meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        refuse(_("Cette réunion est annulée : elle ne change plus."), code="meeting_cancelled")
    if meeting.status == Meeting.Status.HELD:
        refuse(_("Cette réunion a eu lieu : sa date et son lieu ne changent plus."), code="meeting_held")


def _check_started(meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        refuse(_("Cette réunion est annulée."), code="meeting_cancelled")
    if not meeting_has_started(meeting):
        refuse(_("La réunion n'a pas encore commencé."), code="meeting_not_started")


def _changed(meeting, actor, action: str) -> Meeting:
    next_version(meeting)
    as_actor(meeting, actor).save()
    log_action(action, actor=actor, target=meeting, consortium=meeting.body.consortium_id)
    bump_revision([meeting.body.consortium_id])
    return meeting


def _queue_invitations(meeting) -> None:
    outbox.enqueue(send_meeting_invitations, meeting.pk, base_url())


def meeting_create(*, actor, body, data: dict) -> Meeting:
    values = _clean(data)
    with transaction.atomic():
        lock_consortium(body.consortium_id)
        body = type(body).objects.get(pk=body.pk)
        if body.archived_at is not None:
            refuse(_("L'instance « %s » est archivée.") % body.name, code="body_archived")
        meeting = Meeting(body=body, created_by=actor if getattr(actor, "is_authenticated", False) else None, **values)
        full_clean_or_refuse(meeting, exclude=["body", "created_by", "minutes_approved_by"])
        as_actor(meeting, actor).save()
        log_action("meeting.created", actor=actor, target=meeting, consortium=body.consortium_id)
        bump_revision([body.consortium_id])
        return meeting


def meeting_update(*, actor, meeting, data: dict, expected_version: int | None) -> Meeting:
    """Change a planned meeting; when the invitations were sent, they go again (SEQUENCE one more)."""
    values = _clean(data)
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        check_version(meeting, expected_version, label=meeting.title)
        _check_planned(meeting)
        changed = [name for name in INVITATION_FIELDS if getattr(meeting, name) != values[name]]
        for name, value in values.items():
            setattr(meeting, name, value)
        full_clean_or_refuse(meeting, exclude=["body", "created_by", "minutes_approved_by"])
        if changed:
            meeting.sequence += 1
            if meeting.invitations_sent_at is not None:
                _queue_invitations(meeting)
        return _changed(meeting, actor, "meeting.updated")


def meeting_cancel(*, actor, meeting) -> Meeting:
    """Cancel a planned meeting; the people invited receive the cancellation. Cancelling twice changes nothing."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        if meeting.status == Meeting.Status.CANCELLED:
            return meeting
        _check_planned(meeting)
        meeting.status = Meeting.Status.CANCELLED
        meeting.sequence += 1
        if meeting.invitations_sent_at is not None:
            _queue_invitations(meeting)
        return _changed(meeting, actor, "meeting.cancelled")


def invitations_send(*, actor, meeting) -> Meeting:
    """E-mail every seat holder the invitation with its calendar file (again after a change of the agenda)."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        _check_planned(meeting)
        if meeting.ends_at <= timezone.now():
            refuse(_("La réunion est passée : il n'y a plus personne à inviter."), code="meeting_past")
        if not meeting.body.seats.filter(archived_at__isnull=True).exists():
            refuse(_("L'instance n'a aucun siège : attribuez ses sièges d'abord."), code="body_without_seat")
        meeting.invitations_sent_at = timezone.now()
        _queue_invitations(meeting)
        return _changed(meeting, actor, "meeting.invitations_sent")


def meeting_mark_held(*, actor, meeting) -> Meeting:
    """The meeting took place. Marking it twice changes nothing."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        if meeting.status == Meeting.Status.HELD:
            return meeting
        _check_started(meeting)
        meeting.status = Meeting.Status.HELD
        return _changed(meeting, actor, "meeting.held")


def _agenda_changed(meeting, actor, action) -> None:
    meeting.sequence += 1  # the invitation's description lists the agenda
    _changed(meeting, actor, action)


def agenda_item_add(*, actor, meeting, title: str, notes: str = "", proposal: Proposal | None = None) -> AgendaItem:
    title, notes = (title or "").strip(), (notes or "").strip()
    if not title and proposal is not None:
        title = proposal.title[:ITEM_MAX]
    if not title:
        refuse(_("Nommez le point de l'ordre du jour."), code="required", field="title")
    if len(title) > ITEM_MAX:
        refuse(_("Le point tient en %d caractères au plus.") % ITEM_MAX, code="too_long", field="title")
    if len(notes) > REASON_MAX:
        refuse(_("Les précisions tiennent en %d caractères au plus.") % REASON_MAX, code="too_long", field="notes")
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        _check_planned(meeting)
        if proposal is not None and (
            proposal.consortium_id != meeting.body.consortium_id or proposal.body_id != meeting.body_id
        ):
            refuse(
                _("Cette proposition n'est pas soumise à l'instance qui se réunit."),
                code="proposal_of_another_body",
                field="proposal",
            )
        last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first() or 0
        item = AgendaItem.objects.create(
            meeting=meeting, position=last + 1, title=title, notes=notes, proposal=proposal
        )
        _agenda_changed(meeting, actor, "meeting.agenda_changed")
        return item


def agenda_item_move(*, actor, item: AgendaItem, offset: int) -> AgendaItem:
    """Move a point up (-1) or down (+1); at the top or bottom already, nothing changes."""
    if offset not in (-1, 1):
        refuse(_("Déplacement inconnu."), code="invalid", field="offset")
    with transaction.atomic():
        meeting = _lock_meeting(item.meeting)
        _check_planned(meeting)
        items = list(meeting.agenda_items.order_by("position", "pk"))
        index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
        if index is None:
            refuse(_("Ce point n'est plus à l'ordre du jour."), code="not_found")
        target = index + offset
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
            for position, other in enumerate(items, start=1):
                if other.position != position:
                    other.position = position
                    other.save(update_fields=["position"])
            _agenda_changed(meeting, actor, "meeting.agenda_changed")
        return next(other for other in items if other.pk == item.pk)


def agenda_item_remove(*, actor, item: AgendaItem) -> None:
    with transaction.atomic():
        meeting = _lock_meeting(item.meeting)
        _check_planned(meeting)
        deleted, _rows = AgendaItem.objects.filter(pk=item.pk, meeting=meeting).delete()
        if deleted:
            _agenda_changed(meeting, actor, "meeting.agenda_changed")


def attendance_record(*, actor, meeting, rows: dict) -> list[Attendance]:
    """Who came, per seat: `rows` maps a seat id to `(status, note)`. Only the body's active seats; once started."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        _check_started(meeting)
        seats = {seat.pk: seat for seat in meeting.body.seats.filter(archived_at__isnull=True)}
        for seat_id, (status, note) in rows.items():
            if seat_id not in seats:
                refuse(_("Ce siège n'appartient pas à l'instance qui se réunit."), code="seat_not_in_body")
            if status not in Attendance.Status.values:
                refuse(_("Présence inconnue pour %s.") % seats[seat_id], code="invalid", field="status")
            if len((note or "").strip()) > NOTE_MAX:
                refuse(_("La remarque tient en %d caractères au plus.") % NOTE_MAX, code="too_long", field="note")
        existing = {row.seat_id: row for row in meeting.attendances.select_for_update()}
        saved = []
        for seat_id, (status, note) in rows.items():
            row = existing.get(seat_id) or Attendance(meeting=meeting, seat=seats[seat_id])
            if row.pk is None or (row.status, row.note) != (status, (note or "").strip()):
                row.status, row.note = status, (note or "").strip()
                as_actor(row, actor).save()
            saved.append(row)
        _changed(meeting, actor, "meeting.attendance_recorded")
        return saved


def quorum_of(meeting) -> dict:
    """The quorum from the attendance: seats with a vote present (or represented by their substitute) vs needed."""
    voting = meeting.body.seats.filter(archived_at__isnull=True, votes=True)
    seats = voting.count()
    present = meeting.attendances.filter(
        seat__in=voting, status__in=(Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE)
    ).count()
    needed = quorum_needed(seats, meeting.body.quorum)
    return {"seats": seats, "present": present, "needed": needed, "reached": seats > 0 and present >= needed}


def minutes_save(*, actor, meeting, text: str, expected_version: int | None) -> Meeting:
    text = (text or "").strip()
    if not text:
        refuse(_("Rédigez le procès-verbal."), code="required", field="minutes")
    if len(text) > TEXT_MAX:
        refuse(_("Le procès-verbal tient en %d caractères au plus.") % TEXT_MAX, code="too_long", field="minutes")
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        check_version(meeting, expected_version, label=meeting.title)
        _check_started(meeting)
        if meeting.minutes_status == Meeting.MinutesStatus.APPROVED:
            refuse(_("Le procès-verbal est approuvé : il ne change plus."), code="minutes_approved")
        meeting.minutes, meeting.minutes_status = text, Meeting.MinutesStatus.DRAFT
        return _changed(meeting, actor, "meeting.minutes_saved")


def minutes_approve(*, actor, meeting) -> Meeting:
    """The body approved the minutes: who recorded it and when are kept. Approving twice changes nothing."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        if meeting.minutes_status == Meeting.MinutesStatus.APPROVED:
            return meeting
        _check_started(meeting)
        if meeting.minutes_status != Meeting.MinutesStatus.DRAFT or not meeting.minutes.strip():
            refuse(_("Rédigez d'abord le procès-verbal."), code="minutes_missing")
        meeting.minutes_status = Meeting.MinutesStatus.APPROVED
        meeting.minutes_approved_at = timezone.now()
        meeting.minutes_approved_by = actor if getattr(actor, "is_authenticated", False) else None
        meeting.status = Meeting.Status.HELD
        return _changed(meeting, actor, "meeting.minutes_approved")


def decision_record_in_meeting(*, actor, meeting, data: dict) -> Decision:
    """A decision taken in the meeting, written to the register with the attendance as its participants — only when
    the seats with a vote present reach the body's quorum."""
    title = (data.get("title") or "").strip()
    if not title:
        refuse(_("Donnez l'intitulé de la décision."), code="required", field="title")
    if data.get("outcome") not in (Outcome.ADOPTED, Outcome.REJECTED):
        refuse(_("Indiquez si la décision est adoptée ou rejetée."), code="invalid", field="outcome")
    if data.get("domain") not in DecisionDomain.values:
        refuse(_("Choisissez le domaine de décision."), code="invalid", field="domain")
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        _check_started(meeting)
        check_domain_allowed(meeting.body, data["domain"])
        method = data.get("method") or meeting.body.default_method
        if method not in DecisionMethod.values:
            refuse(_("Mode de décision inconnu."), code="invalid", field="method")
        quorum = quorum_of(meeting)
        if not quorum["reached"]:
            refuse(
                _(
                    "Quorum non atteint : %(present)d sièges avec voix présents sur %(seats)d, il en faut "
                    "%(needed)d. Enregistrez d'abord les présences."
                )
                % quorum,
                code="no_quorum",
            )
        attendances = meeting.attendances.select_related("seat__structure", "seat__representative", "seat__substitute")
        participants = [
            {
                "seat": row.seat_id,
                "name": str(row.seat),
                "attendance": row.status,
                "votes": row.seat.votes,
                "by": _attendee_name(row),
            }
            for row in attendances
        ]
        decision = record_decision(
            Decision(
                consortium_id=meeting.body.consortium_id,
                body=meeting.body,
                meeting=meeting,
                title=title[:200],
                domain=data["domain"],
                method=method,
                decided_on=timezone.localdate(meeting.starts_at),
                outcome=data["outcome"],
                participants=participants,
                tally={"method": method, "seats": quorum["seats"], "present": quorum["present"]}
                | {"quorum_needed": quorum["needed"], "quorum_reached": True},
                rationale=data.get("rationale") or "",
            ),
            actor,
        )
        return decision


def _attendee_name(row: Attendance) -> str:
    if not row.counts_for_quorum:
        return ""
    person = row.seat.substitute if row.status == Attendance.Status.SUBSTITUTE else row.seat.representative
    return str(person) if person is not None else ""
