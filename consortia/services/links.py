"""Writes on the typed links (OG, PA, S) between the méso structures of a consortium."""

from django.db import transaction
from django.utils.translation import gettext as _

from ols_platform.audit import as_actor
from ols_platform.errors import DomainError

from ..models import (
    Consortium,
    Level,
    Structure,
    StructureLink,
)
from .base import bump_revision, full_clean_or_refuse, lock_consortium


def link_create(
    *, actor, consortium: Consortium, source: Structure, target: Structure, kind: str, note: str = ""
) -> StructureLink:
    with transaction.atomic():
        consortium = lock_consortium(consortium.pk)
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
        full_clean_or_refuse(link, exclude=["consortium", "source", "target"])
        as_actor(link, actor).save()
        bump_revision([consortium.pk])
        return link


def link_delete(*, actor, link: StructureLink) -> None:
    with transaction.atomic():
        lock_consortium(link.consortium_id)
        link = StructureLink.objects.filter(pk=link.pk).first()
        if link is None:
            return  # already removed (a double submit): the wanted state holds
        as_actor(link, actor).delete()
        bump_revision([link.consortium_id])
