"""A proposal's attachments: the documents the body reads before deciding. Added while the proposal is in
preparation or open to the vote, removed while it is in preparation only (once voted on, what people read stays).
Files pass the platform's one upload check (`ols_platform.files.check_upload`) and are stored privately."""

from django.db import transaction
from django.utils.translation import gettext as _

from ols_platform import files
from ols_platform.audit import log_action

from ..models import Proposal, ProposalAttachment
from .base import bump_revision, lock_consortium, refuse

ALLOWED = files.JUSTIFICATION  # PDF, PNG, JPG, .xlsx, .docx
MAX_PER_PROPOSAL = 20


def attachment_add(*, actor, proposal: Proposal, file) -> ProposalAttachment:
    if file is None:
        refuse(_("Choisissez un fichier."), code="required", field="file")
    files.check_upload(file, ALLOWED, field="file")
    with transaction.atomic():
        lock_consortium(proposal.consortium_id)
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status == Proposal.Status.CLOSED:
            refuse(_("Cette proposition est clôturée : ses pièces jointes ne changent plus."), code="proposal_closed")
        if proposal.attachments.count() >= MAX_PER_PROPOSAL:
            refuse(
                _("Une proposition porte au plus %d pièces jointes.") % MAX_PER_PROPOSAL,
                code="too_many_attachments",
                field="file",
            )
        attachment = ProposalAttachment(
            proposal=proposal,
            filename=files.safe_name(file.name),
            size=file.size,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        attachment.file.save(attachment.filename, file, save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            raise
        log_action(
            "proposal.attachment_added",
            actor=actor,
            target=proposal,
            consortium=proposal.consortium_id,
            data={"filename": attachment.filename, "size": attachment.size},
        )
        bump_revision([proposal.consortium_id])
        return attachment


def attachment_delete(*, actor, attachment: ProposalAttachment) -> None:
    with transaction.atomic():
        lock_consortium(attachment.proposal.consortium_id)
        attachment = ProposalAttachment.objects.select_for_update().get(pk=attachment.pk)
        proposal = Proposal.objects.get(pk=attachment.proposal_id)
        if proposal.status != Proposal.Status.DRAFT:
            refuse(
                _("Le vote est ouvert ou clos : les pièces jointes que les membres ont lues restent."),
                code="proposal_not_draft",
            )
        stored = attachment.file.name
        attachment.delete()
        log_action(
            "proposal.attachment_deleted",
            actor=actor,
            target=proposal,
            consortium=proposal.consortium_id,
            data={"filename": attachment.filename},
        )
        bump_revision([proposal.consortium_id])
        transaction.on_commit(lambda: attachment.file.storage.delete(stored))
