"""Writes on consortia, structures, memberships, links, users and roles.

Each service validates, runs in one transaction, locks what it checks, records the actor in the history,
and raises `DomainError` (one type, a stable `code`) when a rule refuses the write.
"""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ols_platform.audit import as_actor, log_action
from ols_platform.errors import ConflictError, DomainError
from ols_platform.tokens import RevokeReason, tokens_revoke_for_user
from ols_platform.validators import object_id

from .enterprise_number import normalize_enterprise_number
from .models import (
    CONTACT_FIELDS,
    IDENTITY_FIELDS,
    Consortium,
    ConsortiumRole,
    LegalForm,
    Level,
    LifeBasin,
    Membership,
    Structure,
    StructureLink,
    Territory,
    User,
)
from .permissions import sync_role_perms, visible_structures
from .selectors import is_shared

STRUCTURE_FIELDS = IDENTITY_FIELDS  # the fields a structure's services write (its shared identity)


def _full_clean(instance, exclude=None):
    """Model validation turned into the one domain error (first message wins, field named)."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=True, validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], code="invalid", field=None if field == "__all__" else field) from None


def _clean_enterprise_number(value):
    try:
        return normalize_enterprise_number(value)
    except ValidationError as exc:
        raise DomainError(
            exc.messages[0], code=exc.code or "enterprise_number_invalid", field="enterprise_number"
        ) from None


def _lock_consortium(consortium_id) -> Consortium:
    return Consortium.objects.select_for_update().get(pk=consortium_id)


# --- structures ---------------------------------------------------------------------------------------


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
        consortium = _lock_consortium(consortium.pk)
        if Structure.objects.filter(enterprise_number=fields["enterprise_number"]).exists():
            raise _duplicate_number_error(fields["enterprise_number"], consortium, actor)
        life_basins = _life_basins_of(consortium.territory, data.get("life_basins") or [])
        structure = Structure(**fields)
        _full_clean(structure)
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


def structure_version(structure: Structure, territory: Territory | None = None) -> str:
    """A fingerprint of what the edit form shows: it changes whenever someone saves a different value.

    It covers the shared identity and, with `territory`, the bassins de vie chosen in that territory only: what
    another consortium chooses in its own territory never makes this consortium's form stale.
    """
    values = {field: str(getattr(structure, field)) for field in STRUCTURE_FIELDS}
    values["archived_at"] = str(structure.archived_at)
    if territory is not None:
        values["life_basins"] = sorted(structure.life_basins.filter(territory=territory).values_list("pk", flat=True))
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:20]


def structure_update(
    *,
    actor,
    structure: Structure,
    data: dict,
    expected_version: str | None = None,
    territory: Territory | None = None,
) -> Structure:
    """Change a structure's identity (and, with `territory`, its bassins de vie in that territory).

    The identity of a structure two consortia hold is changed by a platform admin only (`structure_shared`);
    its bassins de vie in `territory` are that territory's consortium's own choice. With `expected_version`
    (from `structure_version` when the form was loaded, with the same `territory`), a save based on stale data
    is refused with `ConflictError` instead of overwriting someone else's change.
    """
    with transaction.atomic():
        structure = Structure.objects.select_for_update().get(pk=structure.pk)
        if expected_version is not None and expected_version != structure_version(structure, territory):
            raise ConflictError(
                _(
                    "Quelqu'un a modifié %s depuis que vous avez ouvert le formulaire : "
                    "vérifiez les valeurs actuelles avant d'enregistrer à nouveau."
                )
                % structure.name,
                code="conflict",
                params={"version": structure_version(structure, territory)},
            )
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
        life_basins = None
        if "life_basins" in data:
            if territory is None:
                raise DomainError(_("Précisez le territoire des bassins de vie."), code="invalid", field="life_basins")
            chosen = _life_basins_of(territory, data["life_basins"] or [])
            kept = list(structure.life_basins.exclude(territory=territory))
            life_basins = kept + chosen
        _check_structure_flags_allow_memberships(structure)
        _full_clean(structure)
        if changed:
            try:
                with transaction.atomic():
                    as_actor(structure, actor).save()
            except IntegrityError:
                raise _duplicate_number_error(structure.enterprise_number, None, actor, others_only=True) from None
        if life_basins is not None:
            structure.life_basins.set(life_basins)
        return structure


def structure_set_life_basins(*, actor, structure: Structure, life_basins, territory: Territory) -> None:
    """Set the structure's bassins de vie in `territory` (its consortium's choice); the other territories' stay."""
    with transaction.atomic():
        structure = Structure.objects.select_for_update().get(pk=structure.pk)
        as_actor(structure, actor)
        chosen = _life_basins_of(territory, life_basins)
        structure.life_basins.set(list(structure.life_basins.exclude(territory=territory)) + chosen)


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
        as_actor(structure, actor).save()
        return structure


