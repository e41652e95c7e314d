"""`GET /api/v1/review-queue/` (AVIQ staff: the submitted items of every consortium, oldest first) and
`/api/v1/consortia/{id}/comments/` (read by everyone who sees the consortium — private annotations only by AVIQ
staff, through review.selectors.visible_comments —; written by AVIQ staff on a submitted item)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from consortia.api.common import CONSORTIUM_ID
from consortia.permissions import consortium_access, is_aviq_staff
from ols_platform import api_fields
from ols_platform.errors import DomainError
from review.models import COMMENT_MAX_LENGTH, Comment, ItemKind, Target, Visibility
from review.selectors import visible_comments

from .access import IsAviqStaff
from .review import selectors
from .review import services as review_services


class QueueRowSerializer(api_fields.Serializer):
    consortium = api_fields.IntegerField(source="consortium_id", read_only=True)
    consortium_name = api_fields.CharField(read_only=True)
    kind = api_fields.CharField(read_only=True, help_text=_("`budget`, `report`, `deliverable` ou `mandate`."))
    object_id = api_fields.IntegerField(read_only=True)
    title = api_fields.CharField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True)
    submitted_by = api_fields.CharField(read_only=True, source="submitter")


KIND = OpenApiParameter("kind", str, enum=ItemKind.values, description=_("Un seul genre d'objet."))


@extend_schema(
    parameters=[KIND], description=_("AVIQ : les objets soumis par les consortia, les plus anciens d'abord.")
)
class ReviewQueueView(ListAPIView):
    permission_classes = [IsAviqStaff]
    serializer_class = QueueRowSerializer

    def get_queryset(self):
        kind = self.request.query_params.get("kind")
        if kind is not None and kind not in ItemKind.values:
            raise DomainError(
                _("Genre d'objet inconnu : %s.") % ", ".join(ItemKind.values), code="invalid_kind", field="kind"
            )
        return selectors.queue(kind=kind)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        for row in page:
            row["title"] = selectors.queue_title(row)
            row["submitter"] = selectors.submitter_name(row)
        return page


class CommentSerializer(api_fields.ModelSerializer):
    target = api_fields.ChoiceField(choices=Target.choices)
    target_id = api_fields.IntegerField(min_value=1, max_value=2**63 - 1)
    text = api_fields.CharField(max_length=COMMENT_MAX_LENGTH)
    visibility = api_fields.ChoiceField(choices=Visibility.choices)
    author = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "item_kind",
            "item_id",
            "target",
            "target_id",
            "target_label",
            "text",
            "visibility",
            "author",
            "created_at",
        ]
        read_only_fields = ["id", "item_kind", "item_id", "target_label", "author", "created_at"]

    def get_author(self, comment) -> str:
        author = comment.author
        return "" if author is None else (author.get_full_name() or author.email)


@extend_schema_view(
    list=extend_schema(
        parameters=[CONSORTIUM_ID],
        description=_("Les commentaires de l'AVIQ : publics pour les membres ; publics et privés pour l'AVIQ."),
    ),
    create=extend_schema(
        parameters=[CONSORTIUM_ID],
        description=_(
            "AVIQ : commente un objet soumis (`target` : budget, budget_line, report, report_section, deliverable, "
            "deliverable_step). Un objet non soumis : 400 `not_submitted`."
        ),
    ),
)
class CommentViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = CommentSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.access = consortium_access(request.user, kwargs["consortium_id"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Comment.objects.none()
        comments = visible_comments(self.request.user).filter(consortium=self.access.consortium)
        if not self.access.can_view_budget:  # a line's label and AVIQ's remarks on it are part of the budget
            comments = comments.exclude(item_kind=ItemKind.BUDGET)
        return comments.order_by("created_at", "pk")

    def create(self, request, *args, **kwargs):
        if not is_aviq_staff(request.user):
            raise PermissionDenied(_("Seule l'AVIQ commente les objets soumis."), code="not_reviewer")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        comment = review_services.comment_add(
            actor=request.user,
            consortium_id=self.access.consortium.pk,
            target=data["target"],
            target_id=data["target_id"],
            text=data["text"],
            visibility=data["visibility"],
        )
        return Response(self.get_serializer(comment).data, status=status.HTTP_201_CREATED)
