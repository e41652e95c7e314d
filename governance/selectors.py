"""Reads for the governance pages: each a fixed number of queries, whatever the number of bodies, seats and votes."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from consortia.permissions import visible_consortium_ids

from .models import Body, Decision, DecisionDomain, Proposal, Seat, Vote
from .permissions import held_seats
from .rules import tally

ACTIVE = Q(archived_at__isnull=True)


def _count(queryset):
    """A correlated COUNT subquery: one number per row, without joining (and multiplying) the rows counted."""
    return Subquery(
        queryset.order_by()
        .values(queryset.query.model._meta.get_field("body").attname)
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def bodies_of(consortium):
    """The consortium's bodies, active first, with their seats and open votes counted in SQL (a subquery each: joining
    seats and proposals would count every pair)."""
    seats = Seat.objects.filter(body=OuterRef("pk"), archived_at__isnull=True)
    return (
        Body.objects.filter(consortium=consortium)
        .select_related("life_basin")
        .annotate(
            seat_count=Coalesce(_count(seats), 0),
            voting_seat_count=Coalesce(_count(seats.filter(votes=True)), 0),
            open_count=Coalesce(_count(Proposal.objects.filter(body=OuterRef("pk"), status=Proposal.Status.OPEN)), 0),
        )
        .order_by("archived_at", "kind", "name")
    )


def seats_of(body):
    return Seat.objects.filter(body=body, archived_at__isnull=True).select_related(
        "structure", "representative", "substitute"
    )  # the model's order: structures by French name, then the other seats


def proposals_of(consortium, *, status: str | None = None, body_id: int | None = None):
    proposals = Proposal.objects.filter(consortium=consortium).select_related("body")
    if status:
        proposals = proposals.filter(status=status)
    if body_id:
        proposals = proposals.filter(body_id=body_id)
    counted = Vote.objects.filter(proposal=OuterRef("pk"), superseded_at__isnull=True).order_by()
    vote_count = Subquery(counted.values("proposal").annotate(n=Count("pk")).values("n"), output_field=IntegerField())
    return proposals.annotate(vote_count=Coalesce(vote_count, 0)).order_by("-created_at", "-pk")


def seats_with_votes(proposal):
    """The deciding body's active seats, each with `counted` (its counted vote or None) and the earlier votes it
    changed (`earlier`), in two queries."""
    counted = Prefetch(
        "ballots",
        queryset=Vote.objects.filter(proposal=proposal).select_related("cast_by").order_by("cast_at", "pk"),
        to_attr="all_votes",
    )
    seats = list(seats_of(proposal.body).prefetch_related(counted))
    for seat in seats:
        seat.counted = next((vote for vote in seat.all_votes if vote.superseded_at is None), None)
        seat.earlier = [vote for vote in seat.all_votes if vote.superseded_at is not None]
    return seats


def live_tally(proposal, seats):
    """The outcome if the vote closed now (from `seats_with_votes`)."""
    voting = [seat for seat in seats if seat.votes]
    return tally(proposal.method, proposal.quorum, len(voting), [s.counted.choice for s in voting if s.counted])


def my_voting_seats(user, proposal):
    """The seats with a vote on which `user` may vote for `proposal`."""
    return held_seats(user).filter(body_id=proposal.body_id, votes=True).select_related("structure")


def pending_votes(user, *, consortium=None, limit: int = 20):
    """Open votes where the user sits on a seat with a vote that has not voted yet, soonest closing first (the
    governance member's home), each with `my_seat_id` (the seat to vote for, for a vote in one click). One query."""
    if user is None or not user.is_authenticated:
        return Proposal.objects.none()
    now = timezone.now()
    seats = held_seats(user).filter(votes=True)
    ids = visible_consortium_ids(user)
    unvoted_seat = seats.filter(body_id=OuterRef("body_id")).exclude(
        Exists(Vote.objects.filter(proposal=OuterRef(OuterRef("pk")), seat=OuterRef("pk"), superseded_at__isnull=True))
    )
    proposals = Proposal.objects.filter(status=Proposal.Status.OPEN, opens_at__lte=now, closes_at__gt=now)
    if ids is not None:
        proposals = proposals.filter(consortium_id__in=ids)
    if consortium is not None:
        proposals = proposals.filter(consortium=consortium)
    return (
        proposals.filter(Exists(unvoted_seat))
        .annotate(my_seat_id=Subquery(unvoted_seat.order_by("pk").values("pk")[:1]))
        .select_related("body", "consortium")
        .order_by("closes_at", "pk")[:limit]
    )


def recent_decisions(consortium, limit: int = 5):
    return (
        Decision.objects.filter(consortium=consortium).select_related("body").order_by("-decided_on", "-number")[:limit]
    )


def visible_proposal(consortium, proposal_id):
    return Proposal.objects.filter(consortium=consortium, pk=proposal_id).select_related("body", "prepared_by").first()


def autonomy_warning(body, domain: str) -> str:
    """Why `body` may not be the one to decide `domain`, read from the adopted mandates ("qui décide de quoi"), or "".

    A body whose adopted mandate lists the domain decides it alone; one with a mandate that does not list it is told
    which bodies' mandates do; one without an adopted mandate is told its autonomy is not written yet. "Autre" is not a
    domain any mandate delegates: no warning. At most one query (the consortium's other bodies)."""
    if body is None or not domain or domain == DecisionDomain.OTHER or domain not in DecisionDomain.values:
        return ""
    label = DecisionDomain(domain).label
    if body.mandate_domains is None:
        return _(
            "« %(body)s » n'a pas de mandat adopté : son champ d'autonomie n'est pas écrit. Vérifiez qu'elle décide bien "
            "de « %(domain)s » avant d'ouvrir le vote."
        ) % {"body": body.name, "domain": label}
    if domain in body.mandate_domains:
        return ""
    others = Body.objects.filter(
        consortium_id=body.consortium_id, archived_at__isnull=True, mandate_domains__isnull=False
    )
    owners = [
        other.name
        for other in others.exclude(pk=body.pk).only("name", "mandate_domains")
        if domain in other.mandate_domains
    ]
    if owners:
        return _(
            "Le mandat de « %(body)s » ne couvre pas « %(domain)s » : selon les mandats adoptés, ce domaine relève de "
            "%(owners)s."
        ) % {"body": body.name, "domain": label, "owners": ", ".join(f"« {name} »" for name in owners)}
    return _(
        "Le mandat de « %(body)s » ne couvre pas « %(domain)s », et aucun mandat adopté ne le confie à une instance."
    ) % {"body": body.name, "domain": label}


__all__ = [
    "ACTIVE",
    "autonomy_warning",
    "bodies_of",
    "live_tally",
    "my_voting_seats",
    "pending_votes",
    "proposals_of",
    "recent_decisions",
    "seats_of",
    "seats_with_votes",
    "visible_proposal",
]


# Meetings


def meetings_of(consortium, *, body_id: int | None = None):
    """The consortium's meetings: those to come (soonest first), then those past (latest first), with their agenda
    and decisions counted in SQL."""
    from django.db.models import BooleanField, Case, F, Value, When

    from .models import Meeting

    now = timezone.now()
    meetings = Meeting.objects.filter(body__consortium=consortium).select_related("body")
    if body_id:
        meetings = meetings.filter(body_id=body_id)
    past = Case(When(ends_at__lt=now, then=Value(True)), default=Value(False), output_field=BooleanField())
    return meetings.annotate(
        is_past=past,
        upcoming_start=Case(When(ends_at__gte=now, then=F("starts_at"))),
        agenda_count=Count("agenda_items", distinct=True),
        decision_count=Count("decisions", distinct=True),
    ).order_by("is_past", F("upcoming_start").asc(nulls_last=True), "-starts_at", "-pk")


def visible_meeting(consortium, meeting_id):
    from .models import Meeting

    return (
        Meeting.objects.filter(body__consortium=consortium, pk=meeting_id)
        .select_related("body", "minutes_approved_by", "created_by")
        .first()
    )


def attendance_sheet(meeting):
    """The body's active seats, each with its attendance row (`attendance`, None when not recorded), plus the seats
    no longer active that were recorded, and the live quorum. Three queries."""
    from .models import Attendance
    from .rules import quorum_needed

    rows = {row.seat_id: row for row in Attendance.objects.filter(meeting=meeting)}
    seats = list(
        Seat.objects.filter(body_id=meeting.body_id)
        .filter(Q(archived_at__isnull=True) | Q(pk__in=list(rows)))
        .select_related("structure", "representative", "substitute")
        .order_by("structure__name", "label")
    )
    for seat in seats:
        seat.attendance = rows.get(seat.pk)
    voting = [seat for seat in seats if seat.votes and seat.archived_at is None]
    present = sum(1 for seat in voting if seat.attendance and seat.attendance.counts_for_quorum)
    needed = quorum_needed(len(voting), meeting.body.quorum)
    quorum = {"seats": len(voting), "present": present, "needed": needed, "reached": bool(voting) and present >= needed}
    return seats, quorum
