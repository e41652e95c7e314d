"""Pages of staff arrangements and the "who pays whom" table, included by budget/urls.py in the `budget`
namespace (`budget:arrangements`, …)."""

from django.urls import include, path

from . import views

one_arrangement = [
    path("edit/", views.arrangement_edit, name="arrangement_edit"),
    path("delete/", views.arrangement_delete, name="arrangement_delete"),
    path("document/", views.arrangement_document, name="arrangement_document"),
]
arrangements = [
    path("", views.arrangements, name="arrangements"),
    path("add/", views.arrangement_create, name="arrangement_create"),
    path("<int:arrangement_id>/", include(one_arrangement)),
    path("history/", views.arrangement_history, name="arrangement_history"),
]
urlpatterns = [
    path("arrangements/", include(arrangements)),
    path("flows/", views.flows, name="flows"),
]
