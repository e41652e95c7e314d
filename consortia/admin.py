from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Consortium, ConsortiumRole, LifeBasin, Membership, Structure, StructureLink, Territory, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "aviq_reviewer", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personne", {"fields": ("first_name", "last_name")}),
        ("Accès", {"fields": ("is_active", "aviq_reviewer", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class LifeBasinInline(admin.TabularInline):
    model = LifeBasin
    extra = 0


@admin.register(Territory)
class TerritoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "population"]
    inlines = [LifeBasinInline]


@admin.register(Structure)
class StructureAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "enterprise_number",
        "legal_form",
        "sector",
        "level",
        "is_hospital",
        "is_insurer",
        "archived_at",
    ]
    list_filter = ["sector", "level", "legal_form", "is_hospital", "is_insurer"]
    search_fields = ["name", "enterprise_number"]


@admin.register(Consortium)
class ConsortiumAdmin(SimpleHistoryAdmin):
    list_display = ["name", "territory", "status", "start_date"]
    readonly_fields = []


# Memberships, links and roles change only through services (rules, locks, permissions): read-only here.
class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["consortium", "structure", "role", "is_lead"]
    list_filter = ["consortium", "role", "is_lead"]


@admin.register(StructureLink)
class StructureLinkAdmin(ReadOnlyAdmin):
    list_display = ["consortium", "source", "target", "kind"]


@admin.register(ConsortiumRole)
class ConsortiumRoleAdmin(ReadOnlyAdmin):
    list_display = ["consortium", "user", "role", "structure"]
    list_filter = ["consortium", "role"]
