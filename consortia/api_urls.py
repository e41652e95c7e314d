"""`/api/v1/` for the platform foundation. What lives inside a consortium is nested under its id."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter, SimpleRouter

from .api import consortia, memberships, roles, structures, territories, users

router = DefaultRouter()
router.register("users", users.UserViewSet, basename="user")
router.register("territories", territories.TerritoryViewSet, basename="territory")
router.register("structures", structures.StructureViewSet, basename="structure")
router.register("consortia", consortia.ConsortiumViewSet, basename="consortium")

# /api/v1/consortia/{consortium_id}/roles/ and …/memberships/ (names: consortium-role-list, …-detail).
in_consortium = SimpleRouter()
in_consortium.register("roles", roles.ConsortiumRoleViewSet, basename="consortium-role")
in_consortium.register("memberships", memberships.MembershipViewSet, basename="consortium-membership")

urlpatterns = [
    *router.urls,
    # `str`, not `int`: a malformed id reaches the gate, which answers a JSON 404 like every other API miss.
    path("consortia/<str:consortium_id>/", include(in_consortium.urls)),
]
