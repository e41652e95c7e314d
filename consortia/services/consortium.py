"""Writes on a consortium itself: its creation (with its lead structure), its name, status and start date, and what
its coordination lets the operational team do."""

from django.db import transaction
from django.utils.translation import gettext as _

from ols_platform.audit import as_actor, log_action
from ols_platform.errors import DomainError

from ..models import (
    Consortium,
    ConsortiumRole,
    Membership,
    Structure,
    Territory,
)
from ..permissions import sync_role_perms_of
from .base import bump_revision, full_clean_or_refuse, lock_consortium
from .memberships import membership_create


def consortium_create(*, actor, name: str, territory: Territory, lead_structure: Structure, **fields) -> Consortium:
    """Create a consortium; its lead structure becomes its first member."""
    with transaction.atomic():
        territory = Territory.objects.select_for_update().get(pk=territory.pk)
        if Consortium.objects.filter(territory=territory).exists():
            raise DomainError(_("Ce territoire a déjà son consortium."), code="territory_taken", field="territory")
        consortium = Consortium(name=name, territory=territory, **fields)
        full_clean_or_refuse(consortium)
        as_actor(consortium, actor).save()
        membership_create(
            actor=actor, consortium=consortium, structure=lead_structure, role=Membership.Role.MEMBER, is_lead=True
        )
        return consortium


def consortium_update(*, actor, consortium: Consortium, data: dict) -> Consortium:
    with transaction.atomic():
        consortium = lock_consortium(consortium.pk)
        for key in ("name", "status", "start_date"):
            if key in data:
                setattr(consortium, key, data[key])
        full_clean_or_refuse(consortium, exclude=["territory"])
        as_actor(consortium, actor).save()
        bump_revision([consortium.pk])
        return consortium


def operational_expenses_set(*, actor, consortium: Consortium, allowed: bool) -> bool:
    """Let the operational team record expenses and their justificatifs (`record_expenses`), or stop it: the
    operational members' permissions follow in the same transaction. Setting what already holds changes nothing
    (a double submit, a stale form); returns whether anything changed."""
    with transaction.atomic():
        consortium = lock_consortium(consortium.pk)
        if consortium.operational_team_records_expenses == bool(allowed):
            return False
        consortium.operational_team_records_expenses = bool(allowed)
        as_actor(consortium, actor).save(update_fields=["operational_team_records_expenses"])
        sync_role_perms_of(consortium, ConsortiumRole.Role.OPERATIONAL)
        bump_revision([consortium.pk])
        action = "role.operational_expenses_allowed" if allowed else "role.operational_expenses_withdrawn"
        data = {"role": ConsortiumRole.Role.OPERATIONAL, "consortium": consortium.name}
        log_action(action, actor=actor, target=consortium, consortium=consortium, data=data)
        return True
