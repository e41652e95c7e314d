"""Governance: the consortium's bodies and their seats, meetings, proposals and votes, and the decision register.

A body (gouvernance temporaire, équipe opérationnelle, a GT, a concertation locale, later the AG) holds seats: one per
represented structure, or one for a citizen or user. The person on a seat — its representative, or the substitute
when the representative does not — votes for the seat. A proposal is prepared (usually by the operational team),
opened to the body that decides it, voted on by seat, closed, and its outcome written to the decision register,
where a decision never changes: a correction is a new decision that refers to it (DOMAIN §6).

Governance knows nothing of mandates, budgets or reports: a proposal names its subject generically
(`subject_type`, `subject_id`) and `governance.signals.decision_recorded` lets the subject's app react.
"""

from .bodies import Body, Seat
from .choices import FORBIDDEN_DOMAINS, SINGLE_BODY_KINDS, BodyKind, Choice, DecisionDomain, DecisionMethod, Outcome
from .decisions import Decision, FollowUp, Recommendation
from .meetings import AgendaItem, Attendance, Meeting
from .proposals import Proposal, ProposalAttachment, Vote

__all__ = [
    "FORBIDDEN_DOMAINS",
    "SINGLE_BODY_KINDS",
    "AgendaItem",
    "Attendance",
    "Body",
    "BodyKind",
    "Choice",
    "Decision",
    "DecisionDomain",
    "DecisionMethod",
    "FollowUp",
    "Meeting",
    "Outcome",
    "Proposal",
    "ProposalAttachment",
    "Recommendation",
    "Seat",
    "Vote",
]
