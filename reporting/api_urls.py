"""`/api/v1/consortia/{consortium_id}/…` for reporting, one list per area."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import activity, deliverable, documents, reports

_activities = SimpleRouter()
_activities.register("activities", activity.ActivityViewSet, basename="consortium-activity")

activity_api = [path("consortia/<int:consortium_id>/", include(_activities.urls))]  # reporting/api/activity.py
report_router = SimpleRouter()
report_router.register("reports", reports.ActivityReportViewSet, basename="consortium-report")
report_api = [path("consortia/<int:consortium_id>/", include(report_router.urls))]
_in = "consortia/<int:consortium_id>/deliverable/"
deliverable_api = [  # reporting/api/deliverable.py
    path(_in, deliverable.DeliverableView.as_view(), name="consortium-deliverable"),
    path(f"{_in}submit/", deliverable.DeliverableSubmitView.as_view(), name="consortium-deliverable-submit"),
    path(f"{_in}approve/", deliverable.DeliverableApproveView.as_view(), name="consortium-deliverable-approve"),
    path(
        f"{_in}request-changes/",
        deliverable.DeliverableRequestChangesView.as_view(),
        name="consortium-deliverable-request-changes",
    ),
]

document_router = SimpleRouter()
document_router.register("documents", documents.DocumentViewSet, basename="consortium-document")
document_api = [path("consortia/<int:consortium_id>/", include(document_router.urls))]

urlpatterns = [*activity_api, *report_api, *deliverable_api, *document_api]
