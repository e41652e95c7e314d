"""Budget rules (DOMAIN §4) as pure functions over plain values. Thresholds come from a `Rules` value
(built from the active RuleSet row); the defaults of `Rules` are the ones a new RuleSet row starts with."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ols_platform.errors import DomainError
from ols_platform.formatting import format_money, format_number, format_percent

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# A personnel line funds a team's time, possibly several people: up to 10 FTE (one arrangement is at most 1 FTE:
# budget/staff/rules.py). The BudgetLine check constraint reads this bound too.
LINE_FTE_MAX = Decimal("10")


@dataclass(frozen=True)
class Rules:
    population_threshold: int = 450_000
    small_cap: Decimal = Decimal("450000.00")
    large_cap: Decimal = Decimal("700000.00")
    period_months: int = 24
    programme_total: Decimal = Decimal("5251000.00")
    personnel_min_share: Decimal = Decimal("0.80")
    personnel_basis: str = "budget_total"  # or "envelope"
    max_amount: Decimal = Decimal("1000000.00")


# The RuleSet model's field defaults (one place for each threshold).
DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class Violation:
    code: str
    message: str
    params: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        """What people read before the message (the code is for programs)."""
        return str(VIOLATION_TITLES.get(self.code, ""))


VIOLATION_TITLES = {
    "budget_empty": gettext_lazy("Budget vide"),
    "cap_exceeded": gettext_lazy("Enveloppe dépassée"),
    "personnel_share_too_low": gettext_lazy("Part de personnel insuffisante"),
    "actual_over_approved": gettext_lazy("Dépenses au-delà du budget approuvé"),
    "line_overspent": gettext_lazy("Ligne dépassée"),
    "category_overspent": gettext_lazy("Catégorie dépassée"),
}
# Overspent lines named one by one in the warnings; the others are counted.
OVERSPENT_LINES_NAMED = 5


def overspending(*, lines: list[dict], line_count: int, categories: list) -> list[Violation]:
    """Warnings, not refusals: spending beyond what a line or a category planned (an amendment is the remedy, so
    they never block a submission). `lines`: the first overspent lines (label, structure, amount, spent) of
    `line_count`; `categories`: rows with `label`, `planned` and `actual`."""
    found = []
    for line in lines:
        over = line["spent"] - line["amount"]
        found.append(
            Violation(
                "line_overspent",
                _("« %(label)s » (%(structure)s) : %(spent)s dépensés pour %(planned)s prévus, %(over)s de plus.")
                % {
                    "label": line["label"],
                    "structure": line["structure"],
                    "spent": format_money(line["spent"]),
                    "planned": format_money(line["amount"]),
                    "over": format_money(over),
                },
                {"line": line["pk"], "planned": line["amount"], "spent": line["spent"], "over_by": over},
            )
        )
    if line_count > len(lines):
        others = line_count - len(lines)
        found.append(
            Violation(
                "line_overspent",
                ngettext(
                    "Et %(n)s autre ligne dépensée au-delà de son montant prévu.",
                    "Et %(n)s autres lignes dépensées au-delà de leur montant prévu.",
                    others,
                )
                % {"n": format_number(others)},
                {"others": others},
            )
        )
    for row in categories:
        if row.actual > row.planned:
            over = row.actual - row.planned
            found.append(
                Violation(
                    "category_overspent",
                    _("%(category)s : %(spent)s dépensés pour %(planned)s prévus, %(over)s de plus.")
                    % {
                        "category": row.label,
                        "spent": format_money(row.actual),
                        "planned": format_money(row.planned),
                        "over": format_money(over),
                    },
                    {"category": row.key, "planned": row.planned, "spent": row.actual, "over_by": over},
                )
            )
    return found


def envelope_cap(population: int, rules: Rules) -> Decimal:
    """Below the threshold the small envelope; from the threshold (inclusive) the large one."""
    return rules.large_cap if population >= rules.population_threshold else rules.small_cap


def personnel_share(personnel: Decimal, total: Decimal, envelope: Decimal, basis: str) -> Decimal | None:
    """Personnel as a fraction of the basis (the budget total or the envelope); None when the basis is zero."""
    denominator = envelope if basis == "envelope" else total
    if not denominator:
        return None
    return (Decimal(personnel) / Decimal(denominator)).quantize(Decimal("0.0001"), rounding=ROUND_DOWN)


def personnel_share_ok(personnel: Decimal, total: Decimal, envelope: Decimal, rules: Rules) -> bool:
    """Exact comparison (no rounding): personnel ≥ minimum share × basis."""
    basis = envelope if rules.personnel_basis == "envelope" else total
    return Decimal(personnel) >= Decimal(rules.personnel_min_share) * Decimal(basis)


@dataclass(frozen=True)
class _Limit:
    """A total a write may not bring over its limit (a write that lowers the total is always allowed). `message`
    names the figures %(limit)s, %(current)s, %(attempted)s and %(over)s; `names` are the params' keys."""

    code: str
    message: str
    names: tuple[str, str, str]

    def check(self, limit: Decimal, current: Decimal, attempted: Decimal) -> Violation | None:
        if attempted <= limit or attempted <= current:
            return None
        over_by = attempted - limit
        figures = {"limit": limit, "current": current, "attempted": attempted, "over": over_by}
        params = dict(zip(self.names, (limit, current, attempted), strict=True)) | {"over_by": over_by}
        return Violation(self.code, str(self.message) % {k: format_money(v) for k, v in figures.items()}, params)


