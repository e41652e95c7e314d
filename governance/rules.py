"""How a proposal's outcome is computed: pure functions over plain values (the seats with a vote, the counted votes).

The seeds name no method (DOMAIN §6): these are the platform's, written in the README and shown on every proposal.
- Quorum: at least `ceil(quorum × seats with a vote)` of those seats have voted (an abstention counts as taking
  part), and at least one. Below it the outcome is "quorum non atteint", whatever the votes.
- Consent: adopted unless an objection stands at the close; at least one seat must consent. An objection needs a
  reason; the preparer answers it or amends the proposal, and the objector may then consent.
- Simple majority: more "pour" than "contre" (abstentions are not counted); a tie is not a majority.
- Two-thirds majority: "pour" at least twice "contre" (two thirds of the votes expressed for or against).
- Consensus: nobody against and at least one for; an abstention lets the others go ahead.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Choice, DecisionMethod, Outcome

CHOICES_BY_METHOD = {
    DecisionMethod.CONSENT: (Choice.CONSENT, Choice.OBJECTION, Choice.ABSTAIN),
    DecisionMethod.MAJORITY: (Choice.FOR, Choice.AGAINST, Choice.ABSTAIN),
    DecisionMethod.TWO_THIRDS: (Choice.FOR, Choice.AGAINST, Choice.ABSTAIN),
    DecisionMethod.CONSENSUS: (Choice.FOR, Choice.AGAINST, Choice.ABSTAIN),
}


def choices_for(method: str) -> tuple[str, ...]:
    """The choices a seat has under a decision method."""
    return CHOICES_BY_METHOD[DecisionMethod(method)]


def quorum_needed(seats: int, quorum: Decimal) -> int:
    """How many seats with a vote must take part: the fraction of the seats, rounded up, and at least one."""
    return max(1, math.ceil(Decimal(seats) * Decimal(quorum)))


@dataclass(frozen=True)
class Tally:
    method: str
    seats: int
    needed: int
    counts: dict = field(default_factory=dict)
    outcome: str | None = None
    explanation: str = ""

    @property
    def voted(self) -> int:
        return sum(self.counts.values())

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label) if self.outcome else ""

    @property
    def quorum_reached(self) -> bool:
        return self.seats > 0 and self.voted >= self.needed

    def as_json(self) -> dict:
        return {
            "method": self.method,
            "seats": self.seats,
            "voted": self.voted,
            "quorum_needed": self.needed,
            "quorum_reached": self.quorum_reached,
            "counts": {choice: self.counts.get(choice, 0) for choice in choices_for(self.method)},
        }


def tally(method: str, quorum: Decimal, seats: int, choices: list[str]) -> Tally:
    """The outcome of a vote: `seats` is the number of seats with a vote, `choices` the counted vote of each seat that
    voted (one per seat)."""
    counts = Counter(choices)
    unknown = set(counts) - set(choices_for(method))
    if unknown:
        raise ValueError(f"Choices {sorted(unknown)} do not belong to the method {method}.")
    needed = quorum_needed(seats, quorum)
    base = Tally(method=method, seats=seats, needed=needed, counts=dict(counts))
    if not base.quorum_reached:
        explanation = ngettext(
            "%(voted)d siège sur %(seats)d a voté ; il en fallait au moins %(needed)d.",
            "%(voted)d sièges sur %(seats)d ont voté ; il en fallait au moins %(needed)d.",
            base.voted,
        ) % {"voted": base.voted, "seats": seats, "needed": needed}
        return Tally(method, seats, needed, dict(counts), Outcome.NO_QUORUM, explanation)
    outcome, explanation = _decide(DecisionMethod(method), counts)
    return Tally(method, seats, needed, dict(counts), outcome, explanation)


def _decide(method: DecisionMethod, counts: Counter) -> tuple[str, str]:
    pour, contre = counts[Choice.FOR], counts[Choice.AGAINST]
    if method == DecisionMethod.CONSENT:
        objections = counts[Choice.OBJECTION]
        if objections:
            return Outcome.REJECTED, ngettext(
                "%d objection n'a pas été levée.", "%d objections n'ont pas été levées.", objections
            ) % objections
        if not counts[Choice.CONSENT]:
            return Outcome.REJECTED, _("Aucun siège n'a donné son consentement.")
        return Outcome.ADOPTED, _("Aucune objection : la proposition est adoptée par consentement.")
    if method == DecisionMethod.CONSENSUS:
        if contre:
            return Outcome.REJECTED, ngettext(
                "%d siège s'y oppose : pas de consensus.", "%d sièges s'y opposent : pas de consensus.", contre
            ) % contre
        if not pour:
            return Outcome.REJECTED, _("Aucun siège ne s'est prononcé pour.")
        return Outcome.ADOPTED, _("Consensus : aucun siège ne s'y oppose.")
    figures = {"pour": pour, "contre": contre}
    if method == DecisionMethod.MAJORITY:
        if pour > contre:
            return Outcome.ADOPTED, _("Majorité simple atteinte : %(pour)d pour, %(contre)d contre.") % figures
        if pour == contre:
            return Outcome.REJECTED, _("Égalité (%(pour)d pour, %(contre)d contre) : pas de majorité.") % figures
        return Outcome.REJECTED, _("Majorité contre : %(pour)d pour, %(contre)d contre.") % figures
    if pour and 3 * pour >= 2 * (pour + contre):
        return Outcome.ADOPTED, _("Majorité des deux tiers atteinte : %(pour)d pour, %(contre)d contre.") % figures
    return Outcome.REJECTED, _("Majorité des deux tiers non atteinte : %(pour)d pour, %(contre)d contre.") % figures
