"""Import of budget lines from a spreadsheet (.xlsx / .csv) and export of the budget to .xlsx.

Import is in two steps: `build_preview` reads the file and checks every row (nothing is written), then
`budget_lines_import` — the service — writes the checked rows all or nothing: the budget is locked, the rows are
checked again under the lock, the cap is checked on the new total, and the lines are created with their history.
The preview names the budget revision it was computed on; the import refuses to run on another one, so a stale
preview or a second confirmation cannot import twice.
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history

from consortia.enterprise_number import validate_enterprise_number
from consortia.models import Consortium, Membership
from ols_platform.errors import ConflictError, DomainError
from ols_platform.formatting import format_money

from . import rules, selectors, staff_rules
from . import services as budget_services
from .files import check_archive
from .models import Budget, BudgetLine, Category, RuleSet
from .staff import StaffArrangement

ZERO = Decimal("0.00")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 40
EURO_FORMAT = '#,##0.00 "€"'
PERCENT_FORMAT = "0.00%"
DATE_FORMAT = "DD/MM/YYYY"

# Canonical column → accepted headers, compared without accents, case, spaces or punctuation.
COLUMNS = {
    "structure": (
        "structure",
        "structureenterprisenumber",
        "enterprisenumber",
        "numerodentreprise",
        "numerobce",
        "bce",
    ),
    "category": ("category", "categorie"),
    "year": ("year", "annee"),
    "label": ("label", "libelle"),
    "amount": ("amount", "montant", "amounteur", "montanteur"),
    "staff_role": ("staffrole", "fonction", "role"),
    "fte": ("fte", "etp"),
}
REQUIRED = ("structure", "category", "year", "label", "amount")
HEADERS_FR = {
    "structure": "structure",
    "category": "catégorie",
    "year": "année",
    "label": "libellé",
    "amount": "montant",
    "staff_role": "fonction",
    "fte": "ETP",
}
CATEGORY_WORDS = {
    "personnel": Category.PERSONNEL,
    "fraisdepersonnel": Category.PERSONNEL,
    "operating": Category.OPERATING,
    "fonctionnement": Category.OPERATING,
    "fraisdefonctionnement": Category.OPERATING,
    "equipment": Category.EQUIPMENT,
    "equipement": Category.EQUIPMENT,
    "subcontracting": Category.SUBCONTRACTING,
    "soustraitance": Category.SUBCONTRACTING,
    "other": Category.OTHER,
    "autre": Category.OTHER,
    "autres": Category.OTHER,
}
YEAR_WORDS = {"1": 1, "2": 2, "annee1": 1, "annee2": 2, "a1": 1, "a2": 2, "an1": 1, "an2": 2, "year1": 1, "year2": 2}


def _key(text) -> str:
    """`Catégorie ` → `categorie`: lower case, no accents, letters and digits only."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", text.lower())


# --- reading the file -------------------------------------------------------------------------------------------


def _refuse(message, code="invalid_import_file", **params):
    raise DomainError(message, code=code, field="file", params=params)


def _read_xlsx(data: bytes) -> list[list]:
    if not data.startswith(b"PK\x03\x04"):
        _refuse(_("Ce fichier n'est pas un classeur Excel (.xlsx) lisible."), code="not_a_spreadsheet")
    try:
        check_archive(data, field="file")  # before openpyxl inflates anything
    except DomainError as error:
        if error.code != "damaged_archive":
            raise
        _refuse(_("Ce fichier n'est pas un classeur Excel (.xlsx) lisible."), code="not_a_spreadsheet")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types on a damaged or foreign archive
        _refuse(_("Ce fichier n'est pas un classeur Excel (.xlsx) lisible."), code="not_a_spreadsheet")
    try:
        names = workbook.sheetnames
        by_key = {_key(name): name for name in names}
        sheet = workbook[by_key.get("lignes") or by_key.get("lines") or names[0]]
        rows, seen = [], 0
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            seen += 1
            if seen > (MAX_ROWS + 1) * 4:  # a sheet of mostly empty rows: stop reading
                break
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            rows.append(list(values))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except DomainError:
        raise
    except Exception:
        _refuse(_("Ce fichier n'est pas un classeur Excel (.xlsx) lisible."), code="not_a_spreadsheet")
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        _refuse(_("Ce fichier n'est pas un fichier CSV (texte) lisible."), code="not_a_spreadsheet")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    _refuse(_("Ce fichier n'est pas un fichier CSV (texte) lisible."), code="not_a_spreadsheet")


