"""A mandate AVIQ asks to see, through the API, as on the mandate's page:
`GET …/mandates/{id}/review/` (the newest review of the mandate, 404 when AVIQ never asked),
`POST …/review/ask/` (AVIQ: `reason` required), `…/review/transmit/` (the coordination: a proposed or adopted
version), `…/review/approve/` and `…/review/request-changes/` (AVIQ, on a transmitted mandate; `comment` required to
ask for changes). The same codes as the pages: `not_reviewer`, `review_already_open`, `review_not_requested`,
`mandate_not_transmittable`, `not_submitted`. Consortium members asking or deciding: 403."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from consortia.api.common import CONSORTIUM_ID
from consortia.permissions import is_aviq_staff
from ols_platform import api_fields
from ols_platform.errors import DomainError
from review.models import COMMENT_MAX_LENGTH

from . import review as mandate_review
from . import selectors
from .models import MandateReview
from .permissions import PREPARE_DECISIONS, VIEW, consortium_access

MANDATE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("Identifiant d'une version du mandat."))


class MandateReviewSerializer(api_fields.ModelSerializer):
    mandate = serializers.IntegerField(source="mandate_id", read_only=True)

    class Meta:
        model = MandateReview
        fields = [
            "id",
            "lineage",
            "mandate",
            "status",
            "reason",
            "requested_at",
            "submitted_at",
            "submission_note",
            "reviewed_at",
            "review_comment",
        ]
        read_only_fields = fields


class AskSerializer(api_fields.Serializer):
    reason = api_fields.CharField(max_length=COMMENT_MAX_LENGTH, help_text=_("Ce que l'AVIQ souhaite voir (requis)."))


class TransmitSerializer(api_fields.Serializer):
    note = api_fields.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX_LENGTH)


class MandateReviewDecisionSerializer(api_fields.Serializer):
    comment = api_fields.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX_LENGTH)


def _mandate(user, consortium_id, mandate_id, perm):
    access = consortium_access(user, consortium_id, perm)
    mandate = selectors.mandate_of(access.consortium, mandate_id)
    if mandate is None:
        raise Http404
    return mandate


def _require_aviq(user) -> None:
    if not is_aviq_staff(user):
        raise PermissionDenied(_("Seule l'AVIQ demande et examine un mandat."), code="not_reviewer")


def _shown(review, status_code=status.HTTP_200_OK) -> Response:
    return Response(MandateReviewSerializer(review).data, status=status_code)


@extend_schema(
    parameters=[CONSORTIUM_ID, MANDATE_ID],
    responses=MandateReviewSerializer,
    description=_("L'examen le plus récent du mandat par l'AVIQ (404 si l'AVIQ ne l'a jamais demandé)."),
)
class MandateReviewView(APIView):
    def get(self, request, consortium_id, id):
        review = mandate_review.current_review(_mandate(request.user, consortium_id, id, VIEW))
        if review is None:
            raise Http404
        return _shown(review)


@extend_schema(
    parameters=[CONSORTIUM_ID, MANDATE_ID],
    request=AskSerializer,
    responses={201: MandateReviewSerializer},
    description=_("AVIQ : demande ce mandat au consortium (sa coordination est prévenue)."),
)
class MandateReviewAskView(APIView):
    def post(self, request, consortium_id, id):
        mandate = _mandate(request.user, consortium_id, id, VIEW)
        _require_aviq(request.user)
        serializer = AskSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = mandate_review.mandate_review_ask(
            actor=request.user, mandate=mandate, reason=serializer.validated_data["reason"]
        )
        return _shown(review, status.HTTP_201_CREATED)


@extend_schema(
    parameters=[CONSORTIUM_ID, MANDATE_ID],
    request=TransmitSerializer,
    responses=MandateReviewSerializer,
    description=_("Transmet à l'AVIQ cette version (proposée ou adoptée) du mandat qu'elle a demandé."),
)
class MandateReviewTransmitView(APIView):
    def post(self, request, consortium_id, id):
        mandate = _mandate(request.user, consortium_id, id, PREPARE_DECISIONS)
        serializer = TransmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = mandate_review.mandate_review_submit(
            actor=request.user, mandate=mandate, note=serializer.validated_data.get("note", "")
        )
        return _shown(review)


class _Decision(APIView):
    def post(self, request, consortium_id, id):
        mandate = _mandate(request.user, consortium_id, id, VIEW)
        _require_aviq(request.user)
        serializer = MandateReviewDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = mandate_review.current_review(mandate)
        if review is None:
            raise DomainError(_("L'AVIQ n'a pas demandé ce mandat."), code="not_submitted")
        return _shown(self.decide(request.user, review, serializer.validated_data.get("comment", "")))


@extend_schema(
    parameters=[CONSORTIUM_ID, MANDATE_ID],
    request=MandateReviewDecisionSerializer,
    responses=MandateReviewSerializer,
    description=_("AVIQ : approuve le mandat transmis (un changement ultérieur est un avenant)."),
)
class MandateReviewApproveView(_Decision):
    def decide(self, actor, review, comment):
        return mandate_review.mandate_review_approve(actor=actor, review=review, comment=comment)


@extend_schema(
    parameters=[CONSORTIUM_ID, MANDATE_ID],
    request=MandateReviewDecisionSerializer,
    responses=MandateReviewSerializer,
    description=_("AVIQ : demande des modifications au mandat transmis (`comment` requis)."),
)
class MandateReviewRequestChangesView(_Decision):
    def decide(self, actor, review, comment):
        return mandate_review.mandate_review_request_changes(actor=actor, review=review, comment=comment)
