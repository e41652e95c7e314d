"""Support requests: the consortium's pages (`/consortia/<id>/support/…`) and AVIQ's list (`/aviq/support/`)."""

from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("consortia/<int:consortium_id>/support/", views.support, name="list"),
    path("consortia/<int:consortium_id>/support/<str:request_id>/", views.support_request, name="request"),
    path("consortia/<int:consortium_id>/support/<str:request_id>/close/", views.support_close, name="close"),
    path("aviq/support/", views.aviq_support, name="aviq"),
]
