"""Support requests and the practice library through the API, as on their pages:

- `/api/v1/consortia/{id}/support-requests/`: read by everyone who sees the consortium (AVIQ included); asked by the
  coordination and the operational team (`subject`, `topic`, `urgency`, `text`); `…/{rid}/` with its thread;
  `…/{rid}/messages/` (POST: the consortium's writers and AVIQ) and `…/{rid}/close/`.
- `/api/v1/support-requests/`: AVIQ, every consortium's requests, the most urgent and oldest first (`status`).
- `/api/v1/practices/` and `…/{id}/`: the published practice sheets, read by every consortium member and AVIQ
  (everyone else 404); nothing of the publishing consortium but its name.
"""

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response

from consortia.api.common import CONSORTIUM_ID
from consortia.permissions import consortium_access, is_aviq_staff, visible_consortium_ids
from ols_platform import api_fields
from ols_platform.errors import DomainError
from ols_platform.validators import object_id
from reporting.permissions import MANAGE_REPORTING

from ..access import IsAviqStaff
from ..models import MESSAGE_MAX, SUBJECT_MAX, PracticeSheet, SupportMessage, SupportRequest
from . import services
from .views import URGENCY_ORDER


def _name(user) -> str:
    return "" if user is None else (user.get_full_name() or user.email)


class SupportMessageSerializer(api_fields.ModelSerializer):
    author = serializers.SerializerMethodField()
    text = api_fields.CharField(max_length=MESSAGE_MAX)

    class Meta:
        model = SupportMessage
        fields = ["id", "text", "from_aviq", "author", "created_at"]
        read_only_fields = ["id", "from_aviq", "author", "created_at"]

    def get_author(self, message) -> str:
        return _name(message.author)


class SupportRequestSerializer(api_fields.ModelSerializer):
    subject = api_fields.CharField(max_length=SUBJECT_MAX)
    topic = api_fields.ChoiceField(choices=SupportRequest.Topic.choices)
    urgency = api_fields.ChoiceField(choices=SupportRequest.Urgency.choices)
    text = api_fields.CharField(max_length=MESSAGE_MAX, write_only=True, help_text=_("La demande (premier message)."))
    created_by = serializers.SerializerMethodField()
    message_count = serializers.SerializerMethodField()

    class Meta:
        model = SupportRequest
        fields = [
            "id",
            "consortium",
            "subject",
            "topic",
            "urgency",
            "text",
            "status",
            "created_by",
            "created_at",
            "answered_at",
            "closed_at",
            "message_count",
        ]
        read_only_fields = ["id", "consortium", "status", "created_by", "created_at", "answered_at", "closed_at"]

    def get_created_by(self, request) -> str:
        return _name(request.created_by)

    def get_message_count(self, request) -> int:
        return getattr(request, "message_count", 0)


class SupportThreadSerializer(SupportRequestSerializer):
    messages = SupportMessageSerializer(many=True, read_only=True, source="thread")

    class Meta(SupportRequestSerializer.Meta):
        fields = [*SupportRequestSerializer.Meta.fields, "messages"]


def _requests():
    return SupportRequest.objects.select_related("created_by").annotate(message_count=Count("messages"))


