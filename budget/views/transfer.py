"""Import (upload → preview → confirm) and export of the budget. Thin: the gate, the form, `budget.importing` (the
preview), the import service, `budget.exporting`.

The checked rows stay in the session between the preview and the confirmation (never re-uploaded); the
confirmation takes them out of the session before importing, and the import itself refuses a budget that changed
since the preview, so a double confirmation imports once.
"""

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budget import exporting, importing, services, spreadsheets
from budget.forms import ImportForm
from budget.permissions import EDIT_BUDGET, VIEW_BUDGET
from consortia.views.common import add_domain_error, consortium_page, page_context
from ols_platform.errors import DomainError
from ols_platform.formatting import format_number

from .common import overview_url

SESSION_KEY = "budget_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _import_url(consortium):
    return reverse("budget:import", kwargs={"consortium_id": consortium.pk})


def _context(access, **extra):
    headers = list(spreadsheets.HEADERS_FR.values())
    return page_context(access, "budget", page_name="import", max_rows=spreadsheets.MAX_ROWS, headers=headers, **extra)


def _stored(request) -> dict:
    return request.session.get(SESSION_KEY) or {}


@consortium_page(EDIT_BUDGET)
def import_lines(request, access):
    """GET: the upload form. POST: read the file and show the preview (nothing is written)."""
    consortium = access.consortium
    if request.method == "GET":
        return render(request, "budget/io/import.html", _context(access, form=ImportForm()))
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    form = ImportForm(request.POST, request.FILES)
    preview = None
    if form.is_valid():
        try:
            preview = importing.build_preview(consortium=consortium, file=form.cleaned_data["file"])
        except DomainError as error:
            add_domain_error(form, error)
    if preview is None:
        return render(request, "budget/io/import.html", _context(access, form=form))
    token = ""
    stored = _stored(request)
    stored.pop(str(consortium.pk), None)
    if preview.importable:
        token = uuid.uuid4().hex
        stored[str(consortium.pk)] = {"token": token, **preview.payload()}
    request.session[SESSION_KEY] = stored
    return render(request, "budget/io/preview.html", _context(access, preview=preview, token=token))


@consortium_page(EDIT_BUDGET, methods=("POST",))
def import_confirm(request, access):
    consortium = access.consortium
    stored = _stored(request)
    payload = stored.get(str(consortium.pk))
    token = request.POST.get("token", "")
    if not payload or not token or payload.get("token") != token:
        messages.error(
            request,
            _("Cet import a déjà été traité ou a expiré : rien n'a été importé. Vérifiez le budget, puis recommencez."),
        )
        return redirect(_import_url(consortium))
    # Taken out before importing: a second confirmation finds nothing to import.
    stored.pop(str(consortium.pk))
    request.session[SESSION_KEY] = stored
    request.session.save()
    try:
        created = services.budget_lines_import(actor=request.user, consortium=consortium, payload=payload)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_import_url(consortium))
    messages.success(
        request,
        ngettext(
            "%(count)s ligne importée depuis « %(file)s ».",
            "%(count)s lignes importées depuis « %(file)s ».",
            len(created),
        )
        % {"count": format_number(len(created)), "file": payload.get("filename")},
    )
    return redirect(overview_url(consortium, "lines"))


@consortium_page(VIEW_BUDGET, methods=("GET",))
def export(request, access):
    return _xlsx(*exporting.export_workbook(access.consortium))


@consortium_page(EDIT_BUDGET, methods=("GET",))
def import_template(request, access):
    """The .xlsx to fill in for an import: the expected header row and one example line."""
    return _xlsx(*exporting.import_template_workbook(access.consortium))


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