def _read_csv(data: bytes) -> list[list]:
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", "\t", ","), key=first.count)
    if not first.count(delimiter):
        _refuse(
            _("Ce fichier CSV n'a qu'une colonne : séparez les colonnes par des points-virgules ou des virgules."),
            code="missing_columns",
        )
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            header=None,
            nrows=MAX_ROWS + 2,
            skip_blank_lines=True,
            quoting=csv.QUOTE_MINIMAL,
            engine="python",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error):
        _refuse(
            _("Ce fichier CSV est mal formé : vérifiez les séparateurs et les guillemets."), code="not_a_spreadsheet"
        )
    rows = [list(r) for r in frame.itertuples(index=False, name=None)]
    return [r for r in rows if any(str(v).strip() for v in r)]


def read_rows(file) -> tuple[list[str], list[tuple[int, dict]]]:
    """The columns found and the data rows of an uploaded file as (spreadsheet row number, {column: raw value}).

    Raises DomainError (on the `file` field) for a file too large, not a spreadsheet, without the needed columns,
    empty or over the row limit.
    """
    size = getattr(file, "size", None)
    if size is None or size > MAX_BYTES:
        _refuse(
            _("Le fichier dépasse 5 Mo : découpez-le en plusieurs imports."), code="file_too_large", max_bytes=MAX_BYTES
        )
    suffix = Path(getattr(file, "name", "") or "").suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        _refuse(_("Ce fichier n'est pas un tableur : importez un fichier .xlsx ou .csv."), code="not_a_spreadsheet")
    file.seek(0)
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        _refuse(
            _("Le fichier dépasse 5 Mo : découpez-le en plusieurs imports."), code="file_too_large", max_bytes=MAX_BYTES
        )
    if not data.strip():
        _refuse(_("Le fichier est vide."), code="empty_file")
    table = _read_xlsx(data) if suffix == ".xlsx" else _read_csv(data)
    if not table:
        _refuse(_("Le fichier est vide."), code="empty_file")

    header, body = table[0], table[1:]
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        if title is None:
            continue
        key = _key(title)
        for canonical, accepted in COLUMNS.items():
            if key in accepted:
                if canonical in positions:
                    _refuse(
                        _("La colonne « %s » apparaît deux fois.") % HEADERS_FR[canonical], code="duplicate_columns"
                    )
                positions[canonical] = index
    missing = [HEADERS_FR[name] for name in REQUIRED if name not in positions]
    if missing:
        _refuse(
            _("Colonnes manquantes : %(missing)s. La première ligne doit nommer les colonnes %(expected)s.")
            % {
                "missing": ", ".join(f"« {name} »" for name in missing),
                "expected": ", ".join(HEADERS_FR.values()),
            },
            code="missing_columns",
            missing=missing,
        )
    if not body:
        _refuse(_("Le fichier ne contient aucune ligne sous les en-têtes."), code="empty_file")
    if len(body) > MAX_ROWS:
        _refuse(
            _("Le fichier contient plus de %s lignes : découpez-le en plusieurs imports.")
            % f"{MAX_ROWS:,}".replace(",", " "),
            code="too_many_rows",
            max_rows=MAX_ROWS,
        )
    rows = []
    for offset, values in enumerate(body):
        raw = {name: (values[index] if index < len(values) else None) for name, index in positions.items()}
        rows.append((offset + 2, raw))
    return list(positions), rows


# --- checking rows --------------------------------------------------------------------------------------------


def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN from an empty cell
        return True
    return isinstance(value, str) and not value.strip()


def display(value) -> str:
    """A raw cell as the user typed it (for the preview)."""
    if _blank(value):
        return ""
    if isinstance(value, float):
        return repr(value).removesuffix(".0") if value == value else "NaN"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


@dataclass
class StructureIndex:
    """The consortium's structures, found by enterprise number (any spelling) or exact name (case ignored)."""

    by_id: dict
    by_number: dict
    by_name: dict

    @classmethod
    def of(cls, consortium_id: int) -> "StructureIndex":
        memberships = list(Membership.objects.filter(consortium_id=consortium_id).select_related("structure"))
        by_name: dict[str, list] = {}
        for m in memberships:
            by_name.setdefault(m.structure.name.strip().lower(), []).append(m)
        return cls(
            by_id={m.structure_id: m for m in memberships},
            by_number={re.sub(r"\D", "", m.structure.enterprise_number): m for m in memberships},
            by_name=by_name,
        )

    def find(self, value):
        """(membership, error message)."""
        if _blank(value):
            return None, _("Structure manquante.")
        text = display(value)
        digits = re.sub(r"\D", "", text)
        if re.fullmatch(r"(BE)?\s*[\d.\s]+", text.upper()) and len(digits) in (9, 10):
            digits = digits.zfill(10)
            membership = self.by_number.get(digits)
            if membership is None:
                try:
                    validate_enterprise_number(f"{digits[:4]}.{digits[4:7]}.{digits[7:]}")
                except Exception:
                    return None, _("Numéro d'entreprise invalide : %s.") % text
                return None, _("Aucune structure du consortium n'a le numéro d'entreprise %s.") % text
            return membership, None
        matches = self.by_name.get(text.lower(), [])
        if len(matches) == 1:
            return matches[0], None
        if len(matches) > 1:
            return None, _("Plusieurs structures s'appellent « %s » : indiquez le numéro d'entreprise.") % text
        return None, _("« %s » n'est pas une structure membre ou partenaire du consortium.") % text


