"""Governance's access, through the consortia gate (the only module that calls guardian).

- Reading bodies, meetings, proposals and the decision register: everyone who sees the consortium (`VIEW`), AVIQ
  reviewers included.
- `MANAGE_GOVERNANCE` (coordinators, admins): create and archive bodies, give and take seats.
- `PREPARE_DECISIONS` (operational team, coordinators, admins): prepare proposals and meetings, open and close votes,
  answer objections, record decisions taken in a meeting, follow decisions up, send recommendations.
- Voting is not a permission of a role but a seat: the representative of a seat with a vote (or the substitute,
  when the representative has not voted) votes for it (`voting_seat`).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from consortia.permissions import Access, consortium_access, has_perm
from consortia.roles import MANAGE_GOVERNANCE, PREPARE_DECISIONS, VIEW

from .models import Seat

__all__ = [
    "MANAGE_GOVERNANCE",
    "PREPARE_DECISIONS",
    "VIEW",
    "Access",
    "consortium_access",
    "has_perm",
    "held_seats",
    "voting_seat",
]


def held_seats(user):
    """The active seats the user sits on, as representative or substitute."""
    if user is None or not user.is_authenticated:
        return Seat.objects.none()
    return Seat.objects.filter(Q(representative=user) | Q(substitute=user), archived_at__isnull=True)


def voting_seat(user, proposal, seat_id) -> Seat:
    """The seat the user votes for on `proposal`: a seat of another body or consortium → 404; a seat of the body
    that is not the user's, or has no vote → 403."""
    seat = Seat.objects.filter(pk=seat_id, body_id=proposal.body_id).select_related("structure").first()
    if seat is None:
        raise Http404
    if seat.is_archived or not seat.votes or user.pk not in (seat.representative_id, seat.substitute_id):
        raise PermissionDenied
    return seat
