"""A structure's activity report as a PDF: `activity_report_document(report)` → (template name, context) for the
documents pipeline (reporting/pdf.py adds the consortium, the date, the version and who asked).

Its sections in order, each a chapter of the table of contents; the shared paragraphs that concern the structure go
in the section they name (else in a last chapter) — only those every concerned structure approved in their current
revision: a pending one is never printed. Five queries, whatever the report's size.
"""

from django.utils.translation import gettext as _

from . import report_selectors as selectors


def activity_report_document(report) -> tuple[str, dict]:
    sections = selectors.sections_of(report)
    states = [
        state
        for state in selectors.paragraph_states(
            selectors.paragraphs_for(report), report.consortium_id, with_reporters=False
        )
        if state.is_approved
    ]
    titles = {section.title for section in sections}
    toc = []
    for number, section in enumerate(sections, start=1):
        section.number = number
        section.anchor = f"section-{number}"
        section.shared = [state for state in states if state.paragraph.section_title == section.title]
        toc.append((section.anchor, f"{number}. {section.title}"))
    trailing = [state for state in states if state.paragraph.section_title not in titles]
    if trailing:
        toc.append(("shared-paragraphs", _("Paragraphes communs")))
    context = {
        "report": report,
        "structure": report.structure,
        "sections": sections,
        "trailing": trailing,
        "toc": toc,
        "document_title": _("Rapport d'activité %s") % report.year,
        "document_subtitle": report.structure.name
        + (" — " + _("canevas « %s »") % report.specific_template if report.specific_template else ""),
    }
    return "pdf/activity_report.html", context


def activity_report_for(document) -> tuple[str, dict]:
    """The builder for reporting/document_builders.py (`DocumentKind.ACTIVITY_REPORT`): the report of the document's
    structure and year; refused with a readable message when that report was never started."""
    from ols_platform.errors import DomainError

    from .models.reports import ActivityReport

    report = (
        ActivityReport.objects.filter(
            consortium_id=document.consortium_id, structure_id=document.structure_id, year=document.year
        )
        .select_related("structure")
        .first()
    )
    if report is None:
        raise DomainError(
            _("Cette structure n'a pas encore commencé son rapport d'activité %s.") % document.year,
            code="subject_gone",
        )
    return activity_report_document(report)
