"""`/api/v1/review-queue/`, `/api/v1/consortia/{id}/comments/`, support requests and the practice library."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import api
from .support import api as support_api

in_consortium = SimpleRouter()
in_consortium.register("comments", api.CommentViewSet, basename="consortium-comment")
in_consortium.register("support-requests", support_api.SupportRequestViewSet, basename="consortium-support-request")

urlpatterns = [
    path("review-queue/", api.ReviewQueueView.as_view(), name="review-queue"),
    path("support-requests/", support_api.AviqSupportView.as_view(), name="support-request-list"),
    path("practices/", support_api.PracticeLibraryView.as_view(), name="practice-list"),
    path("practices/<str:pk>/", support_api.PracticeSheetView.as_view(), name="practice-detail"),
    path("consortia/<int:consortium_id>/", include(in_consortium.urls)),
]
