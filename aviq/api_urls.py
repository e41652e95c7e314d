"""`/api/v1/review-queue/` and `/api/v1/consortia/{id}/comments/`."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import api

in_consortium = SimpleRouter()
in_consortium.register("comments", api.CommentViewSet, basename="consortium-comment")

urlpatterns = [
    path("review-queue/", api.ReviewQueueView.as_view(), name="review-queue"),
    path("consortia/<int:consortium_id>/", include(in_consortium.urls)),
]