_CAP = _Limit(
    "cap_exceeded",
    gettext_lazy(
        "Plafond dépassé : l'enveloppe est de %(limit)s et le budget prévu totalise %(current)s ; "
        "cette opération le porterait à %(attempted)s, soit %(over)s de trop."
    ),
    ("cap", "current_total", "attempted_total"),
)
_APPROVED = _Limit(
    "actual_over_approved",
    gettext_lazy(
        "Dépenses au-delà du budget approuvé : le budget approuvé est de %(limit)s, les dépenses "
        "totalisent %(current)s ; avec celle-ci elles atteindraient %(attempted)s, soit %(over)s de trop."
    ),
    ("approved_total", "current_actual", "attempted_actual"),
)


def cap_check(*, cap: Decimal, current_total: Decimal, attempted_total: Decimal) -> Violation | None:
    """The planned total against the envelope."""
    return _CAP.check(cap, current_total, attempted_total)


def actual_check(*, approved_total: Decimal, current_actual: Decimal, attempted_actual: Decimal) -> Violation | None:
    """The actual spending against the approved budget."""
    return _APPROVED.check(approved_total, current_actual, attempted_actual)


def violations(
    *,
    envelope: Decimal,
    total_planned: Decimal,
    personnel_planned: Decimal,
    rules: Rules,
    total_actual: Decimal = ZERO,
    approved_total: Decimal | None = None,
    line_count: int | None = None,
) -> list[Violation]:
    """Everything wrong with a budget, each with its reason and figures. Empty means compliant."""
    found = []
    if line_count == 0:
        found.append(Violation("budget_empty", _("Le budget ne contient encore aucune ligne.")))
    if total_planned > envelope:
        over_by = total_planned - envelope
        found.append(
            Violation(
                "cap_exceeded",
                _("Le budget prévu (%(total)s) dépasse l'enveloppe de %(cap)s de %(over)s.")
                % {"total": format_money(total_planned), "cap": format_money(envelope), "over": format_money(over_by)},
                {"cap": envelope, "current_total": total_planned, "over_by": over_by},
            )
        )
    has_basis = total_planned > 0 or rules.personnel_basis == "envelope"
    if has_basis and not personnel_share_ok(personnel_planned, total_planned, envelope, rules):
        share = personnel_share(personnel_planned, total_planned, envelope, rules.personnel_basis) or ZERO
        basis = envelope if rules.personnel_basis == "envelope" else total_planned
        required = (Decimal(rules.personnel_min_share) * basis).quantize(CENT)
        basis_label = _("de l'enveloppe") if rules.personnel_basis == "envelope" else _("du budget total")
        found.append(
            Violation(
                "personnel_share_too_low",
                _(
                    "Les frais de personnel (%(personnel)s) représentent %(share)s %(basis)s ; le minimum est "
                    "%(minimum)s, soit %(required)s (il manque %(missing)s)."
                )
                % {
                    "personnel": format_money(personnel_planned),
                    "share": format_percent(share, 2),
                    "basis": basis_label,
                    "minimum": format_percent(rules.personnel_min_share, 0),
                    "required": format_money(required),
                    "missing": format_money(required - personnel_planned),
                },
                {
                    "personnel_planned": personnel_planned,
                    "share": share,
                    "minimum_share": rules.personnel_min_share,
                    "required": required,
                },
            )
        )
    if approved_total is not None and total_actual > approved_total:
        found.append(
            Violation(
                "actual_over_approved",
                _("Les dépenses (%(actual)s) dépassent le budget approuvé (%(approved)s) de %(over)s.")
                % {
                    "actual": format_money(total_actual),
                    "approved": format_money(approved_total),
                    "over": format_money(total_actual - approved_total),
                },
                {"total_actual": total_actual, "approved_total": approved_total},
            )
        )
    return found


