"""Writes on staff arrangements (mise à disposition, convention, direct employment).

Same discipline as `budget/services.py`: keyword-only, atomic, the Budget row locked (`select_for_update`) before
anything is checked, the author recorded with `as_actor`, refusals as `DomainError` with a stable code.

Rules:
- the employer is a member or partner of the consortium; a direct employment is by the lead, a secondment or a
  convention by another structure (`structure_not_in_consortium`, `employer_not_lead`, `employer_is_lead`);
- 0 < FTE ≤ 1 (2 decimals), monthly cost > 0 (2 decimals, below the rule set's maximum), start ≤ end, both inside
  the consortium's period (`invalid_fte`, `invalid_amount`, `invalid_period`, `date_outside_period`);
- it funds at least one personnel line of the same budget (`invalid_lines`), and what it costs over its period — and
  what all arrangements sharing lines with it cost together — stays within those lines (`arrangement_exceeds_lines`);
- the signed document is a PDF, PNG, JPG or DOCX of at most 5 MB whose content matches its extension
  (`files.check_upload`, the check expense justifications pass too).
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from budget import guard, rules
from budget.lines import member_of_consortium
from budget.models import Budget, BudgetLine, Category, RuleSet
from budget.staff import rules as staff_rules
from consortia.models import Consortium
from ols_platform import files
from ols_platform.audit import as_actor, author_of
from ols_platform.collation import french_key
from ols_platform.concurrency import check_version, next_version, parse_version
from ols_platform.errors import DomainError
from ols_platform.formatting import format_money, format_number
from ols_platform.validators import object_id

from .models import PERSON_MAX_LENGTH, StaffArrangement, StaffArrangementLine

ZERO = Decimal("0.00")
# What an amendment copies of each arrangement (the copy then points at its original).
COPIED_FIELDS = ("kind", "employer_id", "person", "fte", "start_date", "end_date", "monthly_cost", "document_filename")


# --- checks usable by the budget services (hooks) --------------------------------------------------------------


def line_funds_an_arrangement(line_id) -> bool:
    return StaffArrangementLine.objects.filter(line_id=line_id).exists()


def check_line_deletable(*, line: BudgetLine, **signal) -> None:
    """Refuse to delete a line that funds a staff arrangement (the receiver of `budget.signals.line_deleting`, inside
    the deleting transaction)."""
    names = list(
        StaffArrangement.objects.filter(line_links__line_id=line.pk).order_by("pk").values_list("person", flat=True)
    )
    if names:
        raise DomainError(
            _(
                "La ligne « %(label)s » finance une mise à disposition ou une convention (%(names)s) : "
                "supprimez ou modifiez d'abord cet arrangement."
            )
            % {"label": line.label, "names": ", ".join(names)},
            code="line_in_use",
            params={"arrangements": names},
        )


def check_line_change(*, line: BudgetLine, clean: dict, **signal) -> None:
    """Refuse a change to a funding line that would break its arrangements: leaving the personnel category, or an
    amount below what the arrangements sharing it cost (the receiver of `budget.signals.line_changing`, with the line's
    budget locked)."""
    if not line_funds_an_arrangement(line.pk):
        return
    if clean.get("category", line.category) != Category.PERSONNEL:
        raise DomainError(
            _("Cette ligne finance une mise à disposition ou une convention : elle reste une ligne de personnel."),
            code="line_in_use",
            field="category",
        )
    if "amount" in clean and clean["amount"] < line.amount:
        _check_coverage(line.budget_id, overrides={line.pk: clean["amount"]}, field="amount")


# --- input cleaning ----------------------------------------------------------------------------------------------


def _clean_date(value, field: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise DomainError(_("Indiquez une date valide (jj/mm/aaaa)."), code="invalid_date", field=field)


def _line_ids(value) -> list[int]:
    if value in (None, ""):
        return []
    if isinstance(value, (str, int)):
        value = [value]
    ids = []
    for item in value:
        line_id = object_id(item)
        if line_id is None:
            raise DomainError(_("Choisissez des lignes de personnel du budget."), code="invalid_lines", field="lines")
        ids.append(line_id)
    return sorted(set(ids))


def _clean(data: dict, *, consortium: Consortium, budget: Budget, ruleset: RuleSet) -> dict:
    """Every field of an arrangement, cleaned; the lines are loaded and locked."""
    clean = {}
    kind = data.get("kind")
    if kind not in StaffArrangement.Kind.values:
        raise DomainError(_("Choisissez le type d'arrangement."), code="invalid_kind", field="kind")
    clean["kind"] = kind

    membership = member_of_consortium(consortium.pk, data.get("employer"), field="employer")
    if kind == StaffArrangement.Kind.DIRECT and not membership.is_lead:
        raise DomainError(
            _("Un emploi direct est un emploi par la structure porteuse : choisissez-la comme employeur."),
            code="employer_not_lead",
            field="employer",
        )
    if kind in StaffArrangement.REIMBURSED and membership.is_lead:
        raise DomainError(
            _(
                "La structure porteuse ne se met pas son propre personnel à disposition : choisissez « emploi direct » "
                "ou une autre structure."
            ),
            code="employer_is_lead",
            field="employer",
        )
    clean["employer"] = membership.structure

    person = str(data.get("person") or "").strip()
    if not person:
        raise DomainError(_("Indiquez la personne ou la fonction."), code="invalid_person", field="person")
    if len(person) > PERSON_MAX_LENGTH:
        raise DomainError(
            _("Ce champ ne peut dépasser %d caractères.") % PERSON_MAX_LENGTH, code="invalid_person", field="person"
        )
    clean["person"] = person

    clean["fte"] = rules.clean_fte(data.get("fte"), maximum=staff_rules.ARRANGEMENT_FTE_MAX)
    clean["monthly_cost"] = rules.clean_amount(
        data.get("monthly_cost"), maximum=ruleset.max_amount, field_name="monthly_cost"
    )

    start = _clean_date(data.get("start_date"), "start_date")
    end = _clean_date(data.get("end_date"), "end_date")
    staff_rules.check_period(start, end)
    period_start, period_end = consortium.start_date, consortium.end_date
    for value, name in ((start, "start_date"), (end, "end_date")):
        if not rules.date_in_period(value, period_start, period_end):
            raise DomainError(
                _("Les dates doivent être comprises dans la période financée, du %(start)s au %(end)s.")
                % {"start": period_start.strftime("%d/%m/%Y"), "end": period_end.strftime("%d/%m/%Y")},
                code="date_outside_period",
                field=name,
                params={"start": period_start, "end": period_end},
            )
    clean["start_date"], clean["end_date"] = start, end

    ids = _line_ids(data.get("lines"))
    if not ids:
        raise DomainError(
            _("Choisissez au moins une ligne de personnel qui finance cet arrangement."),
            code="invalid_lines",
            field="lines",
        )
    lines = list(BudgetLine.objects.select_for_update().filter(pk__in=ids, budget=budget).order_by("pk"))
    if len(lines) != len(ids) or any(line.category != Category.PERSONNEL for line in lines):
        raise DomainError(
            _("Seules des lignes de personnel de cette version du budget peuvent financer un arrangement."),
            code="invalid_lines",
            field="lines",
        )
    clean["lines"] = lines
    return clean


# --- the cost rule ------------------------------------------------------------------------------------------------


def _check_coverage(budget_id: int, *, pending=None, overrides=None, field="lines") -> None:
    """Refuse when a group of arrangements sharing lines costs more than those lines.

    `pending` is the arrangement being written as (id or None, cost, line ids); `overrides` maps line ids to a new
    amount (a line being lowered). Groups are the connected components of arrangements linked by a shared line.
    """
    overrides = overrides or {}
    arrangements: dict[object, tuple[str, Decimal, set[int]]] = {}
    for arrangement in StaffArrangement.objects.filter(budget_id=budget_id).only(
        "pk", "person", "monthly_cost", "start_date", "end_date"
    ):
        cost = staff_rules.period_cost(arrangement.monthly_cost, arrangement.start_date, arrangement.end_date)
        arrangements[arrangement.pk] = (arrangement.person, cost, set())
    for arrangement_id, line_id in StaffArrangementLine.objects.filter(arrangement__budget_id=budget_id).values_list(
        "arrangement_id", "line_id"
    ):
        arrangements[arrangement_id][2].add(line_id)
    if pending is not None:
        key, person, cost, line_ids = pending
        arrangements[key or "new"] = (person, cost, set(line_ids))

    touched = set(overrides) | (set(pending[3]) if pending else set())
    # Grow the group from the touched lines: every arrangement sharing one of its lines joins it.
    group_lines, group = set(touched), set()
    changed = True
    while changed:
        changed = False
        for key, (_person, _cost, line_ids) in arrangements.items():
            if key not in group and line_ids & group_lines:
                group.add(key)
                group_lines |= line_ids
                changed = True
    if not group:
        return
    amounts = dict(BudgetLine.objects.filter(pk__in=group_lines).values_list("pk", "amount"))
    amounts.update(overrides)
    available = sum(amounts.values(), ZERO)
    cost = sum((arrangements[key][1] for key in group), ZERO)
    if cost <= available:
        return
    if len(group) == 1:
        message = _(
            "Cet arrangement coûte %(cost)s sur sa période, plus que les lignes de personnel qui le financent "
            "(%(available)s) : il manque %(missing)s."
        )
    else:
        message = _(
            "Les arrangements financés par ces lignes (%(names)s) coûtent ensemble %(cost)s sur leur période, plus que "
            "les lignes de personnel qui les financent (%(available)s) : il manque %(missing)s."
        )
    raise DomainError(
        message
        % {
            "cost": format_money(cost),
            "available": format_money(available),
            "missing": format_money(cost - available),
            "names": ", ".join(sorted((arrangements[key][0] for key in group), key=french_key)),
        },
        code="arrangement_exceeds_lines",
        field=field,
        params={"cost": cost, "available": available, "missing": cost - available},
    )


# --- writes ---------------------------------------------------------------------------------------------------------


def _save_links(arrangement: StaffArrangement, lines: list[BudgetLine], actor) -> None:
    wanted = {line.pk for line in lines}
    existing = {link.line_id: link for link in arrangement.line_links.all()}
    for line_id, link in existing.items():
        if line_id not in wanted:
            as_actor(link, actor).delete()
    for line_id in sorted(wanted - set(existing)):
        as_actor(StaffArrangementLine(arrangement=arrangement, line_id=line_id), actor).save()


def _attach_document(arrangement: StaffArrangement, file) -> None:
    arrangement.document_filename = files.safe_name(file.name)
    arrangement.document.save(file.name, file, save=False)


def _values(arrangement: StaffArrangement) -> str:
    return " ; ".join(
        [
            _("type : %s") % arrangement.get_kind_display(),
            _("personne ou fonction : %s") % arrangement.person,
            _("ETP : %s") % format_number(arrangement.fte, 2),
            _("du %(start)s au %(end)s")
            % {"start": arrangement.start_date.strftime("%d/%m/%Y"), "end": arrangement.end_date.strftime("%d/%m/%Y")},
            _("coût mensuel : %s") % format_money(arrangement.monthly_cost),
        ]
    )


def arrangement_create(*, actor, consortium: Consortium, data: dict, file=None) -> StaffArrangement:
    """Record a staff arrangement in the consortium's editable budget."""
    ruleset = RuleSet.active()
    if file is not None:
        files.check_upload(file, files.SIGNED_DOCUMENT, field="document")
    with transaction.atomic():
        budget = guard.lock_open_budget(consortium, create=False)
        clean = _clean(data, consortium=consortium, budget=budget, ruleset=ruleset)
        lines = clean.pop("lines")
        cost = staff_rules.period_cost(clean["monthly_cost"], clean["start_date"], clean["end_date"])
        _check_coverage(budget.pk, pending=(None, clean["person"], cost, [line.pk for line in lines]))
        arrangement = StaffArrangement(budget=budget, created_by=author_of(actor), **clean)
        if file is not None:
            _attach_document(arrangement, file)
        try:
            as_actor(arrangement, actor).save()
            _save_links(arrangement, lines, actor)
        except Exception:
            if arrangement.document:
                arrangement.document.delete(save=False)
            raise
        guard.pages_changed(consortium.pk)
        return arrangement


