"""Reporting pages, under `/consortia/<id>/` (names in the `reporting:` namespace), one list per area."""

from django.urls import path

from .views import deliverable, documents

app_name = "reporting"

# The activity log (reporting/views/activity.py).
activity_patterns = []

# The structures' activity reports and shared paragraphs (reporting/views/reports.py).
report_patterns = []

# The five-step evaluation deliverable (reporting/views/deliverable.py).
deliverable_patterns = [
    path("<int:consortium_id>/deliverable/", deliverable.deliverable_overview, name="deliverable"),
    path("<int:consortium_id>/deliverable/steps/<int:number>/", deliverable.step_detail, name="deliverable_step"),
    path(
        "<int:consortium_id>/deliverable/steps/<int:number>/edit/", deliverable.step_edit, name="deliverable_step_edit"
    ),
    path(
        "<int:consortium_id>/deliverable/steps/<int:number>/evidence/",
        deliverable.evidence_add,
        name="deliverable_evidence_add",
    ),
    path(
        "<int:consortium_id>/deliverable/evidence/<int:evidence_id>/remove/",
        deliverable.evidence_remove,
        name="deliverable_evidence_remove",
    ),
    path(
        "<int:consortium_id>/deliverable/projects/new/", deliverable.project_create, name="deliverable_project_create"
    ),
    path(
        "<int:consortium_id>/deliverable/projects/<int:project_id>/",
        deliverable.project_edit,
        name="deliverable_project_edit",
    ),
    path(
        "<int:consortium_id>/deliverable/projects/<int:project_id>/delete/",
        deliverable.project_delete,
        name="deliverable_project_delete",
    ),
    path("<int:consortium_id>/deliverable/cycles/new/", deliverable.cycle_create, name="deliverable_cycle_create"),
    path(
        "<int:consortium_id>/deliverable/cycles/<int:cycle_id>/", deliverable.cycle_edit, name="deliverable_cycle_edit"
    ),
    path(
        "<int:consortium_id>/deliverable/cycles/<int:cycle_id>/delete/",
        deliverable.cycle_delete,
        name="deliverable_cycle_delete",
    ),
]

# Generated documents: PDFs, the waiting page, downloads (reporting/views/documents.py).
document_patterns = [
    path("<int:consortium_id>/documents/", documents.document_list, name="documents"),
    path("<int:consortium_id>/documents/new/", documents.document_request, name="document_request"),
    path("<int:consortium_id>/documents/<int:document_id>/", documents.document_detail, name="document"),
    path(
        "<int:consortium_id>/documents/<int:document_id>/download/",
        documents.document_download,
        name="document_download",
    ),
    path("<int:consortium_id>/documents/batch/<uuid:batch>/", documents.document_batch, name="document_batch"),
]

urlpatterns = [*activity_patterns, *report_patterns, *deliverable_patterns, *document_patterns]