@extend_schema_view(
    list=extend_schema(parameters=[CONSORTIUM_ID], description=_("Les demandes de soutien du consortium.")),
    retrieve=extend_schema(parameters=[CONSORTIUM_ID], responses=SupportThreadSerializer),
    create=extend_schema(
        parameters=[CONSORTIUM_ID],
        description=_(
            "La coordination ou l'équipe opérationnelle demande un soutien à l'AVIQ (ses agents sont prévenus)."
        ),
    ),
)
class SupportRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = SupportRequestSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.access = consortium_access(request.user, kwargs["consortium_id"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SupportRequest.objects.none()
        return _requests().filter(consortium=self.access.consortium).order_by("-created_at", "-pk")

    def get_object(self):
        found = self.get_queryset().filter(pk=object_id(self.kwargs["pk"]) or 0).first()
        if found is None:
            raise Http404
        return found

    def _thread(self, pk: int, status_code=status.HTTP_200_OK) -> Response:
        found = self.get_queryset().get(pk=pk)
        found.thread = list(found.messages.select_related("author"))
        return Response(SupportThreadSerializer(found).data, status=status_code)

    def retrieve(self, request, *args, **kwargs):
        return self._thread(self.get_object().pk)

    def _require_writer(self):
        if not (is_aviq_staff(self.request.user) or self.access.can(MANAGE_REPORTING)):
            raise PermissionDenied(_("La coordination et l'équipe opérationnelle écrivent pour le consortium."))

    def create(self, request, *args, **kwargs):
        if is_aviq_staff(request.user) or not self.access.can(MANAGE_REPORTING):
            raise PermissionDenied(_("La coordination et l'équipe opérationnelle demandent un soutien."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = services.request_create(
            actor=request.user, consortium=self.access.consortium, data=serializer.validated_data
        )
        return self._thread(created.pk, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[CONSORTIUM_ID],
        request=SupportMessageSerializer,
        responses={201: SupportMessageSerializer},
        description=_("Un message dans le fil : celui de l'AVIQ répond, celui du consortium relance."),
    )
    @action(detail=True, methods=["post"])
    def messages(self, request, *args, **kwargs):
        found = self.get_object()
        self._require_writer()
        serializer = SupportMessageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.message_add(actor=request.user, request=found, text=serializer.validated_data["text"])
        return Response(SupportMessageSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[CONSORTIUM_ID], request=None, responses=SupportRequestSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        found = self.get_object()
        self._require_writer()
        services.request_close(actor=request.user, request=found)
        return Response(self.get_serializer(self.get_object()).data)


class AviqSupportRowSerializer(SupportRequestSerializer):
    consortium_name = serializers.CharField(source="consortium.name", read_only=True)

    class Meta(SupportRequestSerializer.Meta):
        fields = [*SupportRequestSerializer.Meta.fields, "consortium_name"]


STATUS = OpenApiParameter(
    "status", str, enum=[*SupportRequest.Status.values, "all"], description=_("Par défaut : en attente de l'AVIQ.")
)


@extend_schema(
    parameters=[STATUS],
    description=_("AVIQ : les demandes de soutien de tous les consortia, les plus urgentes et anciennes d'abord."),
)
class AviqSupportView(ListAPIView):
    permission_classes = [IsAviqStaff]
    serializer_class = AviqSupportRowSerializer

    def get_queryset(self):
        wanted = self.request.query_params.get("status", SupportRequest.Status.OPEN)
        if wanted not in (*SupportRequest.Status.values, "all"):
            raise DomainError(
                _("Statut inconnu : %s.") % ", ".join((*SupportRequest.Status.values, "all")),
                code="invalid_status",
                field="status",
            )
        rows = _requests().select_related("consortium")
        if wanted != "all":
            rows = rows.filter(status=wanted)
        return rows.annotate(urgency_rank=URGENCY_ORDER).order_by("urgency_rank", "created_at", "pk")


class PracticeSheetSerializer(api_fields.ModelSerializer):
    consortium_name = serializers.CharField(source="consortium.name", read_only=True)

    class Meta:
        model = PracticeSheet
        fields = ["id", "consortium_name", "title", "context", "practice", "lessons", "contact", "published_at"]
        read_only_fields = fields


def _published_sheets(user):
    """Members of any consortium and AVIQ staff read the library; everyone else gets a 404."""
    if not (is_aviq_staff(user) or visible_consortium_ids(user)):
        raise Http404
    return (
        PracticeSheet.objects.filter(status=PracticeSheet.Status.PUBLISHED)
        .select_related("consortium")
        .order_by("-published_at", "-pk")
    )


SEARCH = OpenApiParameter("q", str, description=_("Texte cherché dans le titre, la pratique et les enseignements."))


@extend_schema(parameters=[SEARCH], description=_("Les fiches de pratique publiées par les consortia."))
class PracticeLibraryView(ListAPIView):
    serializer_class = PracticeSheetSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PracticeSheet.objects.none()
        sheets = _published_sheets(self.request.user)
        text = self.request.query_params.get("q", "").replace("\x00", "")[:100].strip()
        if text:
            sheets = sheets.filter(Q(title__icontains=text) | Q(practice__icontains=text) | Q(lessons__icontains=text))
        return sheets


@extend_schema(description=_("Une fiche de pratique publiée."))
class PracticeSheetView(RetrieveAPIView):
    serializer_class = PracticeSheetSerializer

    def get_object(self):
        sheet = _published_sheets(self.request.user).filter(pk=object_id(self.kwargs["pk"]) or 0).first()
        if sheet is None:
            raise Http404
        return sheet
