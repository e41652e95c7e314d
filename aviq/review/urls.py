from django.urls import path

from . import views

urlpatterns = [
    path("", views.queue, name="review_queue"),
    path("<str:kind>/<str:item_id>/", views.item, name="review_item"),
    path("<str:kind>/<str:item_id>/comment/", views.comment, name="review_comment"),
    path("<str:kind>/<str:item_id>/approve/", views.approve, name="review_approve"),
    path("<str:kind>/<str:item_id>/request-changes/", views.request_changes, name="review_request_changes"),
]
