"""Mandate pages, under `/consortia/<id>/mandates/` (names in the `mandates:` namespace)."""

from django.urls import path

from .views import edit, pages, review

app_name = "mandates"

urlpatterns = [
    path("<int:consortium_id>/mandates/", pages.mandate_list, name="list"),
    path("<int:consortium_id>/mandates/new/", edit.mandate_create, name="create"),
    path("<int:consortium_id>/mandates/who-decides/", pages.mandate_who_decides, name="who_decides"),
    path("<int:consortium_id>/mandates/<int:mandate_id>/", pages.mandate_detail, name="mandate"),
    path("<int:consortium_id>/mandates/<int:mandate_id>/edit/", edit.mandate_edit, name="edit"),
    path("<int:consortium_id>/mandates/<int:mandate_id>/propose/", edit.mandate_propose, name="propose"),
    path("<int:consortium_id>/mandates/<int:mandate_id>/amend/", edit.mandate_amend, name="amend"),
    path("<int:consortium_id>/mandates/<int:mandate_id>/ask-review/", review.review_ask, name="review_ask"),
    path("<int:consortium_id>/mandates/<int:mandate_id>/transmit/", review.review_transmit, name="review_transmit"),
    path("<int:consortium_id>/mandates/<int:mandate_id>/compare/", pages.mandate_compare, name="compare"),
]
