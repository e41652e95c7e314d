"""Writes on the budget: lines, expenses, submission, review and amendments.

Every write that changes the planned total locks the Budget row (`select_for_update`) in its transaction, computes the
total under that lock and refuses to go over the envelope (`cap_exceeded`). Refusals are `DomainError`s with a stable
code, a French message and the figures in `params`.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from consortia.models import Consortium, Membership
from ols_platform import files
from ols_platform.audit import as_actor, author_of, log_action
from ols_platform.concurrency import check_version, next_version, parse_version
from ols_platform.errors import ConflictError, DomainError
from ols_platform.formatting import format_money, format_number
from ols_platform.validators import object_id
from review.models import Action, ItemKind
from review.services import record_event

from . import guard, lines, rules, signals, spreadsheets
from .models import JUSTIFICATION_MAX_LENGTH, REVIEW_COMMENT_MAX_LENGTH, Budget, BudgetLine, Category, Expense, RuleSet
from .notices import budget_notice
from .permissions import REVIEW_BUDGET, has_perm

ZERO = Decimal("0.00")
# What an amendment copies of each line (the copy then points at its original).
COPIED_LINE_FIELDS = ("structure_id", "category", "year", "label", "amount", "staff_role", "fte")


# --- helpers -----------------------------------------------------------------------------------------------


def _checked_line(data: dict, *, consortium_id: int, ruleset: RuleSet, current: BudgetLine | None = None) -> dict:
    """A line's clean values (all fields on create, the given ones on update); the first problem is raised."""
    clean = {}
    if current is None or "structure" in data:
        clean["structure"] = lines.member_of_consortium(
            consortium_id, data.get("structure"), field="structure"
        ).structure
    values, problems = lines.check_line(data, max_amount=ruleset.max_amount, current=current)
    if problems:
        raise problems[0]
    return clean | values


def _line_values(line: BudgetLine) -> str:
    parts = [
        _("structure : %s") % line.structure.name,
        _("catégorie : %s") % line.get_category_display(),
        _("année : %s") % line.year,
        _("libellé : « %s »") % line.label,
        _("montant : %s") % format_money(line.amount),
    ]
    if line.category == Category.PERSONNEL:
        parts += [_("fonction : %s") % line.staff_role, _("ETP : %s") % format_number(line.fte, 2)]
    return " ; ".join(parts)


# --- lines --------------------------------------------------------------------------------------------------


def budget_line_create(*, actor, consortium: Consortium, data: dict) -> BudgetLine:
    """Add a line to the consortium's editable budget (creating version 1 if needed)."""
    ruleset = RuleSet.active()
    with transaction.atomic():
        budget = guard.lock_open_budget(consortium, create=True)
        clean = _checked_line(data, consortium_id=consortium.pk, ruleset=ruleset)
        guard.check_cap(budget, ruleset, removed=ZERO, added=clean["amount"])
        line = BudgetLine(budget=budget, **clean)
        as_actor(line, actor).save()
        guard.bump_revision(budget)
        return line


def budget_line_update(*, actor, line: BudgetLine, version, data: dict) -> BudgetLine:
    """Change a line. `version` is the one the editor loaded: if someone saved in between, ConflictError."""
    ruleset = RuleSet.active()
    with transaction.atomic():
        budget, line = guard.lock_line_budget(line)
        expected = parse_version(version, missing_message=_("Version de la ligne manquante : rechargez la page."))
        check_version(
            line,
            expected,
            label=_("la ligne « %s »") % line.label,
            current_values=_line_values(line),
            params={"amount": line.amount, "label": line.label},
        )
        clean = _checked_line(data, consortium_id=budget.consortium_id, ruleset=ruleset, current=line)
        signals.line_changing.send(sender=BudgetLine, line=line, clean=clean)
        if line.expenses.exists() and "structure" in clean and clean["structure"].pk != line.structure_id:
            raise DomainError(
                _("Des dépenses sont imputées à cette ligne : sa structure ne peut plus changer."),
                code="line_in_use",
                field="structure",
            )
        if "amount" in clean:
            guard.check_cap(budget, ruleset, removed=line.amount, added=clean["amount"])
        changed = {k: v for k, v in clean.items() if getattr(line, k) != v}
        if not changed:
            return line
        for key, value in changed.items():
            setattr(line, key, value)
        next_version(line)
        as_actor(line, actor).save()
        guard.bump_revision(budget)
        return line


