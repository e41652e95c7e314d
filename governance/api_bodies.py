"""`/api/v1/consortia/{id}/bodies/`: the consortium's bodies and their seats.

Everyone who sees the consortium reads them; the coordination (MANAGE_GOVERNANCE) creates and changes them. A write
may carry `seats`: the body's seats become those listed (matched by structure, or by label for a citizen or user
seat): a listed seat is created or changed, an active seat left out is retired (its votes stay in history). People
are named by e-mail and must hold a role in the consortium; everything is written in one transaction or not at all.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from consortia.models import LifeBasin, Structure
from ols_platform import api_fields
from ols_platform.api_fields import IdField
from ols_platform.errors import DomainError
from ols_platform.validators import object_id

from .api import CONSORTIUM_ID, InConsortium, choice_text
from .models import Body, BodyKind, DecisionMethod, Seat
from .models.choices import REASON_MAX
from .permissions import MANAGE_GOVERNANCE
from .services import bodies as body_services
from .services.base import refuse


class SeatSerializer(api_fields.Serializer):
    id = api_fields.IntegerField(read_only=True)
    structure = IdField(
        required=False, allow_null=True, help_text=gettext_lazy("Structure du consortium ; null pour un siège citoyen.")
    )
    label = api_fields.CharField(
        required=False,
        allow_blank=True,
        max_length=150,
        help_text=gettext_lazy("Pour un siège sans structure : « Citoyen·ne », « Usager·ère du CPAS »…"),
    )
    representative = api_fields.EmailField(required=False, allow_null=True, max_length=254)
    substitute = api_fields.EmailField(required=False, allow_null=True, max_length=254)
    votes = api_fields.BooleanField(required=False, help_text=gettext_lazy("false : un siège sans voix."))
    strategic_delegation = api_fields.BooleanField(required=False)
    delegation_reference = api_fields.CharField(required=False, allow_blank=True, max_length=250)

    def to_representation(self, seat):
        return {
            "id": seat.pk,
            "structure": seat.structure_id,
            "label": str(seat),
            "representative": seat.representative.email if seat.representative_id else None,
            "substitute": seat.substitute.email if seat.substitute_id else None,
            "votes": seat.votes,
            "strategic_delegation": seat.strategic_delegation,
            "delegation_reference": seat.delegation_reference,
        }


class BodySerializer(api_fields.Serializer):
    id = api_fields.IntegerField(read_only=True)
    name = api_fields.CharField(max_length=150)
    kind = choice_text(BodyKind.choices)
    description = api_fields.CharField(required=False, allow_blank=True, max_length=REASON_MAX)
    life_basin = IdField(required=False, allow_null=True, help_text=gettext_lazy("Pour une concertation locale."))
    default_method = choice_text(DecisionMethod.choices, required=False)
    quorum = api_fields.DecimalField(max_digits=3, decimal_places=2, required=False)
    archived = api_fields.BooleanField(read_only=True)
    seats = SeatSerializer(many=True, required=False)
    version = api_fields.IntegerField(required=False, allow_null=True, min_value=0)

    def to_representation(self, body):
        return {
            "id": body.pk,
            "name": body.name,
            "kind": body.kind,
            "description": body.description,
            "life_basin": body.life_basin_id,
            "default_method": body.default_method,
            "quorum": f"{body.quorum:.2f}",
            "archived": body.archived_at is not None,
            "seats": [SeatSerializer().to_representation(seat) for seat in body.active_seats],
            "version": body.version,
        }


def _person(consortium, email, field):
    if not email:
        return None
    person = get_user_model().objects.filter(email__iexact=email).first()
    if person is None:
        refuse(
            _("Aucun compte n'a l'adresse %s : donnez d'abord un rôle à cette personne.") % email,
            code="not_in_consortium",
            field=field,
        )
    return person


def _seat_data(consortium, row: dict) -> dict:
    data = {key: value for key, value in row.items() if key not in ("representative", "substitute", "structure")}
    if row.get("structure") is not None:
        structure = Structure.objects.filter(
            pk=object_id(row["structure"]) or 0, memberships__consortium=consortium
        ).first()
        if structure is None:
            refuse(_("Cette structure ne fait pas partie du consortium."), code="not_in_consortium", field="structure")
        data["structure"] = structure
    else:
        data["structure"] = None
    for field in ("representative", "substitute"):
        if field in row:
            data[field] = _person(consortium, row[field], field)
    return data


def write_seats(*, actor, body: Body, rows: list[dict]) -> None:
    """Make the body's active seats those of `rows` (the caller holds a transaction)."""
    current = {
        (seat.structure_id, "" if seat.structure_id else seat.label): seat
        for seat in body.seats.filter(archived_at__isnull=True)
    }
    kept = set()
    for index, row in enumerate(rows):
        try:
            data = _seat_data(body.consortium, row)
            key = (data["structure"].pk, "") if data["structure"] else (None, (data.get("label") or "").strip())
            seat = current.get(key)
            if seat is not None and seat.pk not in kept:
                seat = body_services.seat_update(actor=actor, seat=seat, data=data, expected_version=None)
            else:
                seat = body_services.seat_create(actor=actor, body=body, data=data)
        except DomainError as error:
            raise DomainError(
                _("Siège n° %(n)d : %(message)s") % {"n": index + 1, "message": error.message},
                code=error.code,
                field="seats",
                params={"seat": index + 1, "field": error.field or ""},
            ) from None
        kept.add(seat.pk)
    for seat in current.values():
        if seat.pk not in kept:
            body_services.seat_archive(actor=actor, seat=seat)


