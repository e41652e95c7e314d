"""The decision register as an .xlsx workbook, with the filters of the page (the house's pattern: budget/exporting).

User text is written as text, never as a formula: a title or a rationale starting with = + - @ is stored as a string
cell (type "s"), which a spreadsheet shows as it is and never evaluates (as budget/exporting does)."""

import io

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .models import DecisionDomain, DecisionMethod, Outcome
from .register import register_of

DATE_FORMAT = "DD/MM/YYYY"


def _text(cell, value: str):
    """User text as a string cell: a spreadsheet never evaluates it, even when it starts like a formula."""
    cell.value = value
    cell.data_type = "s"
    return cell


def register_workbook(consortium, filters: dict) -> tuple[bytes, str]:
    """The filtered register (every row), one decision a row, and a file name. Two queries whatever its size."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Registre")
    headers = [
        _("Référence"),
        _("Date"),
        _("Instance"),
        _("Domaine"),
        _("Intitulé"),
        _("Mode de décision"),
        _("Résultat"),
        _("Corrige"),
        _("Corrections"),
        _("Motivation"),
    ]
    widths = [14, 12, 28, 30, 48, 22, 18, 14, 12, 60]
    sheet.append(headers)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=1, column=index).font = Font(bold=True)
    sheet.freeze_panes = "A2"
    domains, methods, outcomes = dict(DecisionDomain.choices), dict(DecisionMethod.choices), dict(Outcome.choices)
    row = 1
    for decision in register_of(consortium, filters).iterator(chunk_size=500):
        row += 1
        values = [
            decision.reference,
            decision.decided_on,
            decision.body.name,
            str(domains.get(decision.domain, decision.domain)),
            decision.title,
            str(methods.get(decision.method, decision.method)),
            str(outcomes.get(decision.outcome, decision.outcome)),
            decision.corrects.reference if decision.corrects_id else "",
            decision.correction_count,
            decision.rationale,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column)
            if isinstance(value, str):
                _text(cell, value)
            else:
                cell.value = value
        sheet.cell(row=row, column=2).number_format = DATE_FORMAT
        sheet.cell(row=row, column=10).alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    slug = slugify(consortium.name)[:40] or "consortium"
    return buffer.getvalue(), f"registre-decisions-{slug}-{timezone.localdate():%Y%m%d}.xlsx"
