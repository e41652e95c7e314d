"""A body's recommendation to another body (it becomes a draft proposal there), and a proposal's attachments:
upload (while in preparation or open), download (everyone who reads the consortium), removal (in preparation)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from consortia.views.common import consortium_page, page_context, posted, submit
from ols_platform import files
from ols_platform.errors import DomainError

from ..forms_register import AttachmentForm, RecommendationForm
from ..models import Proposal, ProposalAttachment
from ..permissions import PREPARE_DECISIONS
from ..services import attachments as attachment_services
from ..services import decisions as decision_services
from ..services.common import proposal_url
from .bodies import SECTION, body_of, body_url
from .proposals import proposal_of


@consortium_page(PREPARE_DECISIONS)
def recommendation_create(request, access, body_id):
    body = body_of(access.consortium, body_id)
    if body.archived_at:
        raise PermissionDenied
    form = RecommendationForm(posted(request), body=body)
    if request.method == "POST" and form.is_valid():
        recommendation = submit(
            form,
            lambda: decision_services.recommendation_create(
                actor=request.user,
                from_body=body,
                to_body=form.cleaned_data["to_body"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                domain=form.cleaned_data["domain"],
            ),
        )
        if recommendation:
            messages.success(
                request,
                _("La recommandation est transmise à %(body)s : elle y devient une proposition en préparation.")
                % {"body": recommendation.to_body.name},
            )
            return redirect(body_url(body) + "#recommendations")
    context = page_context(access, SECTION, body=body, form=form)
    return render(request, "governance/register_recommend.html", context)


def attachment_of(consortium, attachment_id) -> ProposalAttachment:
    """An attachment of a proposal of this consortium, else 404 (another consortium's id included)."""
    return get_object_or_404(
        ProposalAttachment.objects.select_related("proposal"), pk=attachment_id, proposal__consortium=consortium
    )


@consortium_page(PREPARE_DECISIONS, methods=("POST",))
def attachment_upload(request, access, proposal_id):
    proposal = proposal_of(access.consortium, proposal_id)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(proposal_url(proposal) + "#attachments")
    if proposal.status == Proposal.Status.CLOSED:
        raise PermissionDenied
    try:
        attachment = attachment_services.attachment_add(
            actor=request.user, proposal=proposal, file=form.cleaned_data["file"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("« %s » est jointe à la proposition.") % attachment.filename)
    return redirect(proposal_url(proposal) + "#attachments")


@consortium_page(methods=("GET",))
def attachment_download(request, access, attachment_id):
    attachment = attachment_of(access.consortium, attachment_id)
    return files.private_download(attachment.file, attachment.filename)


@consortium_page(PREPARE_DECISIONS, methods=("POST",))
def attachment_delete(request, access, attachment_id):
    attachment = attachment_of(access.consortium, attachment_id)
    try:
        attachment_services.attachment_delete(actor=request.user, attachment=attachment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("« %s » est retirée de la proposition.") % attachment.filename)
    return redirect(proposal_url(attachment.proposal) + "#attachments")
