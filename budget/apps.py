from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "budget"
    verbose_name = _("Budget")

    # Subjects of the budget with models of their own, each in its subpackage (budget/staff/models.py). Django
    # registers an app's models from its `models` module; these are registered here so that budget/models.py,
    # which they build on, never imports them.
    SUBJECTS = ("staff",)

    def import_models(self):
        super().import_models()
        for subject in self.SUBJECTS:
            import_module(f"{self.name}.{subject}.models")

    def ready(self):
        from . import signals
        from .staff import services as staff_services

        signals.line_changing.connect(staff_services.check_line_change, dispatch_uid="staff-line-change")
        signals.line_deleting.connect(staff_services.check_line_deletable, dispatch_uid="staff-line-delete")
        signals.amendment_created.connect(
            staff_services.arrangements_copy_for_amendment, dispatch_uid="staff-amendment-copy"
        )
