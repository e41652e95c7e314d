"""Reporting pages, under `/consortia/<id>/` (names in the `reporting:` namespace), one list per area."""

from django.urls import path

from .views import activity, deliverable, deliverable_review, documents, reports, shared_paragraphs

app_name = "reporting"

# The activity log (reporting/views/activity.py).
A = "<int:consortium_id>/activities/"
activity_patterns = [
    path(A, activity.activity_list, name="activities"),
    path(f"{A}new/", activity.activity_create, name="activity_create"),
    path(f"{A}export/", activity.activities_export, name="activities_export"),
    path(f"{A}<int:activity_id>/", activity.activity_detail, name="activity"),
    path(f"{A}<int:activity_id>/edit/", activity.activity_edit, name="activity_edit"),
    path(f"{A}<int:activity_id>/delete/", activity.activity_delete, name="activity_delete"),
    path(
        f"{A}<int:activity_id>/attachments/<int:attachment_id>/",
        activity.activity_attachment,
        name="activity_attachment",
    ),
    path(
        f"{A}<int:activity_id>/attachments/<int:attachment_id>/delete/",
        activity.activity_attachment_delete,
        name="activity_attachment_delete",
    ),
]

# The structures' activity reports and shared paragraphs (reporting/views/reports.py).
report_patterns = [
    path("<int:consortium_id>/reports/", reports.report_list, name="reports"),
    path("<int:consortium_id>/reports/start/", reports.report_start, name="report_start"),
    path("<int:consortium_id>/reports/settings/", reports.settings_list, name="report_settings"),
    path(
        "<int:consortium_id>/reports/settings/<int:structure_id>/",
        reports.settings_edit,
        name="report_settings_edit",
    ),
    path("<int:consortium_id>/reports/shared/", shared_paragraphs.paragraph_list, name="shared_paragraphs"),
    path("<int:consortium_id>/reports/shared/new/", shared_paragraphs.paragraph_create, name="shared_paragraph_create"),
    path(
        "<int:consortium_id>/reports/shared/<int:paragraph_id>/edit/",
        shared_paragraphs.paragraph_edit,
        name="shared_paragraph_edit",
    ),
    path(
        "<int:consortium_id>/reports/shared/<int:paragraph_id>/approve/",
        shared_paragraphs.paragraph_approve,
        name="shared_paragraph_approve",
    ),
    path("<int:consortium_id>/reports/<int:report_id>/", reports.report_detail, name="report"),
    path(
        "<int:consortium_id>/reports/<int:report_id>/sections/<int:section_id>/edit/",
        reports.section_edit,
        name="report_section_edit",
    ),
    path("<int:consortium_id>/reports/<int:report_id>/submit/", reports.report_submit, name="report_submit"),
    path("<int:consortium_id>/reports/<int:report_id>/reopen/", reports.report_reopen, name="report_reopen"),
]

# The five-step evaluation deliverable (reporting/views/deliverable.py).
deliverable_patterns = [
    path("<int:consortium_id>/deliverable/", deliverable.deliverable_overview, name="deliverable"),
    path("<int:consortium_id>/deliverable/submit/", deliverable_review.deliverable_submit, name="deliverable_submit"),
    path("<int:consortium_id>/deliverable/amend/", deliverable_review.deliverable_amend, name="deliverable_amend"),
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
    path("<int:consortium_id>/documents/batch/new/", documents.document_batch_request, name="document_batch_request"),
    path("<int:consortium_id>/documents/<int:document_id>/", documents.document_detail, name="document"),
    path(
        "<int:consortium_id>/documents/<int:document_id>/download/",
        documents.document_download,
        name="document_download",
    ),
    path("<int:consortium_id>/documents/batch/<uuid:batch>/", documents.document_batch, name="document_batch"),
]

urlpatterns = [*activity_patterns, *report_patterns, *deliverable_patterns, *document_patterns]
