"""`/api/v1/consortia/`: consortia, created by platform admins, changed by their coordination too."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.permissions import SAFE_METHODS
from rest_framework.relations import PKOnlyObject

from ols_platform import api_fields
from ols_platform.collation import french

from ..models import Consortium, Membership, Structure, Territory
from ..permissions import (
    MANAGE_ROLES,
    consortia_visible_to,
    consortium_access,
)
from ..services import consortium as consortium_services
from .common import (
    NoDeleteViewSet,
    unchanged,
)

EDIT_CONSORTIUM = MANAGE_ROLES


def lead_structure_id(consortium) -> int | None:
    """The consortium's lead structure id, from the prefetched `lead_memberships` when present."""
    leads = getattr(consortium, "lead_memberships", None)
    if leads is None:
        leads = list(consortium.memberships.filter(is_lead=True))
    return leads[0].structure_id if leads else None


class LeadStructureField(api_fields.PrimaryKeyRelatedField):
    """The consortium's lead structure (written only at creation)."""

    def get_attribute(self, instance):
        lead_id = lead_structure_id(instance)
        return None if lead_id is None else PKOnlyObject(pk=lead_id)


# --- consortia ----------------------------------------------------------------------------------------------


class ConsortiumSerializer(api_fields.ModelSerializer):
    territory = api_fields.PrimaryKeyRelatedField(queryset=Territory.objects.all())
    lead_structure = LeadStructureField(
        queryset=Structure.objects.all(),
        allow_null=True,
        help_text=_("La structure porteuse (une ASBL), qui devient membre à la création."),
    )
    end_date = serializers.DateField(read_only=True)

    class Meta:
        model = Consortium
        fields = ["id", "name", "territory", "lead_structure", "status", "start_date", "end_date"]
        # Taken names and territories are refused by the service, with their code.
        extra_kwargs = {"name": {"validators": []}}

    def validate(self, attrs):
        if self.instance is None:
            if attrs.get("lead_structure") is None:
                raise serializers.ValidationError(
                    {"lead_structure": [_("Indiquez la structure porteuse.")]}, code="required"
                )
            return attrs
        unchanged(attrs, "territory", self.instance.territory_id, _("Le territoire d'un consortium ne se change pas."))
        unchanged(
            attrs,
            "lead_structure",
            lead_structure_id(self.instance),
            _("La structure porteuse se change par …/memberships/ (elle doit y rester unique)."),
        )
        return attrs


@extend_schema_view(
    create=extend_schema(
        description=_("Crée un consortium (administrateurs) ; sa structure porteuse en devient membre.")
    ),
    update=extend_schema(description=_("Nom, statut et date de début (administrateurs et coordination).")),
    partial_update=extend_schema(description=_("Nom, statut et date de début (administrateurs et coordination).")),
)
class ConsortiumViewSet(NoDeleteViewSet):
    """Consortia visibles ; créés par les administrateurs, modifiés aussi par la coordination."""

    serializer_class = ConsortiumSerializer
    queryset = Consortium.objects.all()

    def get_queryset(self):
        leads = Prefetch("memberships", queryset=Membership.objects.filter(is_lead=True), to_attr="lead_memberships")
        return consortia_visible_to(self.request.user, Consortium.objects.prefetch_related(leads)).order_by(
            french("name").asc(), "pk"
        )

    def check_permissions(self, request):
        super().check_permissions(request)
        if request.method == "POST" and not request.user.is_superuser:
            raise exceptions.PermissionDenied(_("Seul·e un·e administrateur·rice de la plateforme crée un consortium."))

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if request.method not in SAFE_METHODS:
            consortium_access(request.user, obj.pk, EDIT_CONSORTIUM)

    def http_method_not_allowed(self, request, *args, **kwargs):
        if request.method == "DELETE":
            raise exceptions.MethodNotAllowed(
                "DELETE", detail=_("Un consortium ne se supprime pas : passez son statut à « closed » (clôturé).")
            )
        return super().http_method_not_allowed(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = consortium_services.consortium_create(
            actor=self.request.user,
            name=data.pop("name"),
            territory=data.pop("territory"),
            lead_structure=data.pop("lead_structure"),
            **data,
        )

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in ("name", "status", "start_date")}
        serializer.instance = consortium_services.consortium_update(
            actor=self.request.user, consortium=serializer.instance, data=data
        )
