"""`/api/v1/consortia/{consortium_id}/…` for reporting, one router per area."""

urlpatterns = []
