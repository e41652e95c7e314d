from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AviqConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "aviq"
    verbose_name = _("Espace AVIQ")
