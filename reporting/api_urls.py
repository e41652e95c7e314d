"""`/api/v1/consortia/{consortium_id}/…` for reporting, one list per area."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import documents

activity_api = []  # reporting/api/activity.py
report_api = []  # reporting/api/reports.py
deliverable_api = []  # reporting/api/deliverable.py

document_router = SimpleRouter()
document_router.register("documents", documents.DocumentViewSet, basename="consortium-document")
document_api = [path("consortia/<int:consortium_id>/", include(document_router.urls))]

urlpatterns = [*activity_api, *report_api, *deliverable_api, *document_api]
