"""The periodic tasks: votes whose window has ended are closed (their decision recorded), and seats that have not
voted are reminded once, 48 hours before the close. Time moves by a fixed `now` or by moving the rows."""

import datetime
from unittest import mock

from django.conf import settings
from django.utils import timezone

from governance import tasks
from governance.models import Decision, Proposal
from governance.services.votes import vote_cast
from ols_platform.errors import DomainError
from ols_platform.models import Notification
from tests.governance.conftest import open_vote


def ended(proposal):
    """Move the proposal's window into the past."""
    now = timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(
        opens_at=now - datetime.timedelta(days=3), closes_at=now - datetime.timedelta(minutes=1)
    )


def test_it_closes_the_votes_whose_window_has_ended_and_records_their_decision(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    vote_cast(actor=cast.users["governance"], proposal=proposal, seat=gov.lead_seat, choice="consent")
    ended(proposal)

    assert tasks.close_due_proposals() == 1

    proposal.refresh_from_db()
    assert proposal.status == "closed"
    assert proposal.outcome == "adopted"
    assert Decision.objects.get(proposal=proposal).recorded_by is None


def test_it_leaves_open_the_votes_still_running_and_the_drafts(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])

    assert tasks.close_due_proposals() == 0

    proposal.refresh_from_db()
    assert proposal.status == "open"
    assert not Decision.objects.exists()


def test_closing_twice_records_one_decision(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"])
    ended(proposal)

    assert tasks.close_due_proposals() == 1
    assert tasks.close_due_proposals() == 0
    assert Decision.objects.filter(proposal=proposal).count() == 1


def test_one_failing_proposal_does_not_stop_the_others(cast, gov):
    from governance.services.proposals import proposal_create

    first = open_vote(gov.proposal, cast.users["operational"])
    second = open_vote(
        proposal_create(
            actor=None, consortium=cast.consortium_a, data={"body": gov.body, "title": "Autre", "domain": "other"}
        ),
        cast.users["operational"],
    )
    ended(first)
    ended(second)
    real_close = tasks.proposal_close

    def close(*, actor, proposal):
        if proposal.pk == first.pk:
            raise DomainError("Refusée", code="broken")
        return real_close(actor=actor, proposal=proposal)

    with mock.patch.object(tasks, "proposal_close", side_effect=close):
        assert tasks.close_due_proposals() == 1

    assert Proposal.objects.get(pk=first.pk).status == "open"
    assert Proposal.objects.get(pk=second.pk).status == "closed"


def reminders():
    return sorted(Notification.objects.filter(kind="proposal.reminder").values_list("user__email", flat=True))


def test_it_reminds_the_seats_that_have_not_voted_48_hours_before_the_close(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"], days=5)
    vote_cast(actor=cast.users["coordinator"], proposal=proposal, seat=gov.member_seat, choice="consent")

    assert tasks.remind_closing_proposals() == 0  # five days left: not yet
    soon = proposal.closes_at - datetime.timedelta(hours=47)
    assert tasks.remind_closing_proposals(now=soon) == 1

    # The lead structure's seat has not voted: its representative and substitute hear of it; the member's has.
    assert reminders() == ["governance@a.test", "operational@a.test"]
    proposal.refresh_from_db()
    assert proposal.reminder_sent_at == soon


def test_it_reminds_once(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"], days=1)

    assert tasks.remind_closing_proposals() == 1
    assert tasks.remind_closing_proposals() == 0
    assert tasks.remind_closing_proposals(now=proposal.closes_at - datetime.timedelta(hours=1)) == 0
    assert len(reminders()) == 3


def test_it_reminds_nobody_after_the_close_nor_for_a_closed_vote(cast, gov):
    proposal = open_vote(gov.proposal, cast.users["operational"], days=1)

    assert tasks.remind_closing_proposals(now=proposal.closes_at + datetime.timedelta(minutes=1)) == 0
    assert reminders() == []


def test_both_tasks_run_on_celery_beat():
    scheduled = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled["governance.tasks.close_due_proposals"] == 300
    assert scheduled["governance.tasks.remind_closing_proposals"] == 900
