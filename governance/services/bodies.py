"""Bodies and their seats: created, changed and archived by the coordination (`MANAGE_GOVERNANCE`).

The gouvernance temporaire follows the seed: "Structures méso souhaitant contribuer — un représentant par structure,
mandaté pour les décisions stratégiques" (000, l. 1098–1099): only méso structures sit there, one seat each.
Every body holds at most one seat per structure; a citizen or user seat names who it is for instead.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consortia.models import Level, Membership
from ols_platform.audit import as_actor
from ols_platform.concurrency import check_version, next_version

from ..models import SINGLE_BODY_KINDS, Body, BodyKind, DecisionMethod, Seat
from .base import bump_revision, full_clean_or_refuse, has_role_in, lock_consortium, refuse

BODY_FIELDS = ("kind", "name", "description", "life_basin", "default_method", "quorum")
SEAT_FIELDS = (
    "structure",
    "label",
    "representative",
    "substitute",
    "votes",
    "strategic_delegation",
    "delegation_reference",
)


def body_create(*, actor, consortium, data: dict) -> Body:
    with transaction.atomic():
        consortium = lock_consortium(consortium.pk)
        body = Body(consortium=consortium, default_method=DecisionMethod.CONSENT, quorum=Decimal("0.50"))
        _apply_body(body, data)
        as_actor(body, actor).save()
        bump_revision([consortium.pk])
        return body


def body_update(*, actor, body: Body, data: dict, expected_version: int | None) -> Body:
    with transaction.atomic():
        lock_consortium(body.consortium_id)
        body = Body.objects.select_for_update().get(pk=body.pk)
        check_version(body, expected_version, label=body.name)
        _refuse_if_archived(body)
        if data.get("kind", body.kind) != body.kind and body.seats.filter(archived_at__isnull=True).exists():
            refuse(
                _("Retirez d'abord les sièges de l'instance avant d'en changer le type."),
                code="body_has_seats",
                field="kind",
            )
        _apply_body(body, data)
        next_version(body)
        as_actor(body, actor).save()
        bump_revision([body.consortium_id])
        return body


def body_archive(*, actor, body: Body) -> Body:
    """Archive a body: it keeps its seats, meetings and decisions, but takes no new proposal. Idempotent."""
    with transaction.atomic():
        lock_consortium(body.consortium_id)
        body = Body.objects.select_for_update().get(pk=body.pk)
        if body.archived_at is None:
            if body.proposals.filter(status="open").exists():
                refuse(
                    _("Un vote est en cours dans cette instance : clôturez-le avant d'archiver l'instance."),
                    code="body_has_open_vote",
                )
            body.archived_at = timezone.now()
            next_version(body)
            as_actor(body, actor).save()
            bump_revision([body.consortium_id])
        return body


def _apply_body(body: Body, data: dict) -> None:
    for name in BODY_FIELDS:
        if name in data:
            setattr(body, name, data[name])
    body.name = (body.name or "").strip()
    if body.kind in SINGLE_BODY_KINDS:
        taken = Body.objects.filter(consortium_id=body.consortium_id, kind=body.kind).exclude(pk=body.pk)
        if taken.exists():
            refuse(
                _("Le consortium a déjà une instance « %s ».") % BodyKind(body.kind).label,
                code="body_kind_taken",
                field="kind",
            )
    if Body.objects.filter(consortium_id=body.consortium_id, name__iexact=body.name).exclude(pk=body.pk).exists():
        refuse(_("Une autre instance porte déjà ce nom."), code="body_name_taken", field="name")
    if body.life_basin_id:
        if body.kind != BodyKind.LOCAL_CONCERTATION:
            refuse(_("Seule une concertation locale est liée à un bassin de vie."), code="invalid", field="life_basin")
        if body.life_basin.territory_id != body.consortium.territory_id:
            refuse(
                _("Ce bassin de vie n'est pas dans le territoire du consortium."), code="invalid", field="life_basin"
            )
    full_clean_or_refuse(body, exclude=["consortium", "life_basin"])


def _refuse_if_archived(body: Body) -> None:
    if body.archived_at is not None:
        refuse(_("L'instance « %s » est archivée.") % body.name, code="body_archived")


def seat_create(*, actor, body: Body, data: dict) -> Seat:
    with transaction.atomic():
        lock_consortium(body.consortium_id)
        body = Body.objects.select_related("consortium").get(pk=body.pk)
        _refuse_if_archived(body)
        seat = Seat(body=body)
        _apply_seat(seat, data)
        as_actor(seat, actor).save()
        bump_revision([body.consortium_id])
        return seat


def seat_update(*, actor, seat: Seat, data: dict, expected_version: int | None) -> Seat:
    with transaction.atomic():
        lock_consortium(seat.body.consortium_id)
        seat = Seat.objects.select_for_update().select_related("body").get(pk=seat.pk)
        check_version(seat, expected_version, label=str(seat))
        _refuse_if_archived(seat.body)
        if seat.is_archived:
            refuse(_("Ce siège a été retiré."), code="seat_archived")
        # The structure of a seat is what its votes were cast for: it never changes (retire the seat instead).
        _apply_seat(seat, {name: value for name, value in data.items() if name != "structure"})
        next_version(seat)
        as_actor(seat, actor).save()
        bump_revision([seat.body.consortium_id])
        return seat


def seat_archive(*, actor, seat: Seat) -> Seat:
    """Take a seat away: its votes and attendance stay in history. Idempotent."""
    with transaction.atomic():
        lock_consortium(seat.body.consortium_id)
        seat = Seat.objects.select_for_update().select_related("body").get(pk=seat.pk)
        if seat.archived_at is None:
            seat.archived_at = timezone.now()
            next_version(seat)
            as_actor(seat, actor).save()
            bump_revision([seat.body.consortium_id])
        return seat


def _apply_seat(seat: Seat, data: dict) -> None:
    for name in SEAT_FIELDS:
        if name in data:
            setattr(seat, name, data[name])
    body = seat.body
    seat.label = (seat.label or "").strip() if not seat.structure_id else ""
    seat.delegation_reference = (seat.delegation_reference or "").strip()
    if seat.structure_id:
        _check_structure(seat, body)
    elif not seat.label:
        refuse(
            _("Choisissez une structure, ou nommez le siège (par exemple « Citoyen·ne »)."),
            code="required",
            field="structure",
        )
    for field in ("representative", "substitute"):
        person = getattr(seat, field)
        if person is not None and not has_role_in(person, body.consortium_id):
            refuse(
                _("%s n'a pas de rôle dans le consortium : invitez cette personne d'abord.") % person,
                code="not_in_consortium",
                field=field,
            )
    if seat.representative_id and seat.representative_id == seat.substitute_id:
        refuse(_("Le ou la suppléant·e est une autre personne."), code="invalid", field="substitute")
    if seat.strategic_delegation and body.kind != BodyKind.TEMPORARY_GOVERNANCE:
        seat.strategic_delegation = False
    full_clean_or_refuse(seat, exclude=["body", "structure", "representative", "substitute"])


def _check_structure(seat: Seat, body: Body) -> None:
    structure = seat.structure
    if not Membership.objects.filter(consortium_id=body.consortium_id, structure=structure).exists():
        refuse(_("%s ne fait pas partie du consortium.") % structure.name, code="not_in_consortium", field="structure")
    if structure.is_archived:
        refuse(_("%s est archivée.") % structure.name, code="structure_archived", field="structure")
    if body.kind == BodyKind.TEMPORARY_GOVERNANCE and structure.level != Level.MESO:
        refuse(
            _("La gouvernance temporaire réunit les structures méso ; %s n'est pas de niveau méso.") % structure.name,
            code="seat_not_meso",
            field="structure",
        )
    taken = Seat.objects.filter(body=body, structure=structure, archived_at__isnull=True).exclude(pk=seat.pk)
    if taken.exists():
        refuse(
            _("%s a déjà un siège dans cette instance : un siège par structure.") % structure.name,
            code="seat_taken",
            field="structure",
        )
