"""The rules of a budget line's values, written once.

`check_line` checks a line's values and returns the clean values with every problem found (a `DomainError` with its
code and field each). The line services raise the first problem; the import collects them all for its preview,
after translating spreadsheet words (« fonctionnement », « Année 1 ») into the canonical values checked here.
"""

from functools import partial

from django.utils.translation import gettext as _

from consortia.models import Membership
from ols_platform.errors import DomainError
from ols_platform.validators import object_id

from . import rules
from .models import LABEL_MAX_LENGTH, STAFF_ROLE_MAX_LENGTH, BudgetLine, Category


def blank(value) -> bool:
    """No value: None, an empty or blank text, or the NaN a spreadsheet reader gives for an empty cell."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def member_of_consortium(consortium_id: int, raw_structure, *, field: str) -> Membership:
    """The membership of the structure named by id in the consortium (member or partner), else a field error."""
    structure_id = object_id(raw_structure)
    membership = None
    if structure_id is not None:
        membership = (
            Membership.objects.filter(consortium_id=consortium_id, structure_id=structure_id)
            .select_related("structure")
            .first()
        )
    if membership is None:
        raise DomainError(
            _("Choisissez une structure membre ou partenaire du consortium."),
            code="structure_not_in_consortium",
            field=field,
        )
    return membership


def _text(value) -> str:
    return "" if blank(value) else str(value).strip()


def _category(value):
    if value not in Category.values:
        raise DomainError(_("Choisissez une catégorie de dépense valide."), code="invalid_category", field="category")
    return value


def _year(value) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or text not in ("1", "2"):
        raise DomainError(_("L'année doit être 1 ou 2."), code="invalid_year", field="year")
    return int(text)


def _label(value) -> str:
    label = _text(value)
    if not label:
        raise DomainError(_("Libellé manquant."), code="invalid_label", field="label")
    if len(label) > LABEL_MAX_LENGTH:
        raise DomainError(
            _("Le libellé ne peut dépasser %d caractères.") % LABEL_MAX_LENGTH, code="invalid_label", field="label"
        )
    return label


def _staff_role(value) -> str:
    role = _text(value)
    if not role:
        raise DomainError(
            _("Une ligne de personnel indique la fonction financée."), code="invalid_staff_role", field="staff_role"
        )
    if len(role) > STAFF_ROLE_MAX_LENGTH:
        raise DomainError(
            _("La fonction ne peut dépasser %d caractères.") % STAFF_ROLE_MAX_LENGTH,
            code="invalid_staff_role",
            field="staff_role",
        )
    return role


def _fte(value):
    if blank(value):
        raise DomainError(_("Une ligne de personnel indique l'ETP financé."), code="invalid_fte", field="fte")
    return rules.clean_fte(value)


def check_line(values: dict, *, max_amount, current: BudgetLine | None = None) -> tuple[dict, list[DomainError]]:
    """Check a line's values but its structure (all of them for a new line, the given ones for a change of
    `current`). Returns the clean values and the problems, in the order of the fields."""

    def given(name):
        return current is None or name in values

    checks = {
        "category": _category,
        "year": _year,
        "label": _label,
        "amount": partial(rules.clean_amount, maximum=max_amount),
    }
    clean, errors = {}, []
    for name, check in checks.items():
        if given(name):
            try:
                clean[name] = check(values.get(name))
            except DomainError as error:
                errors.append(error)
    category = clean.get("category", current.category if current else None)
    clean["staff_role"], clean["fte"] = "", None
    if category == Category.PERSONNEL:
        for name, check in (("staff_role", _staff_role), ("fte", _fte)):
            try:
                clean[name] = check(values.get(name, getattr(current, name, None)))
            except DomainError as error:
                errors.append(error)
    return clean, errors
