"""Support requests: the consortium's pages (`/consortia/<id>/support/…`) and AVIQ's list (`/aviq/support/`)."""

from django.urls import path

from . import practice_views, views

app_name = "support"

urlpatterns = [
    path("consortia/<int:consortium_id>/support/", views.support, name="list"),
    path("consortia/<int:consortium_id>/support/<str:request_id>/", views.support_request, name="request"),
    path("consortia/<int:consortium_id>/support/<str:request_id>/close/", views.support_close, name="close"),
    path("aviq/support/", views.aviq_support, name="aviq"),
    path("consortia/<int:consortium_id>/practices/", practice_views.practices_page, name="practices"),
    path("consortia/<int:consortium_id>/practices/<str:sheet_id>/", practice_views.practice_edit, name="practice_edit"),
    path(
        "consortia/<int:consortium_id>/practices/<str:sheet_id>/publish/",
        practice_views.practice_publish,
        name="practice_publish",
    ),
    path("practices/", practice_views.library, name="library"),
    path("practices/<str:sheet_id>/", practice_views.library_sheet, name="library_sheet"),
]
