"""`/api/v1/consortia/{consortium_id}/budget/` (and its submit, approve, request-changes), `…/budget-lines/`,
`…/expenses/`."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import api, api_review
from .staff import api as staff_api

in_consortium = SimpleRouter()
in_consortium.register("budget-lines", api.BudgetLineViewSet, basename="consortium-budget-line")
in_consortium.register("expenses", api.ExpenseViewSet, basename="consortium-expense")
in_consortium.register("staff-arrangements", staff_api.StaffArrangementViewSet, basename="consortium-staff-arrangement")

urlpatterns = [
    path("consortia/<int:consortium_id>/budget/", api.BudgetSummaryView.as_view(), name="consortium-budget"),
    path("consortia/<int:consortium_id>/budget/submit/", api_review.BudgetSubmitView.as_view(), name="budget-submit"),
    path(
        "consortia/<int:consortium_id>/budget/approve/", api_review.BudgetApproveView.as_view(), name="budget-approve"
    ),
    path(
        "consortia/<int:consortium_id>/budget/request-changes/",
        api_review.BudgetRequestChangesView.as_view(),
        name="budget-request-changes",
    ),
    path("consortia/<int:consortium_id>/", include(in_consortium.urls)),
]
