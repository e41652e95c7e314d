"""`/api/v1/consortia/{consortium_id}/mandates/` (with `…/{id}/propose/` and `…/{id}/amend/`)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import api

in_consortium = SimpleRouter()
in_consortium.register("mandates", api.MandateViewSet, basename="consortium-mandate")

urlpatterns = [path("consortia/<int:consortium_id>/", include(in_consortium.urls))]
