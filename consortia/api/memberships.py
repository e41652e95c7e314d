"""`/api/v1/consortia/{id}/memberships/`: members and partners of one consortium."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ols_platform import api_fields
from ols_platform.collation import french

from .. import selectors
from ..enterprise_number import normalize_enterprise_number
from ..models import Membership
from ..permissions import (
    MANAGE_STRUCTURES,
)
from ..services import memberships as membership_services
from .common import (
    CONSORTIUM_ID,
    ConsortiumScopedMixin,
    VisibleStructureField,
    unchanged,
    update_checking_version,
    version_field,
)


class MembershipSerializer(api_fields.ModelSerializer):
    structure = VisibleStructureField(
        required=False,
        help_text=_(
            "À la création, la structure par son identifiant (parmi celles que vous voyez) ou par `enterprise_number`."
        ),
    )
    enterprise_number = api_fields.CharField(
        write_only=True,
        required=False,
        max_length=30,
        help_text=_(
            "À la création : le numéro d'entreprise d'une structure déjà enregistrée (0123.456.789, 0123456789 ou "
            "BE0123456789), pour l'ajouter au consortium."
        ),
    )
    structure_name = api_fields.CharField(source="structure.name", read_only=True)
    version = version_field()

    class Meta:
        model = Membership
        fields = [
            "id",
            "structure",
            "enterprise_number",
            "structure_name",
            "role",
            "is_lead",
            "conflict_of_interest_declared",
            "conflict_of_interest_note",
            "joined_on",
            "contact_name",
            "contact_email",
            "contact_phone",
            "address",
            "version",
        ]

    def validate(self, attrs):
        if self.instance is not None:
            keeps = _("Une adhésion garde sa structure : retirez-la et ajoutez l'autre structure.")
            if "enterprise_number" in attrs:
                raise serializers.ValidationError({"enterprise_number": [keeps]}, code="immutable")
            unchanged(attrs, "structure", self.instance.structure_id, keeps)
            return attrs
        if "enterprise_number" in attrs:
            attrs["structure"] = self._structure_by_number(attrs.pop("enterprise_number"), also=attrs.get("structure"))
        elif "structure" not in attrs:
            raise serializers.ValidationError(
                {"enterprise_number": [_("Indiquez le numéro d'entreprise de la structure à ajouter.")]},
                code="required",
            )
        return attrs

    @staticmethod
    def _structure_by_number(number, also=None):
        """The structure registered under the number; one the caller cannot see yet is found this way only."""
        try:
            number = normalize_enterprise_number(number)
        except ValidationError as exc:
            raise serializers.ValidationError({"enterprise_number": exc.messages}, code=exc.code) from None
        structure = selectors.structure_by_number(number)
        if structure is None:
            raise serializers.ValidationError(
                {"enterprise_number": [_("Aucune structure n'est enregistrée avec le numéro %s.") % number]},
                code="does_not_exist",
            )
        if also is not None and also.pk != structure.pk:
            raise serializers.ValidationError(
                {"structure": [_("L'identifiant et le numéro d'entreprise désignent deux structures différentes.")]},
                code="invalid",
            )
        return structure


@extend_schema_view(
    list=extend_schema(parameters=[CONSORTIUM_ID]),
    retrieve=extend_schema(parameters=[CONSORTIUM_ID]),
    create=extend_schema(
        parameters=[CONSORTIUM_ID],
        description=_(
            "Ajoute une structure existante, désignée par son numéro d'entreprise (`enterprise_number`) ou par "
            "l'identifiant d'une structure que vous voyez déjà (refus : `does_not_exist`, `already_member`, "
            "`excluded_member`, `second_lead`…)."
        ),
    ),
    update=extend_schema(parameters=[CONSORTIUM_ID]),
    partial_update=extend_schema(parameters=[CONSORTIUM_ID]),
    destroy=extend_schema(
        parameters=[CONSORTIUM_ID], description=_("Refusé pour la structure porteuse (`lead_removal`).")
    ),
)
class MembershipViewSet(ConsortiumScopedMixin, viewsets.ModelViewSet):
    """Membres et partenaires d'un consortium ; modifiés avec le droit « gérer les structures »."""

    serializer_class = MembershipSerializer
    queryset = Membership.objects.all()
    write_perm = MANAGE_STRUCTURES

    def get_queryset(self):
        return self.in_consortium(Membership.objects.select_related("structure")).order_by(
            "-is_lead", french("structure__name").asc(), "pk"
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = membership_services.membership_create(
            actor=self.request.user, consortium=self.access.consortium, **data
        )

    def perform_update(self, serializer):
        update_checking_version(serializer, membership_services.membership_update, membership=serializer.instance)

    def perform_destroy(self, instance):
        membership_services.membership_delete(actor=self.request.user, membership=instance)

    @extend_schema(
        parameters=[CONSORTIUM_ID],
        request=None,
        responses=MembershipSerializer,
        description=_(
            "Fait de cette structure la structure porteuse, à la place de l'actuelle (droit « gérer les structures »). "
            "Refus : `excluded_member` pour un hôpital ou un organisme assureur…"
        ),
    )
    @action(detail=True, methods=["post"], url_path="make-lead")
    def make_lead(self, request, *args, **kwargs):
        membership = membership_services.membership_make_lead(actor=request.user, membership=self.get_object())
        return Response(self.get_serializer(membership).data)
