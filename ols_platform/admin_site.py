"""The Django admin site, reached only through the allauth login (password, then TOTP, with its rate limits).

The admin's own login form is never shown: it would check the password alone and has no rate limit. A staff
session is let in only when allauth recorded a second factor in it (at login, or by re-authenticating with the
authenticator afterwards); every other visitor is sent to the step they are missing.

`ServiceAdminMixin` is for the apps' model admins, whose writes call their services.
"""

from allauth.account.authentication import get_authentication_records
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _

from .audit import log_action
from .errors import DomainError
from .middleware import has_totp

ADMIN_ENTRY_SESSION_KEY = "ols_admin_entry_logged"


def session_passed_mfa(request) -> bool:
    """Whether the current session's user proved a second factor (allauth's record of this session)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


class OlsAdminSite(admin.AdminSite):
    site_header = _("Administration de la plateforme OLS")
    site_title = _("Administration OLS")
    index_title = _("Administration")

    def has_permission(self, request):
        if not (super().has_permission(request) and session_passed_mfa(request)):
            return False
        self._log_entry_once(request)
        return True

    def login(self, request, extra_context=None):
        """Never the admin's password form: the step of the allauth flow this visitor still has to pass."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("admin:index", current_app=self.name)
        user = request.user
        if self.has_permission(request):
            return redirect(next_url)
        if not user.is_authenticated:
            step = "account_login"
        elif not (user.is_active and user.is_staff):
            raise PermissionDenied
        elif not has_totp(user):
            step = "mfa_activate_totp"
        else:
            step = "mfa_reauthenticate"
        return redirect(f"{reverse(step)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")

    def _log_entry_once(self, request):
        """One `admin.login` entry per session (the admin checks permission on every page)."""
        if request.session.get(ADMIN_ENTRY_SESSION_KEY) == request.user.pk:
            return
        log_action("admin.login", actor=request.user, request=request)
        request.session[ADMIN_ENTRY_SESSION_KEY] = request.user.pk


class ReadOnlyAdminMixin:
    """Records that change only through services (rules, locks, history) or never: read here, not written."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceAdminMixin:
    """A refusal of a service becomes an error message on the page it came from (never a 500); nothing is saved."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._refusals_as_messages(request, super().changeform_view, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        return self._refusals_as_messages(request, super().delete_view, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):  # bulk deletion runs here
        return self._refusals_as_messages(request, super().changelist_view, extra_context)

    def _refusals_as_messages(self, request, view, *args):
        try:
            with transaction.atomic():
                return view(request, *args)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
