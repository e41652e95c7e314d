from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group

from .admin_site import ReadOnlyAdminMixin
from .audit import log_action
from .models import ActionLog, ApiToken, OutboxTask


@admin.register(ActionLog)
class ActionLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The action log is read, never written, here."""

    list_display = ["created_at", "actor_label", "action", "consortium_id", "target_label", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_label", "action", "target_label"]
    date_hierarchy = "created_at"


# Access is given by consortium roles (object permissions through the consortia gate), never by groups: a group
# with a model-wide permission would open every consortium.
admin.site.unregister(Group)


# allauth registers its own admins; here addresses are only read: a person's address changes through the user
# form (`user_email_change`, confirmed by its owner), never by ticking "verified".
admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["email", "user", "primary", "verified"]
    list_filter = ["primary", "verified"]
    search_fields = ["email", "user__email"]
    list_select_related = ["user"]


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Read, or removed when its owner lost the device (they enrol again at their next login)."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        log_action(
            "mfa.authenticator_removed", actor=request.user, target=obj.user, data={"type": obj.type}, request=request
        )
        super().delete_model(request, obj)
        # Recovery codes alone would still ask for a second factor at login that the person may no longer have.
        others = Authenticator.objects.filter(user=obj.user).exclude(type=Authenticator.Type.RECOVERY_CODES)
        if not others.exists():
            Authenticator.objects.filter(user=obj.user, type=Authenticator.Type.RECOVERY_CODES).delete()

    def delete_queryset(self, request, queryset):
        for authenticator in queryset.select_related("user"):
            self.delete_model(request, authenticator)


@admin.register(OutboxTask)
class OutboxTaskAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Tasks waiting for the broker (and those sent in the last 30 days): `manage.py outbox_flush` sends them."""

    list_display = ["created_at", "task", "sent_at", "attempts", "last_error"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["task"]
    date_hierarchy = "created_at"


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who holds a token and until when; only a hash of each key is stored. Revocation is the owner's (profile)
    or automatic (password change, lost role, deactivation)."""

    list_display = ["user", "prefix", "created_at", "expires_at", "last_used_at"]
    search_fields = ["user__email", "prefix"]
    list_select_related = ["user"]
    exclude = ["key_hash"]
