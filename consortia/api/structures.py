"""`/api/v1/structures/`: the structures of the visible consortia; created inside a consortium."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.permissions import SAFE_METHODS

from ols_platform import api_fields
from ols_platform.api_cache import CachedList
from ols_platform.collation import french

from ..models import IDENTITY_FIELDS, LifeBasin, Membership, Structure
from ..permissions import (
    MANAGE_STRUCTURES,
    consortia_visible_to,
    consortium_access,
    manages_structure,
    visible_structures,
)
from ..selectors import visible_revisions
from ..services import structures as structure_services
from .common import update_checking_version, version_field

# --- structures ---------------------------------------------------------------------------------------------


class StructureSerializer(api_fields.ModelSerializer):
    enterprise_number = api_fields.CharField(
        max_length=20, help_text=_("Numéro BCE, rendu au format 0123.456.789 (BE0123456789 est accepté).")
    )
    consortium = api_fields.IntegerField(
        write_only=True,
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("À la création : le consortium qui accueille la structure (droit « gérer les structures »)."),
    )
    role = api_fields.ChoiceField(
        choices=Membership.Role.choices,
        write_only=True,
        required=False,
        help_text=_("À la création : `member` ou `partner` dans ce consortium."),
    )
    version = version_field()

    class Meta:
        model = Structure
        fields = [
            "id",
            *IDENTITY_FIELDS,
            "life_basins",
            "archived_at",
            "created_at",
            "consortium",
            "role",
            "version",
        ]
        read_only_fields = ["life_basins", "archived_at", "created_at"]
        extra_kwargs = {
            "life_basins": {
                "help_text": _(
                    "Les bassins de vie choisis par les consortia que vous voyez, chacun dans son territoire "
                    "(modifiés sur la page de la structure du consortium)."
                )
            }
        }

    def validate_consortium(self, value):
        try:
            return consortium_access(self.context["request"].user, value)
        except Http404:
            raise serializers.ValidationError(_("Consortium introuvable."), code="does_not_exist") from None

    def validate(self, attrs):
        if self.instance is None:
            missing = {
                field: [_("Ce champ est obligatoire.")] for field in ("consortium", "role") if field not in attrs
            }
            if missing:
                raise serializers.ValidationError(missing, code="required")
        elif "consortium" in attrs or "role" in attrs:
            raise serializers.ValidationError(
                {
                    "consortium": [
                        _(
                            "La place d'une structure dans un consortium se change par /api/v1/consortia/{id}/memberships/."
                        )
                    ]
                },
                code="immutable",
            )
        return attrs


STRUCTURE_UPDATE_HELP = _(
    "Modifie l'identité de la structure. Refusé (`structure_shared`) quand un autre consortium la détient aussi : "
    "seule l'administration de la plateforme corrige alors l'identité."
)


@extend_schema_view(
    list=extend_schema(description=_("Les structures des consortia visibles (toutes pour l'AVIQ et les admins).")),
    create=extend_schema(
        description=_("Crée la structure et l'ajoute au consortium indiqué, comme membre ou partenaire.")
    ),
    update=extend_schema(description=STRUCTURE_UPDATE_HELP),
    partial_update=extend_schema(description=STRUCTURE_UPDATE_HELP),
    destroy=extend_schema(description=_("Refusé (`structure_in_use`) tant que la structure est utilisée.")),
)
class StructureViewSet(CachedList, viewsets.ModelViewSet):
    """Structures (ASBL, hôpitaux, organismes assureurs…) des consortia visibles.

    Une structure que plusieurs consortia partagent ne change d'identité que par l'administration de la plateforme
    (refus `structure_shared`) ; le contact de chaque consortium se trouve dans son adhésion (…/memberships/).
    """

    serializer_class = StructureSerializer
    queryset = Structure.objects.all()

    def read_scope(self) -> tuple:
        """The list shows the structures (and bassins de vie) of the visible consortia: their revisions."""
        return ("visible", visible_revisions(self.request.user))

    def get_queryset(self):
        # Each consortium chooses the bassins de vie of its own territory: show only those of visible consortia.
        territories = consortia_visible_to(self.request.user).values("territory_id")
        basins = Prefetch("life_basins", queryset=LifeBasin.objects.filter(territory_id__in=territories))
        return visible_structures(self.request.user, Structure.objects.prefetch_related(basins)).order_by(
            french("name").asc(), "pk"
        )

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if request.method not in SAFE_METHODS and not manages_structure(request.user, obj):
            raise exceptions.PermissionDenied(
                _("Il faut gérer les structures d'un consortium dont cette structure fait partie.")
            )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        access, role = data.pop("consortium"), data.pop("role")
        access.require(MANAGE_STRUCTURES)
        membership = structure_services.structure_create(
            actor=self.request.user, consortium=access.consortium, role=role, data=data
        )
        serializer.instance = membership.structure

    def perform_update(self, serializer):
        update_checking_version(serializer, structure_services.structure_update, structure=serializer.instance)

    def perform_destroy(self, instance):
        structure_services.structure_delete(actor=self.request.user, structure=instance)