# --- memberships -----------------------------------------------------------------------------------------


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
    _full_clean(membership, exclude=["consortium", "structure"])
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


def membership_version(membership: Membership) -> str:
    """A fingerprint of the membership's editable values (see `structure_version`)."""
    values = {field: str(getattr(membership, field)) for field in MEMBERSHIP_FIELDS}
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:20]


def membership_create(
    *, actor, consortium: Consortium, structure: Structure, role: str, is_lead: bool = False, **extra
) -> Membership:
    """Add a structure to the consortium; `extra` holds the other membership fields (contact, `joined_on`, …).

    Adding changes nothing of the structure itself: it becomes shared, and its identity is then corrected by a
    platform admin only.
    """
    with transaction.atomic():
        consortium = _lock_consortium(consortium.pk)
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
        return membership


def membership_update(*, actor, membership: Membership, data: dict, expected_version: str | None = None) -> Membership:
    """Change a membership; with `expected_version` a save based on stale data raises `ConflictError`."""
    with transaction.atomic():
        consortium = _lock_consortium(membership.consortium_id)
        membership = _current_membership(membership)
        if expected_version is not None and expected_version != membership_version(membership):
            raise ConflictError(
                _(
                    "Quelqu'un a modifié l'adhésion de %s depuis que vous avez ouvert le formulaire : "
                    "vérifiez les valeurs actuelles avant d'enregistrer à nouveau."
                )
                % membership.structure.name,
                code="conflict",
                params={"version": membership_version(membership)},
            )
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
        as_actor(membership, actor).save()
        return membership


def membership_make_lead(*, actor, membership: Membership) -> Membership:
    """Hand the lead over to this member in one step (the only way to change the lead)."""
    with transaction.atomic():
        consortium = _lock_consortium(membership.consortium_id)
        membership = _current_membership(membership)
        if membership.is_lead:
            return membership
        probe = Membership(consortium=consortium, structure=membership.structure, role=membership.role, is_lead=True)
        _check_not_archived(membership.structure)
        _check_membership(probe)
        for previous in consortium.memberships.filter(is_lead=True):
            previous.is_lead = False
            as_actor(previous, actor).save()
        membership.is_lead = True
        as_actor(membership, actor).save()
        return membership


def membership_delete(*, actor, membership: Membership) -> None:
    with transaction.atomic():
        consortium = _lock_consortium(membership.consortium_id)
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


# --- links between méso structures -----------------------------------------------------------------------


def link_create(
    *, actor, consortium: Consortium, source: Structure, target: Structure, kind: str, note: str = ""
) -> StructureLink:
    with transaction.atomic():
        consortium = _lock_consortium(consortium.pk)
        if kind not in StructureLink.Kind.values:
            raise DomainError(_("Type de lien inconnu : choisissez OG, PA ou S."), code="invalid", field="kind")
        if source.pk == target.pk:
            raise DomainError(_("Un lien relie deux structures différentes."), code="link_to_itself", field="target")
        in_consortium = set(
            consortium.memberships.filter(structure__in=[source.pk, target.pk]).values_list("structure_id", flat=True)
        )
        for field, structure in (("source", source), ("target", target)):
            if structure.pk not in in_consortium:
                raise DomainError(
                    _("%s ne fait pas partie du consortium.") % structure.name, code="not_in_consortium", field=field
                )
            if structure.level != Level.MESO:
                raise DomainError(
                    _("Les liens relient des structures de niveau méso ; %s ne l'est pas.") % structure.name,
                    code="link_not_meso",
                    field=field,
                )
            if structure.is_archived:
                raise DomainError(_("%s est archivée.") % structure.name, code="structure_archived", field=field)
        if StructureLink.objects.filter(consortium=consortium, source=source, target=target, kind=kind).exists():
            raise DomainError(_("Ce lien existe déjà."), code="duplicate_link")
        link = StructureLink(consortium=consortium, source=source, target=target, kind=kind, note=(note or "").strip())
        _full_clean(link, exclude=["consortium", "source", "target"])
        as_actor(link, actor).save()
        return link