def _lock_arrangement(arrangement: StaffArrangement) -> tuple[Budget, StaffArrangement]:
    budget = guard.lock_budget(arrangement.budget_id)
    try:
        arrangement = StaffArrangement.objects.select_for_update().get(pk=arrangement.pk, budget=budget)
    except StaffArrangement.DoesNotExist:
        raise DomainError(_("Cet arrangement n'existe plus."), code="not_found") from None
    return budget, arrangement


def _check_version(arrangement: StaffArrangement, version) -> None:
    expected = parse_version(version, missing_message=_("Version de l'arrangement manquante : rechargez la page."))
    check_version(
        arrangement, expected, label=_("l'arrangement de %s") % arrangement.person, current_values=_values(arrangement)
    )


def arrangement_update(*, actor, arrangement: StaffArrangement, version, data: dict, file=None) -> StaffArrangement:
    """Change an arrangement. `version` is the one the editor loaded: if someone saved in between, ConflictError.
    A new document replaces the shown one; the previous file is kept for the history."""
    ruleset = RuleSet.active()
    if file is not None:
        files.check_upload(file, files.SIGNED_DOCUMENT, field="document")
    with transaction.atomic():
        budget, arrangement = _lock_arrangement(arrangement)
        _check_version(arrangement, version)
        clean = _clean(data, consortium=budget.consortium, budget=budget, ruleset=ruleset)
        lines = clean.pop("lines")
        cost = staff_rules.period_cost(clean["monthly_cost"], clean["start_date"], clean["end_date"])
        _check_coverage(budget.pk, pending=(arrangement.pk, clean["person"], cost, [line.pk for line in lines]))
        changed = {k: v for k, v in clean.items() if getattr(arrangement, k) != v}
        current_lines = set(arrangement.line_links.values_list("line_id", flat=True))
        lines_changed = current_lines != {line.pk for line in lines}
        if not changed and not lines_changed and file is None:
            return arrangement
        for key, value in changed.items():
            setattr(arrangement, key, value)
        if file is not None:
            _attach_document(arrangement, file)
        next_version(arrangement)
        try:
            as_actor(arrangement, actor).save()
            _save_links(arrangement, lines, actor)
        except Exception:
            if file is not None and arrangement.document:
                arrangement.document.delete(save=False)
            raise
        guard.pages_changed(budget.consortium_id)
        return arrangement


