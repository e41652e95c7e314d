"""Writes on memberships: a structure's place in a consortium (member or partner, lead, contact, conflicts)."""

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from ols_platform.audit import as_actor
from ols_platform.concurrency import check_version, next_version
from ols_platform.errors import DomainError

from ..models import (
    CONTACT_FIELDS,
    Consortium,
    ConsortiumRole,
    LegalForm,
    Membership,
    Structure,
    StructureLink,
)
from .base import bump_revision, full_clean_or_refuse, lock_consortium


def _check_membership(membership: Membership) -> None:
    structure = membership.structure
    if membership.role not in Membership.Role.values:
        raise DomainError(_("Choisissez « membre » ou « partenaire »."), code="invalid", field="role")
    if membership.role == Membership.Role.MEMBER and not structure.may_be_member:
        raise DomainError(
            _(
                "%s est un hôpital, un réseau hospitalier ou un organisme assureur : elle peut être partenaire, pas membre."
            )
            % structure.name,
            code="excluded_member",
            field="role",
        )
    if membership.is_lead:
        if membership.role != Membership.Role.MEMBER:
            raise DomainError(
                _("La structure porteuse doit être membre du consortium."), code="lead_must_be_member", field="is_lead"
            )
        if structure.legal_form != LegalForm.ASBL:
            raise DomainError(
                _("La structure porteuse doit être une ASBL ; %(name)s est « %(form)s ».")
                % {"name": structure.name, "form": structure.get_legal_form_display()},
                code="lead_must_be_asbl",
                field="is_lead",
            )
    full_clean_or_refuse(membership, exclude=["consortium", "structure"])
    limit = Membership._meta.get_field("conflict_of_interest_note").max_length
    if len(membership.conflict_of_interest_note or "") > limit:  # a TextField's max_length is not a model validator
        raise DomainError(
            _("La note compte au plus %(limit)d caractères (elle en a %(count)d).")
            % {"limit": limit, "count": len(membership.conflict_of_interest_note)},
            code="invalid",
            field="conflict_of_interest_note",
        )


def _check_not_archived(structure: Structure) -> None:
    if structure.is_archived:
        raise DomainError(
            _("%s est archivée : désarchivez-la d'abord.") % structure.name,
            code="structure_archived",
            field="structure",
        )


def _current_membership(membership: Membership) -> Membership:
    current = Membership.objects.select_related("structure").filter(pk=membership.pk).first()
    if current is None:
        raise DomainError(_("Cette adhésion n'existe plus : quelqu'un l'a retirée entre-temps."), code="not_found")
    return current


MEMBERSHIP_FIELDS = (
    "role",
    "is_lead",
    "conflict_of_interest_declared",
    "conflict_of_interest_note",
    "joined_on",
    *CONTACT_FIELDS,
)


def membership_create(
    *, actor, consortium: Consortium, structure: Structure, role: str, is_lead: bool = False, **extra
) -> Membership:
    """Add a structure to the consortium; `extra` holds the other membership fields (contact, `joined_on`, …).

    Adding changes nothing of the structure itself: it becomes shared, and its identity is then corrected by a
    platform admin only.
    """
    with transaction.atomic():
        consortium = lock_consortium(consortium.pk)
        # Joining and an identity edit (which checks the structure is not shared) run one after the other.
        structure = Structure.objects.select_for_update().get(pk=structure.pk)
        if Membership.objects.filter(consortium=consortium, structure=structure).exists():
            raise DomainError(
                _("%s fait déjà partie du consortium.") % structure.name, code="already_member", field="structure"
            )
        if is_lead and consortium.memberships.filter(is_lead=True).exists():
            raise DomainError(
                _("Le consortium a déjà une structure porteuse : utilisez « désigner comme structure porteuse »."),
                code="second_lead",
                field="is_lead",
            )
        membership = Membership(consortium=consortium, structure=structure, role=role, is_lead=is_lead, **extra)
        _check_not_archived(structure)
        _check_membership(membership)
        as_actor(membership, actor).save()
        bump_revision([consortium.pk])
        return membership


