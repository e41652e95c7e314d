"""Governance's periodic tasks (Celery beat, ols_platform/settings.py `CELERY_BEAT_SCHEDULE`).

- `close_due_proposals` (every 5 minutes): closes every open proposal whose window has ended, through the service
  (`proposal_close`, no actor): the decision is written to the register and the body told. Idempotent: a proposal
  already closed is left alone; one that cannot be closed is logged and does not stop the others.
- `remind_closing_proposals` (every 15 minutes): 48 hours before a vote closes, the people on each seat with a vote
  that has not voted yet are told, once per proposal (`Proposal.reminder_sent_at`).

Both take `now` (an aware date-time; default: the present) so that tests move time instead of waiting.
"""

import datetime
import logging

from celery import shared_task
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from ols_platform.errors import DomainError
from ols_platform.notifications import notify

from .invitations import send_meeting_invitations  # noqa: F401 — named here for the worker's autodiscovery
from .models import Proposal, Seat, Vote
from .services.common import proposal_url
from .services.proposals import proposal_close

logger = logging.getLogger(__name__)

REMINDER_BEFORE = datetime.timedelta(hours=48)

periodic_task = shared_task(acks_late=True, time_limit=240, soft_time_limit=200, ignore_result=True)


@periodic_task
def close_due_proposals(now: datetime.datetime | None = None) -> int:
    """Close the open proposals whose closing time has passed; returns how many were closed."""
    now = now or timezone.now()
    due = Proposal.objects.filter(status=Proposal.Status.OPEN, closes_at__lte=now).order_by("closes_at", "pk")
    closed = 0
    for proposal in due:
        try:
            decision = proposal_close(actor=None, proposal=proposal)
        except DomainError as error:
            logger.warning("Proposal #%s not closed: %s (%s).", proposal.pk, error.message, error.code)
            continue
        except Exception:
            logger.exception("Proposal #%s could not be closed; the next run tries again.", proposal.pk)
            continue
        closed += 1
        logger.info("Proposal #%s closed: decision %s.", proposal.pk, decision.reference)
    return closed


def unvoted_seats(proposal: Proposal):
    """The proposal's body's active seats with a vote that have no counted vote on it."""
    counted = Vote.objects.filter(proposal=proposal, seat=OuterRef("pk"), superseded_at__isnull=True)
    return (
        Seat.objects.filter(body_id=proposal.body_id, archived_at__isnull=True, votes=True)
        .exclude(Exists(counted))
        .select_related("representative", "substitute")
    )


@periodic_task
def remind_closing_proposals(now: datetime.datetime | None = None) -> int:
    """Remind the seats that have not voted on a vote closing within 48 hours (once); returns how many proposals."""
    now = now or timezone.now()
    closing = Proposal.objects.filter(
        status=Proposal.Status.OPEN,
        reminder_sent_at__isnull=True,
        opens_at__lte=now,
        closes_at__gt=now,
        closes_at__lte=now + REMINDER_BEFORE,
    ).values_list("pk", flat=True)
    reminded = 0
    for pk in list(closing):
        try:
            if _remind(pk, now):
                reminded += 1
        except Exception:
            logger.exception("Reminder for proposal #%s failed; the next run tries again.", pk)
    return reminded


def _remind(pk: int, now: datetime.datetime) -> bool:
    with transaction.atomic():
        # Locked and checked again: two runs at once remind once.
        proposal = (
            Proposal.objects.select_for_update()
            .filter(pk=pk, status=Proposal.Status.OPEN, reminder_sent_at__isnull=True)
            .first()
        )
        if proposal is None:
            return False
        people = []
        for seat in unvoted_seats(proposal):
            people += [person for person in (seat.representative, seat.substitute) if person is not None]
        with override("fr"):
            notify(
                people,
                kind="proposal.reminder",
                title=_("Rappel : le vote « %s » se clôture bientôt") % proposal.title,
                body=_("Votre siège n'a pas encore voté. Le vote se clôture le %s.")
                % timezone.localtime(proposal.closes_at).strftime("%d/%m/%Y à %H:%M"),
                url=proposal_url(proposal),
                consortium=proposal.consortium_id,
            )
        proposal.reminder_sent_at = now
        proposal.save(update_fields=["reminder_sent_at"])
        logger.info("Proposal #%s: %d people reminded.", pk, len({person.pk for person in people}))
        return True
