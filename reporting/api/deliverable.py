"""`/api/v1/consortia/{id}/deliverable/` (its status and five steps, for everyone who sees the consortium) and
`…/deliverable/submit/` (the coordination and the operational team), `…/approve/`, `…/request-changes/` (AVIQ)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from consortia.api.common import CONSORTIUM_ID
from consortia.permissions import is_aviq_staff
from ols_platform import api_fields

from .. import deliverable_workflow as workflow
from .. import selectors_deliverable as selectors
from ..models import Deliverable
from ..permissions import MANAGE_REPORTING, VIEW, consortium_access


class StepSerializer(api_fields.Serializer):
    number = api_fields.IntegerField(read_only=True)
    title = api_fields.CharField(read_only=True)
    status = api_fields.CharField(read_only=True)
    progress = api_fields.IntegerField(read_only=True)
    narrative = api_fields.CharField(read_only=True)


class DeliverableSerializer(api_fields.Serializer):
    status = api_fields.CharField(read_only=True, help_text=_("draft, submitted, changes_requested, approved"))
    version = api_fields.IntegerField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    reviewed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    review_comment = api_fields.CharField(read_only=True)
    steps = StepSerializer(many=True, read_only=True)


class DeliverableActionSerializer(api_fields.Serializer):
    comment = api_fields.CharField(required=False, allow_blank=True, max_length=4000)
    note = api_fields.CharField(required=False, allow_blank=True, max_length=4000)


def _shown(consortium) -> Response:
    deliverable = Deliverable.objects.filter(consortium=consortium).first() or Deliverable(consortium=consortium)
    steps = [
        {"number": s.number, "title": s.title, "status": s.status, "progress": s.progress, "narrative": s.narrative}
        for s in selectors.steps_of(consortium)
    ]
    data = {
        "status": deliverable.status,
        "version": deliverable.version,
        "submitted_at": deliverable.submitted_at,
        "reviewed_at": deliverable.reviewed_at,
        "review_comment": deliverable.review_comment,
        "steps": steps,
    }
    return Response(DeliverableSerializer(data).data)


@extend_schema(parameters=[CONSORTIUM_ID], responses=DeliverableSerializer)
class DeliverableView(APIView):
    def get(self, request, consortium_id):
        return _shown(consortium_access(request.user, consortium_id, VIEW).consortium)


class _Action(APIView):
    def post(self, request, consortium_id):
        serializer = DeliverableActionSerializer(data=request.data)
        access = consortium_access(request.user, consortium_id, VIEW)
        self.check(request, access)
        serializer.is_valid(raise_exception=True)
        self.act(request.user, access.consortium, serializer.validated_data)
        return _shown(access.consortium)


class _ReviewAction(_Action):
    def check(self, request, access):
        if not is_aviq_staff(request.user):
            raise PermissionDenied(_("Seule l'AVIQ examine le livrable."), code="not_reviewer")

    @staticmethod
    def deliverable(consortium) -> Deliverable:
        deliverable = Deliverable.objects.filter(consortium=consortium).first()
        if deliverable is None:
            raise Http404
        return deliverable


@extend_schema(
    parameters=[CONSORTIUM_ID],
    request=DeliverableActionSerializer,
    responses=DeliverableSerializer,
    description=_(
        "Remet le livrable à l'AVIQ (`note` facultative) ; 400 `deliverable_incomplete` s'il manque un récit."
    ),
)
class DeliverableSubmitView(_Action):
    def check(self, request, access):
        access.require(MANAGE_REPORTING)

    def act(self, actor, consortium, data):
        workflow.deliverable_submit(actor=actor, consortium=consortium, note=data.get("note", ""))


@extend_schema(
    parameters=[CONSORTIUM_ID],
    request=DeliverableActionSerializer,
    responses=DeliverableSerializer,
    description=_("AVIQ : approuve le livrable remis ; 400 `not_submitted` sinon."),
)
class DeliverableApproveView(_ReviewAction):
    def act(self, actor, consortium, data):
        workflow.deliverable_approve(
            actor=actor, deliverable=self.deliverable(consortium), comment=data.get("comment", "")
        )


@extend_schema(
    parameters=[CONSORTIUM_ID],
    request=DeliverableActionSerializer,
    responses=DeliverableSerializer,
    description=_("AVIQ : rend le livrable au consortium avec les modifications demandées (`comment` requis)."),
)
class DeliverableRequestChangesView(_ReviewAction):
    def act(self, actor, consortium, data):
        workflow.deliverable_request_changes(
            actor=actor, deliverable=self.deliverable(consortium), comment=data.get("comment", "")
        )
