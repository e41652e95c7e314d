from django.urls import path

from . import views

urlpatterns = [
    path("", views.programme, name="programme"),
    path("export.xlsx", views.programme_export, name="programme_export"),
    path("compare/", views.compare, name="compare"),
]
