"""The JSON API of the platform foundation: users, roles, territories, structures, consortia, memberships.

Thin on purpose: serializers check the shape of the input, `consortia.permissions` decides who sees and does what,
and every write is one call to `consortia.services`, whose `DomainError` the exception handler turns into a 400
carrying the rule's `code`. Objects outside the caller's consortia are 404; members without the right get 403.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.relations import PKOnlyObject
from rest_framework.response import Response

from ols_platform import api_fields

from . import selectors
from .enterprise_number import normalize_enterprise_number
from .models import IDENTITY_FIELDS, Consortium, ConsortiumRole, LifeBasin, Membership, Structure, Territory, User
from .permissions import (
    MANAGE_ROLES,
    MANAGE_STRUCTURES,
    VIEW,
    consortia_visible_to,
    consortium_access,
    manages_structure,
    visible_structures,
)
from .services import consortium as consortium_services
from .services import memberships as membership_services
from .services import roles as role_services
from .services import structures as structure_services
from .services import territories as territory_services
from .services import users as user_services

MAX_POPULATION = 2_147_483_647
# Coordinators are the consortium members who may change the consortium itself (name, status, start date).
EDIT_CONSORTIUM = MANAGE_ROLES

CONSORTIUM_ID = OpenApiParameter(
    "consortium_id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Identifiant du consortium.")
)


# --- helpers ------------------------------------------------------------------------------------------------


def _admin_only(request, message):
    if request.method not in SAFE_METHODS and not request.user.is_superuser:
        raise exceptions.PermissionDenied(message)


# --- fields -------------------------------------------------------------------------------------------------


class VisibleStructureField(api_fields.PrimaryKeyRelatedField):
    """A structure id, looked up only among the structures the caller may see (others read as nonexistent)."""

    default_error_messages = {"does_not_exist": _("Structure introuvable (identifiant {pk_value}).")}

    def get_queryset(self):
        request = self.context.get("request")
        return visible_structures(request.user) if request else Structure.objects.none()

    def run_validation(self, data=serializers.empty):
        # DRF reads "" as null for a relation; the schema promises an integer id (or null where allowed).
        if data == "":
            self.fail("incorrect_type", data_type="str")
        return super().run_validation(data)


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


class VersionField(api_fields.CharField):
    """The record's version fingerprint: read it, send it back on PUT/PATCH to refuse a save over newer data."""

    def __init__(self, compute, **kwargs):
        self.compute = compute
        super().__init__(required=False, allow_null=True, max_length=64, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, value):
        return self.compute(value)


VERSION_HELP = _(
    "Empreinte de la version lue. Renvoyez-la avec PUT/PATCH : si quelqu'un a enregistré entre-temps, la requête est "
    "refusée (409, code `conflict`) et rien ne change. Sans `version`, l'enregistrement se fait sans cette vérification."
)


def _unchanged(attrs, field, current, message):
    """Refuse, with a clear message, a change to a field that is fixed once created."""
    if field in attrs:
        value = attrs[field]
        new = value.pk if hasattr(value, "pk") else value
        if new != current:
            raise serializers.ValidationError({field: [message]}, code="immutable")


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
class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Comptes : un·e administrateur·rice les gère ; chacun·e voit le sien."""

    serializer_class = UserSerializer
    queryset = User.objects.all()

    def get_queryset(self):
        users = User.objects.order_by("last_name", "first_name", "email", "pk")
        return users if self.request.user.is_superuser else users.filter(pk=self.request.user.pk)

    def check_permissions(self, request):
        super().check_permissions(request)
        _admin_only(request, _("Seul·e un·e administrateur·rice de la plateforme gère les comptes."))

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
    queryset = Territory.objects.prefetch_related("life_basins").order_by("name", "pk")

    def check_permissions(self, request):
        super().check_permissions(request)
        _admin_only(request, _("Seul·e un·e administrateur·rice de la plateforme modifie les territoires."))

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
    version = VersionField(
        compute=lambda structure: structure_services.structure_version(structure),
        help_text=format_lazy(
            "{} {}", VERSION_HELP, _("Nulle dans la liste (pour rester rapide) : lisez la fiche de la structure.")
        ),
    )

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

    def get_fields(self):
        fields = super().get_fields()
        view = self.context.get("view")
        if getattr(view, "action", None) == "list":
            # Documented as null in lists: a client reads the version on the structure's own endpoint before a write.
            fields["version"].compute = lambda structure: None
        return fields

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
class StructureViewSet(viewsets.ModelViewSet):
    """Structures (ASBL, hôpitaux, organismes assureurs…) des consortia visibles.

    Une structure que plusieurs consortia partagent ne change d'identité que par l'administration de la plateforme
    (refus `structure_shared`) ; le contact de chaque consortium se trouve dans son adhésion (…/memberships/).
    """

    serializer_class = StructureSerializer
    queryset = Structure.objects.all()

    def get_queryset(self):
        # Each consortium chooses the bassins de vie of its own territory: show only those of visible consortia.
        territories = consortia_visible_to(self.request.user).values("territory_id")
        basins = Prefetch("life_basins", queryset=LifeBasin.objects.filter(territory_id__in=territories))
        return visible_structures(self.request.user, Structure.objects.prefetch_related(basins)).order_by("name", "pk")

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
        data = dict(serializer.validated_data)
        expected_version = data.pop("version", None)
        serializer.instance = structure_services.structure_update(
            actor=self.request.user, structure=serializer.instance, data=data, expected_version=expected_version
        )

    def perform_destroy(self, instance):
        structure_services.structure_delete(actor=self.request.user, structure=instance)


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
        _unchanged(attrs, "territory", self.instance.territory_id, _("Le territoire d'un consortium ne se change pas."))
        _unchanged(
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
class ConsortiumViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Consortia visibles ; créés par les administrateurs, modifiés aussi par la coordination."""

    serializer_class = ConsortiumSerializer
    queryset = Consortium.objects.all()

    def get_queryset(self):
        leads = Prefetch("memberships", queryset=Membership.objects.filter(is_lead=True), to_attr="lead_memberships")
        return consortia_visible_to(self.request.user, Consortium.objects.prefetch_related(leads)).order_by(
            "name", "pk"
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


# --- what lives inside one consortium: memberships and roles -----------------------------------------------


class ConsortiumScopedMixin:
    """Resolve the consortium of the URL through the one gate: outsiders 404, members without `write_perm` 403."""

    write_perm: str

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        perm = VIEW if request.method in SAFE_METHODS else self.write_perm
        self.access = consortium_access(request.user, kwargs["consortium_id"], perm)

    def in_consortium(self, queryset):
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        return queryset.filter(consortium=self.access.consortium)


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
    version = VersionField(
        compute=lambda membership: membership_services.membership_version(membership), help_text=VERSION_HELP
    )

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
            _unchanged(attrs, "structure", self.instance.structure_id, keeps)
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
            "-is_lead", "structure__name", "pk"
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = membership_services.membership_create(
            actor=self.request.user, consortium=self.access.consortium, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        expected_version = data.pop("version", None)
        serializer.instance = membership_services.membership_update(
            actor=self.request.user, membership=serializer.instance, data=data, expected_version=expected_version
        )

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
