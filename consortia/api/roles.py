"""`/api/v1/consortia/{id}/roles/`: the roles people hold in one consortium (an unknown address is invited)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from ols_platform import api_fields

from ..models import ConsortiumRole
from ..permissions import (
    MANAGE_ROLES,
)
from ..services import roles as role_services
from .common import CONSORTIUM_ID, ConsortiumScopedMixin, VisibleStructureField


class ConsortiumRoleSerializer(api_fields.ModelSerializer):
    user = api_fields.EmailField(
        source="user.email", max_length=254, help_text=_("L'adresse de la personne ; un compte inconnu est invité.")
    )
    structure = VisibleStructureField(
        allow_null=True,
        required=False,
        help_text=_("Obligatoire pour `structure_reporter` : une structure du consortium."),
    )
    first_name = api_fields.CharField(write_only=True, required=False, allow_blank=True, max_length=150)
    last_name = api_fields.CharField(write_only=True, required=False, allow_blank=True, max_length=150)

    class Meta:
        model = ConsortiumRole
        fields = ["id", "user", "role", "structure", "first_name", "last_name"]


@extend_schema_view(
    list=extend_schema(parameters=[CONSORTIUM_ID]),
    retrieve=extend_schema(parameters=[CONSORTIUM_ID]),
    create=extend_schema(
        parameters=[CONSORTIUM_ID],
        description=_("Donne un rôle ; une adresse sans compte reçoit une invitation (droit « gérer les rôles »)."),
    ),
    destroy=extend_schema(parameters=[CONSORTIUM_ID], description=_("Retire le rôle.")),
)
class ConsortiumRoleViewSet(
    ConsortiumScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Rôles des personnes dans un consortium ; donnés et retirés avec le droit « gérer les rôles »."""

    serializer_class = ConsortiumRoleSerializer
    queryset = ConsortiumRole.objects.all()
    write_perm = MANAGE_ROLES

    def get_queryset(self):
        return self.in_consortium(ConsortiumRole.objects.select_related("user")).order_by("user__email", "role", "pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = role_services.invite_to_consortium(
            actor=self.request.user,
            consortium=self.access.consortium,
            email=data["user"]["email"],
            role=data["role"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            structure=data.get("structure"),
        )

    def perform_destroy(self, instance):
        role_services.role_revoke(actor=self.request.user, grant=instance)
