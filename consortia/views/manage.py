"""Coordinator pages that change structures, memberships, links and roles (thin: forms → services)."""

urlpatterns = []
