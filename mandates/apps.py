from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mandates"
    verbose_name = _("Mandats")

    def ready(self):
        from governance.signals import decision_recorded

        from .services import on_decision_recorded

        decision_recorded.connect(on_decision_recorded, dispatch_uid="mandates-decision")
