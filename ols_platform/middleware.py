from django.shortcuts import redirect
from django.urls import reverse


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
            and not has_totp(user)
        ):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)


def has_totp(user) -> bool:
    """Whether the user has enrolled a TOTP authenticator (the second factor AVIQ staff and admins need)."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
