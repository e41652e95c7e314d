"""Meetings: planning (dates, place or https link), the agenda, invitations e-mailed with a calendar file (again on a
change, a cancellation when cancelled), attendance per seat and the quorum from it, minutes drafted then approved,
and the decisions taken in the meeting written to the register."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from governance.ics import Event, Person, calendar, escape_text, fold
from governance.models import Attendance, Decision, Meeting
from governance.services import meetings as services
from governance.services.bodies import body_create, seat_create
from governance.services.decisions import decision_correct
from ols_platform.errors import DomainError

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def refused(code, act):
    with pytest.raises(DomainError) as caught:
        act()
    assert caught.value.code == code, caught.value.message
    return caught.value


def moment(days=3, hours=0):
    return timezone.now().replace(microsecond=0) + datetime.timedelta(days=days, hours=hours)


def data(**changes):
    start = moment()
    return (
        {"title": "GT du mardi", "starts_at": start, "ends_at": start + datetime.timedelta(hours=2)}
        | {"place": "Salle du conseil, rue Haute 3; 1er étage"}
        | changes
    )


def plan(gov, days=3, **changes):
    start = moment(days)
    values = data(starts_at=start, ends_at=start + datetime.timedelta(hours=2)) | changes
    return services.meeting_create(actor=None, body=gov.body, data=values)


def parse(text: str) -> dict:
    """An iCalendar text read back: lines unfolded, values unescaped, {name: [values]} (parameters dropped)."""
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), "a line is longer than 75 octets"
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    values = {}
    for line in unfolded.split("\r\n")[:-1]:
        name_params, value = re.match(r"((?:[^:\"]|\"[^\"]*\")*):(.*)", line).groups()
        name = name_params.split(";")[0]
        value = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
        values.setdefault(name, []).append(value)
    return values


def ics_of(message) -> tuple[str, dict]:
    ((name, content, mimetype),) = message.attachments
    return mimetype, parse(content)


def url(name, meeting, **kwargs):
    return reverse(
        f"governance:{name}", kwargs={"consortium_id": meeting.body.consortium_id, "meeting_id": meeting.pk} | kwargs
    )


# Planning


def test_it_rejects_a_meeting_ending_before_it_starts(gov):
    start = moment()
    refused("ends_before_start", lambda: plan(gov, starts_at=start, ends_at=start - datetime.timedelta(hours=1)))
    assert not Meeting.objects.exists()


def test_it_rejects_a_year_out_of_the_programme(gov):
    far = datetime.datetime(9999, 1, 1, 10, tzinfo=UTC)
    refused("date_out_of_range", lambda: plan(gov, starts_at=far, ends_at=far + datetime.timedelta(hours=1)))


def test_it_rejects_a_video_link_that_is_not_https(gov):
    for link in ("http://visio.example/abc", "javascript:alert(1)", "https://", "https://a b.example"):
        refused("video_url_not_https", lambda link=link: plan(gov, video_url=link))
    assert plan(gov, place="", video_url="https://visio.example/abc").video_url == "https://visio.example/abc"


def test_it_needs_a_place_or_a_link(gov):
    refused("required", lambda: plan(gov, place="  "))


# Agenda


def test_the_agenda_links_proposals_of_the_same_body_only(cast, gov):
    meeting = plan(gov)
    item = services.agenda_item_add(actor=None, meeting=meeting, title="", proposal=gov.proposal)
    assert item.title == gov.proposal.title
    other = body_create(actor=None, consortium=cast.consortium_a, data={"kind": "working_group", "name": "GT"})
    foreign = services.meeting_create(actor=None, body=other, data=data())
    refused(
        "proposal_of_another_body",
        lambda: services.agenda_item_add(actor=None, meeting=foreign, title="x", proposal=gov.proposal),
    )


def test_agenda_items_move_and_go(gov):
    meeting = plan(gov)
    first, second, third = (services.agenda_item_add(actor=None, meeting=meeting, title=t) for t in "ABC")
    services.agenda_item_move(actor=None, item=third, offset=-1)
    services.agenda_item_move(actor=None, item=first, offset=-1)  # at the top already: nothing moves
    assert [i.title for i in meeting.agenda_items.all()] == ["A", "C", "B"]
    services.agenda_item_remove(actor=None, item=second)
    assert [i.title for i in meeting.agenda_items.all()] == ["A", "C"]


# Invitations and the calendar file


def test_invitations_reach_every_seat_holder_with_a_calendar_request(cast, gov, django_capture_on_commit_callbacks):
    meeting = plan(gov)
    services.agenda_item_add(actor=None, meeting=meeting, title="Budget, priorités; suite\nvote")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(actor=cast.users["operational"], meeting=meeting)
    users = cast.users
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (users["governance"], users["operational"], users["coordinator"])
    )
    mimetype, ics = ics_of(mail.outbox[0])
    assert mimetype == "text/calendar; method=REQUEST; charset=UTF-8"
    assert ics["METHOD"] == ["REQUEST"] and ics["BEGIN"] == ["VCALENDAR", "VEVENT"]
    assert ics["UID"][0].startswith(f"meeting-{meeting.pk}@")
    assert ics["SEQUENCE"] == ["1"]  # the agenda item changed the invitation once
    assert ics["DTSTART"] == [meeting.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")]
    assert ics["DTEND"] == [meeting.ends_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")]
    assert ics["SUMMARY"] == ["GT du mardi — Gouvernance temporaire"]
    assert ics["LOCATION"] == ["Salle du conseil, rue Haute 3; 1er étage"]
    assert "1. Budget, priorités; suite\nvote" in ics["DESCRIPTION"][0]
    assert len(ics["ATTENDEE"]) == 1
    assert Meeting.objects.get(pk=meeting.pk).emailed_sequence == 1


def test_a_change_sends_the_invitation_again_with_a_higher_sequence(cast, gov, django_capture_on_commit_callbacks):
    meeting = plan(gov)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(actor=None, meeting=meeting)
    uid = ics_of(mail.outbox[0])[1]["UID"]
    mail.outbox.clear()
    later = moment(5)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_update(
            actor=None,
            meeting=meeting,
            data=data(starts_at=later, ends_at=later + datetime.timedelta(hours=1)),
            expected_version=Meeting.objects.get(pk=meeting.pk).version,
        )
    assert len(mail.outbox) == 3
    ics = ics_of(mail.outbox[0])[1]
    assert ics["SEQUENCE"] == ["1"] and ics["UID"] == uid
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=None, meeting=meeting)
        services.meeting_cancel(actor=None, meeting=meeting)  # twice: harmless
    assert len(mail.outbox) == 3
    mimetype, ics = ics_of(mail.outbox[0])
    assert ics["METHOD"] == ["CANCEL"] and ics["STATUS"] == ["CANCELLED"] and ics["SEQUENCE"] == ["2"]
    assert "annulée" in mail.outbox[0].subject


def test_the_sending_task_is_idempotent(gov, django_capture_on_commit_callbacks):
    from governance.invitations import send_meeting_invitations

    meeting = plan(gov)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(actor=None, meeting=meeting)
    assert send_meeting_invitations(meeting.pk, "http://testserver") == 0
    assert len(mail.outbox) == 3


def test_a_cancelled_meeting_never_invited_sends_nothing(gov, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=None, meeting=plan(gov))
    assert mail.outbox == []


def test_the_ics_generator_escapes_and_folds():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    long = "SUMMARY:" + "é" * 80
    folded = fold(long)
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == long
    start = datetime.datetime(2026, 11, 23, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    event = Event(
        uid="meeting-1@x",
        sequence=3,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        summary="Réunion, « spéciale »; " * 5,
        stamp=start,
        organizer=Person('Plateforme "OLS"', "noreply@x.test"),
    )
    ics = parse(calendar(event, "PUBLISH"))
    assert ics["DTSTART"] == ["20261123T090000Z"] and ics["SUMMARY"] == ["Réunion, « spéciale »; " * 5]
    with pytest.raises(ValueError):
        calendar(event, "DELETE")


# Attendance and quorum


def test_attendance_waits_for_the_meeting_to_start(gov):
    meeting = plan(gov)
    refused(
        "meeting_not_started",
        lambda: services.attendance_record(actor=None, meeting=meeting, rows={gov.lead_seat.pk: ("present", "")}),
    )


def test_it_refuses_attendance_for_a_seat_of_another_body(cast, gov):
    meeting = plan(gov, days=-1)
    other = body_create(actor=None, consortium=cast.consortium_a, data={"kind": "working_group", "name": "GT"})
    foreign = seat_create(actor=None, body=other, data={"structure": cast.lead_a})
    refused(
        "seat_not_in_body",
        lambda: services.attendance_record(actor=None, meeting=meeting, rows={foreign.pk: ("present", "")}),
    )
    refused(
        "invalid",
        lambda: services.attendance_record(actor=None, meeting=meeting, rows={gov.lead_seat.pk: ("ghost", "")}),
    )
    assert not Attendance.objects.exists()


def test_a_decision_needs_the_quorum_from_the_attendance(cast, gov):
    meeting = plan(gov, days=-1)
    decision = {
        "title": "Adopter le calendrier",
        "domain": "methods_tools",
        "outcome": "adopted",
        "rationale": "Unanime",
    }
    services.attendance_record(
        actor=None, meeting=meeting, rows={gov.lead_seat.pk: ("excused", ""), gov.member_seat.pk: ("absent", "")}
    )
    error = refused(
        "no_quorum", lambda: services.decision_record_in_meeting(actor=None, meeting=meeting, data=decision)
    )
    assert "0 sièges avec voix présents sur 2" in error.message
    services.attendance_record(actor=None, meeting=meeting, rows={gov.lead_seat.pk: ("substitute", "")})
    recorded = services.decision_record_in_meeting(actor=cast.users["operational"], meeting=meeting, data=decision)
    assert recorded.meeting == meeting and recorded.number == 1 and recorded.outcome == "adopted"
    assert {p["seat"]: p["attendance"] for p in recorded.participants} == {
        gov.lead_seat.pk: "substitute",
        gov.member_seat.pk: "absent",
    }
    assert recorded.participants[0]["by"] in ("", str(cast.users["operational"]))
    # the register's numbering is shared with votes and corrections
    assert decision_correct(actor=None, decision=recorded, rationale="Coquille").number == 2


# Minutes


def test_minutes_are_drafted_approved_once_and_then_frozen(cast, gov):
    meeting = plan(gov, days=-1)
    refused("minutes_missing", lambda: services.minutes_approve(actor=None, meeting=meeting))
    meeting = services.minutes_save(actor=None, meeting=meeting, text="Présents : tous.", expected_version=None)
    approver = cast.users["coordinator"]
    meeting = services.minutes_approve(actor=approver, meeting=meeting)
    approved_at = meeting.minutes_approved_at
    again = services.minutes_approve(actor=cast.users["operational"], meeting=meeting)  # twice: harmless
    assert (again.minutes_approved_at, again.minutes_approved_by) == (approved_at, approver)
    assert again.status == Meeting.Status.HELD
    refused(
        "minutes_approved",
        lambda: services.minutes_save(actor=None, meeting=meeting, text="Autre", expected_version=None),
    )
    assert Meeting.objects.get(pk=meeting.pk).minutes == "Présents : tous."


# Pages


def test_outsiders_get_404_and_viewers_403_on_writes(cast, gov):
    meeting = plan(gov)
    assert cast.client("outsider").get(url("meeting", meeting)).status_code == 404
    assert cast.client("viewer").get(url("meeting", meeting)).status_code == 200
    assert cast.client("viewer").post(url("meeting_invite", meeting)).status_code == 403
    assert cast.client("viewer").get(url("meeting_edit", meeting)).status_code == 403


def test_the_meeting_page_shows_the_live_quorum_in_words(cast, gov):
    meeting = plan(gov, days=-1)
    page = cast.client("viewer").get(url("meeting", meeting)).content.decode()
    assert "0 sièges avec voix présents sur 2" in page and "quorum pas atteint" in page
    client = cast.client("operational")
    response = client.post(
        url("meeting_attendance", meeting),
        {
            f"status_{gov.lead_seat.pk}": "present",
            f"status_{gov.member_seat.pk}": "present",
            f"note_{gov.member_seat.pk}": "En retard",
        },
    )
    assert response.status_code == 302
    page = cast.client("viewer").get(url("meeting", meeting)).content.decode()
    assert "2 sièges avec voix présents sur 2" in page and "✓ quorum atteint" in page and "En retard" in page


def test_a_bad_date_is_refused_on_the_form_in_french(cast, gov):
    client = cast.client("operational")
    path = reverse("governance:meeting_create", kwargs={"consortium_id": cast.consortium_a.pk})
    post = {
        "body": gov.body.pk,
        "title": "X",
        "starts_at": "9999-01-01T10:00",
        "ends_at": "9999-01-01T12:00",
        "place": "Ici",
    }
    response = client.post(path, post)
    assert response.status_code == 200 and "entre 2020 et 2040" in response.content.decode()
    post |= {"starts_at": "2026-05-01T10:00", "ends_at": "2026-05-01T09:00"}
    assert "finir après son début" in client.post(path, post).content.decode()
    assert not Meeting.objects.exists()


def test_a_double_submit_plans_one_meeting_and_records_one_decision(cast, gov):
    client = cast.client("operational")
    path = reverse("governance:meeting_create", kwargs={"consortium_id": cast.consortium_a.pk})
    post = {
        "body": gov.body.pk,
        "title": "X",
        "starts_at": "2026-05-01T10:00",
        "ends_at": "2026-05-01T12:00",
        "place": "Ici",
        "submission_token": "t1",
    }
    assert client.post(path, post).status_code == 302
    assert client.post(path, post).status_code == 302
    assert Meeting.objects.count() == 1
    meeting = Meeting.objects.get()
    services.attendance_record(
        actor=None, meeting=meeting, rows={gov.lead_seat.pk: ("present", ""), gov.member_seat.pk: ("present", "")}
    )
    post = {"title": "Oui", "domain": "other", "outcome": "adopted", "submission_token": "t2"}
    client.post(url("meeting_decision_create", meeting), post)
    client.post(url("meeting_decision_create", meeting), post)
    assert Decision.objects.filter(meeting=meeting).count() == 1


def test_editing_approved_minutes_is_refused(cast, gov):
    meeting = plan(gov, days=-1)
    services.minutes_save(actor=None, meeting=meeting, text="PV", expected_version=None)
    client = cast.client("operational")
    assert client.post(url("meeting_minutes_approve", meeting), {"confirm": "on"}).status_code == 302
    assert client.post(url("meeting_minutes_approve", meeting), {"confirm": "on"}).status_code == 302
    assert client.post(url("meeting_minutes", meeting), {"minutes": "Réécrit", "version": "99"}).status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).minutes == "PV"


def test_the_ics_download_reads_back(cast, gov):
    meeting = plan(gov, place="", video_url="https://visio.example/r/1")
    response = cast.client("viewer").get(url("meeting_ics", meeting))
    assert response["Content-Type"].startswith("text/calendar")
    ics = parse(response.content.decode())
    assert ics["METHOD"] == ["PUBLISH"] and ics["URL"] == ["https://visio.example/r/1"]
    assert ics["UID"][0].startswith(f"meeting-{meeting.pk}@")


def _many_meetings(gov, n):
    for i in range(n):
        meeting = plan(gov, days=(i % 5) - 2)
        services.agenda_item_add(actor=None, meeting=meeting, title=f"Point {i}")


def test_the_meeting_list_costs_the_same_queries_at_two_sizes(cast, gov, django_assert_num_queries):
    client = cast.client("viewer")
    path = reverse("governance:meetings", kwargs={"consortium_id": cast.consortium_a.pk})
    _many_meetings(gov, 2)
    client.get(path)  # warm the session and the caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    _many_meetings(gov, 15)
    with django_assert_num_queries(len(small)):
        page = client.get(path).content.decode()
    assert "17 réunions" in page
