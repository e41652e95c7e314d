import time

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.shortcuts import redirect
from django.urls import reverse

# The session remembers that its user has a TOTP authenticator (the user's id), so that the check below costs a
# query once per session, not once per page. Removing the authenticator forgets it (`forget_totp`).
TOTP_SEEN_KEY = "ols_totp_enrolled"


class RequireMfaForStaffMiddleware:
    """AVIQ staff and platform admins must enrol a TOTP authenticator before using the platform."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_use_mfa
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not session_has_totp(request, user)
        ):
            count_fresh_login_as_reauthentication(request, user)
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)


def count_fresh_login_as_reauthentication(request, user) -> None:
    """allauth asks for the password again before a TOTP can be activated, and only counts an explicit
    re-authentication; staff sent to enrol right after logging in would type the password they just typed. A password
    login younger than allauth's re-authentication timeout counts as one (recorded once, at its own time)."""
    from allauth.account import app_settings
    from allauth.account.internal.flows.login import get_authentication_records

    records = get_authentication_records(request, user)
    if not records or any(record.get("reauthenticated") for record in records):
        return
    last = records[-1]
    if last.get("method") == "password" and time.time() - last.get("at", 0) < app_settings.REAUTHENTICATION_TIMEOUT:
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [*records[:-1], {**last, "reauthenticated": True}]


def session_has_totp(request, user) -> bool:
    if request.session.get(TOTP_SEEN_KEY) == user.pk:
        return True
    if has_totp(user):
        request.session[TOTP_SEEN_KEY] = user.pk
        return True
    return False


def forget_totp(sender, request=None, **kwargs) -> None:
    """allauth's `authenticator_removed`: the next page checks the database again."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(TOTP_SEEN_KEY, None)


def has_totp(user) -> bool:
    """Whether the user has enrolled a TOTP authenticator (the second factor AVIQ staff and admins need)."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
