"""Writes on consortia, structures, memberships, links, users and roles.

Each service validates, runs in one transaction, locks what it checks, records the actor in the history,
and raises `DomainError` (one type, a stable `code`) when a rule refuses the write.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ols_platform.audit import as_actor
from ols_platform.errors import DomainError

from .enterprise_number import normalize_enterprise_number
from .models import (
    Consortium,
    ConsortiumRole,
    LegalForm,
    Level,
    Membership,
    Structure,
    StructureLink,
    Territory,
    User,
)
from .permissions import sync_role_perms

STRUCTURE_FIELDS = (
    "name",
    "legal_form",
    "enterprise_number",
    "sector",
    "level",
    "focus",
    "is_hospital",
    "is_insurer",
    "insolvency",
    "is_aviq_approved",
    "contact_name",
    "contact_email",
    "contact_phone",
    "address",
)


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


def structure_create(*, actor, consortium: Consortium, role: str, data: dict) -> Membership:
    """Register a new structure and add it to the consortium as member or partner."""
    fields = {k: v for k, v in data.items() if k in STRUCTURE_FIELDS}
    fields["enterprise_number"] = _clean_enterprise_number(fields.get("enterprise_number", ""))
    with transaction.atomic():
        consortium = _lock_consortium(consortium.pk)
        if Structure.objects.filter(enterprise_number=fields["enterprise_number"]).exists():
            raise DomainError(
                _("Une structure porte déjà le numéro %s : ajoutez-la plutôt comme membre ou partenaire.")
                % fields["enterprise_number"],
                code="duplicate_enterprise_number",
                field="enterprise_number",
            )
        structure = Structure(**fields)
        _full_clean(structure)
        as_actor(structure, actor).save()
        return membership_create(actor=actor, consortium=consortium, structure=structure, role=role)


def structure_update(*, actor, structure: Structure, data: dict) -> Structure:
    with transaction.atomic():
        structure = Structure.objects.select_for_update().get(pk=structure.pk)
        for key, value in data.items():
            if key in STRUCTURE_FIELDS:
                setattr(structure, key, value)
        structure.enterprise_number = _clean_enterprise_number(structure.enterprise_number)
        if Structure.objects.filter(enterprise_number=structure.enterprise_number).exclude(pk=structure.pk).exists():
            raise DomainError(
                _("Une autre structure porte déjà le numéro %s.") % structure.enterprise_number,
                code="duplicate_enterprise_number",
                field="enterprise_number",
            )
        _check_structure_flags_allow_memberships(structure)
        _full_clean(structure)
        as_actor(structure, actor).save()
        return structure


def structure_set_life_basins(*, actor, structure: Structure, life_basins) -> None:
    with transaction.atomic():
        structure = Structure.objects.select_for_update().get(pk=structure.pk)
        as_actor(structure, actor)
        structure.life_basins.set(life_basins)


def structure_delete(*, actor, structure: Structure) -> None:
    """Delete a structure nobody refers to; a structure in use can only be archived."""
    with transaction.atomic():
        structure = Structure.objects.select_for_update().get(pk=structure.pk)
        in_use = (
            structure.memberships.exists()
            or structure.links_out.exists()
            or structure.links_in.exists()
            or structure.reporters.exists()
        )
        if in_use:
            raise DomainError(
                _(
                    "%s est utilisée par d'autres enregistrements : elle ne peut pas être supprimée, mais peut être archivée."
                )
                % structure.name,
                code="structure_in_use",
            )
        try:
            as_actor(structure, actor).delete()
        except ProtectedError:
            raise DomainError(
                _(
                    "%s est utilisée par d'autres enregistrements : elle ne peut pas être supprimée, mais peut être archivée."
                )
                % structure.name,
                code="structure_in_use",
            ) from None


def structure_archive(*, actor, structure: Structure, archived: bool = True) -> Structure:
    with transaction.atomic():
        structure = Structure.objects.select_for_update().get(pk=structure.pk)
        if archived and structure.memberships.filter(is_lead=True).exists():
            raise DomainError(
                _("%s est structure porteuse : désignez d'abord une autre structure porteuse.") % structure.name,
                code="lead_removal",
            )
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
            raise DomainError(_("La structure porteuse doit être une ASBL."), code="lead_must_be_asbl", field="is_lead")
    if structure.is_archived:
        raise DomainError(_("%s est archivée.") % structure.name, code="structure_archived", field="structure")


def membership_create(
    *, actor, consortium: Consortium, structure: Structure, role: str, is_lead: bool = False, **extra
) -> Membership:
    with transaction.atomic():
        consortium = _lock_consortium(consortium.pk)
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
        _check_membership(membership)
        as_actor(membership, actor).save()
        return membership


def membership_update(*, actor, membership: Membership, data: dict) -> Membership:
    with transaction.atomic():
        consortium = _lock_consortium(membership.consortium_id)
        membership = Membership.objects.select_related("structure").get(pk=membership.pk)
        was_lead = membership.is_lead
        for key in ("role", "is_lead", "conflict_of_interest_declared", "conflict_of_interest_note", "joined_on"):
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
        membership = Membership.objects.select_related("structure").get(pk=membership.pk)
        if membership.is_lead:
            return membership
        probe = Membership(consortium=consortium, structure=membership.structure, role=membership.role, is_lead=True)
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
        membership = Membership.objects.select_related("structure").get(pk=membership.pk)
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
        if StructureLink.objects.filter(consortium=consortium, source=source, target=target, kind=kind).exists():
            raise DomainError(_("Ce lien existe déjà."), code="duplicate_link")
        link = StructureLink(consortium=consortium, source=source, target=target, kind=kind, note=note[:250])
        as_actor(link, actor).save()
        return link


def link_delete(*, actor, link: StructureLink) -> None:
    with transaction.atomic():
        as_actor(link, actor).delete()


# --- consortia and territories ------------------------------------------------------------------------------


def territory_create(*, actor, name: str, population: int) -> Territory:
    territory = Territory(name=name, population=population)
    _full_clean(territory)
    try:
        with transaction.atomic():
            as_actor(territory, actor).save()
    except IntegrityError:
        raise DomainError(_("Un territoire porte déjà ce nom."), code="duplicate", field="name") from None
    return territory


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


def _invitation_link(user: User) -> str:
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return settings.SITE_URL.rstrip("/") + path


def _send_invitation(user_id: int, inviter_name: str, consortium_name: str | None) -> None:
    from .tasks import send_invitation_email

    transaction.on_commit(lambda: send_invitation_email.delay(user_id, inviter_name, consortium_name))


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
        user.save()
        _send_invitation(user.pk, str(actor), consortium.name if consortium else None)
        return user


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
        if ConsortiumRole.objects.filter(user=user, consortium=consortium, role=role).exists():
            raise DomainError(_("%s a déjà ce rôle dans le consortium.") % user, code="duplicate_role", field="role")
        grant = ConsortiumRole(user=user, consortium=consortium, role=role, structure=structure)
        as_actor(grant, actor).save()
        sync_role_perms(user, consortium)
        return grant


def role_revoke(*, actor, grant: ConsortiumRole) -> None:
    with transaction.atomic():
        consortium = _lock_consortium(grant.consortium_id)
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
        as_actor(grant, actor).delete()
        sync_role_perms(user, consortium)


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
    from .tasks import send_role_email

    transaction.on_commit(lambda: send_role_email.delay(user_id, consortium_id, role))
