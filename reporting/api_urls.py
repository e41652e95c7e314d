"""`/api/v1/consortia/{consortium_id}/…` for reporting, one list per area."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import activity, documents, reports

_activities = SimpleRouter()
_activities.register("activities", activity.ActivityViewSet, basename="consortium-activity")

activity_api = [path("consortia/<int:consortium_id>/", include(_activities.urls))]  # reporting/api/activity.py
report_router = SimpleRouter()
report_router.register("reports", reports.ActivityReportViewSet, basename="consortium-report")
report_api = [path("consortia/<int:consortium_id>/", include(report_router.urls))]
deliverable_api = []  # reporting/api/deliverable.py

document_router = SimpleRouter()
document_router.register("documents", documents.DocumentViewSet, basename="consortium-document")
document_api = [path("consortia/<int:consortium_id>/", include(document_router.urls))]

urlpatterns = [*activity_api, *report_api, *deliverable_api, *document_api]
