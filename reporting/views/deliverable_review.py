"""The deliverable handed in to AVIQ from its overview: the status, AVIQ's comments and the review history (for
each reader: private annotations only for AVIQ staff), the submission and the amendment after approval."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from consortia.views.common import consortium_page
from ols_platform.errors import DomainError
from review import selectors as review_selectors
from review.models import ItemKind

from .. import deliverable_workflow as workflow
from ..models import Deliverable
from ..permissions import MANAGE_REPORTING


def overview_url(consortium) -> str:
    return reverse("reporting:deliverable", kwargs={"consortium_id": consortium.pk})


def review_context(request, consortium) -> dict:
    """The deliverable's review state for the overview (three queries at most)."""
    deliverable = Deliverable.objects.filter(consortium=consortium).select_related("reviewed_by").first()
    if deliverable is None:
        return {"deliverable": None, "comments": [], "events": []}
    panel = review_selectors.panel(
        request.user, consortium_id=consortium.pk, item_kind=ItemKind.DELIVERABLE, item_id=deliverable.pk
    )
    return {"deliverable": deliverable} | panel


def _confirmed(request) -> bool:
    if request.POST.get("confirm") == "1":
        return True
    messages.error(request, _("Cochez la case de confirmation : rien n'a été envoyé."))
    return False


@consortium_page(MANAGE_REPORTING, methods=("POST",))
def deliverable_submit(request, access):
    if _confirmed(request):
        try:
            workflow.deliverable_submit(actor=request.user, consortium=access.consortium, note=request.POST.get("note"))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Livrable remis à l'AVIQ : ses examinateurs sont prévenus."))
    return redirect(overview_url(access.consortium))


@consortium_page(MANAGE_REPORTING, methods=("POST",))
def deliverable_amend(request, access):
    if _confirmed(request):
        try:
            deliverable = workflow.deliverable_amend(actor=request.user, consortium=access.consortium)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Avenant ouvert : la version %s du livrable est en rédaction.") % deliverable.version
            )
    return redirect(overview_url(access.consortium))
