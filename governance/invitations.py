"""A meeting's invitation: its page's address, its calendar event (`ics`), and the e-mails to the seat holders with
the calendar file, and the task that sends them (queued by `services.meetings` through the outbox; `tasks` re-exports it
for the worker's autodiscovery). No service is imported here, so the services may import it."""

from email.utils import parseaddr

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ols_platform.site_links import absolute_url, site_host

from .ics import Event, Person, calendar
from .models import Meeting


def meeting_url(meeting) -> str:
    return reverse("governance:meeting", kwargs={"consortium_id": meeting.body.consortium_id, "meeting_id": meeting.pk})


def meeting_event(meeting, *, base: str, attendees=(), organizer: Person | None = None) -> Event:
    """The calendar event of a meeting (`meeting.body` and its agenda items loaded); its UID is the meeting's, on the
    site's host, so each new sending updates the same event in the calendars."""
    agenda = [f"{number}. {item.title}" for number, item in enumerate(meeting.agenda_items.all(), start=1)]
    parts = []
    if agenda:
        parts.append(_("Ordre du jour :") + "\n" + "\n".join(agenda))
    if meeting.video_url:
        parts.append(_("Visioconférence : %s") % meeting.video_url)
    parts.append(_("Sur la plateforme : %s") % absolute_url(meeting_url(meeting), base))
    return Event(
        uid=f"meeting-{meeting.pk}@{site_host(base) or 'ols'}",
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=f"{meeting.title} — {meeting.body.name}",
        stamp=timezone.now(),
        description="\n\n".join(parts),
        location=meeting.place or meeting.video_url,
        url=meeting.video_url,
        cancelled=meeting.status == "cancelled",
        organizer=organizer,
        attendees=tuple(attendees),
    )


def invited_people(meeting) -> list:
    """The active people on the body's active seats (representatives and substitutes), each once."""
    from consortia.models import User

    seats = Q(represented_seats__body_id=meeting.body_id, represented_seats__archived_at__isnull=True) | Q(
        substitute_seats__body_id=meeting.body_id, substitute_seats__archived_at__isnull=True
    )
    return list(User.objects.filter(seats, is_active=True).exclude(email="").distinct().order_by("pk"))


def invitation_messages(meeting, base: str) -> list[EmailMessage]:
    """One e-mail per invited person, in French, with the calendar file: a REQUEST, or a CANCEL once cancelled."""
    cancelled = meeting.status == Meeting.Status.CANCELLED
    method = "CANCEL" if cancelled else "REQUEST"
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = Person(name or "Plateforme OLS", address or "noreply@ols.example")
    messages = []
    with translation.override("fr"):
        context = {
            "meeting": meeting,
            "agenda": list(meeting.agenda_items.all()),
            "cancelled": cancelled,
            "link": absolute_url(meeting_url(meeting), base),
            "starts_at": timezone.localtime(meeting.starts_at),
            "ends_at": timezone.localtime(meeting.ends_at),
        }
        subject = render_to_string("governance/email/meeting_subject.txt", context).strip()
        text = render_to_string("governance/email/meeting.txt", context)
        for person in invited_people(meeting):
            attendee = Person(person.get_full_name() or person.email, person.email)
            event = meeting_event(meeting, base=base, attendees=[attendee], organizer=organizer)
            message = EmailMessage(subject, text, None, [person.email])
            message.attach(
                "annulation.ics" if cancelled else "invitation.ics",
                calendar(event, method),
                f"text/calendar; method={method}; charset=UTF-8",
            )
            messages.append(message)
    return messages


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5, time_limit=120, soft_time_limit=100
)
def send_meeting_invitations(meeting_id: int, base: str) -> int:
    """E-mail the meeting as it now is to every seat holder: an invitation (METHOD:REQUEST), or its cancellation.
    Idempotent: the meeting remembers the sequence last e-mailed, and a run with nothing newer sends nothing (the
    outbox may run a task twice). All messages go in one connection: a failure sends none and the task retries.
    Returns the number of messages sent."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("body").filter(pk=meeting_id).first()
        if meeting is None or (meeting.emailed_sequence is not None and meeting.emailed_sequence >= meeting.sequence):
            return 0
        if meeting.status == Meeting.Status.CANCELLED and meeting.emailed_sequence is None:
            return 0  # never invited: nobody to tell
        messages = invitation_messages(meeting, base)
        if messages:
            get_connection(fail_silently=False).send_messages(messages)
        # Not a change of the meeting (no history entry): the record of what was e-mailed.
        Meeting.objects.filter(pk=meeting.pk).update(emailed_sequence=meeting.sequence)
        return len(messages)