def _clean_category(value):
    category = CATEGORY_WORDS.get(_key(display(value)))
    if category is None:
        return None, _(
            "Catégorie inconnue « %s » : personnel, fonctionnement, équipement, sous-traitance ou autre."
        ) % (display(value))
    return category, None


def _clean_year(value):
    if isinstance(value, bool):
        return None, _("L'année doit être 1 ou 2.")
    if isinstance(value, int | float) and value in (1, 2):
        return int(value), None
    year = YEAR_WORDS.get(_key(display(value)))
    if year is None:
        return None, _("L'année doit être 1 ou 2 (lu : « %s »).") % display(value)
    return year, None


def clean_values(values: dict, membership, ruleset: RuleSet) -> tuple[dict | None, list[str]]:
    """The line one row describes, or the list of what is wrong with it. `membership` is the resolved structure."""
    errors, clean = [], {}
    if membership is not None:
        clean["structure"] = membership.structure_id
    category, error = _clean_category(values.get("category"))
    errors += [error] if error else []
    clean["category"] = category
    year, error = _clean_year(values.get("year"))
    errors += [error] if error else []
    clean["year"] = year
    label = display(values.get("label"))
    if not label:
        errors.append(_("Libellé manquant."))
    elif len(label) > 200:
        errors.append(_("Le libellé ne peut dépasser 200 caractères."))
    clean["label"] = label
    try:
        clean["amount"] = rules.clean_amount(values.get("amount"), maximum=ruleset.max_amount)
    except DomainError as error:
        errors.append(error.message)
    clean["staff_role"], clean["fte"] = "", None
    if category == Category.PERSONNEL:
        role = display(values.get("staff_role"))
        if not role:
            errors.append(_("Une ligne de personnel indique la fonction financée (colonne « fonction »)."))
        elif len(role) > 150:
            errors.append(_("La fonction ne peut dépasser 150 caractères."))
        clean["staff_role"] = role
        if _blank(values.get("fte")):
            errors.append(_("Une ligne de personnel indique l'ETP financé (colonne « ETP »)."))
        else:
            try:
                clean["fte"] = rules.clean_fte(values.get("fte"))
            except DomainError as error:
                errors.append(error.message)
    if errors or membership is None:
        return None, errors
    return clean, []


@dataclass
class PreviewRow:
    number: int  # row of the spreadsheet (the header is row 1)
    cells: dict  # column → text as read
    clean: dict | None
    errors: list
    structure_name: str = ""

    @property
    def ok(self):
        return not self.errors


@dataclass
class Preview:
    filename: str
    columns: list
    rows: list
    budget: Budget | None
    revision: int | None
    envelope: Decimal
    current_total: Decimal
    current_personnel: Decimal
    import_total: Decimal
    import_personnel: Decimal
    current_lines: int
    rules: rules.Rules
    cap_violation: rules.Violation | None = None
    violations: list = field(default_factory=list)

    @property
    def error_rows(self):
        return [row for row in self.rows if row.errors]

    @property
    def new_total(self):
        return self.current_total + self.import_total

    @property
    def new_personnel(self):
        return self.current_personnel + self.import_personnel

    @property
    def new_share(self):
        return rules.personnel_share(self.new_personnel, self.new_total, self.envelope, self.rules.personnel_basis)

    @property
    def remaining(self):
        return self.envelope - self.new_total

    @property
    def importable(self):
        return bool(self.rows) and not self.error_rows and self.cap_violation is None

    def payload(self) -> dict:
        """What the confirmation needs, JSON-serialisable (kept in the session between preview and confirm)."""
        return {
            "budget_id": self.budget.pk if self.budget else None,
            "revision": self.revision,
            "filename": self.filename,
            "rows": [
                {
                    "number": row.number,
                    **{k: v for k, v in row.clean.items() if k not in ("amount", "fte")},
                    "amount": str(row.clean["amount"]),
                    "fte": None if row.clean["fte"] is None else str(row.clean["fte"]),
                }
                for row in self.rows
            ],
        }


