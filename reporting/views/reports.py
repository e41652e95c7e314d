"""The structures' activity reports: the year's list (one row per AVIQ-funded member structure), a report with its
sections and the shared paragraphs that concern it, a section's edit form, submit, reopen, and how each structure
reports (AVIQ funding, a funder's template). Who may do what: reporting/report_access.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from consortia.views.common import (
    add_domain_error,
    consortium_page,
    page_context,
    posted,
    refuse_stale,
    roles_url,
    save_unless_stale,
    submit,
)
from ols_platform.errors import ConflictError, DomainError
from review import selectors as review_selectors
from review.models import ItemKind

from .. import report_selectors as selectors
from ..models.reports import HANDED_IN, REPORT_YEARS, StructureReporting
from ..permissions import MANAGE_REPORTING
from ..report_access import report_rights
from ..report_forms import ReopenForm, ReportingSettingsForm, SectionForm, SubmitForm, member_structures
from ..services import reports as services

SECTION = "reports"
PER_PAGE = 50


def list_url(consortium_id, year=None) -> str:
    url = reverse("reporting:reports", kwargs={"consortium_id": consortium_id})
    return f"{url}?year={year}" if year else url


def report_url(report, name="report") -> str:
    return reverse(f"reporting:{name}", kwargs={"consortium_id": report.consortium_id, "report_id": report.pk})


def report_or_404(access, report_id):
    report = selectors.report_of(access.consortium, report_id)
    if report is None:
        raise Http404
    return report


def _context(access, rights, **extra):
    return page_context(access, SECTION, rights=rights, years=REPORT_YEARS, **extra)


@consortium_page(methods=("GET",))
def report_list(request, access):
    consortium = access.consortium
    rights = report_rights(access, request.user)
    year = selectors.year_of(request.GET.get("year"))
    page = Paginator(selectors.report_rows(consortium, year), PER_PAGE).get_page(request.GET.get("page"))
    tallies = selectors.paragraph_tallies(consortium, year)
    for row in page.object_list:
        row.paragraphs_total, row.paragraphs_approved = tallies.get(row.structure_id, (0, 0))
        row.readable = row.report_id is not None and (
            rights.manages or row.structure_id in rights.reporter_of or row.report_status == "submitted"
        )
        row.writable = rights.may_write(row.structure_id)
    context = _context(access, rights, year=year, page=page, not_funded=list(selectors.not_funded(consortium)))
    return render(request, "reporting/reports/list.html", context)


@consortium_page(methods=("POST",))
def report_start(request, access):
    """Start a structure's report of a year (its sections laid out); starting it twice opens the same report."""
    consortium = access.consortium
    rights = report_rights(access, request.user)
    if not rights.writes_some:
        raise PermissionDenied
    year = selectors.year_of(request.POST.get("year"))
    try:
        structure_id = int(str(request.POST.get("structure", ""))[:12])
    except ValueError:
        structure_id = None
    structure = member_structures(consortium).filter(pk=structure_id).first() if structure_id else None
    if structure is None:
        messages.error(request, _("Choisissez une structure membre de ce consortium."))
        return redirect(list_url(consortium.pk, year))
    rights.require_write(structure.pk)
    try:
        report, created = services.report_start(
            actor=request.user, consortium=consortium, structure=structure, year=year
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(list_url(consortium.pk, year))
    if created:
        messages.success(
            request,
            _("Le rapport d'activité %(year)s de %(name)s est commencé.")
            % {
                "year": year,
                "name": structure.name,
            },
        )
    return redirect(report_url(report))


def detail_context(access, rights, report, **extra) -> dict:
    sections = selectors.sections_of(report)
    states = selectors.paragraph_states(selectors.paragraphs_for(report), access.consortium)
    titles = {section.title for section in sections}
    for section in sections:
        section.shared = [state for state in states if state.paragraph.section_title == section.title]
    trailing = [state for state in states if state.paragraph.section_title not in titles]
    return _context(
        access,
        rights,
        report=report,
        sections=sections,
        trailing=trailing,
        paragraph_count=len(states),
        filled=sum(1 for section in sections if section.is_filled),
        writable=report.is_draft and rights.may_write(report.structure_id),
        report_pdf_allowed=rights.may_write(report.structure_id),
        roles_link=roles_url(access.consortium) if access.can_manage_roles else "",
        handed_in=HANDED_IN,
        **({"review": {"comments": [], "events": []}} | extra),
    )


@consortium_page(methods=("GET",))
def report_detail(request, access, report_id):
    rights = report_rights(access, request.user)
    report = report_or_404(access, report_id)
    rights.require_read(report)
    review = review_selectors.panel(
        request.user, consortium_id=access.consortium.pk, item_kind=ItemKind.REPORT, item_id=report.pk
    )
    return render(request, "reporting/reports/detail.html", detail_context(access, rights, report, review=review))


@consortium_page()
def section_edit(request, access, report_id, section_id):
    rights = report_rights(access, request.user)
    report = report_or_404(access, report_id)
    rights.require_read(report)
    rights.require_write(report.structure_id)
    section = selectors.section_of(report, section_id)
    if section is None:
        raise Http404
    form = SectionForm(posted(request), initial={"body": section.body, "version": section.version})
    conflicts, status = [], 200
    if not report.is_draft:
        form, status = None, 409 if request.method == "POST" else 200
    elif request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.section_update(
                    actor=request.user,
                    section=section,
                    body=form.cleaned_data["body"],
                    expected_version=form.cleaned_data["version"],
                )
            except ConflictError as exc:
                status = 409
                if exc.code == "report_submitted":
                    form = None
                else:
                    now = selectors.section_of(report, section.pk)
                    conflicts = refuse_stale(form, exc, {"body": now.body}, {"version": now.version})
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("La section « %s » est enregistrée.") % section.title)
                return redirect(report_url(report) + f"#section-{section.pk}")
    context = _context(access, rights, report=report, report_section=section, form=form, conflicts=conflicts)
    return render(request, "reporting/reports/section_form.html", context, status=status)


