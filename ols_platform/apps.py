from django.apps import AppConfig


class OlsPlatformConfig(AppConfig):
    name = "ols_platform"
    verbose_name = "Plateforme OLS"

    def ready(self):
        from allauth.mfa.signals import authenticator_removed

        from . import auth_backends
        from .middleware import forget_totp
        from .tokens import connect_signals

        connect_signals()
        auth_backends.connect()
        authenticator_removed.connect(forget_totp, dispatch_uid="ols_forget_totp")
