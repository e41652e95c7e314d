from django.urls import include, path

from .views import compare, expenses, lines, pages, review, transfer

app_name = "budget"

urlpatterns = [
    path("", pages.overview, name="overview"),
    path("versions/<int:budget_id>/", pages.version_detail, name="version"),
    path("history/", pages.history, name="history"),
    path("compare/", compare.compare, name="compare"),
    path("lines/add/", lines.line_create, name="line_create"),
    # A structure's lines under its group ("Voir les lignes"); any text as the id, to answer a garbled one in French.
    path("structures/<str:structure_id>/lines/", lines.structure_lines, name="structure_lines"),
    path("lines/<int:line_id>/", lines.line, name="line"),
    path("lines/<int:line_id>/edit/", lines.line_edit, name="line_edit"),
    path("lines/<int:line_id>/delete/", lines.line_delete, name="line_delete"),
    path("submit/", review.submit, name="submit"),
    path("approve/", review.approve, name="approve"),
    path("request-changes/", review.request_changes, name="request_changes"),
    path("amend/", review.amend, name="amend"),
    path("expenses/", expenses.expenses, name="expenses"),
    path("expenses/lines/", expenses.expense_lines, name="expense_lines"),
    path("expenses/<int:expense_id>/file/", expenses.expense_file, name="expense_file"),
    path("import/", transfer.import_lines, name="import"),
    path("import/confirm/", transfer.import_confirm, name="import_confirm"),
    path("import/template/", transfer.import_template, name="import_template"),
    path("export/", transfer.export, name="export"),
    # Staff arrangements and who pays whom: budget/staff/urls.py (same namespace).
    path("", include("budget.staff.urls")),
]
