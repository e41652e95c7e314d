"""The decision register, its follow-ups and corrections, recommendations and proposal attachments.

Everyone who sees the consortium reads the register, a decision and an attachment (AVIQ reviewers included); the
operational team and the coordination add follow-ups, send recommendations and handle attachments; coordinators
correct a decision. POSTs carry empty or minimal data: allowed actors get the form back or are sent back to the page
with a message; nothing changes."""

from django.core.files.uploadedfile import SimpleUploadedFile

from . import Entry, expect, only
from .governance import COORDINATION, PREPARERS, _gov


def _decision(cast):
    from governance.services.proposals import proposal_close
    from governance.services.votes import vote_cast

    body, _seat, proposal = _gov(cast, open_vote=True)
    for seat in body.seats.all():
        vote_cast(actor=seat.representative, proposal=proposal, seat=seat, choice="consent")
    return proposal_close(actor=None, proposal=proposal)


def _a(cast):
    return {"consortium_id": cast.consortium_a.pk}


def _decision_kwargs(cast):
    return {"consortium_id": cast.consortium_a.pk, "decision_id": _decision(cast).pk}


def _follow_up(cast):
    from governance.services.decisions import follow_up_create

    follow_up = follow_up_create(actor=None, decision=_decision(cast), description="Publier la charte")
    return {"consortium_id": cast.consortium_a.pk, "follow_up_id": follow_up.pk}


def _body(cast):
    body, _seat, _proposal = _gov(cast)
    return {"consortium_id": cast.consortium_a.pk, "body_id": body.pk}


def _proposal(cast):
    _body_, _seat, proposal = _gov(cast)
    return {"consortium_id": cast.consortium_a.pk, "proposal_id": proposal.pk}


def _attachment(cast):
    from governance.services.attachments import attachment_add

    _body_, _seat, proposal = _gov(cast)
    upload = SimpleUploadedFile("ordre-du-jour.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    attachment = attachment_add(actor=None, proposal=proposal, file=upload)
    return {"consortium_id": cast.consortium_a.pk, "attachment_id": attachment.pk}


ENTRIES = [
    Entry("governance:decisions", expect(), kwargs=_a),
    Entry("governance:decisions_export", expect(), kwargs=_a),
    Entry("governance:decision", expect(), kwargs=_decision_kwargs),
    Entry("governance:decision_correct", only(COORDINATION), kwargs=_decision_kwargs),
    Entry("governance:decision_correct", only(COORDINATION), kwargs=_decision_kwargs, method="post"),
    Entry("governance:follow_up_create", only(PREPARERS, ok=400), kwargs=_decision_kwargs, method="post"),
    Entry("governance:follow_up_done", only(PREPARERS, ok=302), kwargs=_follow_up, method="post"),
    Entry("governance:recommendation_create", only(PREPARERS), kwargs=_body),
    Entry("governance:recommendation_create", only(PREPARERS), kwargs=_body, method="post"),
    Entry("governance:attachment_upload", only(PREPARERS, ok=302), kwargs=_proposal, method="post"),
    Entry("governance:attachment", expect(), kwargs=_attachment),
    Entry("governance:attachment_delete", only(PREPARERS, ok=302), kwargs=_attachment, method="post"),
]
