"""The first step of an import: read an uploaded file and check every row against the editable budget, writing
nothing. The result (`Preview`) is shown to the person, and its `payload()` is what the import service
(`services.budget_lines_import`) writes, all or nothing, after checking it again under the budget lock.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from consortia.enterprise_number import validate_enterprise_number
from consortia.models import Consortium, Membership
from ols_platform.errors import DomainError

from . import guard, lines, rules
from .lines import blank
from .models import Budget, Category, RuleSet
from .spreadsheets import HEADERS_FR, header_key, read_rows

ZERO = Decimal("0.00")
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


def display(value) -> str:
    """A raw cell as the user typed it (for the preview)."""
    if blank(value):
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
        if blank(value):
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


def _category(value):
    category = CATEGORY_WORDS.get(header_key(display(value)))
    if category is None:
        raise DomainError(
            _("Catégorie inconnue « %s » : personnel, fonctionnement, équipement, sous-traitance ou autre.")
            % display(value),
            code="invalid_category",
            field="category",
        )
    return category


def _year(value):
    if isinstance(value, bool):
        raise DomainError(_("L'année doit être 1 ou 2."), code="invalid_year", field="year")
    if isinstance(value, int | float) and value in (1, 2):
        return int(value)
    year = YEAR_WORDS.get(header_key(display(value)))
    if year is None:
        raise DomainError(
            _("L'année doit être 1 ou 2 (lu : « %s »).") % display(value), code="invalid_year", field="year"
        )
    return year


def line_values(cells: dict) -> tuple[dict, list[DomainError]]:
    """A row's cells as a line's values: texts as typed, category and year words translated (« fonctionnement »,
    « Année 1 »); a word that translates to nothing is a problem of its own."""
    values = {name: cells.get(name) for name in ("amount", "fte")}
    values |= {name: display(cells.get(name)) for name in ("label", "staff_role")}
    problems = []
    for name, translate in (("category", _category), ("year", _year)):
        try:
            values[name] = translate(cells.get(name))
        except DomainError as problem:
            problems.append(problem)
    return values, problems


def check_row(cells: dict, membership, ruleset: RuleSet) -> tuple[dict | None, list[str]]:
    """The line one row describes, or the messages of everything wrong with it (`membership` is its structure,
    resolved by the caller, which reports a missing one)."""
    values, problems = line_values(cells)
    clean, line_problems = lines.check_line(values, max_amount=ruleset.max_amount)
    translated_badly = {problem.field for problem in problems}
    problems += [problem for problem in line_problems if problem.field not in translated_badly]
    if problems or membership is None:
        return None, [problem.message for problem in problems]
    return {"structure": membership.structure_id} | clean, []


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
        guard.require_editable(budget)
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
        clean, errors = check_row(values, membership, ruleset)
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
