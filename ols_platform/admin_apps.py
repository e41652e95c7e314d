from django.contrib.admin.apps import AdminConfig


class OlsAdminConfig(AdminConfig):
    """The Django admin, served by the site that only opens to a session that passed the second factor."""

    default_site = "ols_platform.admin_site.OlsAdminSite"
