from django.apps import AppConfig


class OlsPlatformConfig(AppConfig):
    name = "ols_platform"
    verbose_name = "Plateforme OLS"

    def ready(self):
        from allauth.mfa.signals import authenticator_removed
        from django.db import connections
        from django.db.backends.signals import connection_created

        from . import auth_backends
        from .collation import register_on_sqlite
        from .middleware import forget_totp
        from .tokens import connect_signals

        connect_signals()
        # Names sort in French on SQLite too: every new connection gets the collation (and any already open).
        connection_created.connect(register_on_sqlite, dispatch_uid="ols_french_collation")
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                register_on_sqlite(None, connection)
        auth_backends.connect()
        authenticator_removed.connect(forget_totp, dispatch_uid="ols_forget_totp")
