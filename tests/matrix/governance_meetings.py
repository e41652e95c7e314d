"""Meeting pages: everyone who sees the consortium reads them (AVIQ reviewers included); the operational team and
the coordination (PREPARE_DECISIONS) plan meetings, invite, keep the agenda, the attendance, the minutes and record
the decisions taken.

POSTs carry empty data: allowed actors get the form back with its errors (200, or 400), or are sent back to the
meeting with the reason (302); nothing changes."""

import datetime

from django.utils import timezone

from . import Entry, expect, only

PREPARERS = ("coordinator", "operational")


def _meeting(cast, *, started=False, minutes=False):
    from governance.services.bodies import body_create, seat_create
    from governance.services.meetings import agenda_item_add, meeting_create, minutes_save

    body = body_create(actor=None, consortium=cast.consortium_a, data={"kind": "working_group", "name": "GT réunions"})
    seat_create(actor=None, body=body, data={"structure": cast.lead_a, "representative": cast.users["governance"]})
    start = timezone.now() + datetime.timedelta(days=-1 if started else 3)
    meeting = meeting_create(
        actor=None,
        body=body,
        data={
            "title": "Réunion",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=2),
            "place": "Salle 1",
        },
    )
    agenda_item_add(actor=None, meeting=meeting, title="Point 1")
    if minutes:
        minutes_save(actor=None, meeting=meeting, text="PV", expected_version=None)
    return meeting


def _kwargs(meeting):
    return {"consortium_id": meeting.body.consortium_id, "meeting_id": meeting.pk}


def _planned(cast):
    return _kwargs(_meeting(cast))


def _started(cast):
    return _kwargs(_meeting(cast, started=True))


def _with_minutes(cast):
    return _kwargs(_meeting(cast, started=True, minutes=True))


def _item(cast):
    meeting = _meeting(cast)
    return _kwargs(meeting) | {"item_id": meeting.agenda_items.get().pk}


def _a(cast):
    return {"consortium_id": cast.consortium_a.pk}


def _pages(name, kwargs, ok=200):
    return [
        Entry(name, only(PREPARERS), kwargs=kwargs),
        Entry(name, only(PREPARERS, ok=ok), kwargs=kwargs, method="post"),
    ]


ENTRIES = [
    Entry("governance:meetings", expect(), kwargs=_a),
    Entry("governance:meeting", expect(), kwargs=_planned),
    Entry("governance:meeting_ics", expect(), kwargs=_planned),
    *_pages("governance:meeting_create", _a),
    *_pages("governance:meeting_edit", _planned),
    *_pages("governance:meeting_cancel", _planned),
    *_pages("governance:meeting_attendance", _started),
    *_pages("governance:meeting_minutes", _started),
    *_pages("governance:meeting_minutes_approve", _with_minutes),
    *_pages("governance:meeting_decision_create", _started),
    # Empty posts: the invitation goes (its sending is harmless), the meeting is not started (refused, 302 back).
    Entry("governance:meeting_invite", only(PREPARERS, ok=302), kwargs=_planned, method="post"),
    Entry("governance:meeting_held", only(PREPARERS, ok=302), kwargs=_planned, method="post"),
    Entry("governance:agenda_add", only(PREPARERS, ok=400), kwargs=_planned, method="post"),
    Entry("governance:agenda_move", only(PREPARERS, ok=302), kwargs=_item, method="post"),
    Entry("governance:agenda_remove", only(PREPARERS, ok=302), kwargs=_item, method="post"),
]
