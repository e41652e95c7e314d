from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import BasePermission


class LoggedInUnlessDebug(BasePermission):
    """The schema maps every endpoint and field: in production only logged-in callers (session or token) read it."""

    def has_permission(self, request, view):
        return settings.DEBUG or bool(request.user and request.user.is_authenticated)


def _docs_view():
    docs = SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[LoggedInUnlessDebug])

    def view(request, *args, **kwargs):
        # A person opens the docs in a browser: send them to the login page rather than a JSON 401.
        if not settings.DEBUG and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return docs(request, *args, **kwargs)

    return view


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=[LoggedInUnlessDebug]), name="api-schema"),
    path("docs/", _docs_view(), name="api-docs"),
    path("v1/", include("consortia.api_urls")),
    path("v1/", include("budget.api_urls")),
    path("v1/", include("governance.api_urls")),
    path("v1/", include("mandates.api_urls")),
    path("v1/", include("reporting.api_urls")),
    path("v1/", include("aviq.api_urls")),
]
