"""The Django admin of consortia: every write calls a service (rules, locks, history, action log) or is absent.

Structures, memberships, links and roles are read-only here: they change through the consortium pages and the API.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ols_platform.admin_site import ReadOnlyAdminMixin, ServiceAdminMixin

from .models import Consortium, ConsortiumRole, LifeBasin, Membership, Structure, StructureLink, Territory, User
from .services import consortium as consortium_services
from .services import territories as territory_services
from .services import users as user_services


class ReadOnlyAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    pass


# --- users: invited (no password set here), global role through user_update, address through user_email_change ---


class UserAddForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "aviq_reviewer"]


class UserChangeForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "aviq_reviewer"]


@admin.register(User)
class UserAdmin(ServiceAdminMixin, admin.ModelAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "aviq_reviewer", "is_superuser", "is_active"]
    list_filter = ["aviq_reviewer", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["is_active", "is_staff", "is_superuser", "last_login", "date_joined"]
    add_fieldsets = ((None, {"fields": ("email", "first_name", "last_name", "aviq_reviewer")}),)
    fieldsets = (
        (None, {"fields": ("email",)}),
        (_("Personne"), {"fields": ("first_name", "last_name")}),
        (_("Accès"), {"fields": ("aviq_reviewer", "is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = UserAddForm if obj is None else UserChangeForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_superuser:  # the platform admin role is given with createsuperuser only
            return [*self.readonly_fields, "aviq_reviewer"]
        return self.readonly_fields if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False  # accounts keep their history; roles are revoked instead

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            user = user_services.user_invite(
                actor=request.user,
                email=data["email"],
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                aviq_reviewer=data.get("aviq_reviewer", False),
            )
            obj.pk = user.pk
            return
        if "email" in form.changed_data:
            user_services.user_email_change(actor=request.user, user=obj, email=data["email"], request=request)
        update = {"first_name": data["first_name"], "last_name": data["last_name"]}
        if "aviq_reviewer" in data:
            update["global_role"] = User.GlobalRole.AVIQ_REVIEWER if data["aviq_reviewer"] else None
        user_services.user_update(actor=request.user, user=obj, data=update)

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, _("Une invitation a été envoyée à %s.") % obj.email, messages.INFO)
        return super().response_add(request, obj, post_url_continue)


# --- territories and their bassins de vie ---------------------------------------------------------------------


class LifeBasinInline(admin.TabularInline):
    model = LifeBasin
    extra = 0
    fields = ["name", "population"]


@admin.register(Territory)
class TerritoryAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "population"]
    fields = ["name", "population"]
    inlines = [LifeBasinInline]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            territory_services.territory_update(actor=request.user, territory=obj, data=data)
        else:
            obj.pk = territory_services.territory_create(
                actor=request.user, name=data["name"], population=data["population"]
            ).pk

    def save_formset(self, request, form, formset, change):
        """The bassins de vie inline, saved by the services (and reported to the admin's change message)."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for basin_form in formset.forms:
            basin, data = basin_form.instance, basin_form.cleaned_data
            if basin_form in formset.deleted_forms:
                if basin.pk is not None:
                    territory_services.life_basin_delete(actor=request.user, life_basin=basin)
                    formset.deleted_objects.append(basin)
            elif basin.pk is None:
                if basin_form.has_changed():
                    formset.new_objects.append(
                        territory_services.life_basin_create(
                            actor=request.user,
                            territory=form.instance,
                            name=data["name"],
                            population=data["population"],
                        )
                    )
            elif basin_form.has_changed():
                territory_services.life_basin_update(actor=request.user, life_basin=basin, data=data)
                formset.changed_objects.append((basin, basin_form.changed_data))

    def delete_model(self, request, obj):
        territory_services.territory_delete(actor=request.user, territory=obj)

    def delete_queryset(self, request, queryset):
        for territory in queryset:
            territory_services.territory_delete(actor=request.user, territory=territory)


# --- consortia ----------------------------------------------------------------------------------------------


class ConsortiumAddForm(forms.ModelForm):
    lead_structure = forms.ModelChoiceField(
        queryset=Structure.objects.filter(archived_at__isnull=True),
        label=_("structure porteuse"),
        help_text=_("Une ASBL enregistrée ; elle devient le premier membre du consortium."),
    )

    class Meta:
        model = Consortium
        fields = ["name", "territory", "lead_structure", "status", "start_date"]


@admin.register(Consortium)
class ConsortiumAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "territory", "status", "start_date"]

    def get_fields(self, request, obj=None):
        return ConsortiumAddForm.Meta.fields if obj is None else ["name", "territory", "status", "start_date"]

    def get_readonly_fields(self, request, obj=None):
        return ["territory"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ConsortiumAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False  # a consortium's records (budget, history) outlive it; its status says it ended

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            consortium_services.consortium_update(actor=request.user, consortium=obj, data=data)
            return
        obj.pk = consortium_services.consortium_create(
            actor=request.user,
            name=data["name"],
            territory=data["territory"],
            lead_structure=data["lead_structure"],
            status=data["status"],
            start_date=data["start_date"],
        ).pk


# --- read-only: structures (their legal identity is shared), memberships, links and roles ------------------


@admin.register(Structure)
class StructureAdmin(ReadOnlyAdmin):
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
