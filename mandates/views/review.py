"""A mandate AVIQ asks to see: the reviewer asks from the mandate's page (what it wants to see), the coordination
transmits a proposed or adopted version from the same page. AVIQ then reviews it in its workspace
(aviq.review); the page shows AVIQ's public comments and the review's history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from consortia.permissions import is_aviq_staff
from consortia.views.common import consortium_page, submit

from .. import review as mandate_review
from ..forms import ReviewAskForm, ReviewTransmitForm
from ..permissions import PREPARE_DECISIONS
from .common import claim_submission, mandate_of, mandate_url, release_submission
from .pages import detail_context


def _page(request, access, mandate, status, **forms):
    context = detail_context(access, mandate, viewer=request.user, **forms)
    return render(request, "mandates/detail.html", context, status=status)


@consortium_page(methods=("POST",))
def review_ask(request, access, mandate_id):
    if not is_aviq_staff(request.user):
        raise PermissionDenied(_("Seule l'AVIQ demande à examiner un mandat."))
    mandate = mandate_of(access.consortium, mandate_id)
    form = ReviewAskForm(request.POST)
    if not form.is_valid():
        return _page(request, access, mandate, 400, ask_form=form)
    if not claim_submission(request):
        return redirect(mandate_url(mandate))  # the same form posted twice: it was saved the first time
    asked = submit(
        form,
        lambda: mandate_review.mandate_review_ask(
            actor=request.user, mandate=mandate, reason=form.cleaned_data["reason"]
        ),
    )
    if asked is None:
        release_submission(request)
        return _page(request, access, mandate, 400, ask_form=form)
    messages.success(request, _("Demande envoyée : la coordination du consortium est prévenue."))
    return redirect(mandate_url(mandate))


@consortium_page(PREPARE_DECISIONS, methods=("POST",))
def review_transmit(request, access, mandate_id):
    mandate = mandate_of(access.consortium, mandate_id)
    form = ReviewTransmitForm(request.POST)
    if not form.is_valid():
        return _page(request, access, mandate, 400, transmit_form=form)
    if not claim_submission(request):
        return redirect(mandate_url(mandate))
    transmitted = submit(
        form,
        lambda: mandate_review.mandate_review_submit(
            actor=request.user, mandate=mandate, note=form.cleaned_data["note"]
        ),
    )
    if transmitted is None:
        release_submission(request)
        return _page(request, access, mandate, 400, transmit_form=form)
    messages.success(request, _("Mandat transmis à l'AVIQ : ses agents sont prévenus."))
    return redirect(mandate_url(mandate))
