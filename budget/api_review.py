"""`POST /api/v1/consortia/{id}/budget/submit/`, `…/budget/approve/`, `…/budget/request-changes/`: the budget's
workflow, as on its page, on the consortium's newest version. The same rules and codes as the page
(`personnel_share_too_low`, `cap_exceeded`, `not_submitted`, `not_reviewer`, `conflict`…); approve and request-changes
for AVIQ reviewers and platform admins only (members: 403)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from consortia.api.common import CONSORTIUM_ID
from ols_platform import api_fields

from . import selectors, services
from .models import REVIEW_COMMENT_MAX_LENGTH, Budget
from .permissions import EDIT_BUDGET, REVIEW_BUDGET, consortium_access


class BudgetStateSerializer(api_fields.Serializer):
    id = api_fields.IntegerField(read_only=True)
    version = api_fields.IntegerField(read_only=True)
    status = api_fields.CharField(read_only=True)
    revision = api_fields.IntegerField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    reviewed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    review_comment = api_fields.CharField(read_only=True)
    submission_note = api_fields.CharField(read_only=True)


class BudgetSubmitSerializer(api_fields.Serializer):
    note = api_fields.CharField(
        required=False,
        allow_blank=True,
        max_length=REVIEW_COMMENT_MAX_LENGTH,
        help_text=_("La réponse de la coordination aux modifications demandées (facultative)."),
    )
    revision = api_fields.IntegerField(
        required=False, min_value=0, max_value=2**31 - 1, help_text=_("La révision lue : 409 `conflict` si périmée.")
    )


class BudgetReviewSerializer(api_fields.Serializer):
    comment = api_fields.CharField(required=False, allow_blank=True, max_length=REVIEW_COMMENT_MAX_LENGTH)
    revision = api_fields.IntegerField(required=False, min_value=0, max_value=2**31 - 1)


def _state(budget: Budget) -> dict:
    return BudgetStateSerializer(budget).data


class _BudgetAction(APIView):
    perm: str
    serializer_class = BudgetReviewSerializer

    def post(self, request, consortium_id):
        access = consortium_access(request.user, consortium_id, self.perm)
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        budget = selectors.latest_budget(access.consortium)
        if budget is None:
            raise Http404
        return Response(_state(self.act(request.user, budget, serializer.validated_data)))


@extend_schema(
    parameters=[CONSORTIUM_ID],
    request=BudgetSubmitSerializer,
    responses=BudgetStateSerializer,
    description=_("Soumet la version en cours à l'AVIQ (refusé, avec la règle, si une règle n'est pas respectée)."),
)
class BudgetSubmitView(_BudgetAction):
    perm = EDIT_BUDGET
    serializer_class = BudgetSubmitSerializer

    def act(self, actor, budget, data):
        return services.budget_submit(
            actor=actor, budget=budget, revision=data.get("revision"), note=data.get("note", "")
        )


@extend_schema(
    parameters=[CONSORTIUM_ID],
    request=BudgetReviewSerializer,
    responses=BudgetStateSerializer,
    description=_("AVIQ : approuve le budget soumis (refusé avec toutes les règles non respectées)."),
)
class BudgetApproveView(_BudgetAction):
    perm = REVIEW_BUDGET

    def act(self, actor, budget, data):
        return services.budget_approve(
            actor=actor, budget=budget, comment=data.get("comment", ""), revision=data.get("revision")
        )


@extend_schema(
    parameters=[CONSORTIUM_ID],
    request=BudgetReviewSerializer,
    responses=BudgetStateSerializer,
    description=_("AVIQ : rend le budget soumis au consortium avec les modifications demandées (`comment` requis)."),
)
class BudgetRequestChangesView(_BudgetAction):
    perm = REVIEW_BUDGET

    def act(self, actor, budget, data):
        return services.budget_request_changes(
            actor=actor, budget=budget, comment=data.get("comment", ""), revision=data.get("revision")
        )
