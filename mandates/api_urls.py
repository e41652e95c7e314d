"""`/api/v1/consortia/{consortium_id}/mandates/` (with `…/{id}/propose/` and `…/{id}/amend/`), and AVIQ's review of
a mandate: `…/{id}/review/` (GET) with `ask/`, `transmit/`, `approve/`, `request-changes/` (POST)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import api, api_review

in_consortium = SimpleRouter()
in_consortium.register("mandates", api.MandateViewSet, basename="consortium-mandate")

REVIEW = "consortia/<int:consortium_id>/mandates/<int:id>/review/"

urlpatterns = [
    path(REVIEW, api_review.MandateReviewView.as_view(), name="mandate-review"),
    path(f"{REVIEW}ask/", api_review.MandateReviewAskView.as_view(), name="mandate-review-ask"),
    path(f"{REVIEW}transmit/", api_review.MandateReviewTransmitView.as_view(), name="mandate-review-transmit"),
    path(f"{REVIEW}approve/", api_review.MandateReviewApproveView.as_view(), name="mandate-review-approve"),
    path(
        f"{REVIEW}request-changes/",
        api_review.MandateReviewRequestChangesView.as_view(),
        name="mandate-review-request-changes",
    ),
    path("consortia/<int:consortium_id>/", include(in_consortium.urls)),
]
