"""What each kind of generated document shows: `build(document)` → (template name, context) for reporting/pdf.py.

Each builder reads its subject with a fixed number of queries, whatever its size.
"""

from django.utils.translation import gettext as _

from mandates import rules as mandate_rules
from mandates import selectors as mandate_selectors
from mandates.models import AXES, ESSENTIALS, MODALITIES
from ols_platform.errors import DomainError

from .models import DocumentKind
from .pdf_deliverable import deliverable_document
from .pdf_reports import activity_report_for


def build(document) -> tuple[str, dict]:
    builder = BUILDERS.get(document.kind)
    if builder is None:
        raise DomainError(_("Ce type de document n'est pas pris en charge."), code="unknown_kind")
    return builder(document)


def mandate_sheet(document) -> tuple[str, dict]:
    """The "fiche mandat": one version of a mandate, its twelve parts in the seed's two groups."""
    mandate = mandate_selectors.mandate_of(document.consortium, document.mandate_id)
    if mandate is None:
        raise DomainError(_("Ce mandat n'existe plus."), code="subject_gone")
    axes = dict(AXES)
    values = {name: getattr(mandate, name) for name in ("articulation", "working_methods", "deliverables")}
    values |= {name: getattr(mandate, name) for name in ("start_date", "end_date", "commitments", "resources")}
    context = {
        "mandate": mandate,
        "essentials": ESSENTIALS,
        "modalities": MODALITIES,
        "tasks": [(axes.get(axis), tasks) for axis, tasks in mandate_selectors.tasks_by_axis(mandate)],
        "members": list(mandate_selectors.members_of(mandate)),
        "budget_lines": list(mandate_selectors.budget_lines_of(mandate)),
        "missing_modalities": mandate_rules.missing_modalities(values),
        "document_title": _("Fiche mandat"),
        "document_subtitle": f"{mandate.title} — {mandate.get_kind_display()}, "
        + _("version %(n)s (%(status)s)") % {"n": mandate.number, "status": mandate.get_status_display()},
        "toc": [],
    }
    return "pdf/mandate.html", context


def evaluation_deliverable(document) -> tuple[str, dict]:
    return deliverable_document(document.consortium)


BUILDERS = {
    DocumentKind.EVALUATION_DELIVERABLE: evaluation_deliverable,
    DocumentKind.ACTIVITY_REPORT: activity_report_for,
    DocumentKind.MANDATE: mandate_sheet,
}
