"""`/api/v1/review-queue/`, `/api/v1/consortia/{id}/comments/` and the budget's review actions."""

urlpatterns = []
