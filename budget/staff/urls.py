"""Pages of staff arrangements and the "who pays whom" table, included by budget/urls.py in the `budget`
namespace (`budget:arrangements`, …)."""

from django.urls import path

from . import views

urlpatterns = [
    path("arrangements/", views.arrangements, name="arrangements"),
    path("arrangements/add/", views.arrangement_create, name="arrangement_create"),
    path("arrangements/<int:arrangement_id>/edit/", views.arrangement_edit, name="arrangement_edit"),
    path("arrangements/<int:arrangement_id>/delete/", views.arrangement_delete, name="arrangement_delete"),
    path("arrangements/<int:arrangement_id>/document/", views.arrangement_document, name="arrangement_document"),
    path("arrangements/history/", views.arrangement_history, name="arrangement_history"),
    path("flows/", views.flows, name="flows"),
]
