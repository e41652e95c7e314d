"""`/api/v1/` for the platform foundation. What lives inside a consortium is nested under its id."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter, SimpleRouter

from . import api

router = DefaultRouter()
router.register("users", api.UserViewSet, basename="user")
router.register("territories", api.TerritoryViewSet, basename="territory")
router.register("structures", api.StructureViewSet, basename="structure")
router.register("consortia", api.ConsortiumViewSet, basename="consortium")

# /api/v1/consortia/{consortium_id}/roles/ and …/memberships/ (names: consortium-role-list, …-detail).
in_consortium = SimpleRouter()
in_consortium.register("roles", api.ConsortiumRoleViewSet, basename="consortium-role")
in_consortium.register("memberships", api.MembershipViewSet, basename="consortium-membership")

urlpatterns = [
    *router.urls,
    # `str`, not `int`: a malformed id reaches the gate, which answers a JSON 404 like every other API miss.
    path("consortia/<str:consortium_id>/", include(in_consortium.urls)),
]
