from django.apps import AppConfig


class OlsPlatformConfig(AppConfig):
    name = "ols_platform"
    verbose_name = "Plateforme OLS"

    def ready(self):
        from .tokens import connect_signals

        connect_signals()