def link_delete(*, actor, link: StructureLink) -> None:
    with transaction.atomic():
        _lock_consortium(link.consortium_id)
        link = StructureLink.objects.filter(pk=link.pk).first()
        if link is None:
            return  # already removed (a double submit): the wanted state holds
        as_actor(link, actor).delete()


# --- consortia and territories ------------------------------------------------------------------------------


def _check_territory_name_free(territory: Territory) -> None:
    if Territory.objects.filter(name__iexact=territory.name).exclude(pk=territory.pk).exists():
        raise DomainError(_("Un territoire porte déjà ce nom."), code="duplicate", field="name")


def territory_create(*, actor, name: str, population: int) -> Territory:
    territory = Territory(name=name, population=population)
    _check_territory_name_free(territory)
    _full_clean(territory)
    try:
        with transaction.atomic():
            as_actor(territory, actor).save()
    except IntegrityError:
        raise DomainError(_("Un territoire porte déjà ce nom."), code="duplicate", field="name") from None
    return territory


def territory_update(*, actor, territory: Territory, data: dict) -> Territory:
    """Rename a territory or correct its population (which the budget cap of its consortium follows)."""
    try:
        with transaction.atomic():
            territory = Territory.objects.select_for_update().get(pk=territory.pk)
            for key in ("name", "population"):
                if key in data:
                    setattr(territory, key, data[key])
            _check_territory_name_free(territory)
            _full_clean(territory)
            as_actor(territory, actor).save()
    except IntegrityError:
        raise DomainError(_("Un territoire porte déjà ce nom."), code="duplicate", field="name") from None
    return territory


def territory_delete(*, actor, territory: Territory) -> None:
    """Delete a territory that has neither a consortium nor life basins."""
    with transaction.atomic():
        territory = Territory.objects.select_for_update().get(pk=territory.pk)
        if Consortium.objects.filter(territory=territory).exists() or territory.life_basins.exists():
            raise DomainError(
                _("%s a un consortium ou des bassins de vie : il ne peut pas être supprimé.") % territory.name,
                code="territory_in_use",
            )
        as_actor(territory, actor).delete()


def _check_life_basin_name_free(life_basin: LifeBasin) -> None:
    taken = LifeBasin.objects.filter(territory=life_basin.territory_id, name__iexact=life_basin.name)
    if taken.exclude(pk=life_basin.pk).exists():
        raise DomainError(_("Ce territoire a déjà un bassin de vie de ce nom."), code="duplicate", field="name")


def life_basin_create(*, actor, territory: Territory, name: str, population: int) -> LifeBasin:
    with transaction.atomic():
        territory = Territory.objects.select_for_update().get(pk=territory.pk)
        life_basin = LifeBasin(territory=territory, name=(name or "").strip(), population=population)
        _check_life_basin_name_free(life_basin)
        _full_clean(life_basin)
        as_actor(life_basin, actor).save()
        return life_basin


def life_basin_update(*, actor, life_basin: LifeBasin, data: dict) -> LifeBasin:
    """Rename a bassin de vie or correct its population (it stays in its territory)."""
    with transaction.atomic():
        Territory.objects.select_for_update().get(pk=life_basin.territory_id)
        life_basin = LifeBasin.objects.get(pk=life_basin.pk)
        if "name" in data:
            life_basin.name = (data["name"] or "").strip()
        if "population" in data:
            life_basin.population = data["population"]
        _check_life_basin_name_free(life_basin)
        _full_clean(life_basin)
        as_actor(life_basin, actor).save()
        return life_basin


