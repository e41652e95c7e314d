"""Writes on structures: their shared identity, flags, archive state and bassins de vie, and their deletion."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import F, ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from ols_platform.audit import as_actor
from ols_platform.concurrency import check_version, next_version
from ols_platform.errors import DomainError
from ols_platform.validators import object_id

from ..enterprise_number import normalize_enterprise_number
from ..models import (
    IDENTITY_FIELDS,
    Consortium,
    LegalForm,
    LifeBasin,
    Membership,
    Structure,
    Territory,
)
from ..permissions import visible_structures
from ..selectors import is_shared
from .base import bump_revision, full_clean_or_refuse, lock_consortia, lock_consortium
from .memberships import membership_create, membership_delete

STRUCTURE_FIELDS = IDENTITY_FIELDS  # the fields a structure's services write (its shared identity)


def _clean_enterprise_number(value):
    try:
        return normalize_enterprise_number(value)
    except ValidationError as exc:
        raise DomainError(
            exc.messages[0], code=exc.code or "enterprise_number_invalid", field="enterprise_number"
        ) from None


def _check_structure_flags_allow_memberships(structure: Structure) -> None:
    if structure.pk is None:
        return
    if not structure.may_be_member and structure.memberships.filter(role=Membership.Role.MEMBER).exists():
        raise DomainError(
            _("%s est membre d'un consortium : un hôpital ou un organisme assureur ne peut être que partenaire.")
            % structure.name,
            code="excluded_member",
            field="is_hospital" if structure.is_hospital else "is_insurer",
        )
    if structure.legal_form != LegalForm.ASBL and structure.memberships.filter(is_lead=True).exists():
        raise DomainError(
            _("%s est structure porteuse : elle doit rester une ASBL.") % structure.name,
            code="lead_must_be_asbl",
            field="legal_form",
        )


def _duplicate_number_error(
    number: str, consortium: Consortium | None, actor, *, others_only: bool = False
) -> DomainError:
    """The number is taken. The existing structure is named, and its id given, only to whoever may already see it:
    a structure of another consortium is found by typing its number on the "add an existing structure" page."""
    existing = Structure.objects.filter(enterprise_number=number).first()
    seen = existing is not None and actor is not None and visible_structures(actor).filter(pk=existing.pk).exists()
    if existing is not None and consortium is not None and existing.memberships.filter(consortium=consortium).exists():
        message = _("%(name)s (numéro %(number)s) fait déjà partie du consortium.") % {
            "name": existing.name,
            "number": number,
        }
    elif others_only:
        message = _("Une autre structure porte déjà le numéro %s.") % number
    else:
        message = (
            _(
                "Une structure porte déjà le numéro %s : ajoutez-la comme membre ou partenaire avec ce numéro "
                "(« ajouter une structure existante »)."
            )
            % number
        )
    return DomainError(
        message,
        code="duplicate_enterprise_number",
        field="enterprise_number",
        params={"structure_id": existing.pk} if seen else {},
    )


def _check_identity_editable(actor, structure: Structure, field: str | None = None, name: str | None = None) -> None:
    """A shared structure's identity is corrected by a platform admin only (see the README).

    The one consortium that holds a structure alone may change everything about it; once a second consortium
    holds it too, one consortium's edit would change what the other sees, so it is refused. `actor=None` is the
    platform itself (demo data, data migrations). `name` is the name the structure had before the refused edit.
    """
    if actor is None or actor.is_superuser or not is_shared(structure):
        return
    raise DomainError(
        _(
            "%s : cette structure est partagée avec un autre consortium : demandez la correction à "
            "l'administration de la plateforme."
        )
        % (name or structure.name),
        code="structure_shared",
        field=field,
    )


def _life_basins_of(territory: Territory, life_basins) -> list[LifeBasin]:
    """The given bassins de vie, all of which must belong to the territory."""
    ids = {object_id(basin) for basin in life_basins}  # not an id (None): refused below like another territory's
    found = list(LifeBasin.objects.filter(pk__in=ids, territory=territory))
    if len(found) != len(ids):
        raise DomainError(
            _("Choisissez les bassins de vie parmi ceux du territoire %s.") % territory.name,
            code="life_basin_outside_territory",
            field="life_basins",
        )
    return found


def structure_create(
    *, actor, consortium: Consortium, role: str, data: dict, membership_data: dict | None = None
) -> Membership:
    """Register a new structure and add it to the consortium as member or partner.

    `data` holds the Structure fields (and optionally `life_basins`, chosen among the consortium's territory's);
    `membership_data` the other fields of the membership (`conflict_of_interest_declared`, `joined_on`, …).
    """
    fields = {k: v for k, v in data.items() if k in STRUCTURE_FIELDS}
    fields["enterprise_number"] = _clean_enterprise_number(fields.get("enterprise_number", ""))
    with transaction.atomic():
        consortium = lock_consortium(consortium.pk)
        if Structure.objects.filter(enterprise_number=fields["enterprise_number"]).exists():
            raise _duplicate_number_error(fields["enterprise_number"], consortium, actor)
        life_basins = _life_basins_of(consortium.territory, data.get("life_basins") or [])
        structure = Structure(**fields)
        full_clean_or_refuse(structure)
        try:
            with transaction.atomic():
                as_actor(structure, actor).save()
        except IntegrityError:  # the same number registered at the same instant by another consortium
            raise _duplicate_number_error(fields["enterprise_number"], consortium, actor) from None
        if life_basins:
            structure.life_basins.set(life_basins)
        return membership_create(
            actor=actor, consortium=consortium, structure=structure, role=role, **(membership_data or {})
        )


def _holders(structure: Structure):
    """The ids of the consortia that hold the structure (a subquery, read when used): what it is changes their pages.

    Locked (`lock_consortia`) before the structure, bumped (`bump_revision`) after the write: a consortium that
    joined meanwhile is read by the second query and bumped too.
    """
    return Membership.objects.filter(structure_id=structure.pk).values("consortium_id")


def _territory_membership(structure: Structure, territory: Territory) -> Membership | None:
    """The membership, locked, through which the consortium of `territory` holds the structure (whose
    `life_basins_version` counts that consortium's choices of bassins de vie), if it holds it."""
    return Membership.objects.select_for_update().filter(structure=structure, consortium__territory=territory).first()


def _set_life_basins(structure: Structure, territory: Territory, chosen: list[LifeBasin], membership) -> None:
    """Replace the structure's bassins de vie in `territory` (the other territories' stay) and count the change."""
    structure.life_basins.set(list(structure.life_basins.exclude(territory=territory)) + chosen)
    if membership is not None:
        # The counter is left out of the membership's history, so an UPDATE of it alone (rather than a save)
        # keeps an empty "modified" entry out of the structure's history page; the row is locked already.
        Membership.objects.filter(pk=membership.pk).update(life_basins_version=F("life_basins_version") + 1)


def structure_update(
    *,
    actor,
    structure: Structure,
    data: dict,
    expected_version: int | None = None,
    territory: Territory | None = None,
    expected_life_basins_version: int | None = None,
) -> Structure:
    """Change a structure's identity (and, with `territory`, its bassins de vie in that territory).

    The identity of a structure two consortia hold is changed by a platform admin only (`structure_shared`);
    its bassins de vie in `territory` are that territory's consortium's own choice. `expected_version` is the
    `Structure.version` the editor loaded, `expected_life_basins_version` the `life_basins_version` of the
    membership in `territory`'s consortium: a save based on stale data is refused with `ConflictError` instead of
    overwriting someone else's change (None: not checked).
    """
    with transaction.atomic():
        lock_consortia(_holders(structure))
        structure = Structure.objects.select_for_update().get(pk=structure.pk)
        check_version(structure, expected_version, label=structure.name)
        membership = _territory_membership(structure, territory) if territory is not None else None
        if membership is not None:
            check_version(membership, expected_life_basins_version, label=structure.name, field="life_basins_version")
        before = {field: getattr(structure, field) for field in STRUCTURE_FIELDS}
        for key, value in data.items():
            if key in STRUCTURE_FIELDS:
                setattr(structure, key, value)
        structure.enterprise_number = _clean_enterprise_number(structure.enterprise_number)
        changed = [field for field in STRUCTURE_FIELDS if getattr(structure, field) != before[field]]
        if changed:
            _check_identity_editable(actor, structure, field=changed[0], name=before["name"])
        if Structure.objects.filter(enterprise_number=structure.enterprise_number).exclude(pk=structure.pk).exists():
            raise _duplicate_number_error(structure.enterprise_number, None, actor, others_only=True)
        chosen = None
        if "life_basins" in data:
            if territory is None:
                raise DomainError(_("Précisez le territoire des bassins de vie."), code="invalid", field="life_basins")
            chosen = _life_basins_of(territory, data["life_basins"] or [])
        _check_structure_flags_allow_memberships(structure)
        full_clean_or_refuse(structure)
        if changed:
            try:
                with transaction.atomic():
                    as_actor(next_version(structure), actor).save()
            except IntegrityError:
                raise _duplicate_number_error(structure.enterprise_number, None, actor, others_only=True) from None
        if chosen is not None:
            _set_life_basins(structure, territory, chosen, membership)
        if changed or chosen is not None:
            bump_revision(_holders(structure))
        return structure


def structure_set_life_basins(*, actor, structure: Structure, life_basins, territory: Territory) -> None:
    """Set the structure's bassins de vie in `territory` (its consortium's choice); the other territories' stay."""
    with transaction.atomic():
        lock_consortia(_holders(structure))
        structure = Structure.objects.select_for_update().get(pk=structure.pk)
        chosen = _life_basins_of(territory, life_basins)
        _set_life_basins(structure, territory, chosen, _territory_membership(structure, territory))
        bump_revision(_holders(structure))


_STRUCTURE_OWN_ROWS = (Structure, Structure.life_basins.through)


def _structure_in_use_error(structure: Structure, consortium: Consortium | None = None) -> DomainError:
    if consortium is not None and structure.memberships.exists():  # this one left it, another holds it: it stays
        return DomainError(
            _(
                "%s fait partie d'un autre consortium : elle ne peut pas être supprimée. "
                "Retirez-la plutôt de votre consortium."
            )
            % structure.name,
            code="structure_in_use",
        )
    return DomainError(
        _(
            "%s est utilisée par d'autres enregistrements (un autre consortium, un lien, un rôle, un budget…) : "
            "elle ne peut pas être supprimée. Archivez-la plutôt."
        )
        % structure.name,
        code="structure_in_use",
    )


def structure_delete(*, actor, structure: Structure, consortium: Consortium | None = None) -> None:
    """Delete a structure nobody refers to; a structure in use can only be archived.

    With `consortium`, the structure's membership there is removed first (the lead's cannot be), in the same
    transaction: deleting from a consortium's page works only when that consortium is its only user.
    """
    with transaction.atomic():
        if consortium is not None:
            membership = Membership.objects.filter(consortium=consortium, structure=structure).first()
            if membership is not None:
                membership_delete(actor=actor, membership=membership)
        structure = Structure.objects.select_for_update().get(pk=structure.pk)
        collector = Collector(using=router.db_for_write(Structure))
        try:
            collector.collect([structure])
        except (ProtectedError, RestrictedError):
            raise _structure_in_use_error(structure, consortium) from None
        if any(model not in _STRUCTURE_OWN_ROWS for model in collector.data) or any(
            qs.model not in _STRUCTURE_OWN_ROWS and qs.exists() for qs in collector.fast_deletes
        ):
            raise _structure_in_use_error(structure, consortium)
        try:
            as_actor(structure, actor).delete()
        except (ProtectedError, RestrictedError):
            raise _structure_in_use_error(structure, consortium) from None


def structure_archive(*, actor, structure: Structure, archived: bool = True) -> Structure:
    """Archive (or bring back) a structure: shared state, so refused on a shared structure but to an admin."""
    with transaction.atomic():
        lock_consortia(_holders(structure))
        structure = Structure.objects.select_for_update().get(pk=structure.pk)
        if archived != structure.is_archived:
            _check_identity_editable(actor, structure)
        if archived and structure.memberships.filter(is_lead=True).exists():
            raise DomainError(
                _("%s est structure porteuse : désignez d'abord une autre structure porteuse.") % structure.name,
                code="lead_removal",
            )
        if archived == structure.is_archived:
            return structure  # already in the requested state (a double submit): nothing to record
        structure.archived_at = timezone.now() if archived else None
        as_actor(next_version(structure), actor).save()
        bump_revision(_holders(structure))
        return structure
