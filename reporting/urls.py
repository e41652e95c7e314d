"""Reporting pages, under `/consortia/<id>/` (names in the `reporting:` namespace), one list per area."""

app_name = "reporting"

# The activity log (reporting/views/activity.py).
activity_patterns = []

# The structures' activity reports and shared paragraphs (reporting/views/reports.py).
report_patterns = []

# The five-step evaluation deliverable (reporting/views/deliverable.py).
deliverable_patterns = []

# Generated documents: PDFs, the waiting page, downloads (reporting/views/documents.py).
document_patterns = []

urlpatterns = [*activity_patterns, *report_patterns, *deliverable_patterns, *document_patterns]
