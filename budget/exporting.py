"""The consortium's current budget version as an .xlsx workbook, one function per sheet; the import's template."""

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from consortia.models import Consortium
from ols_platform.formatting import format_money

from . import selectors
from .models import LINE_ORDER, BudgetLine, Category
from .spreadsheets import HEADERS_FR, header_key
from .staff import rules as staff_rules
from .staff.models import StaffArrangement

EURO_FORMAT = '#,##0.00 "€"'
PERCENT_FORMAT = "0.00%"
DATE_FORMAT = "DD/MM/YYYY"


def _text(cell, value):
    """Write user text as text, never as a formula (a label starting with "=" stays a label)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _sheet(workbook, title, headers, widths):
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=1, column=index).font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return sheet


def _row(sheet, values, formats=None):
    """Append a row: strings as text, Decimals as numbers; `formats` maps 0-based column index → number format."""
    # openpyxl's max_row scans every cell: keep our own count so that writing stays linear.
    last = getattr(sheet, "_ols_last_row", None)
    row_number = (sheet.max_row if last is None else last) + 1
    sheet._ols_last_row = row_number
    for index, value in enumerate(values, start=1):
        cell = sheet.cell(row=row_number, column=index)
        if isinstance(value, str):
            _text(cell, value)
        else:
            cell.value = value
        if formats and index - 1 in formats and value is not None:
            cell.number_format = formats[index - 1]
    return row_number


LINE_COLUMNS = ["structure", "nom de la structure", "catégorie", "année", "libellé", "montant", "fonction", "ETP"]
EXPENSE_COLUMNS = ["date", "ligne", "structure", "catégorie", "année", "montant", "justification", "pièce jointe"]
ARRANGEMENT_COLUMNS = [
    "personne ou fonction",
    "type",
    "structure employeuse",
    "ETP",
    "début",
    "fin",
    "coût mensuel",
    "coût sur la période",
    "lignes financées",
    "document signé",
]


def import_template_workbook(consortium: Consortium) -> tuple[bytes, str]:
    """The file to fill in for an import: the header row the importer reads (`spreadsheets.HEADERS_FR`) and one
    example row, valid as it is (a personnel line of the lead structure), and a file name."""
    structure = selectors.first_structure(consortium)
    example = {
        "structure": structure.enterprise_number if structure else "0123.456.789",
        "category": str(Category.PERSONNEL.label),
        "year": 1,
        "label": _("Coordinatrice"),
        "amount": Decimal("12345.67"),
        "staff_role": _("Coordination"),
        "fte": Decimal("0.8"),
    }
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheet = _sheet(workbook, _("Lignes"), list(HEADERS_FR.values()), [18, 16, 8, 30, 14, 20, 8])
    _row(sheet, [example[name] for name in HEADERS_FR], {list(HEADERS_FR).index("amount"): EURO_FORMAT})
    buffer = io.BytesIO()
    workbook.save(buffer)
    slug = header_key(consortium.name)[:40] or "consortium"
    return buffer.getvalue(), f"modele-import-budget-{slug}.xlsx"


def export_workbook(consortium: Consortium) -> tuple[bytes, str]:
    """The consortium's current budget version as an .xlsx workbook (Synthèse, Lignes, Dépenses, Mises à
    disposition) and a file name. A fixed number of queries whatever the size: the summary's, one per sheet."""
    summary = selectors.summary(consortium, selectors.versions(consortium))
    budget = summary.budget
    workbook = Workbook()
    write_synthesis(workbook.active, consortium, summary)
    write_lines(workbook, budget)
    write_expenses(workbook, consortium)
    write_arrangements(workbook, budget)
    buffer = io.BytesIO()
    workbook.save(buffer)
    slug = header_key(consortium.name)[:40] or "consortium"
    version = f"-v{budget.version}" if budget else ""
    return buffer.getvalue(), f"budget-{slug}{version}.xlsx"


