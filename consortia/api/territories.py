"""`/api/v1/territories/`: territories and their bassins de vie, written by platform admins."""

from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets

from ols_platform import api_fields
from ols_platform.collation import french

from ..models import LifeBasin, Territory
from ..services import territories as territory_services
from .common import admin_only

MAX_POPULATION = 2_147_483_647


# --- territories --------------------------------------------------------------------------------------------


class LifeBasinSerializer(api_fields.ModelSerializer):
    class Meta:
        model = LifeBasin
        fields = ["id", "name", "population"]


class TerritorySerializer(api_fields.ModelSerializer):
    population = api_fields.IntegerField(min_value=1, max_value=MAX_POPULATION)
    life_basins = LifeBasinSerializer(many=True, read_only=True)

    class Meta:
        model = Territory
        fields = ["id", "name", "population", "life_basins"]
        # A taken name is refused by the service, with its code (duplicate).
        extra_kwargs = {"name": {"validators": []}}


class TerritoryViewSet(viewsets.ModelViewSet):
    """Territoires et leurs bassins de vie : lus par tous, modifiés par les administrateurs."""

    serializer_class = TerritorySerializer
    queryset = Territory.objects.prefetch_related("life_basins").order_by(french("name").asc(), "pk")

    def check_permissions(self, request):
        super().check_permissions(request)
        admin_only(request, _("Seul·e un·e administrateur·rice de la plateforme modifie les territoires."))

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = territory_services.territory_create(
            actor=self.request.user, name=data["name"], population=data["population"]
        )

    def perform_update(self, serializer):
        serializer.instance = territory_services.territory_update(
            actor=self.request.user, territory=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        territory_services.territory_delete(actor=self.request.user, territory=instance)