def budget_line_delete(*, actor, line: BudgetLine, version=None) -> None:
    """Delete a line of an editable budget. Lines with expenses (or funding a staff arrangement) are kept."""
    with transaction.atomic():
        budget, line = guard.lock_line_budget(line)
        if version not in (None, ""):
            expected = parse_version(version, missing_message=_("Version de la ligne manquante : rechargez la page."))
            check_version(line, expected, label=_("la ligne « %s »") % line.label, current_values=_line_values(line))
        in_use = line.expenses.exists() or (
            line.copied_from_id is not None and Expense.objects.filter(budget_line_id=line.copied_from_id).exists()
        )
        if in_use:
            raise DomainError(
                _("Des dépenses sont imputées à la ligne « %s » : elle ne peut pas être supprimée.") % line.label,
                code="line_in_use",
            )
        signals.line_deleting.send(sender=BudgetLine, line=line)
        try:
            with transaction.atomic():
                as_actor(line, actor).delete()
        except ProtectedError:
            raise DomainError(
                _(
                    "La ligne « %s » est utilisée ailleurs (convention, mise à disposition) : elle ne peut pas être "
                    "supprimée."
                )
                % line.label,
                code="line_in_use",
            ) from None
        guard.bump_revision(budget)


# --- expenses -----------------------------------------------------------------------------------------------