def write_synthesis(synth, consortium, summary: selectors.Summary) -> None:
    """The figures of the summary as label/value pairs, then the rule violations (no query: all in `summary`)."""
    budget = summary.budget
    synth.title = "Synthèse"
    synth._ols_last_row = 0
    synth.column_dimensions["A"].width = 42
    synth.column_dimensions["B"].width = 22
    synth.column_dimensions["C"].width = 90

    def pair(label, value, fmt=None):
        _row(synth, [label, value], {1: fmt} if fmt else None)

    _row(synth, [_("Budget du consortium %s") % consortium.name])
    synth.cell(row=1, column=1).font = Font(bold=True, size=13)
    pair(_("Territoire"), consortium.territory.name)
    pair(_("Population"), consortium.territory.population, "# ##0")
    pair(_("Période"), f"{consortium.start_date:%d/%m/%Y} – {consortium.end_date:%d/%m/%Y}")
    if budget is not None:
        pair(_("Version"), budget.version)
        pair(_("Statut"), str(budget.get_status_display()))
    else:
        pair(_("Version"), _("aucun budget"))
    pair(_("Enveloppe (plafond)"), summary.envelope, EURO_FORMAT)
    pair(_("Total prévu"), summary.total_planned, EURO_FORMAT)
    pair(_("Reste disponible"), summary.remaining, EURO_FORMAT)
    pair(_("Frais de personnel prévus"), summary.personnel_planned, EURO_FORMAT)
    pair(_("Part de personnel"), summary.personnel_share, PERCENT_FORMAT)
    pair(_("Part minimale requise"), summary.rules.personnel_min_share, PERCENT_FORMAT)
    for row in summary.by_year:
        pair(_("Total prévu, année %s") % row.key, row.planned, EURO_FORMAT)
    for row in summary.by_category:
        pair(_("Total prévu, %s") % row.label.lower(), row.planned, EURO_FORMAT)
    pair(_("Dépenses réelles"), summary.total_actual, EURO_FORMAT)
    if summary.approved_total is not None:
        pair(_("Budget approuvé"), summary.approved_total, EURO_FORMAT)
    _row(synth, [])
    write_violations(synth, summary.violations)


def write_violations(synth, violations) -> None:
    title_row = _row(synth, [_("Violations des règles"), _("code"), _("explication")])
    for col in (1, 2, 3):
        synth.cell(row=title_row, column=col).font = Font(bold=True)
    for violation in violations:
        number = _row(synth, ["", violation.code, violation.message])
        synth.cell(row=number, column=3).alignment = Alignment(wrap_text=True)
    if not violations:
        _row(synth, ["", "", _("Aucune : le budget respecte les règles.")])


def write_lines(workbook, budget) -> None:
    """The lines of the version, in plan order (one query)."""
    sheet = _sheet(workbook, "Lignes", LINE_COLUMNS, [16, 34, 16, 8, 40, 16, 28, 8])
    if budget is None:
        return
    categories = dict(Category.choices)
    for line in BudgetLine.objects.filter(budget=budget).select_related("structure").order_by(*LINE_ORDER):
        values = [line.structure.enterprise_number, line.structure.name, str(categories[line.category]), line.year]
        _row(sheet, [*values, line.label, line.amount, line.staff_role, line.fte], {5: EURO_FORMAT, 7: "0.00"})


def write_expenses(workbook, consortium) -> None:
    """Every expense of the consortium, newest first (one query)."""
    sheet = _sheet(workbook, "Dépenses", EXPENSE_COLUMNS, [12, 36, 30, 16, 8, 16, 50, 30])
    categories = dict(Category.choices)
    for expense in selectors.expenses(consortium):
        line = expense.budget_line
        values = [expense.date, line.label, line.structure.name, str(categories[line.category]), line.year]
        _row(
            sheet,
            [*values, expense.amount, expense.justification, expense.justification_filename],
            {0: DATE_FORMAT, 5: EURO_FORMAT},
        )


def write_arrangements(workbook, budget) -> None:
    """The staff arrangements of the version with the lines they are paid from (two queries)."""
    sheet = _sheet(workbook, "Mises à disposition", ARRANGEMENT_COLUMNS, [30, 30, 30, 8, 12, 12, 16, 18, 50, 30])
    if budget is None:
        return
    arrangements = (
        StaffArrangement.objects.filter(budget=budget)
        .select_related("employer")
        .prefetch_related("lines")
        .order_by("start_date", "pk")
    )
    for arrangement in arrangements:
        _row(
            sheet,
            _arrangement_row(arrangement),
            {3: "0.00", 4: DATE_FORMAT, 5: DATE_FORMAT, 6: EURO_FORMAT, 7: EURO_FORMAT},
        )


def _arrangement_row(arrangement) -> list:
    funded_by = " ; ".join(
        f"{line.label} (A{line.year}, {format_money(line.amount)})" for line in arrangement.lines.all()
    )
    return [
        arrangement.person,
        str(arrangement.get_kind_display()),
        arrangement.employer.name,
        arrangement.fte,
        arrangement.start_date,
        arrangement.end_date,
        arrangement.monthly_cost,
        staff_rules.period_cost(arrangement.monthly_cost, arrangement.start_date, arrangement.end_date),
        funded_by,
        arrangement.document_filename,
    ]
