"""The programme dashboard as an .xlsx workbook: the rows the page shows (its filters and order), then the totals."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

EURO_FORMAT = '#,##0.00 "€"'
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "DD/MM/YYYY"


def _cell_text(value):
    """User text stays text: a name starting with "=" is not a formula."""
    return f"'{value}" if isinstance(value, str) and value[:1] in "=+-@" else value


def programme_workbook(rows, totals) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Programme")
    headers = [
        _("Consortium"),
        _("Territoire"),
        _("Population"),
        _("Enveloppe"),
        _("Statut du budget"),
        _("Prévu"),
        _("Part de l'enveloppe"),
        _("Dépensé"),
        _("Personnel prévu"),
        _("Personnel dépensé"),
        *(_("Étape %d (%%)") % n for n in range(1, 6)),
        _("Mandats adoptés"),
        _("Mandats qui prennent fin"),
        _("Décisions (90 jours)"),
        _("Dernière activité"),
        _("Règles non respectées"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    for row in rows:
        sheet.append(
            [
                _cell_text(row.name),
                _cell_text(row.territory),
                row.population,
                row.envelope,
                row.budget_status_label or _("aucun"),
                row.planned,
                row.envelope_use,
                row.actual,
                row.personnel_share,
                row.personnel_share_actual,
                *row.steps,
                row.adopted_mandates,
                row.expiring_mandates,
                row.recent_decisions,
                row.last_activity.date() if row.last_activity else None,
                " ".join(str(v.message) for v in row.violations),
            ]
        )
    sheet.append([])
    sheet.append([_("Total des consortia"), "", "", totals["envelope"], "", totals["planned"], "", totals["actual"]])
    sheet.append([_("Programme"), "", "", totals["programme"], "", totals["margin"], _("marge")])
    for column in ("D", "F", "H"):
        for cell in sheet[column][1:]:
            cell.number_format = EURO_FORMAT
    for column in ("G", "I", "J"):
        for cell in sheet[column][1:]:
            cell.number_format = PERCENT_FORMAT
    for cell in sheet["T"][1:]:
        cell.number_format = DATE_FORMAT
    for letter, width in (("A", 34), ("B", 24), ("E", 22), ("U", 60)):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
