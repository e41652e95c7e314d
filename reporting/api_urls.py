"""`/api/v1/consortia/{consortium_id}/…` for reporting, one list per area."""

activity_api = []  # reporting/api/activity.py
report_api = []  # reporting/api/reports.py
deliverable_api = []  # reporting/api/deliverable.py
document_api = []  # reporting/api/documents.py

urlpatterns = [*activity_api, *report_api, *deliverable_api, *document_api]