def _editable_budget(consortium: Consortium) -> Budget | None:
    budget = Budget.objects.filter(consortium=consortium).order_by("-version").first()
    if budget is not None:
        budget_services._require_editable(budget)
    return budget


def build_preview(*, consortium: Consortium, file) -> Preview:
    """Read and check an uploaded file against the consortium's editable budget. Writes nothing."""
    ruleset = RuleSet.active()
    rule_values = ruleset.as_rules()
    budget = _editable_budget(consortium)
    columns, raw_rows = read_rows(file)
    index = StructureIndex.of(consortium.pk)
    rows = []
    for number, values in raw_rows:
        membership, structure_error = index.find(values.get("structure"))
        clean, errors = clean_values(values, membership, ruleset)
        if structure_error:
            errors.insert(0, structure_error)
        rows.append(
            PreviewRow(
                number=number,
                cells={name: display(values.get(name)) for name in HEADERS_FR if name in columns},
                clean=clean,
                errors=errors,
                structure_name=membership.structure.name if membership else "",
            )
        )
    totals = {"total": ZERO, "personnel": ZERO, "lines": 0}
    if budget is not None:
        totals = budget.lines.aggregate(
            total=Sum("amount", default=ZERO),
            personnel=Sum("amount", filter=Q(category=Category.PERSONNEL), default=ZERO),
            lines=Count("pk"),
        )
    valid = [row.clean for row in rows if row.clean]
    import_total = sum((r["amount"] for r in valid), ZERO)
    import_personnel = sum((r["amount"] for r in valid if r["category"] == Category.PERSONNEL), ZERO)
    envelope = rules.envelope_cap(consortium.territory.population, rule_values)
    preview = Preview(
        filename=Path(getattr(file, "name", "") or "").name[:200],
        columns=[name for name in HEADERS_FR if name in columns],
        rows=rows,
        budget=budget,
        revision=budget.revision if budget else None,
        envelope=envelope,
        current_total=totals["total"],
        current_personnel=totals["personnel"],
        import_total=import_total,
        import_personnel=import_personnel,
        current_lines=totals["lines"],
        rules=rule_values,
    )
    preview.cap_violation = rules.cap_check(
        cap=envelope, current_total=preview.current_total, attempted_total=preview.new_total
    )
    preview.violations = [
        v
        for v in rules.violations(
            envelope=envelope,
            total_planned=preview.new_total,
            personnel_planned=preview.new_personnel,
            rules=rule_values,
            line_count=preview.current_lines + len(valid),
        )
        if v.code != "cap_exceeded"
    ]
    return preview


# --- the import service -------------------------------------------------------------------------------------------


def budget_lines_import(*, actor, consortium: Consortium, payload: dict) -> list[BudgetLine]:
    """Create every line of a checked preview in the consortium's editable budget, or none.

    Under the budget lock: the budget must be the one (and at the revision) the preview was computed on, every row
    is checked again, and the new planned total may not exceed the envelope (`cap_exceeded`).
    """
    ruleset = RuleSet.active()
    rows = payload.get("rows") or []
    if not rows:
        raise DomainError(_("Aucune ligne à importer."), code="empty_file")
    if len(rows) > MAX_ROWS:
        raise DomainError(_("Trop de lignes dans cet import."), code="too_many_rows")
    with transaction.atomic():
        budget = budget_services._lock_open_budget(consortium, create=True)
        expected_id, expected_revision = payload.get("budget_id"), payload.get("revision")
        fresh = expected_id is None and budget.revision == 0 and not budget.lines.exists()
        if not fresh and (budget.pk != expected_id or budget.revision != expected_revision):
            raise ConflictError(
                _(
                    "Le budget a changé depuis l'aperçu (ou cet import a déjà été effectué) : rien n'a été importé. "
                    "Vérifiez le budget puis importez le fichier à nouveau si nécessaire."
                ),
                code="conflict",
                params={"revision": budget.revision},
            )
        index = StructureIndex.of(consortium.pk)
        lines, problems = [], []
        for row in rows:
            membership = index.by_id.get(row.get("structure"))
            clean, errors = clean_values(row, membership, ruleset)
            if membership is None:
                errors.insert(0, _("La structure n'est plus membre ou partenaire du consortium."))
            if errors:
                problems.append(_("ligne %(n)s : %(errors)s") % {"n": row.get("number"), "errors": " ".join(errors)})
                continue
            clean["structure_id"] = clean.pop("structure")
            lines.append(BudgetLine(budget=budget, **clean))
        if problems:
            raise DomainError(
                _("Rien n'a été importé : %s") % " ; ".join(problems[:5]) + (" …" if len(problems) > 5 else ""),
                code="invalid_import_rows",
                params={"rows": problems},
            )
        added = sum((line.amount for line in lines), ZERO)
        budget_services._check_cap(budget, ruleset, removed=ZERO, added=added)
        created = bulk_create_with_history(
            lines,
            BudgetLine,
            batch_size=500,
            default_user=actor if getattr(actor, "is_authenticated", False) else None,
            default_change_reason=_("import"),
        )
        budget_services._bump_revision(budget)
        return created