def life_basin_delete(*, actor, life_basin: LifeBasin) -> None:
    """Delete a bassin de vie that nothing refers to (no structure or membership is placed in it)."""
    with transaction.atomic():
        Territory.objects.select_for_update().get(pk=life_basin.territory_id)
        life_basin = LifeBasin.objects.filter(pk=life_basin.pk).first()
        if life_basin is None:
            return  # already deleted (a double submit): the wanted state holds
        collector = Collector(using=router.db_for_write(LifeBasin))
        in_use = DomainError(
            _("%s est utilisé (des structures y sont rattachées) : il ne peut pas être supprimé.") % life_basin.name,
            code="life_basin_in_use",
        )
        try:
            collector.collect([life_basin])
        except (ProtectedError, RestrictedError):
            raise in_use from None
        if any(model is not LifeBasin for model in collector.data) or any(qs.exists() for qs in collector.fast_deletes):
            raise in_use
        as_actor(life_basin, actor).delete()


def consortium_create(*, actor, name: str, territory: Territory, lead_structure: Structure, **fields) -> Consortium:
    """Create a consortium; its lead structure becomes its first member."""
    with transaction.atomic():
        territory = Territory.objects.select_for_update().get(pk=territory.pk)
        if Consortium.objects.filter(territory=territory).exists():
            raise DomainError(_("Ce territoire a déjà son consortium."), code="territory_taken", field="territory")
        consortium = Consortium(name=name, territory=territory, **fields)
        _full_clean(consortium)
        as_actor(consortium, actor).save()
        membership_create(
            actor=actor, consortium=consortium, structure=lead_structure, role=Membership.Role.MEMBER, is_lead=True
        )
        return consortium


def consortium_update(*, actor, consortium: Consortium, data: dict) -> Consortium:
    with transaction.atomic():
        consortium = _lock_consortium(consortium.pk)
        for key in ("name", "status", "start_date"):
            if key in data:
                setattr(consortium, key, data[key])
        _full_clean(consortium, exclude=["territory"])
        as_actor(consortium, actor).save()
        return consortium


# --- users, invitations and roles --------------------------------------------------------------------------


def invitation_link(user: User) -> str:
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return settings.SITE_URL.rstrip("/") + path


def _send_invitation(user_id: int, inviter_name: str, consortium_name: str | None) -> None:
    from ols_platform.outbox import enqueue

    from .tasks import send_invitation_email

    enqueue(send_invitation_email, user_id, inviter_name, consortium_name)


def user_invite(
    *,
    actor,
    email: str,
    first_name: str = "",
    last_name: str = "",
    aviq_reviewer: bool = False,
    consortium: Consortium | None = None,
) -> User:
    """Create an account without a password and send its owner a link to choose one."""
    email = (email or "").strip().lower()
    if not email:
        raise DomainError(_("Indiquez une adresse e-mail."), code="invalid", field="email")
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise DomainError(_("Un compte existe déjà pour %s.") % email, code="duplicate_email", field="email")
        user = User(email=email, first_name=first_name[:150], last_name=last_name[:150], aviq_reviewer=aviq_reviewer)
        user.set_unusable_password()
        _full_clean(user, exclude=["password"])
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # the same address invited at the same instant
            raise DomainError(
                _("Un compte existe déjà pour %s.") % email, code="duplicate_email", field="email"
            ) from None
        log_action(
            "user.invited",
            actor=actor,
            target=user,
            consortium=consortium,
            data={"consortium": consortium.name} if consortium else {"global_role": user.global_role},
        )
        _send_invitation(user.pk, str(actor), consortium.name if consortium else None)
        return user


