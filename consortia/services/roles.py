"""Writes on the roles people hold in a consortium: grants, revocations and invitations to a consortium."""

from django.db import transaction
from django.utils.translation import gettext as _

from ols_platform.audit import as_actor, log_action
from ols_platform.errors import DomainError
from ols_platform.outbox import enqueue
from ols_platform.site_links import base_url
from ols_platform.tokens import RevokeReason, tokens_revoke_for_user

from ..models import (
    Consortium,
    ConsortiumRole,
    Structure,
    User,
)
from ..permissions import sync_role_perms
from ..tasks import send_role_email
from .base import bump_revision, lock_consortium
from .users import user_invite

# Separation of duties: whoever reviews every consortium (AVIQ, platform admins) holds no role in any of them,
# otherwise a reviewer could write the budget they then approve.


def _check_may_hold_role(user: User) -> None:
    if user.aviq_reviewer or user.is_superuser:
        raise DomainError(
            _(
                "%s est agent·e AVIQ ou administrateur·rice de la plateforme : ce compte examine les consortia et ne "
                "peut pas y recevoir de rôle. Invitez une autre adresse."
            )
            % user.email,
            code="reviewer_cannot_hold_role",
            field="user",
        )


def role_grant(
    *, actor, consortium: Consortium, user: User, role: str, structure: Structure | None = None
) -> ConsortiumRole:
    with transaction.atomic():
        consortium = lock_consortium(consortium.pk)
        if role not in ConsortiumRole.Role.values:
            raise DomainError(_("Rôle inconnu."), code="invalid", field="role")
        if role == ConsortiumRole.Role.STRUCTURE_REPORTER:
            if structure is None or not consortium.memberships.filter(structure=structure).exists():
                raise DomainError(
                    _("Un rapporteur est rattaché à une structure du consortium."),
                    code="reporter_needs_structure",
                    field="structure",
                )
        else:
            structure = None
        user = User.objects.select_for_update().get(pk=user.pk)  # its global role cannot change meanwhile
        _check_may_hold_role(user)
        if ConsortiumRole.objects.filter(user=user, consortium=consortium, role=role).exists():
            raise DomainError(_("%s a déjà ce rôle dans le consortium.") % user, code="duplicate_role", field="role")
        grant = ConsortiumRole(user=user, consortium=consortium, role=role, structure=structure)
        as_actor(grant, actor).save()
        bump_revision([consortium.pk])
        sync_role_perms(user, consortium)
        log_action("role.granted", actor=actor, target=user, consortium=consortium, data=_role_data(grant))
        return grant


def _role_data(grant: ConsortiumRole) -> dict:
    data = {"role": grant.role, "consortium": grant.consortium.name}
    if grant.structure is not None:
        data["structure"] = grant.structure.name
    return data


def role_revoke(*, actor, grant: ConsortiumRole) -> None:
    with transaction.atomic():
        consortium = lock_consortium(grant.consortium_id)
        grant = ConsortiumRole.objects.select_related("user", "structure").filter(pk=grant.pk).first()
        if grant is None:
            return  # already revoked (a double submit): the wanted state holds
        if (
            grant.role == ConsortiumRole.Role.COORDINATOR
            and actor
            and grant.user_id == actor.pk
            and not actor.is_superuser
        ):
            remaining = ConsortiumRole.objects.filter(consortium=consortium, role=grant.role).exclude(pk=grant.pk)
            if not remaining.exists():
                raise DomainError(
                    _(
                        "Vous êtes la dernière personne à coordonner ce consortium : désignez d'abord quelqu'un d'autre."
                    ),
                    code="last_coordinator",
                )
        user = grant.user
        grant.consortium = consortium
        data = _role_data(grant)
        as_actor(grant, actor).delete()
        bump_revision([consortium.pk])
        sync_role_perms(user, consortium)
        log_action("role.revoked", actor=actor, target=user, consortium=consortium, data=data)
        # A token made while the role was held must not outlive it.
        tokens_revoke_for_user(user=user, actor=actor, reason=RevokeReason.ROLE_REVOKED)


def invite_to_consortium(
    *,
    actor,
    consortium: Consortium,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    structure: Structure | None = None,
) -> ConsortiumRole:
    """Give a role to an existing account, or create the account (with its invitation) first."""
    with transaction.atomic():
        consortium = lock_consortium(consortium.pk)  # two invitations of one new address run one after the other
        user = User.objects.filter(email__iexact=(email or "").strip()).first()
        created = user is None
        if created:
            user = user_invite(
                actor=actor, email=email, first_name=first_name, last_name=last_name, consortium=consortium
            )
        grant = role_grant(actor=actor, consortium=consortium, user=user, role=role, structure=structure)
        if not created:
            enqueue(send_role_email, user.pk, consortium.pk, role, base_url())
        return grant