# --- export ---------------------------------------------------------------------------------------------------------


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


def export_workbook(consortium: Consortium) -> tuple[bytes, str]:
    """The consortium's current budget version as an .xlsx workbook (Synthèse, Lignes, Dépenses, Mises à
    disposition) and a file name. A fixed number of queries whatever the size."""
    ruleset = RuleSet.active()
    budget_versions = selectors.versions(consortium)
    summary = selectors.summary(consortium, budget_versions, ruleset)
    budget = summary.budget
    workbook = Workbook()
    synth = workbook.active
    synth.title = "Synthèse"
    synth._ols_last_row = 0
    categories = {value: str(label) for value, label in Category.choices}
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
    title_row = _row(synth, [_("Violations des règles"), _("code"), _("explication")])
    for col in (1, 2, 3):
        synth.cell(row=title_row, column=col).font = Font(bold=True)
    if summary.violations:
        for violation in summary.violations:
            number = _row(synth, ["", violation.code, violation.message])
            synth.cell(row=number, column=3).alignment = Alignment(wrap_text=True)
    else:
        _row(synth, ["", "", _("Aucune : le budget respecte les règles.")])

    lines_sheet = _sheet(
        workbook,
        "Lignes",
        ["structure", "nom de la structure", "catégorie", "année", "libellé", "montant", "fonction", "ETP"],
        [16, 34, 16, 8, 40, 16, 28, 8],
    )
    if budget is not None:
        for line in (
            BudgetLine.objects.filter(budget=budget)
            .select_related("structure")
            .order_by("year", "structure__name", "category", "label", "pk")
        ):
            _row(
                lines_sheet,
                [
                    line.structure.enterprise_number,
                    line.structure.name,
                    categories[line.category],
                    line.year,
                    line.label,
                    line.amount,
                    line.staff_role,
                    line.fte,
                ],
                {5: EURO_FORMAT, 7: "0.00"},
            )

    expenses_sheet = _sheet(
        workbook,
        "Dépenses",
        ["date", "ligne", "structure", "catégorie", "année", "montant", "justification", "pièce jointe"],
        [12, 36, 30, 16, 8, 16, 50, 30],
    )
    for expense in selectors.expenses(consortium):
        line = expense.budget_line
        _row(
            expenses_sheet,
            [
                expense.date,
                line.label,
                line.structure.name,
                categories[line.category],
                line.year,
                expense.amount,
                expense.justification,
                expense.justification_filename,
            ],
            {0: DATE_FORMAT, 5: EURO_FORMAT},
        )

    staff_sheet = _sheet(
        workbook,
        "Mises à disposition",
        [
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
        ],
        [30, 30, 30, 8, 12, 12, 16, 18, 50, 30],
    )
    if budget is not None:
        for arrangement in (
            StaffArrangement.objects.filter(budget=budget)
            .select_related("employer")
            .prefetch_related("lines")
            .order_by("start_date", "pk")
        ):
            _row(
                staff_sheet,
                [
                    arrangement.person,
                    str(arrangement.get_kind_display()),
                    arrangement.employer.name,
                    arrangement.fte,
                    arrangement.start_date,
                    arrangement.end_date,
                    arrangement.monthly_cost,
                    staff_rules.period_cost(arrangement.monthly_cost, arrangement.start_date, arrangement.end_date),
                    " ; ".join(
                        f"{line.label} (A{line.year}, {format_money(line.amount)})" for line in arrangement.lines.all()
                    ),
                    arrangement.document_filename,
                ],
                {3: "0.00", 4: DATE_FORMAT, 5: DATE_FORMAT, 6: EURO_FORMAT, 7: EURO_FORMAT},
            )

    buffer = io.BytesIO()
    workbook.save(buffer)
    slug = _key(consortium.name)[:40] or "consortium"
    version = f"-v{budget.version}" if budget else ""
    return buffer.getvalue(), f"budget-{slug}{version}.xlsx"
