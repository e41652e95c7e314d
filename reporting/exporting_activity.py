"""The FILTERED activity log as an .xlsx workbook or a .csv file: French headers, dates dd/mm/yyyy, user text never
read as a formula (a title starting with "=" stays text, in Excel as in the CSV)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .models.activity import ActionLogic, ActivityKind, TransversalFunction

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WIDTHS = (12, 18, 48, 40, 40, 22, 50, 12, 40, 80, 10)


def headers() -> list[str]:
    return [
        _("Date"),
        _("Type"),
        _("Intitulé"),
        _("Logique d'action"),
        _("Fonction transversale"),
        _("Bassin de vie"),
        _("Structures"),
        _("Participants (nombre)"),
        _("Participants / publics"),
        _("Récit"),
        _("Pièces jointes"),
    ]


def rows(activities):
    """One row per activity (the queryset comes with its relations loaded)."""
    kinds, logics, functions = dict(ActivityKind.choices), dict(ActionLogic.choices), dict(TransversalFunction.choices)
    for activity in activities:
        yield [
            activity.date,
            str(kinds.get(activity.kind, activity.kind)),
            activity.title,
            str(logics.get(activity.logic, activity.logic)),
            str(functions.get(activity.function, "")),
            activity.life_basin.name if activity.life_basin else "",
            ", ".join(structure.name for structure in activity.structures.all()),
            activity.participants_count,
            activity.participants,
            activity.narrative,
            len(activity.attachments.all()),
        ]


def defuse(value: str) -> str:
    """A text cell a spreadsheet would run as a formula, made plain text with a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def as_csv(activities) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(headers())
    for row in rows(activities):
        cells = []
        for value in row:
            if value is None:
                cells.append("")
            elif hasattr(value, "strftime"):
                cells.append(value.strftime("%d/%m/%Y"))
            elif isinstance(value, str):
                cells.append(defuse(value))
            else:
                cells.append(str(value))
        writer.writerow(cells)
    # A BOM so that Excel opens the French accents right.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(activities) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Activités")
    sheet.append(headers())
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=1, column=index).font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row_number, row in enumerate(rows(activities), start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
            elif hasattr(value, "strftime"):
                cell.number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
