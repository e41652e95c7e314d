"""Generated documents: the consortium's list with the "Générer le PDF" buttons, the waiting page (a progress bar
refreshed by htmx until the document is ready), a batch's progress, and the download.

Who may ask and read: reporting/document_access.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from consortia.views.common import consortium_page, page_context
from mandates import selectors as mandate_selectors
from ols_platform import files
from ols_platform.errors import DomainError

from .. import document_selectors as selectors
from .. import report_selectors
from ..document_access import may_request, may_request_some, visible_documents
from ..document_forms import DocumentRequestForm
from ..models import DocumentKind, GeneratedDocument
from ..models.reports import REPORT_YEARS
from ..permissions import MANAGE_REPORTING
from ..services import documents as services

SECTION = "documents"
PER_PAGE = 25


def document_or_404(access, user, document_id) -> GeneratedDocument:
    """The consortium's document of the URL (else 404), if this user may read it (else 403)."""
    document = selectors.document_of(access.consortium, document_id)
    if document is None:
        raise Http404
    if not visible_documents(access, user, GeneratedDocument.objects.filter(pk=document.pk)).exists():
        raise PermissionDenied
    return document


def document_url(document, name="document") -> str:
    return reverse(f"reporting:{name}", kwargs={"consortium_id": document.consortium_id, "document_id": document.pk})


@consortium_page(methods=("GET",))
def document_list(request, access):
    kind = request.GET.get("kind", "")
    rows = visible_documents(access, request.user, selectors.documents_of(access.consortium, kind=kind))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reporting/documents/list.html", list_context(access, page=page, kind=kind))


def list_context(access, **extra) -> dict:
    can_generate = access.can(MANAGE_REPORTING)
    mandates = list(mandate_selectors.latest_versions(access.consortium)) if can_generate else []
    return page_context(
        access,
        SECTION,
        kinds=DocumentKind.choices,
        can_generate=can_generate,
        mandates=mandates,
        report_years=REPORT_YEARS,
        **extra,
    )


@consortium_page(methods=("POST",))
def document_request(request, access):
    if not may_request_some(access, request.user):
        raise PermissionDenied
    form = DocumentRequestForm(request.POST, consortium=access.consortium)
    if not form.is_valid():
        return _refused(request, access, form.non_field_errors() or [_("Demande de document incomplète.")])
    kind = form.cleaned_data["kind"]
    subject = form.subject()
    if not may_request(access, request.user, kind, subject["structure"]):
        raise PermissionDenied
    try:
        document = services.document_request(actor=request.user, consortium=access.consortium, kind=kind, **subject)
    except DomainError as exc:
        return _refused(request, access, [exc.message])
    return redirect(document_url(document), permanent=False)


def _refused(request, access, errors):
    page = Paginator(
        visible_documents(access, request.user, selectors.documents_of(access.consortium)), PER_PAGE
    ).get_page(1)
    context = list_context(access, page=page, kind="", request_errors=[str(error) for error in errors])
    return render(request, "reporting/documents/list.html", context, status=400)


@consortium_page(MANAGE_REPORTING, methods=("POST",))
def document_batch_request(request, access):
    """Every structure's activity report of a year, one job each, rendered in parallel by the workers."""
    year = request.POST.get("year", "")
    if year not in {str(y) for y in REPORT_YEARS}:
        return _refused(request, access, [_("Choisissez l'année des rapports.")])
    structures = [
        row.structure for row in report_selectors.report_rows(access.consortium, int(year)) if row.report_id is not None
    ]
    try:
        batch = services.documents_request_batch(
            actor=request.user,
            consortium=access.consortium,
            kind=DocumentKind.ACTIVITY_REPORT,
            subjects=[{"structure": structure, "year": int(year)} for structure in structures],
        )
    except DomainError:
        return _refused(request, access, [_("Aucun rapport d'activité %(year)s n'est commencé.") % {"year": year}])
    return redirect(reverse("reporting:document_batch", kwargs={"consortium_id": access.consortium.pk, "batch": batch}))


@consortium_page(methods=("GET",))
def document_detail(request, access, document_id):
    document = document_or_404(access, request.user, document_id)
    heading = _("%(title)s — version %(n)s") % {"title": services.document_title(document), "n": document.version}
    context = page_context(access, SECTION, document=document, heading=heading, delayed=services.is_delayed(document))
    if request.htmx:
        return render(request, "reporting/documents/_job.html", context)
    return render(request, "reporting/documents/detail.html", context)


@consortium_page(methods=("GET",))
def document_batch(request, access, batch):
    visible = visible_documents(access, request.user, selectors.batch_of(access.consortium, batch))
    documents = list(visible.order_by("structure__name", "pk"))
    if not documents:
        raise Http404
    done = sum(document.status == "done" for document in documents)
    context = page_context(
        access,
        SECTION,
        batch=batch,
        documents=documents,
        done=done,
        open=any(document.is_open for document in documents),
        delayed=any(services.is_delayed(document) for document in documents),
    )
    if request.htmx:
        return render(request, "reporting/documents/_batch.html", context)
    return render(request, "reporting/documents/batch.html", context)


@consortium_page(methods=("GET",))
def document_download(request, access, document_id):
    document = document_or_404(access, request.user, document_id)
    if document.status != "done":
        messages.info(request, _("Ce document n'est pas encore prêt."))
        return redirect(document_url(document))
    return files.private_download(document.file, document.filename)
