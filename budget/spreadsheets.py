"""Reading a spreadsheet (.xlsx or .csv) of budget lines into its columns and raw rows.

Nothing here knows what a valid line is (that is `budget/lines.py`) or writes anything: it only sniffs the file,
refuses what is too large or not a spreadsheet (before openpyxl inflates an archive) and finds the columns by their
headers, in French or English, with or without accents.
"""

import csv
import io
import re
import unicodedata
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ols_platform.errors import DomainError
from ols_platform.files import check_archive
from ols_platform.formatting import format_number

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 40

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


def header_key(text) -> str:
    """`Catégorie ` → `categorie`: lower case, no accents, letters and digits only."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", text.lower())


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
        by_key = {header_key(name): name for name in names}
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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, strict=True)
    rows = []
    try:
        for values in reader:
            if any(value.strip() for value in values):
                rows.append(values)
            if len(rows) > MAX_ROWS + 1:  # the header and one row too many: enough to refuse the file
                break
    except csv.Error:
        _refuse(
            _("Ce fichier CSV est mal formé : vérifiez les séparateurs et les guillemets."), code="not_a_spreadsheet"
        )
    return rows


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
        key = header_key(title)
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
            _("Le fichier contient plus de %s lignes : découpez-le en plusieurs imports.") % format_number(MAX_ROWS),
            code="too_many_rows",
            max_rows=MAX_ROWS,
        )
    rows = []
    for offset, values in enumerate(body):
        raw = {name: (values[index] if index < len(values) else None) for name, index in positions.items()}
        rows.append((offset + 2, raw))
    return list(positions), rows