def user_update(*, actor, user: User, data: dict) -> User:
    """Change a person's name or AVIQ reviewer flag. The platform admin role is given with createsuperuser only."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        for key in ("first_name", "last_name"):
            if key in data:
                setattr(user, key, (data[key] or "").strip())
        if "global_role" in data and data["global_role"] != user.global_role:
            if user.is_superuser or data["global_role"] == "platform_admin":
                raise DomainError(
                    _("Le rôle d'administrateur de la plateforme ne se donne ni ne se retire ici."),
                    code="platform_admin_role",
                    field="global_role",
                )
            if data["global_role"] not in (None, User.GlobalRole.AVIQ_REVIEWER):
                raise DomainError(_("Rôle global inconnu."), code="invalid", field="global_role")
            if data["global_role"] == User.GlobalRole.AVIQ_REVIEWER:
                _check_may_review(user)
            previous = user.global_role
            user.aviq_reviewer = data["global_role"] == User.GlobalRole.AVIQ_REVIEWER
            log_action(
                "user.global_role_changed",
                actor=actor,
                target=user,
                data={"global_role": user.global_role, "previous": previous},
            )
        _full_clean(user, exclude=["password"])
        user.save()  # losing the reviewer flag revokes the user's API tokens (ols_platform.tokens)
        return user


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


def _check_may_review(user: User) -> None:
    names = sorted(set(ConsortiumRole.objects.filter(user=user).values_list("consortium__name", flat=True)))
    if names:
        raise DomainError(
            _(
                "%(person)s a un rôle dans %(consortia)s : un·e agent·e AVIQ ne peut tenir aucun rôle dans un "
                "consortium. Retirez d'abord ces rôles."
            )
            % {"person": user.email, "consortia": ", ".join(names)},
            code="reviewer_cannot_hold_role",
            field="global_role",
        )


def user_email_confirm(*, user: User) -> None:
    """Record that `user` reads the mailbox of their login address (they used a link sent there).

    That address becomes their one verified, primary allauth address (what TOTP enrolment asks for); any other
    address on the account is dropped (people do not manage their own addresses), and so are other accounts'
    unverified claims on this one.
    """
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        EmailAddress.objects.filter(email__iexact=user.email, verified=False).exclude(user=user).delete()
        EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is None:
            address = EmailAddress(user=user, email=user.email)
        address.email, address.verified, address.primary = user.email, True, True
        address.save()


def user_email_change(*, actor, user: User, email: str, request=None) -> User:
    """Give a person a new login address (platform admins only, people do not change their own).

    The new address replaces every other one on the account, unconfirmed until its owner follows the link allauth
    mails to it (sent after the commit, when `request` is given to build the link).
    """
    from allauth.account.models import EmailAddress

    from ols_platform.audit import log_action

    email = (email or "").strip().lower()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if email == user.email:
            return user
        previous = user.email
        user.email = email
        _full_clean(user, exclude=["password"])
        taken = User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
        if taken or EmailAddress.objects.filter(email__iexact=email, verified=True).exclude(user=user).exists():
            raise DomainError(_("Un compte existe déjà pour %s.") % email, code="duplicate_email", field="email")
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise DomainError(
                _("Un compte existe déjà pour %s.") % email, code="duplicate_email", field="email"
            ) from None
        EmailAddress.objects.filter(user=user).delete()
        address = EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
        log_action(
            "user.email_changed", actor=actor, target=user, data={"from": previous, "to": email}, request=request
        )
        if request is not None:
            transaction.on_commit(lambda: _send_address_confirmation(address, request))
        return user


def _send_address_confirmation(address, request) -> None:
    from allauth.core.context import request_context

    with request_context(request):  # allauth builds the link from the request it is serving
        address.send_confirmation(request)


def role_grant(
    *, actor, consortium: Consortium, user: User, role: str, structure: Structure | None = None
) -> ConsortiumRole:
    with transaction.atomic():
        consortium = _lock_consortium(consortium.pk)
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
        consortium = _lock_consortium(grant.consortium_id)
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
        consortium = _lock_consortium(consortium.pk)  # two invitations of one new address run one after the other
        user = User.objects.filter(email__iexact=(email or "").strip()).first()
        created = user is None
        if created:
            user = user_invite(
                actor=actor, email=email, first_name=first_name, last_name=last_name, consortium=consortium
            )
        grant = role_grant(actor=actor, consortium=consortium, user=user, role=role, structure=structure)
        if not created:
            _notify_role(user.pk, consortium.pk, role)
        return grant


def _notify_role(user_id, consortium_id, role):
    from ols_platform.outbox import enqueue

    from .tasks import send_role_email

    enqueue(send_role_email, user_id, consortium_id, role)
