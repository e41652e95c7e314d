"""Support requests: the consortium's page (its requests, newest first, and the form to ask), a request's thread
(reply, close) read by every member and by AVIQ, and AVIQ's list of every consortium's requests, the most urgent and
oldest waiting first."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from consortia.models import Consortium
from consortia.permissions import is_aviq_staff
from consortia.views.common import add_domain_error, consortium_page, page_context, posted
from ols_platform import fragments
from ols_platform.errors import DomainError
from ols_platform.validators import object_id
from reporting.permissions import MANAGE_REPORTING

from ..access import aviq_page
from ..models import SupportRequest
from . import services
from .forms import MessageForm, RequestForm

PER_PAGE = 30
SCOPE = "support"
SECTION = "support"


def _request_of(access, request_id) -> SupportRequest:
    found = SupportRequest.objects.filter(consortium=access.consortium, pk=object_id(request_id) or 0).first()
    if found is None:
        raise Http404
    return found


def _may_write(access, user) -> bool:
    """The coordination and the operational team write for the consortium; AVIQ staff answer."""
    return is_aviq_staff(user) or access.can(MANAGE_REPORTING)


@consortium_page()
def support(request, access):
    if request.method == "POST" and (is_aviq_staff(request.user) or not access.can(MANAGE_REPORTING)):
        raise PermissionDenied
    form = RequestForm(posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid() and fragments.claim_submission(request, SCOPE):
            try:
                created = services.request_create(
                    actor=request.user, consortium=access.consortium, data=form.cleaned_data
                )
            except DomainError as error:
                fragments.release_submission(request, SCOPE)
                add_domain_error(form, error)
            else:
                messages.success(request, _("Demande envoyée à l'AVIQ : ses agents sont prévenus."))
                return redirect(
                    reverse("support:request", kwargs={"consortium_id": access.consortium.pk, "request_id": created.pk})
                )
        elif form.is_valid():
            return redirect(reverse("support:list", kwargs={"consortium_id": access.consortium.pk}))
        status = 400
    rows = SupportRequest.objects.filter(consortium=access.consortium).select_related("created_by")
    rows = rows.annotate(message_count=Count("messages")).order_by("-created_at", "-pk")  # GROUP BY drops Meta.ordering
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = page_context(
        access, SECTION, page=page, form=form, can_ask=access.can(MANAGE_REPORTING) and not is_aviq_staff(request.user)
    )
    return render(request, "aviq/support/list.html", context, status=status)


@consortium_page()
def support_request(request, access, request_id):
    found = _request_of(access, request_id)
    form = MessageForm(posted(request))
    status = 200
    if request.method == "POST":
        if not _may_write(access, request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.message_add(actor=request.user, request=found, text=form.cleaned_data["text"])
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Message envoyé."))
                return redirect(request.path)
        status = 400
    context = page_context(
        access,
        SECTION,
        support_request=found,
        thread=found.messages.select_related("author"),
        form=form,
        can_write=_may_write(access, request.user),
    )
    return render(request, "aviq/support/request.html", context, status=status)


@consortium_page(methods=("POST",))
def support_close(request, access, request_id):
    found = _request_of(access, request_id)
    if not _may_write(access, request.user):
        raise PermissionDenied
    try:
        services.request_close(actor=request.user, request=found)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Demande close."))
    return redirect(reverse("support:request", kwargs={"consortium_id": access.consortium.pk, "request_id": found.pk}))


URGENCY_ORDER = Case(
    When(urgency=SupportRequest.Urgency.URGENT, then=Value(0)),
    When(urgency=SupportRequest.Urgency.HIGH, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


@aviq_page()
def aviq_support(request):
    status = request.GET.get("status", SupportRequest.Status.OPEN)
    status = status if status in (*SupportRequest.Status.values, "all") else SupportRequest.Status.OPEN
    consortium_id = object_id(request.GET.get("consortium"))
    rows = SupportRequest.objects.select_related("consortium", "created_by")
    if status != "all":
        rows = rows.filter(status=status)
    if consortium_id:
        rows = rows.filter(consortium_id=consortium_id)
    rows = rows.annotate(urgency_rank=URGENCY_ORDER).order_by("urgency_rank", "created_at", "pk")
    counts = dict(SupportRequest.objects.values_list("status").annotate(n=Count("pk")).order_by())
    context = {
        "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
        "status": status,
        "statuses": SupportRequest.Status.choices,
        "counts": [(value, label, counts.get(value, 0)) for value, label in SupportRequest.Status.choices],
        "consortia": Consortium.objects.order_by("name").values("pk", "name"),
        "consortium_id": consortium_id,
    }
    return render(request, "aviq/support/aviq_list.html", context)


def open_requests_count() -> int:
    return SupportRequest.objects.filter(status=SupportRequest.Status.OPEN).count()
