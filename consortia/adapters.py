from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import ResetPasswordKeyForm
from allauth.core import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from ols_platform.audit import client_ip
from ols_platform.site_links import base_url, rebase, site_host

from .services import users as user_services

# The account-wide counter of failed logins (ACCOUNT_RATE_LIMITS["login_failed_account"]).
ACCOUNT_WIDE_FAILURES = "login_failed_account"


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: accounts are created by a platform admin or a consortium coordinator.

    Failed logins are limited on the client address behind our proxies (not the proxy's), per account *and*
    address (so failures from an attacker's address do not lock the owner out), and, generously, per account.
    """

    def is_open_for_signup(self, request):
        return False

    def get_client_ip(self, request):
        address = client_ip(request)
        if address is None:
            raise PermissionDenied("Unable to determine the client address.")
        return address

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth's per-"key" limit counts failures per login; ours per login and client address.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{self.get_client_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        if not ratelimit.consume(request, action=ACCOUNT_WIDE_FAILURES, key=_login_of(credentials), dry_run=True):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials):
        ratelimit.consume(request, action=ACCOUNT_WIDE_FAILURES, key=_login_of(credentials))
        super().authentication_failed(request, **credentials)

    def send_mail(self, template_prefix, email, context):
        """allauth's own mails (password reset, e-mail confirmation, …) link to the site like ours do: allauth builds
        its links from the request (`allauth.utils.build_absolute_uri`); they are moved onto `SITE_URL`, or onto the
        request's host in development (`ols_platform.site_links.base_url`), and the site is named after it."""
        base = base_url(self.request)
        context = {
            **context,
            "current_site": MailSite(site_host(base)),
            **{
                key: rebase(value, base)
                for key, value in context.items()
                if key.endswith("_url") and isinstance(value, str) and value
            },
        }
        super().send_mail(template_prefix, email, context)


class MailSite:
    """The site as allauth's mail templates name it (`current_site.name`, `.domain`): the host of the links."""

    def __init__(self, host: str):
        self.domain = self.name = host

    def __str__(self):
        return self.domain


def _login_of(credentials) -> str:
    return (credentials.get("email") or credentials.get("username") or "").lower()


class SetPasswordFromLinkForm(ResetPasswordKeyForm):
    """Choosing a password from an invitation or reset link proves the address the link was sent to."""

    def save(self):
        super().save()
        user_services.user_email_confirm(user=self.user)


class OlsMFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        # allauth says the address is unverified but not how to verify it.
        "unverified_email": _(
            "Votre adresse e-mail n'est pas encore confirmée : déconnectez-vous, cliquez sur « Mot de passe "
            "oublié ? » et choisissez un mot de passe avec le lien reçu à cette adresse ; vous pourrez ensuite "
            "activer la double authentification."
        ),
    }