def arrangement_delete(*, actor, arrangement: StaffArrangement, version) -> None:
    """Delete an arrangement of an editable budget (its lines may then be deleted). The history keeps it, and the
    signed document stays on file for that history."""
    with transaction.atomic():
        budget, arrangement = _lock_arrangement(arrangement)
        _check_version(arrangement, version)
        for link in arrangement.line_links.all():
            as_actor(link, actor).delete()
        as_actor(arrangement, actor).delete()
        guard.pages_changed(budget.consortium_id)


def arrangements_copy_for_amendment(*, actor, source: Budget, amendment: Budget, **signal) -> list[StaffArrangement]:
    """Copy the arrangements of `source` into its amendment, on the copies of their lines (call it inside the
    transaction that creates the amendment, after its lines; the receiver of `budget.signals.amendment_created`)."""
    copies_of = dict(
        BudgetLine.objects.filter(budget=amendment, copied_from__isnull=False).values_list("copied_from_id", "pk")
    )
    links: dict[int, list[int]] = {}
    for arrangement_id, line_id in StaffArrangementLine.objects.filter(arrangement__budget=source).values_list(
        "arrangement_id", "line_id"
    ):
        links.setdefault(arrangement_id, []).append(line_id)
    created = []
    for original in StaffArrangement.objects.filter(budget=source).order_by("pk"):
        copy = StaffArrangement(
            budget=amendment,
            document=original.document.name,  # the signed file is shared, not duplicated
            copied_from=original,
            created_by=author_of(actor),
            **{name: getattr(original, name) for name in COPIED_FIELDS},
        )
        as_actor(copy, actor).save()
        for line_id in links.get(original.pk, []):
            if line_id in copies_of:
                as_actor(StaffArrangementLine(arrangement=copy, line_id=copies_of[line_id]), actor).save()
        created.append(copy)
    return created
