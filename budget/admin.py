from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ols_platform.admin_site import ReadOnlyAdminMixin, ServiceAdminMixin

from . import rulesets
from .models import Budget, BudgetLine, Expense, RuleSet


@admin.register(RuleSet)
class RuleSetAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """Platform admins edit the funding rules here; the other budget records change only through the app."""

    list_display = [
        "name",
        "is_active",
        "population_threshold",
        "small_cap",
        "large_cap",
        "personnel_min_share",
        "personnel_basis",
    ]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and obj is not None and not obj.is_active

    def save_model(self, request, obj, form, change):
        rulesets.ruleset_save(actor=request.user, ruleset=obj)


class ReadOnlyAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Budgets, lines and expenses are read here, written only through the services (rules, locks, history)."""


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ["consortium", "version", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status"]
    list_select_related = ["consortium"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ["label", "budget", "structure", "category", "year", "amount"]
    list_filter = ["category", "year"]
    list_select_related = ["budget__consortium", "structure"]
    search_fields = ["label"]


@admin.register(Expense)
class ExpenseAdmin(ReadOnlyAdmin):
    list_display = ["date", "amount", "budget_line"]
    list_select_related = ["budget_line"]
    exclude = ["justification_file"]
