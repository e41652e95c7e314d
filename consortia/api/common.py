"""What the consortia API views share: the consortium path parameter, the gate of nested resources, fields
(visible structures, versions) and the checks of fixed or admin-only values."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.permissions import SAFE_METHODS

from ols_platform import api_fields
from ols_platform.api_cache import CachedList
from ols_platform.concurrency import VERSION_MAX
from ols_platform.fragments import consortium_scope

from ..models import Structure
from ..permissions import (
    VIEW,
    consortium_access,
    visible_structures,
)

CONSORTIUM_ID = OpenApiParameter(
    "consortium_id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Identifiant du consortium.")
)


# --- helpers ------------------------------------------------------------------------------------------------


def admin_only(request, message):
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


def version_field() -> api_fields.IntegerField:
    """The record's `version` (ols_platform.concurrency): read it, send it back on PUT/PATCH to refuse a save over
    newer data. Optional in the body: without it, the save is not checked."""
    return api_fields.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=VERSION_MAX,
        help_text=_(
            "Version lue (un entier, plus un à chaque enregistrement). Renvoyez-la avec PUT/PATCH : si quelqu'un a "
            "enregistré entre-temps, la requête est refusée (409, code `conflict`) et rien ne change. Sans "
            "`version`, l'enregistrement se fait sans cette vérification."
        ),
    )


def update_checking_version(serializer, service, **target):
    """PUT/PATCH through `service`: the body's optional `version` is the version the caller read (None: unchecked)."""
    data = dict(serializer.validated_data)
    expected_version = data.pop("version", None)
    actor = serializer.context["request"].user
    serializer.instance = service(actor=actor, data=data, expected_version=expected_version, **target)


def unchanged(attrs, field, current, message):
    """Refuse, with a clear message, a change to a field that is fixed once created."""
    if field in attrs:
        value = attrs[field]
        new = value.pk if hasattr(value, "pk") else value
        if new != current:
            raise serializers.ValidationError({field: [message]}, code="immutable")


# --- what lives inside one consortium: memberships and roles -----------------------------------------------


class ConsortiumScopedMixin(CachedList):
    """Resolve the consortium of the URL through the one gate: outsiders 404, members without `write_perm` 403.
    The list is answered from the cache until the consortium's revision moves (ols_platform.api_cache)."""

    write_perm: str

    def read_scope(self) -> tuple:
        return consortium_scope(self.access)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        perm = VIEW if request.method in SAFE_METHODS else self.write_perm
        self.access = consortium_access(request.user, kwargs["consortium_id"], perm)

    def in_consortium(self, queryset):
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        return queryset.filter(consortium=self.access.consortium)


class NoDeleteViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and update: for records that are never deleted through the API (accounts, consortia)."""