def membership_update(*, actor, membership: Membership, data: dict, expected_version: int | None = None) -> Membership:
    """Change a membership; with `expected_version` (its `version` when loaded) a stale save raises `ConflictError`."""
    with transaction.atomic():
        consortium = lock_consortium(membership.consortium_id)
        membership = _current_membership(membership)
        check_version(membership, expected_version, label=_("l'adhésion de %s") % membership.structure.name)
        was_lead = membership.is_lead
        for key in MEMBERSHIP_FIELDS:
            if key in data:
                setattr(membership, key, data[key])
        if was_lead and not membership.is_lead:
            raise DomainError(
                _("Un consortium garde toujours une structure porteuse : désignez-en une autre à la place."),
                code="lead_removal",
                field="is_lead",
            )
        if membership.is_lead and not was_lead and consortium.memberships.filter(is_lead=True).exists():
            raise DomainError(
                _("Le consortium a déjà une structure porteuse : utilisez « désigner comme structure porteuse »."),
                code="second_lead",
                field="is_lead",
            )
        _check_membership(membership)
        as_actor(next_version(membership), actor).save()
        bump_revision([consortium.pk])
        return membership


def membership_contact_update(
    *, actor, membership: Membership, data: dict, expected_version: int | None = None
) -> Membership:
    """Change the contact details of a membership (CONTACT_FIELDS only: what a structure's reporter may change);
    with `expected_version` a stale save raises `ConflictError`. Who may call it is `permissions.may_edit_contact`."""
    with transaction.atomic():
        consortium = lock_consortium(membership.consortium_id)
        membership = _current_membership(membership)
        wanted = {key: str(data[key] or "").strip() for key in CONTACT_FIELDS if key in data}
        if all(getattr(membership, key) == value for key, value in wanted.items()):
            return membership  # nothing to change (a form sent twice): no write, no conflict
        check_version(membership, expected_version, label=_("les coordonnées de %s") % membership.structure.name)
        for key, value in wanted.items():
            setattr(membership, key, value)
        full_clean_or_refuse(membership, exclude=["consortium", "structure"])
        as_actor(next_version(membership), actor).save()
        bump_revision([consortium.pk])
        return membership


def membership_make_lead(*, actor, membership: Membership) -> Membership:
    """Hand the lead over to this member in one step (the only way to change the lead)."""
    with transaction.atomic():
        consortium = lock_consortium(membership.consortium_id)
        membership = _current_membership(membership)
        if membership.is_lead:
            return membership
        probe = Membership(consortium=consortium, structure=membership.structure, role=membership.role, is_lead=True)
        _check_not_archived(membership.structure)
        _check_membership(probe)
        for previous in consortium.memberships.filter(is_lead=True):
            previous.is_lead = False
            as_actor(next_version(previous), actor).save()
        membership.is_lead = True
        as_actor(next_version(membership), actor).save()
        bump_revision([consortium.pk])
        return membership


def membership_delete(*, actor, membership: Membership) -> None:
    with transaction.atomic():
        consortium = lock_consortium(membership.consortium_id)
        membership = _current_membership(membership)
        if membership.is_lead:
            raise DomainError(
                _("%s est la structure porteuse : désignez d'abord une autre structure porteuse.")
                % membership.structure.name,
                code="lead_removal",
            )
        structure = membership.structure
        used = (
            StructureLink.objects.filter(consortium=consortium, source=structure).exists()
            or StructureLink.objects.filter(consortium=consortium, target=structure).exists()
            or ConsortiumRole.objects.filter(consortium=consortium, structure=structure).exists()
        )
        if used:
            raise DomainError(
                _("%s a encore des liens ou des rapporteurs dans ce consortium : retirez-les d'abord.")
                % structure.name,
                code="membership_in_use",
            )
        try:
            as_actor(membership, actor).delete()
        except ProtectedError:
            raise DomainError(
                _("%s est utilisée par d'autres enregistrements du consortium.") % structure.name,
                code="membership_in_use",
            ) from None
        bump_revision([consortium.pk])
