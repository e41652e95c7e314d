"""Shared paragraphs: the year's list with each paragraph's approvals (who agreed to the current revision, who is
missing, a structure without a reporter), the operational team's create and edit forms, and a reporter's approval."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from consortia.models import Structure
from consortia.views.common import consortium_page, page_context, posted, roles_url, save_unless_stale, submit
from mandates.views.common import claim_submission, release_submission
from ols_platform.errors import DomainError

from .. import report_selectors as selectors
from ..models.reports import COMMON_MISSIONS_SECTION, REPORT_YEARS
from ..permissions import MANAGE_REPORTING
from ..report_access import report_rights
from ..report_forms import ApproveForm, SharedParagraphForm
from ..services import reports as services

SECTION = "reports"


def list_url(consortium_id, year=None) -> str:
    url = reverse("reporting:shared_paragraphs", kwargs={"consortium_id": consortium_id})
    return f"{url}?year={year}" if year else url


@consortium_page(methods=("GET",))
def paragraph_list(request, access):
    rights = report_rights(access, request.user)
    year = selectors.year_of(request.GET.get("year"))
    states = selectors.paragraph_states(selectors.paragraphs_of(access.consortium, year), access.consortium)
    context = page_context(
        access,
        SECTION,
        rights=rights,
        year=year,
        years=REPORT_YEARS,
        states=states,
        roles_link=roles_url(access.consortium) if access.can_manage_roles else "",
    )
    return render(request, "reporting/reports/paragraphs.html", context)


@consortium_page(MANAGE_REPORTING)
def paragraph_create(request, access):
    consortium = access.consortium
    initial = {"year": selectors.year_of(request.GET.get("year")), "section_title": str(COMMON_MISSIONS_SECTION)}
    form = SharedParagraphForm(posted(request), consortium=consortium, initial=initial)
    status = 200
    if request.method == "POST":
        if not claim_submission(request):
            messages.info(request, _("Ce formulaire a déjà été envoyé : le paragraphe est enregistré une seule fois."))
            return redirect(list_url(consortium.pk))
        status = 400
        if form.is_valid():
            data = form.paragraph_data()
            paragraph = submit(
                form, lambda: services.shared_paragraph_create(actor=request.user, consortium=consortium, data=data)
            )
            if paragraph:
                messages.success(request, _("Le paragraphe commun est enregistré ; chaque structure doit l'approuver."))
                return redirect(list_url(consortium.pk, paragraph.year) + f"#paragraph-{paragraph.pk}")
        release_submission(request)
    context = page_context(access, SECTION, form=form, paragraph=None, conflicts=[])
    return render(request, "reporting/reports/paragraph_form.html", context, status=status)


@consortium_page(MANAGE_REPORTING)
def paragraph_edit(request, access, paragraph_id):
    consortium = access.consortium
    paragraph = selectors.paragraph_of(consortium, paragraph_id)
    if paragraph is None:
        raise Http404
    initial = {
        "year": paragraph.year,
        "title": paragraph.title,
        "body": paragraph.body,
        "section_title": paragraph.section_title,
        "structures": list(paragraph.structures.all()),
        "version": paragraph.version,
    }
    form = SharedParagraphForm(posted(request), consortium=consortium, initial=initial)
    conflicts, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.paragraph_data()
            saved, conflicts, _record = save_unless_stale(
                form,
                lambda: services.shared_paragraph_update(
                    actor=request.user, paragraph=paragraph, data=data, expected_version=form.cleaned_data["version"]
                ),
                lambda: _reread(consortium, paragraph.pk),
            )
            if saved:
                messages.success(request, _("Le paragraphe commun est enregistré."))
                return redirect(list_url(consortium.pk, data["year"]) + f"#paragraph-{paragraph.pk}")
            status = 409 if conflicts else 400
    context = page_context(access, SECTION, form=form, paragraph=paragraph, conflicts=conflicts)
    return render(request, "reporting/reports/paragraph_form.html", context, status=status)


def _reread(consortium, paragraph_id):
    paragraph = selectors.paragraph_of(consortium, paragraph_id)
    values = {"title": paragraph.title, "body": paragraph.body, "section_title": paragraph.section_title}
    return paragraph, values, {"version": paragraph.version}


@consortium_page(methods=("POST",))
def paragraph_approve(request, access, paragraph_id):
    """A reporter's agreement, for their structure, to the revision they read."""
    consortium = access.consortium
    rights = report_rights(access, request.user)
    if not rights.reporter_of:
        raise PermissionDenied
    paragraph = selectors.paragraph_of(consortium, paragraph_id)
    if paragraph is None:
        raise Http404
    back = list_url(consortium.pk, paragraph.year) + f"#paragraph-{paragraph.pk}"
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Demande illisible : rechargez la page et approuvez à nouveau."))
        return redirect(back)
    structure = Structure.objects.filter(pk=form.cleaned_data["structure"]).first()
    if structure is None or not rights.may_approve(structure.pk):
        raise PermissionDenied
    try:
        services.shared_paragraph_approve(
            actor=request.user, paragraph=paragraph, structure=structure, revision=form.cleaned_data["revision"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, _("Votre accord pour %s est enregistré.") % structure.name)
    return redirect(back)
