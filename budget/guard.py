"""The guard every write on a budget's lines goes through (lines, imports, staff arrangements).

A write locks the consortium's Budget row (`select_for_update`) in its transaction, checks the version is still
editable, computes the planned total under that lock and refuses to go over the envelope (`cap_exceeded`); a change
to the lines bumps the budget's revision, which a submission or review names.
"""

from decimal import Decimal

from django.db.models import F, Sum
from django.utils.translation import gettext as _

from consortia.models import Consortium
from consortia.services.base import bump_revision as bump_consortium_revision
from ols_platform.errors import DomainError

from . import rules
from .models import Budget, BudgetLine, RuleSet

ZERO = Decimal("0.00")


def lock_open_budget(consortium: Consortium, *, create: bool) -> Budget:
    """The consortium's editable budget, locked. Creates version 1 when the consortium has none yet."""
    Consortium.objects.select_for_update().only("pk").get(pk=consortium.pk)
    budget = Budget.objects.select_for_update().filter(consortium_id=consortium.pk).order_by("-version").first()
    if budget is None:
        if not create:
            raise DomainError(_("Ce consortium n'a pas encore de budget."), code="no_budget")
        budget = Budget.objects.create(consortium_id=consortium.pk, version=1, status=Budget.Status.DRAFT)
    require_editable(budget)
    return budget


def _lock_consortium_of(budget_id: int) -> None:
    """Lock the budget's consortium first: every budget write locks the consortium, then the budget (the order of
    `lock_open_budget`), and moves the consortium's revision (`pages_changed`) — in another order, two writes
    could each hold what the other waits for."""
    consortium_id = Budget.objects.values_list("consortium_id", flat=True).get(pk=budget_id)
    Consortium.objects.select_for_update().only("pk").get(pk=consortium_id)


def lock_budget(budget_id: int) -> Budget:
    """A budget version, locked, that must still be editable."""
    _lock_consortium_of(budget_id)
    budget = Budget.objects.select_for_update().select_related("consortium").get(pk=budget_id)
    require_editable(budget)
    return budget


def require_editable(budget: Budget) -> None:
    if budget.status in Budget.EDITABLE:
        return
    if budget.status == Budget.Status.SUBMITTED:
        message = _("Le budget (version %s) est soumis à l'AVIQ : il ne peut plus être modifié.") % budget.version
    elif budget.status == Budget.Status.APPROVED:
        message = (
            _("Le budget (version %s) est approuvé et verrouillé : créez un avenant pour le modifier.") % budget.version
        )
    else:
        message = _("Cette version du budget (%s) a été remplacée et ne peut plus être modifiée.") % budget.version
    raise DomainError(message, code="budget_locked", params={"status": budget.status, "version": budget.version})


def lock_line_budget(line: BudgetLine) -> tuple[Budget, BudgetLine]:
    """The line's budget and the line itself, both locked; the budget must be editable."""
    _lock_consortium_of(line.budget_id)
    budget = Budget.objects.select_for_update().get(pk=line.budget_id)
    require_editable(budget)
    try:
        line = BudgetLine.objects.select_for_update().select_related("structure").get(pk=line.pk, budget=budget)
    except BudgetLine.DoesNotExist:
        raise DomainError(_("Cette ligne n'existe plus."), code="not_found") from None
    return budget, line


def planned_total(budget: Budget) -> Decimal:
    return (budget.lines.aggregate(total=Sum("amount"))["total"] or ZERO).quantize(rules.CENT)


def envelope(consortium_id: int, ruleset: RuleSet) -> Decimal:
    population = Consortium.objects.values_list("territory__population", flat=True).get(pk=consortium_id)
    return rules.envelope_cap(population, ruleset.as_rules())


def check_cap(budget: Budget, ruleset: RuleSet, *, removed: Decimal, added: Decimal) -> None:
    """Refuse (`cap_exceeded`) a change that would take the locked budget's planned total over the envelope."""
    current = planned_total(budget)
    violation = rules.cap_check(
        cap=envelope(budget.consortium_id, ruleset), current_total=current, attempted_total=current - removed + added
    )
    if violation:
        raise DomainError(violation.message, code=violation.code, field="amount", params=violation.params)


def bump_revision(budget: Budget) -> None:
    """The lines changed: the budget's revision (which a submission or a review names) and the consortium's."""
    # The revision is a technical counter, excluded from the audit history: a plain update is enough.
    Budget.objects.filter(pk=budget.pk).update(revision=F("revision") + 1)
    pages_changed(budget.consortium_id)


def pages_changed(consortium_id: int) -> None:
    """What the consortium's pages show changed (lines, spending, a review, an arrangement): their cached copies are
    rebuilt (`consortia.services.base.bump_revision`). In the write's transaction, the consortium locked first."""
    bump_consortium_revision([consortium_id])
