"""The activity log's JSON API: `/api/v1/consortia/{id}/activities/` — list (paginated, the pages' filters as query
parameters: `start`, `end`, `kind`, `logic`, `function`, `life_basin`, `structure`, `q`), read, create, update
(PUT/PATCH with `version`: 409, code `conflict`, when someone saved in between) and delete.

Thin: the serializer checks the JSON shape, `consortium_access` is the gate (VIEW to read, MANAGE_REPORTING to
write), every write is one service call whose `DomainError` becomes a 400 with the rule's code.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from consortia.api.common import CONSORTIUM_ID
from ols_platform import api_fields
from ols_platform.api_cache import CachedList
from ols_platform.api_fields import IdField
from ols_platform.concurrency import VERSION_MAX
from ols_platform.fragments import consortium_scope

from ..forms_activity import FilterForm
from ..models.activity import NARRATIVE_MAX, TITLE_MAX, ActionLogic, ActivityKind, TransversalFunction
from ..permissions import MANAGE_REPORTING, VIEW, consortium_access
from ..selectors import activity as selectors
from ..services import activity as services
from ..services.activity import PARTICIPANTS_MAX, PARTICIPANTS_TEXT_MAX

STRUCTURES_MAX = 500


class ActivitySerializer(api_fields.Serializer):
    id = api_fields.IntegerField(read_only=True)
    date = serializers.DateField(required=False)
    kind = api_fields.ChoiceField(choices=ActivityKind.choices, required=False)
    title = api_fields.CharField(required=False, max_length=TITLE_MAX)
    logic = api_fields.ChoiceField(choices=ActionLogic.choices, required=False)
    function = api_fields.ChoiceField(
        choices=TransversalFunction.choices,
        required=False,
        allow_blank=True,
        help_text=_("Une des cinq fonctions, seulement quand `logic` vaut `transversal`."),
    )
    life_basin = IdField(required=False, allow_null=True, help_text=_("Un bassin de vie du territoire, ou null."))
    structures = serializers.ListField(
        child=IdField(),
        required=False,
        max_length=STRUCTURES_MAX,
        help_text=_("Identifiants de structures membres ou partenaires du consortium."),
    )
    participants_count = api_fields.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=PARTICIPANTS_MAX
    )
    participants = api_fields.CharField(required=False, allow_blank=True, max_length=PARTICIPANTS_TEXT_MAX)
    narrative = api_fields.CharField(required=False, allow_blank=True, max_length=NARRATIVE_MAX)
    attachments = serializers.ListField(child=serializers.DictField(), read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    version = api_fields.IntegerField(
        required=False,
        min_value=0,
        max_value=VERSION_MAX,
        help_text=_(
            "Version de l'enregistrement lue. Obligatoire avec PUT/PATCH : si quelqu'un a enregistré entre-temps, "
            "la requête est refusée (409, code `conflict`) et rien ne change."
        ),
    )

    def to_representation(self, activity):
        request = self.context.get("request")
        return {
            "id": activity.pk,
            "date": activity.date.isoformat(),
            "kind": activity.kind,
            "title": activity.title,
            "logic": activity.logic,
            "function": activity.function,
            "life_basin": activity.life_basin_id,
            "structures": [structure.pk for structure in activity.structures.all()],
            "participants_count": activity.participants_count,
            "participants": activity.participants,
            "narrative": activity.narrative,
            "attachments": [
                {
                    "id": attachment.pk,
                    "filename": attachment.filename,
                    "size": attachment.size,
                    "url": _absolute(
                        request,
                        reverse(
                            "reporting:activity_attachment",
                            kwargs={
                                "consortium_id": activity.consortium_id,
                                "activity_id": activity.pk,
                                "attachment_id": attachment.pk,
                            },
                        ),
                    ),
                }
                for attachment in activity.attachments.all()
            ],
            "created_at": activity.created_at.isoformat(),
            "updated_at": activity.updated_at.isoformat(),
            "version": activity.version,
        }


def _absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


FILTERS = [
    OpenApiParameter("start", OpenApiTypes.DATE, description=_("Depuis cette date (incluse).")),
    OpenApiParameter("end", OpenApiTypes.DATE, description=_("Jusqu'à cette date (incluse).")),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=ActivityKind.values),
    OpenApiParameter("logic", OpenApiTypes.STR, enum=ActionLogic.values),
    OpenApiParameter("function", OpenApiTypes.STR, enum=TransversalFunction.values),
    OpenApiParameter("life_basin", OpenApiTypes.INT),
    OpenApiParameter("structure", OpenApiTypes.INT),
    OpenApiParameter(
        "q", OpenApiTypes.STR, description=_("Texte cherché dans l'intitulé, le récit, les participants.")
    ),
]
in_consortium = extend_schema(parameters=[CONSORTIUM_ID])


@extend_schema_view(
    list=extend_schema(parameters=[CONSORTIUM_ID, *FILTERS]),
    retrieve=in_consortium,
    create=extend_schema(
        parameters=[CONSORTIUM_ID],
        description=_("Une activité : `date`, `kind`, `title` et `logic` obligatoires (`function` si transversale)."),
    ),
    update=in_consortium,
    partial_update=in_consortium,
    destroy=in_consortium,
)
class ActivityViewSet(
    CachedList,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Le journal des activités du consortium ; écrit avec le droit « tenir le reporting »."""

    serializer_class = ActivitySerializer
    queryset = selectors.Activity.objects.none()  # for the schema; requests use get_queryset
    version_required_on = ("put", "patch")

    def access(self):
        if not hasattr(self, "_access"):
            perm = VIEW if self.request.method in SAFE_METHODS else MANAGE_REPORTING
            self._access = consortium_access(self.request.user, self.kwargs["consortium_id"], perm)
        return self._access

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.access()

    def read_scope(self) -> tuple:
        return consortium_scope(self.access())

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        consortium = self.access().consortium
        filters = selectors.Filters()
        if self.action == "list":
            form = FilterForm(self.request.query_params, consortium=consortium)
            if not form.is_valid():
                raise serializers.ValidationError(
                    {name: [str(error) for error in errors] for name, errors in form.errors.items()}
                )
            filters = form.filters()
        return selectors.with_relations(selectors.filtered(consortium, filters))

    def _data(self, *, partial: bool) -> dict:
        serializer = ActivitySerializer(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _shown(self, activity, status_code=status.HTTP_200_OK):
        fresh = selectors.with_relations(selectors.Activity.objects.filter(pk=activity.pk)).get()
        return Response(self.get_serializer(fresh).data, status=status_code)

    def create(self, request, *args, **kwargs):
        data = self._data(partial=True)
        data.pop("version", None)
        activity = services.activity_create(actor=request.user, consortium=self.access().consortium, data=data)
        return self._shown(activity, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        activity = self.get_object()
        partial = kwargs.get("partial", False)
        data = self._data(partial=True)
        if "version" not in data:
            raise serializers.ValidationError(
                {"version": [_("Indiquez la version de l'enregistrement que vous modifiez (`version`).")]},
                code="required",
            )
        expected = data.pop("version")
        if partial:
            current = {
                "date": activity.date,
                "kind": activity.kind,
                "title": activity.title,
                "logic": activity.logic,
                "function": activity.function,
                "life_basin": activity.life_basin_id,
                "participants_count": activity.participants_count,
                "participants": activity.participants,
                "narrative": activity.narrative,
            }
            # Moving away from the transversal logic drops the function unless one is sent.
            if "logic" in data and data["logic"] != ActionLogic.TRANSVERSAL and "function" not in data:
                current["function"] = ""
            data = current | data
        activity = services.activity_update(actor=request.user, activity=activity, data=data, expected_version=expected)
        return self._shown(activity)

    def destroy(self, request, *args, **kwargs):
        services.activity_delete(actor=request.user, activity=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
