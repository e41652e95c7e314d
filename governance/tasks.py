"""Governance's background work: meeting invitations e-mailed with their calendar file, after the transaction that
asked for them commits (queued through `ols_platform.outbox`)."""

from email.utils import parseaddr

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ols_platform.site_links import absolute_url


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5, time_limit=120, soft_time_limit=100
)
def send_meeting_invitations(meeting_id: int, base: str) -> int:
    """E-mail the meeting as it now is to every seat holder: an invitation (METHOD:REQUEST), or its cancellation.
    Idempotent: the meeting remembers the sequence last e-mailed, and a run with nothing newer sends nothing (the
    outbox may run a task twice). All messages go in one connection: a failure sends none and the task retries.
    Returns the number of messages sent."""
    from .ics import Person, calendar, meeting_event
    from .models import Meeting
    from .services.meetings import meeting_url
    from .services.proposals import seat_holders

    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("body").filter(pk=meeting_id).first()
        if meeting is None or (meeting.emailed_sequence is not None and meeting.emailed_sequence >= meeting.sequence):
            return 0
        cancelled = meeting.status == Meeting.Status.CANCELLED
        if cancelled and meeting.emailed_sequence is None:
            return 0  # never invited: nobody to tell
        method = "CANCEL" if cancelled else "REQUEST"
        name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
        organizer = Person(name or "Plateforme OLS", address or "noreply@ols.example")
        people = {person.pk: person for person in seat_holders(meeting.body) if person.is_active and person.email}
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
            messages = []
            for person in people.values():
                attendee = Person(person.get_full_name() or person.email, person.email)
                event = meeting_event(meeting, base=base, attendees=[attendee], organizer=organizer)
                message = EmailMessage(subject, text, None, [person.email])
                message.attach(
                    "invitation.ics" if not cancelled else "annulation.ics",
                    calendar(event, method),
                    f"text/calendar; method={method}; charset=UTF-8",
                )
                messages.append(message)
        if messages:
            get_connection(fail_silently=False).send_messages(messages)
        # Not a change of the meeting (no history entry): the record of what was e-mailed.
        Meeting.objects.filter(pk=meeting.pk).update(emailed_sequence=meeting.sequence)
        return len(messages)
