"""Governance's background work: meeting invitations e-mailed with their calendar file, after the transaction that
asked for them commits (queued through `ols_platform.outbox`)."""

from celery import shared_task
from django.core.mail import get_connection
from django.db import transaction


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5, time_limit=120, soft_time_limit=100
)
def send_meeting_invitations(meeting_id: int, base: str) -> int:
    """E-mail the meeting as it now is to every seat holder: an invitation (METHOD:REQUEST), or its cancellation.
    Idempotent: the meeting remembers the sequence last e-mailed, and a run with nothing newer sends nothing (the
    outbox may run a task twice). All messages go in one connection: a failure sends none and the task retries.
    Returns the number of messages sent."""
    from .invitations import invitation_messages
    from .models import Meeting

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
