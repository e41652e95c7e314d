"""Mandate pages: everyone who sees the consortium reads the list, a mandate and a comparison of its versions (AVIQ
reviewers included); the operational team and the coordination (PREPARE_DECISIONS, admins too) write, propose and
amend, and transmit a mandate AVIQ asked to see (which only AVIQ staff ask for). POSTs carry empty data: allowed actors get the form back with its errors (400) or, for an amendment, are sent
to the new draft (302); refused actors change nothing."""

import datetime

from django.utils import timezone

from . import Entry, expect, only
from .governance import PREPARERS, _gov

ESSENTIALS = {
    "title": "Équipe opérationnelle",
    "purpose": "Soutenir les acteurs sociaux et de santé du territoire.",
    "responsibilities": "Agit au niveau opérationnel.",
    "autonomy": "Méthodes, outils, formats d'animation.",
    "scope": "Tout le territoire.",
    "composition": "Équipe financée via le budget OLS.",
}


def _a(cast):
    return {"consortium_id": cast.consortium_a.pk}


def _draft(cast):
    from mandates.services import mandate_create

    mandate = mandate_create(actor=None, consortium=cast.consortium_a, data={"kind": "secretary", **ESSENTIALS})
    return {"consortium_id": cast.consortium_a.pk, "mandate_id": mandate.pk}


def _adopted(cast):
    from governance.services.proposals import proposal_close
    from governance.services.votes import vote_cast
    from mandates.services import mandate_create, mandate_propose

    body, _seat, _proposal = _gov(cast)
    mandate = mandate_create(actor=None, consortium=cast.consortium_a, data={"kind": "secretary", **ESSENTIALS})
    mandate = mandate_propose(
        actor=None, mandate=mandate, deciding_body=body, closes_at=timezone.now() + datetime.timedelta(days=2)
    )
    for seat in body.seats.all():
        vote_cast(actor=seat.representative, proposal=mandate.proposal, seat=seat, choice="consent")
    proposal_close(actor=None, proposal=mandate.proposal)
    return {"consortium_id": cast.consortium_a.pk, "mandate_id": mandate.pk}


def _with_adopted(cast):
    """Consortium A once a mandate is adopted (the matrix then has a column with a mandate)."""
    return {"consortium_id": _adopted(cast)["consortium_id"]}


def _requested(cast):
    """An adopted mandate AVIQ asked to see: the coordination may transmit it."""
    from mandates.models import Mandate
    from mandates.review import mandate_review_ask

    kwargs = _adopted(cast)
    mandate = Mandate.objects.get(pk=kwargs["mandate_id"])
    mandate_review_ask(actor=cast.users["reviewer"], mandate=mandate, reason="Voir la composition.")
    return kwargs


def _reviews(cast):
    from mandates.models import MandateReview

    return sorted(MandateReview.objects.values_list("pk", "status", "mandate_id"))


def _snapshot(cast):
    from mandates.models import Mandate

    return sorted(Mandate.objects.values_list("pk", "status", "version", "title"))


ENTRIES = [
    Entry("mandates:list", expect(), kwargs=_a),
    Entry("mandates:who_decides", expect(), kwargs=_with_adopted),
    Entry("mandates:create", only(PREPARERS), kwargs=_a),
    Entry("mandates:create", only(PREPARERS, ok=400), kwargs=_a, method="post", snapshot=_snapshot),
    Entry("mandates:mandate", expect(), kwargs=_draft),
    Entry("mandates:mandate", expect(), kwargs=_requested, id="GET mandates:mandate (AVIQ asked for it)"),
    Entry("mandates:compare", expect(), kwargs=_draft),
    Entry("mandates:edit", only(PREPARERS), kwargs=_draft),
    Entry("mandates:edit", only(PREPARERS, ok=400), kwargs=_draft, method="post", snapshot=_snapshot),
    Entry("mandates:propose", only(PREPARERS), kwargs=_draft),
    Entry("mandates:propose", only(PREPARERS, ok=400), kwargs=_draft, method="post", snapshot=_snapshot),
    Entry("mandates:amend", only(PREPARERS, ok=302), kwargs=_adopted, method="post", snapshot=_snapshot),
    # AVIQ asks to see a mandate (an empty reason: 400); the coordination transmits it (no confirmation: 400).
    Entry("mandates:review_ask", only((), reviewer=400, ok=400), kwargs=_adopted, method="post", snapshot=_reviews),
    Entry("mandates:review_transmit", only(PREPARERS, ok=400), kwargs=_requested, method="post", snapshot=_reviews),
]