# --- input cleaning: every bad value becomes a field error, never a 500 ---------------------------------

_AMOUNT_RE = re.compile(r"^\d{1,15}(\.\d{1,2})?$")
_SPACES = str.maketrans("", "", " \u00a0\u202f\t'")


def _plain_decimal_text(value) -> str | None:
    """Text of a plain positive-looking decimal (`12 000,50`, `12000.5`), or None for anything else."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        text = format(value, "f")
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = repr(value)
    elif isinstance(value, str):
        text = value.strip().translate(_SPACES)
        if text.endswith("€"):
            text = text[:-1]
        if "," in text and "." in text:
            return None
        text = text.replace(",", ".")
    else:
        return None
    return text


def clean_amount(value, *, maximum: Decimal, field_name: str = "amount") -> Decimal:
    """A money amount: > 0, at most 2 decimals, at most `maximum`. Raises DomainError(code="invalid_amount")."""
    text = _plain_decimal_text(value)
    if text is not None and re.fullmatch(r"\d+\.\d*?0+", text):
        text = text.rstrip("0").rstrip(".") if "." in text else text
    if text is None or not _AMOUNT_RE.match(text):
        if text is not None and re.fullmatch(r"\d+\.\d{3,}", text):
            message = _("Le montant ne peut avoir que deux décimales au plus (centimes).")
        elif text is not None and text.startswith("-"):
            message = _("Le montant doit être strictement positif.")
        else:
            message = _("Montant invalide : indiquez un nombre en euros, par exemple 12 500,00.")
        raise DomainError(message, code="invalid_amount", field=field_name)
    try:
        amount = Decimal(text).quantize(CENT)
    except InvalidOperation:
        raise DomainError(_("Montant invalide."), code="invalid_amount", field=field_name)
    if amount <= 0:
        raise DomainError(_("Le montant doit être strictement positif."), code="invalid_amount", field=field_name)
    if amount > maximum:
        raise DomainError(
            _("Le montant ne peut dépasser %s.") % format_money(maximum),
            code="invalid_amount",
            field=field_name,
            params={"maximum": maximum},
        )
    return amount


def clean_text(value, *, maximum: int, field_name: str) -> str:
    """A comment or a note: text without its surrounding blanks, at most `maximum` characters."""
    text = str(value or "").strip()
    if len(text) > maximum:
        raise DomainError(
            _("Le commentaire ne peut dépasser %s caractères.") % format_number(maximum),
            code="invalid_comment",
            field=field_name,
        )
    return text


def clean_fte(value, *, maximum: Decimal = LINE_FTE_MAX) -> Decimal:
    """Full-time equivalents: > 0, at most `maximum`, at most 2 decimals. Raises DomainError(code="invalid_fte")."""
    text = _plain_decimal_text(value)
    if text is not None and re.fullmatch(r"\d+\.\d*?0+", text):
        text = text.rstrip("0").rstrip(".")
    fte = Decimal(text).quantize(CENT) if text and re.fullmatch(r"\d{1,2}(\.\d{1,2})?", text) else None
    if fte is None or fte <= 0 or fte > maximum:
        raise DomainError(
            _("ETP invalide : indiquez un nombre entre 0,01 et %s, par exemple 0,5.") % format_number(maximum),
            code="invalid_fte",
            field="fte",
        )
    return fte


# --- the 24-month calendar --------------------------------------------------------------------------------


def month_index(date: datetime.date, start: datetime.date) -> int:
    """0-based month of the period a date falls in (may be negative or beyond the period)."""
    return (date.year - start.year) * 12 + date.month - start.month


def months_of(start: datetime.date, count: int) -> list[datetime.date]:
    return [
        datetime.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1) for i in range(count)
    ]


def date_in_period(date: datetime.date, start: datetime.date, end: datetime.date) -> bool:
    return start <= date <= end


def monthly_plan(year_totals: dict[int, Decimal], months_per_year: int = 12) -> list[Decimal]:
    """Each year's planned total spread evenly over its months (cents rounded down, the rest on the last month)."""
    plan = []
    for year in (1, 2):
        total = Decimal(year_totals.get(year, ZERO))
        share = (total / months_per_year).quantize(CENT, rounding=ROUND_DOWN)
        months = [share] * months_per_year
        months[-1] = total - share * (months_per_year - 1)
        plan += months
    return plan