def expense_create(*, actor, consortium: Consortium, data: dict, file=None) -> Expense:
    """Record actual spending against a line of the approved budget, inside the period, within the approved total."""
    ruleset = RuleSet.active()
    amount = rules.clean_amount(data.get("amount"), maximum=ruleset.max_amount)
    date = data.get("date")
    if not hasattr(date, "year"):
        raise DomainError(_("Indiquez une date valide (jj/mm/aaaa)."), code="invalid_date", field="date")
    justification = str(data.get("justification") or "").strip()
    if not justification:
        raise DomainError(
            _("Indiquez la justification de la dépense (facture, fiche de paie…)."),
            code="invalid_justification",
            field="justification",
        )
    if len(justification) > JUSTIFICATION_MAX_LENGTH:
        raise DomainError(
            _("La justification ne peut dépasser %s caractères.") % format_number(JUSTIFICATION_MAX_LENGTH),
            code="invalid_justification",
            field="justification",
        )
    if file is not None:
        files.check_upload(file, files.JUSTIFICATION, field="justification_file")
    with transaction.atomic():
        Consortium.objects.select_for_update().only("pk").get(pk=consortium.pk)
        approved = (
            Budget.objects.select_for_update()
            .filter(consortium_id=consortium.pk, status=Budget.Status.APPROVED)
            .first()
        )
        if approved is None:
            raise DomainError(
                _("Les dépenses s'imputent sur un budget approuvé par l'AVIQ : ce consortium n'en a pas encore."),
                code="no_approved_budget",
                field="budget_line",
            )
        raw_line = data.get("budget_line")
        line = (
            BudgetLine.objects.select_related("budget__consortium")
            .filter(pk=object_id(raw_line), budget=approved)
            .first()
        )
        if line is None:
            raise DomainError(
                _("Choisissez une ligne du budget approuvé."), code="invalid_budget_line", field="budget_line"
            ) from None
        start, end = consortium.start_date, consortium.end_date
        if not rules.date_in_period(date, start, end):
            raise DomainError(
                _("La date doit être comprise dans la période financée, du %(start)s au %(end)s.")
                % {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")},
                code="date_outside_period",
                field="date",
                params={"start": start, "end": end},
            )
        approved_total = guard.planned_total(approved)
        current_actual = (
            Expense.objects.filter(budget_line__budget__consortium_id=consortium.pk).aggregate(total=Sum("amount"))[
                "total"
            ]
            or ZERO
        ).quantize(rules.CENT)
        violation = rules.actual_check(
            approved_total=approved_total, current_actual=current_actual, attempted_actual=current_actual + amount
        )
        if violation:
            raise DomainError(violation.message, code=violation.code, field="amount", params=violation.params)
        expense = Expense(
            budget_line=line, date=date, amount=amount, justification=justification, created_by=author_of(actor)
        )
        if file is not None:
            expense.justification_filename = files.safe_name(file.name)
            expense.justification_file.save(file.name, file, save=False)
        try:
            as_actor(expense, actor).save()
        except Exception:
            if expense.justification_file:
                expense.justification_file.delete(save=False)
            raise
        guard.pages_changed(consortium.pk)
        return expense


# --- import ---------------------------------------------------------------------------------------------------


def budget_lines_import(*, actor, consortium: Consortium, payload: dict) -> list[BudgetLine]:
    """Create every line of a checked preview in the consortium's editable budget, or none.

    Under the budget lock: the budget must be the one (and at the revision) the preview was computed on, every row
    is checked again, and the new planned total may not exceed the envelope (`cap_exceeded`).
    """
    ruleset = RuleSet.active()
    rows = payload.get("rows") or []
    if not rows:
        raise DomainError(_("Aucune ligne à importer."), code="empty_file")
    if len(rows) > spreadsheets.MAX_ROWS:
        raise DomainError(_("Trop de lignes dans cet import."), code="too_many_rows")
    with transaction.atomic():
        budget = guard.lock_open_budget(consortium, create=True)
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
        members = set(Membership.objects.filter(consortium_id=consortium.pk).values_list("structure_id", flat=True))
        new_lines, problems = [], []
        for row in rows:
            clean, errors = lines.check_line(row, max_amount=ruleset.max_amount)
            messages = [error.message for error in errors]
            if row.get("structure") not in members:
                messages.insert(0, _("La structure n'est plus membre ou partenaire du consortium."))
            if messages:
                problems.append(_("ligne %(n)s : %(errors)s") % {"n": row.get("number"), "errors": " ".join(messages)})
                continue
            new_lines.append(BudgetLine(budget=budget, structure_id=row["structure"], **clean))
        if problems:
            raise DomainError(
                _("Rien n'a été importé : %s") % " ; ".join(problems[:5]) + (" …" if len(problems) > 5 else ""),
                code="invalid_import_rows",
                params={"rows": problems},
            )
        added = sum((line.amount for line in new_lines), ZERO)
        guard.check_cap(budget, ruleset, removed=ZERO, added=added)
        created = bulk_create_with_history(
            new_lines,
            BudgetLine,
            batch_size=500,
            default_user=author_of(actor),
            default_change_reason=_("import"),
        )
        guard.bump_revision(budget)
        return created


# --- workflow -----------------------------------------------------------------------------------------------


def _lock_budget(budget: Budget) -> Budget:
    Consortium.objects.select_for_update().only("pk").get(pk=budget.consortium_id)
    return Budget.objects.select_for_update().select_related("consortium__territory").get(pk=budget.pk)


def _check_revision(budget: Budget, revision) -> None:
    if revision in (None, ""):
        return
    if str(revision) != str(budget.revision):
        raise ConflictError(
            _("Le budget a été modifié depuis que vous l'avez affiché : rechargez la page et vérifiez-le."),
            code="conflict",
            params={"revision": budget.revision},
        )


def submission_violations(budget: Budget, ruleset: RuleSet) -> list[rules.Violation]:
    totals = budget.lines.aggregate(total=Sum("amount"), personnel=Sum("amount", filter=_personnel()))
    approved_total = None
    total_actual = ZERO
    if budget.supersedes_id:
        total_actual = (
            Expense.objects.filter(budget_line__budget__consortium_id=budget.consortium_id).aggregate(
                total=Sum("amount")
            )["total"]
            or ZERO
        )
        approved_total = totals["total"] or ZERO
    return rules.violations(
        envelope=rules.envelope_cap(budget.consortium.territory.population, ruleset.as_rules()),
        total_planned=totals["total"] or ZERO,
        personnel_planned=totals["personnel"] or ZERO,
        rules=ruleset.as_rules(),
        total_actual=total_actual,
        approved_total=approved_total,
        line_count=budget.lines.count(),
    )


def _personnel():
    return Q(category=Category.PERSONNEL)


def budget_submit(*, actor, budget: Budget, revision=None, note: str = "") -> Budget:
    """Send the budget to AVIQ (its reviewers are e-mailed). Refused while any rule is broken (the personnel share
    among them). `note`: the consortium's answer to AVIQ's requested changes, kept with the version."""
    ruleset = RuleSet.active()
    note = rules.clean_text(note, maximum=REVIEW_COMMENT_MAX_LENGTH, field_name="note")
    with transaction.atomic():
        budget = _lock_budget(budget)
        if budget.status == Budget.Status.SUBMITTED:
            raise DomainError(_("Ce budget est déjà soumis à l'AVIQ."), code="budget_locked")
        guard.require_editable(budget)
        _check_revision(budget, revision)
        found = submission_violations(budget, ruleset)
        if found:
            first = found[0]
            message = first.message if len(found) == 1 else " ".join(v.message for v in found)
            raise DomainError(
                _("Le budget ne peut pas être soumis : %s") % message, code=first.code, params=first.params
            )
        budget.status = Budget.Status.SUBMITTED
        budget.submitted_at = timezone.now()
        budget.submitted_by = author_of(actor)
        budget.submission_note = note
        as_actor(budget, actor).save()
        _log_review("budget.submitted", actor, budget)
        budget_notice(budget, "submitted")
        guard.pages_changed(budget.consortium_id)
        return budget


def _log_review(action: str, actor, budget: Budget) -> None:
    data = {"version": budget.version, "revision": budget.revision}
    submitted = action == "budget.submitted"
    if budget.review_comment and not submitted:
        data["comment"] = budget.review_comment[:500]
    log_action(action, actor=actor, target=budget, consortium=budget.consortium_id, data=data)
    comment = budget.submission_note if submitted else budget.review_comment
    _record_event(actor, budget, action.removeprefix("budget."), comment)


def _record_event(actor, budget: Budget, action: str, comment: str) -> None:
    """The budget version's review history (read on the budget and AVIQ review pages)."""
    item = {"consortium_id": budget.consortium_id, "item_kind": ItemKind.BUDGET, "item_id": budget.pk}
    record_event(actor=actor, action=action, comment=comment, **item)


def _require_reviewer(actor, budget: Budget) -> None:
    if not has_perm(actor, budget.consortium, REVIEW_BUDGET):
        raise DomainError(
            _("Seule l'AVIQ (ou un administrateur de la plateforme) peut examiner un budget."), code="not_reviewer"
        )


def _require_submitted(budget: Budget) -> None:
    if budget.status != Budget.Status.SUBMITTED:
        raise DomainError(
            _("Seul un budget soumis peut être examiné (statut actuel : %s).") % budget.get_status_display(),
            code="not_submitted",
            params={"status": budget.status},
        )


def budget_approve(*, actor, budget: Budget, comment: str = "", revision=None) -> Budget:
    """AVIQ approves a submitted budget. An approved amendment replaces the previous approved version, whose
    expenses follow their lines into the new version."""
    _require_reviewer(actor, budget)
    ruleset = RuleSet.active()
    with transaction.atomic():
        budget = _lock_budget(budget)
        _require_submitted(budget)
        _check_revision(budget, revision)
        found = [v for v in submission_violations(budget, ruleset) if v.code != "personnel_share_too_low"]
        if found:  # every broken rule is listed, the first one's code and figures for clients
            listed = " ".join(violation.message for violation in found)
            params = found[0].params | {"violations": [violation.code for violation in found]}
            raise DomainError(_("Ce budget ne peut pas être approuvé : %s") % listed, code=found[0].code, params=params)
        previous = (
            Budget.objects.select_for_update()
            .filter(consortium_id=budget.consortium_id, status=Budget.Status.APPROVED)
            .first()
        )
        if previous is not None:
            _move_expenses(actor, previous=previous, amendment=budget)
            previous.status = Budget.Status.SUPERSEDED
            as_actor(previous, actor).save()
        budget.status = Budget.Status.APPROVED
        budget.reviewed_at = timezone.now()
        budget.reviewed_by = author_of(actor)
        budget.review_comment = str(comment or "").strip()[:REVIEW_COMMENT_MAX_LENGTH]
        as_actor(budget, actor).save()
        _log_review("budget.approved", actor, budget)
        budget_notice(budget, "approved")
        guard.pages_changed(budget.consortium_id)
        return budget


def _move_expenses(actor, *, previous: Budget, amendment: Budget) -> None:
    """The expenses of the replaced version follow their lines into the approved amendment (a fixed number of
    queries whatever their number)."""
    copy_of = dict(
        BudgetLine.objects.filter(budget=amendment, copied_from__isnull=False).values_list("copied_from_id", "pk")
    )
    expenses = list(Expense.objects.select_for_update().filter(budget_line__budget=previous).order_by("pk"))
    if any(expense.budget_line_id not in copy_of for expense in expenses):
        # the amendment cannot have removed such a line (line_in_use), but never lose an expense
        raise DomainError(_("Une dépense est imputée à une ligne absente de l'avenant."), code="line_in_use")
    for expense in expenses:
        expense.budget_line_id = copy_of[expense.budget_line_id]
    bulk_update_with_history(expenses, Expense, ["budget_line"], batch_size=500, default_user=author_of(actor))


def budget_request_changes(*, actor, budget: Budget, comment: str, revision=None) -> Budget:
    """AVIQ sends a submitted budget back with the changes it asks for (a comment is required)."""
    _require_reviewer(actor, budget)
    comment = rules.clean_text(comment, maximum=REVIEW_COMMENT_MAX_LENGTH, field_name="comment")
    if not comment:
        raise DomainError(_("Expliquez les modifications demandées."), code="invalid_comment", field="comment")
    with transaction.atomic():
        budget = _lock_budget(budget)
        _require_submitted(budget)
        _check_revision(budget, revision)
        budget.status = Budget.Status.CHANGES_REQUESTED
        budget.reviewed_at = timezone.now()
        budget.reviewed_by = author_of(actor)
        budget.review_comment = comment
        as_actor(budget, actor).save()
        _log_review("budget.changes_requested", actor, budget)
        budget_notice(budget, "changes_requested")
        guard.pages_changed(budget.consortium_id)
        return budget


def budget_amend(*, actor, consortium: Consortium) -> Budget:
    """Open an amendment: a new draft version copying the approved lines. The approved version stays in force."""
    with transaction.atomic():
        Consortium.objects.select_for_update().only("pk").get(pk=consortium.pk)
        latest = Budget.objects.select_for_update().filter(consortium_id=consortium.pk).order_by("-version").first()
        if latest is None or latest.status != Budget.Status.APPROVED:
            if latest is not None and latest.status in Budget.OPEN:
                message = _("Une version %(version)s est déjà en cours (%(status)s) : modifiez-la plutôt.") % {
                    "version": latest.version,
                    "status": latest.get_status_display(),
                }
            else:
                message = _("Seul un budget approuvé peut faire l'objet d'un avenant.")
            raise DomainError(message, code="not_approved")
        amendment = as_actor(Budget(consortium_id=consortium.pk, version=latest.version + 1, supersedes=latest), actor)
        amendment.save()
        copies = [
            BudgetLine(budget=amendment, copied_from=line, **{name: getattr(line, name) for name in COPIED_LINE_FIELDS})
            for line in latest.lines.all()
        ]
        # bulk_create skips signals: simple-history's helper records the history rows.
        bulk_create_with_history(copies, BudgetLine, default_user=author_of(actor), default_change_reason="avenant")
        signals.amendment_created.send(sender=Budget, actor=actor, source=latest, amendment=amendment)
        note = _("Avenant : version %(version)s, reprise de la version %(previous)s approuvée.")
        _record_event(
            actor, amendment, Action.AMENDED, note % {"version": amendment.version, "previous": latest.version}
        )
        guard.pages_changed(consortium.pk)
        return amendment