@consortium_page(methods=("POST",))
def report_submit(request, access, report_id):
    rights = report_rights(access, request.user)
    report = report_or_404(access, report_id)
    rights.require_read(report)
    rights.require_write(report.structure_id)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Version illisible : rechargez la page."))
        return redirect(report_url(report))
    try:
        services.report_submit(actor=request.user, report=report, expected_version=form.cleaned_data["version"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(report_url(report))
    messages.success(request, _("Le rapport est remis. Il ne peut plus être modifié, sauf réouverture."))
    return redirect(report_url(report))


@consortium_page(MANAGE_REPORTING)
def report_reopen(request, access, report_id):
    rights = report_rights(access, request.user)
    report = report_or_404(access, report_id)
    form = ReopenForm(posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            reopened = submit(
                form,
                lambda: services.report_reopen(actor=request.user, report=report, reason=form.cleaned_data["reason"]),
            )
            if reopened:
                messages.success(request, _("Le rapport est rouvert : il est de nouveau en brouillon."))
                return redirect(report_url(report))
    context = _context(access, rights, report=report, form=form)
    return render(request, "reporting/reports/reopen.html", context, status=status)


@consortium_page(MANAGE_REPORTING, methods=("GET",))
def settings_list(request, access):
    rights = report_rights(access, request.user)
    consortium = access.consortium
    settings = {row.structure_id: row for row in StructureReporting.objects.filter(consortium=consortium)}
    rows = [(structure, settings.get(structure.pk)) for structure in member_structures(consortium)]
    return render(request, "reporting/reports/settings_list.html", _context(access, rights, rows=rows))


@consortium_page(MANAGE_REPORTING)
def settings_edit(request, access, structure_id):
    rights = report_rights(access, request.user)
    consortium = access.consortium
    structure = member_structures(consortium).filter(pk=structure_id).first()
    if structure is None:
        raise Http404
    setting = StructureReporting.objects.filter(consortium=consortium, structure=structure).first()
    initial = {
        "aviq_funded": setting.aviq_funded if setting else True,
        "specific_template": setting.specific_template if setting else "",
        "template_sections": setting.template_sections if setting else "",
        "version": setting.version if setting else 0,
    }
    form = ReportingSettingsForm(posted(request), initial=initial)
    conflicts, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in ("aviq_funded", "specific_template", "template_sections")}
            saved, conflicts, _record = save_unless_stale(
                form,
                lambda: services.reporting_settings_save(
                    actor=request.user,
                    consortium=consortium,
                    structure=structure,
                    data=data,
                    expected_version=form.cleaned_data["version"],
                ),
                lambda: _reread_setting(consortium, structure),
            )
            if saved:
                messages.success(request, _("Le rapportage de %s est enregistré.") % structure.name)
                return redirect(reverse("reporting:report_settings", kwargs={"consortium_id": consortium.pk}))
            status = 409 if conflicts else 400
    context = _context(access, rights, structure=structure, form=form, conflicts=conflicts)
    return render(request, "reporting/reports/settings_form.html", context, status=status)


def _reread_setting(consortium, structure):
    setting = StructureReporting.objects.get(consortium=consortium, structure=structure)
    values = {
        "aviq_funded": setting.aviq_funded,
        "specific_template": setting.specific_template,
        "template_sections": setting.template_sections,
    }
    return setting, values, {"version": setting.version}
