"""`/api/v1/users/`: accounts, managed by platform admins; everyone reads their own."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from ols_platform import api_fields
from ols_platform.collation import french

from ..models import User
from ..services import users as user_services
from .common import NoDeleteViewSet, admin_only

# --- users --------------------------------------------------------------------------------------------------


class UserSerializer(api_fields.ModelSerializer):
    global_role = api_fields.ChoiceField(
        choices=[("aviq_reviewer", _("Agent·e AVIQ")), ("platform_admin", _("Administrateur·rice de la plateforme"))],
        allow_null=True,
        required=False,
        help_text=_("`aviq_reviewer`, `platform_admin` ou null. Un compte créé ici peut être `aviq_reviewer`."),
    )

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "global_role"]
        # A duplicate address is refused by the service, with its code (duplicate_email).
        extra_kwargs = {"email": {"validators": []}}

    def validate_email(self, value):
        if self.instance is not None and value.strip().lower() != self.instance.email.lower():
            raise serializers.ValidationError(
                _("L'adresse e-mail sert à se connecter : elle ne se change pas par l'API."), code="immutable"
            )
        return value

    def validate_global_role(self, value):
        if self.instance is None and value == "platform_admin":
            raise serializers.ValidationError(
                _("Un compte d'administrateur de la plateforme se crée avec « manage.py createsuperuser »."),
                code="platform_admin_role",
            )
        return value


@extend_schema_view(
    list=extend_schema(description=_("Tous les comptes pour un·e administrateur·rice ; sinon, le sien seul.")),
    create=extend_schema(description=_("Crée un compte et envoie l'invitation (administrateurs seulement).")),
)
class UserViewSet(NoDeleteViewSet):
    """Comptes : un·e administrateur·rice les gère ; chacun·e voit le sien."""

    serializer_class = UserSerializer
    queryset = User.objects.all()

    def get_queryset(self):
        users = User.objects.order_by(french("last_name").asc(), french("first_name").asc(), "email", "pk")
        return users if self.request.user.is_superuser else users.filter(pk=self.request.user.pk)

    def check_permissions(self, request):
        super().check_permissions(request)
        admin_only(request, _("Seul·e un·e administrateur·rice de la plateforme gère les comptes."))

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = user_services.user_invite(
            actor=self.request.user,
            email=data["email"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            aviq_reviewer=data.get("global_role") == User.GlobalRole.AVIQ_REVIEWER,
        )

    def perform_update(self, serializer):
        serializer.instance = user_services.user_update(
            actor=self.request.user, user=serializer.instance, data=serializer.validated_data
        )
