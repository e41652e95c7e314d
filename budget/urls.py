from django.urls import include, path

from . import views

app_name = "budget"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("lines/add/", views.line_create, name="line_create"),
    path("lines/<int:line_id>/", views.line, name="line"),
    path("lines/<int:line_id>/edit/", views.line_edit, name="line_edit"),
    path("lines/<int:line_id>/delete/", views.line_delete, name="line_delete"),
    path("submit/", views.submit, name="submit"),
    path("approve/", views.approve, name="approve"),
    path("request-changes/", views.request_changes, name="request_changes"),
    path("amend/", views.amend, name="amend"),
    path("versions/<int:budget_id>/", views.version_detail, name="version"),
    path("expenses/", views.expenses, name="expenses"),
    path("expenses/<int:expense_id>/file/", views.expense_file, name="expense_file"),
    path("history/", views.history, name="history"),
    path("", include("budget.staff_urls")),
]