@extend_schema_view(
    list=extend_schema(parameters=[CONSORTIUM_ID]),
    retrieve=extend_schema(parameters=[CONSORTIUM_ID]),
    create=extend_schema(
        parameters=[CONSORTIUM_ID],
        description=gettext_lazy(
            "Crée une instance et ses sièges (droit « gérer la gouvernance ») ; refus : `body_kind_taken`, "
            "`body_name_taken`, `seat_taken`, `seat_not_meso`, `not_in_consortium`…"
        ),
    ),
    update=extend_schema(parameters=[CONSORTIUM_ID]),
    partial_update=extend_schema(
        parameters=[CONSORTIUM_ID],
        description=gettext_lazy(
            "Avec `seats`, les sièges actifs deviennent ceux de la liste (les autres sont retirés)."
        ),
    ),
)
class BodyViewSet(
    InConsortium,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Instances du consortium et leurs sièges ; créées et modifiées avec le droit « gérer la gouvernance »."""

    serializer_class = BodySerializer
    queryset = Body.objects.none()  # for the schema; requests use get_queryset
    write_perm = MANAGE_GOVERNANCE

    def get_queryset(self):
        seats = Seat.objects.filter(archived_at__isnull=True).select_related(
            "structure", "representative", "substitute"
        )
        return self.in_consortium(
            Body.objects.prefetch_related(Prefetch("seats", queryset=seats, to_attr="active_seats"))
        ).order_by(F("archived_at").asc(nulls_first=True), "kind", "name", "pk")

    def _shown(self, body, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=body.pk)).data, status=code)

    def _body_data(self, validated: dict) -> dict:
        data = {key: value for key, value in validated.items() if key not in ("seats", "version")}
        if data.get("life_basin") is not None:
            basin = LifeBasin.objects.filter(
                pk=object_id(data["life_basin"]) or 0, territory_id=self.access.consortium.territory_id
            ).first()
            if basin is None:
                raise serializers.ValidationError(
                    {"life_basin": [_("Ce bassin de vie n'est pas dans le territoire du consortium.")]}, code="invalid"
                )
            data["life_basin"] = basin
        return data

    def create(self, request, *args, **kwargs):
        validated = self.validated(BodySerializer)
        with transaction.atomic():
            body = body_services.body_create(
                actor=request.user, consortium=self.access.consortium, data=self._body_data(validated)
            )
            write_seats(actor=request.user, body=body, rows=validated.get("seats", []))
        return self._shown(body, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        body = self.get_object()
        validated = self.validated(BodySerializer, partial=kwargs.get("partial", False))
        with transaction.atomic():
            body = body_services.body_update(
                actor=request.user,
                body=body,
                data=self._body_data(validated),
                expected_version=validated.get("version"),
            )
            if "seats" in validated:
                write_seats(actor=request.user, body=body, rows=validated["seats"])
        return self._shown(body)
