from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("profile/", views.profile, name="profile"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("consortia/", include("consortia.urls")),
    path("consortia/<int:consortium_id>/budget/", include("budget.urls")),
    path("api/", include("ols_platform.api_urls")),
]

handler404 = "ols_platform.views.not_found"
