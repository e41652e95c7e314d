from django.contrib import admin
from django.urls import include, path

from . import account_views, notification_views, views

urlpatterns = [
    path("", include("home.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("notifications/", notification_views.notifications, name="notifications"),
    path("notifications/read-all/", notification_views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:notification_id>/", notification_views.notification_open, name="notification_open"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before allauth's own: people do not manage their addresses (see account_views).
    path("accounts/email/", account_views.email_managed_for_you, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("consortia/", include("consortia.urls")),
    path("consortia/<int:consortium_id>/budget/", include("budget.urls")),
    path("consortia/", include("governance.urls")),
    path("consortia/", include("mandates.urls")),
    path("consortia/", include("reporting.urls")),
    path("aviq/", include("aviq.urls")),
    path("", include("aviq.support.urls")),
    path("api/", include("ols_platform.api_urls")),
]

# Errors of the JSON API are answered in JSON (the rest keeps Django's pages).
handler400 = "ols_platform.api.bad_request"
handler403 = "ols_platform.api.permission_denied"
handler404 = "ols_platform.api.page_not_found"
handler500 = "ols_platform.api.server_error"
